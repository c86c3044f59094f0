"""Keep every input's bytes by SHA-256 and find out how its text is encoded.

The copy is streamed in blocks so a 1 GB file never sits in memory, and written under
a temporary name then renamed, so a killed run never leaves a half-copied raw file
under a real name. The temporary copy a killed run does leave (`.incoming-*`, up to
the size of the input) is removed by the next copy: every copy holds a shared lock on
`raw.lock` beside the store while it writes, and leftovers are removed only by a copy that gets
the lock exclusively, that is when no other process is copying (a killed process's
lock is released by the kernel).
"""

from __future__ import annotations

import codecs
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reviewprep.permissions import private_dir

BLOCK = 1 << 20
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 1 << 16


@dataclass(frozen=True)
class RawFile:
    original: Path
    sha256: str
    size: int
    stored: Path


INCOMING = ".incoming-"


def copy_lock(store: Path) -> Path:
    """The lock every copy into `store` holds (beside it: the store itself holds only copies)."""
    return store.with_name(f"{store.name}.lock")


def keep_raw(path: Path, store: Path) -> RawFile:
    """Copy `path` into the content-addressed store (once) and return its identity."""
    private_dir(store)  # inputs may be confidential: owner-only
    with _copying(store):
        return _copy(path, store)


@contextmanager
def _copying(store: Path) -> Iterator[None]:
    """Hold the store's copy lock (shared) for one copy; remove leftovers first when no one else copies."""
    fd = os.open(copy_lock(store), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # another copy is under way: its file may be among them, leave them all
        else:
            for leftover in store.glob(f"{INCOMING}*"):
                leftover.unlink(missing_ok=True)
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def _copy(path: Path, store: Path) -> RawFile:
    digest = hashlib.sha256()
    # a name of its own: two threads of one run may copy files of the same name at once
    fd, tmp_name = tempfile.mkstemp(prefix=INCOMING, dir=store)
    tmp = Path(tmp_name)
    size = 0
    try:
        with os.fdopen(fd, "wb") as dst, path.open("rb") as src:
            while block := src.read(BLOCK):
                digest.update(block)
                dst.write(block)
                size += len(block)
        sha = digest.hexdigest()
        final = store / sha[:2] / sha
        if not final.exists():
            final.parent.mkdir(exist_ok=True, mode=0o700)
            os.replace(tmp, final)
    finally:  # stored, already there, or failed (a full disk): no copy is left half-written
        tmp.unlink(missing_ok=True)
    return RawFile(path, sha, size, final)


def detect_encoding(path: Path) -> str:
    """'utf-8-sig', 'utf-16' (from its BOM), 'utf-8' or 'cp1252' (falling back to 'latin-1' for bytes cp1252 lacks).

    Decides on the first 64 KiB, then confirms UTF-8 over the whole file in blocks,
    because a single accented byte deep in a file is enough to make it cp1252.
    """
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if _utf16(path, head):
        return "utf-16"
    if _decodes(path, "utf-8"):
        return "utf-8"
    if _decodes(path, "cp1252"):
        return "cp1252"
    return "latin-1"


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while block := fh.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def looks_binary(path: Path) -> bool:
    """NUL bytes in the first block mean this is not a text file, whatever its name."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    return b"\x00" in head and not _utf16(path, head)


def _utf16(path: Path, head: bytes) -> bool:
    """UTF-16 with its BOM (Qualtrics' TSV, Excel's "Unicode text"), decoding whole: NUL bytes are its text."""
    return head.startswith(UTF16_BOMS) and _decodes(path, "utf-16")

