"""Give the memory a large step has freed back to the operating system."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _malloc_trim():
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Return the heap pages no object uses any more to the system.

    glibc keeps large freed blocks on its heap once its mmap threshold has grown past
    them, so a process that scored a million assessments went on holding over 200 MB
    it no longer used through the render steps that follow it; a no-op elsewhere.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
