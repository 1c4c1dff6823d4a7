"""A :class:`~cleantext.config.Config` together with the bytes of every file it names.

A ``Config`` names its rule packs, model and learned profile by *path*. Paths are useless on
the workers of a cluster, which do not see the driver's disk, so distributed runs ship a
:class:`ConfigBundle` instead: it is read once on the driver, pickled to the workers with the
rest of the job, and :meth:`ConfigBundle.materialise` writes the files into a worker-local
folder and returns a ``Config`` that points there.

Every ``Path`` field of ``Config`` (and every ``Path`` inside a tuple field, such as
``rule_packs``) is shipped, so a path field added to ``Config`` later is shipped too. The
packs and model shipped inside the package are not copied: the workers have the package.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from cleantext.config import Config

#: Where a shipped file goes in a tuple field; :data:`SINGLE` for a field holding one path.
SINGLE = -1


@dataclass(frozen=True)
class ShippedFile:
    """One file a configuration names, read on the driver.

    Attributes:
        field: the ``Config`` field that names it (``rule_packs``, ``model_path``, ...).
        index: its position in a tuple field, or :data:`SINGLE`.
        name: its file name (kept, so messages and suffix checks look the same on workers).
        origin: its path on the driver, for messages.
        data: its bytes.
    """

    field: str
    index: int
    name: str
    origin: str
    data: bytes


@dataclass(frozen=True)
class ConfigBundle:
    """A configuration and the files it names, as data (picklable, no paths needed).

    Build it with :meth:`from_config` where the files are, use it with :meth:`materialise`
    wherever the cleaning runs.
    """

    config: Config
    files: tuple[ShippedFile, ...] = ()

    @classmethod
    def from_config(cls, config: Config | None = None) -> ConfigBundle:
        """Read every file ``config`` names (raises ``ValueError`` naming an unreadable one)."""
        config = config or Config()
        files: list[ShippedFile] = []
        for f in dataclasses.fields(config):
            value = getattr(config, f.name)
            if isinstance(value, Path):
                files.append(_read(f.name, SINGLE, value))
            elif isinstance(value, tuple):
                files.extend(_read(f.name, i, p) for i, p in enumerate(value)
                             if isinstance(p, Path))
        return cls(config, tuple(files))

    @property
    def nbytes(self) -> int:
        """The size of the shipped files."""
        return sum(len(f.data) for f in self.files)

    def materialise(self, folder: Path | str) -> Config:
        """Write the files under ``folder`` and return the configuration pointing at them.

        ``folder`` should be private to the caller (a fresh temporary folder): files are
        written as ``folder/<field>/<index>/<name>``.
        """
        root = Path(folder)
        singles: dict[str, Path] = {}
        tuples: dict[str, dict[int, Path]] = {}
        for f in self.files:
            dest = root / f.field / str(f.index) / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.data)
            if f.index == SINGLE:
                singles[f.field] = dest
            else:
                tuples.setdefault(f.field, {})[f.index] = dest
        changes: dict[str, object] = dict(singles)
        for name, moved in tuples.items():
            old = getattr(self.config, name)
            changes[name] = tuple(moved.get(i, p) for i, p in enumerate(old))
        return self.config.replace(**changes) if changes else self.config


def _read(field: str, index: int, path: Path) -> ShippedFile:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ValueError(f"{field}: {path} is a folder; only files can be shipped to "
                         "workers") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ValueError(f"{field}: cannot read {path}: {reason}") from None
    return ShippedFile(field, index, path.name or "file", str(path), data)
