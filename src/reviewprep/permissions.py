"""Who may read what reviewprep writes.

Public outputs follow the umask, like any file a user's program writes. What holds
confidential material is owner-only whatever the umask: restricted report variants,
the outbox (messages carry restricted attachments), `var/` (the raw inputs and the
database) and the SQLite database file. Folders are made private when reviewprep
creates them; an existing folder keeps the mode its owner gave it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process umask, read without changing it where Linux allows (other threads may be creating files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _umask_lock:
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def file_mode(private: bool) -> int:
    """0600 for private files, else what the umask gives a new file (0644 under the usual 022)."""
    return PRIVATE_FILE if private else 0o666 & ~current_umask()


def private_dir(path: Path) -> Path:
    """Make `path` and any missing parent, each missing level owner-only."""
    missing = []
    level = path
    while not level.exists():
        missing.append(level)
        level = level.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # made by another process meanwhile: leave its mode
            continue
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is masked by the umask
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty and owner-only if it does not exist (before a library opens it with its own mode)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    return path
