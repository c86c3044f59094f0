"""File helpers every layer shares: atomic writes and spreadsheet-safe cells.

They sit below gather, reports and distribute so none of those imports another for them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reviewprep.permissions import file_mode

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def write_atomic(path: Path, data: bytes | str, private: bool = False) -> Path:
    """Write to a unique temporary name beside `path`, then rename: readers never see half a file.

    The file gets the mode the umask gives new files, or 0600 when `private` (see `permissions`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode(private))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe.

    Numbers are written as numbers: a negative score change is data, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
