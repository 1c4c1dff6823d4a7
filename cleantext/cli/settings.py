"""Settings from ``[tool.cleantext]`` (or ``--config FILE``), overridden by command-line flags.

Without ``--config``, the nearest ``pyproject.toml`` with a ``[tool.cleantext]`` table is used,
searched from the inputs' common folder upward (like black and ruff). ``--config FILE`` reads
``[tool.cleantext]`` of a ``pyproject.toml``, or the top level of any other TOML file. Paths in
the file are relative to the file's folder. Keys may be written with ``_`` or ``-``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleantext.cli.files import DEFAULT_INCLUDE, UsageError
from cleantext.config import CONTEXT_MODES, PRESETS, Config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: The keys ``[tool.cleantext]`` accepts, with what each must be.
KEYS: dict[str, str] = {
    "rule_packs": "a list of paths",
    "disabled_rules": "a list of rule ids",
    "preset": "one of " + ", ".join(PRESETS),
    "use_model": "true or false",
    "model": "a path",
    "context": "one of " + ", ".join(CONTEXT_MODES),
    "fix_mojibake": "true or false",
    "profile": "a path",
    "source_field": "a string",
    "source_pattern": "a string (a regex)",
    "include": "a list of globs",
    "exclude": "a list of globs",
    "field": "a string",
    "workers": "a positive integer",
}


@dataclass(frozen=True)
class Settings:
    """Everything that decides how a run cleans, after merging file and flags."""

    config: Config
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    field: str = "text"
    workers: int | None = None
    source: Path | None = None
    source_field: str | None = None
    source_pattern: str | None = None


def find_config(paths: Sequence[str]) -> Path | None:
    """The nearest ``pyproject.toml`` with ``[tool.cleantext]`` above the inputs, if any."""
    real = [os.path.abspath(p) for p in paths if p != "-"] or [os.getcwd()]
    try:
        start = Path(os.path.commonpath(real))
    except ValueError:  # pragma: no cover - different drives on Windows
        start = Path.cwd()
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = _read(candidate)
            except UsageError:
                continue
            if isinstance(data.get("tool"), dict) and "cleantext" in data["tool"]:
                return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            data: dict[str, Any] = tomllib.load(f)
            return data
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None


def read_table(path: Path) -> dict[str, Any]:
    """The cleantext table of a config file (``[tool.cleantext]`` of a pyproject.toml)."""
    data = _read(path)
    if path.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        table = tool.get("cleantext", {}) if isinstance(tool, dict) else {}
    else:
        table = data
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.cleantext] must be a table")
    out: dict[str, Any] = {}
    for key, value in table.items():
        norm = key.replace("-", "_")
        if norm not in KEYS:
            known = ", ".join(KEYS)
            raise UsageError(f"{path}: unknown key {key!r} in the cleantext settings "
                             f"(known keys: {known})")
        out[norm] = value
    return out


def _check(path: Path, key: str, value: Any, ok: bool) -> None:
    if not ok:
        raise UsageError(f"{path}: {key} must be {KEYS[key]}, not {value!r}")


def _str_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    _check(path, key, value, ok)
    return tuple(value)


def from_file(path: Path) -> dict[str, Any]:
    """The settings of a config file as ``Settings``/``Config`` keyword values, checked."""
    table = read_table(path)
    base = path.parent
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("rule_packs",):
            out[key] = tuple(base / p for p in _str_list(path, key, value))
        elif key in ("disabled_rules", "include", "exclude"):
            out[key] = _str_list(path, key, value)
        elif key in ("use_model", "fix_mojibake"):
            _check(path, key, value, isinstance(value, bool))
            out[key] = value
        elif key in ("model", "profile"):
            _check(path, key, value, isinstance(value, str) and bool(value))
            out["model_path" if key == "model" else "profile_path"] = base / value
        elif key == "preset":
            _check(path, key, value, value in PRESETS)
            out[key] = value
        elif key == "context":
            _check(path, key, value, value in CONTEXT_MODES)
            out[key] = value
        elif key in ("field", "source_field", "source_pattern"):
            _check(path, key, value, isinstance(value, str) and bool(value))
            out[key] = value
        elif key == "workers":
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
            _check(path, key, value, ok)
            out[key] = value
    return out


_CONFIG_KEYS = ("rule_packs", "disabled_rules", "preset", "use_model", "model_path", "context",
                "fix_mojibake", "profile_path", "source")


def merge(file_values: Mapping[str, Any], flags: Mapping[str, Any],
          source: Path | None) -> Settings:
    """Flags (values that are not ``None``) override the file; the file overrides defaults."""
    values = dict(file_values)
    values.update({k: v for k, v in flags.items() if v is not None})
    config_args = {k: values[k] for k in _CONFIG_KEYS if k in values}
    try:
        config = Config(**config_args)
    except (TypeError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    return Settings(
        config=config,
        include=tuple(values.get("include") or DEFAULT_INCLUDE),
        exclude=tuple(values.get("exclude") or ()),
        field=values.get("field", "text"),
        workers=values.get("workers"),
        source=source,
        source_field=values.get("source_field"),
        source_pattern=values.get("source_pattern"),
    )
