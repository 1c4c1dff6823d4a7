"""The ``cleantext`` command line (console script and ``python -m cleantext``).

:func:`main` takes the argument list and returns the exit code; :func:`entry_point` is what the
console script runs.
"""

from __future__ import annotations

import os
import sys

from cleantext.cli.main import main

__all__ = ["entry_point", "main"]


def entry_point() -> None:
    """Run :func:`main` on ``sys.argv`` and exit with its code."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``cleantext --diff ... | head``): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    sys.exit(code)
