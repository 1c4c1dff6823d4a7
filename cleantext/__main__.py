"""``python -m cleantext``: the same as the ``cleantext`` command."""

from cleantext.cli import entry_point

if __name__ == "__main__":
    entry_point()
