"""Read a YAML file of ours (the catalogue, provenance): any way it can be unreadable is a SourceError naming it."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.errors import SourceError

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there


def load(path: Path) -> object:
    """The parsed document; a missing file, bytes that are not UTF-8 text, or invalid YAML raise SourceError."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except UnicodeDecodeError as err:
        raise SourceError(path, f"not UTF-8 text (byte {err.object[err.start]:#04x} at offset {err.start}): "
                                "the file is damaged or not YAML") from None
    if "\x00" in text:
        raise SourceError(path, f"holds a NUL byte at offset {text.index(chr(0))}: the file is damaged or not YAML")
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise SourceError(path, f"not valid YAML: {getattr(err, 'problem', None) or err}",
                          line=mark.line + 1 if mark else None) from None
