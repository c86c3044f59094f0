"""Folders that are full or read-only for real: small tmpfs mounts (needs root, as on this machine and in CI)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest


@cache
def can_mount() -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", "--version"], capture_output=True).returncode == 0


@contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted on `path` for the block (`options` e.g. "size=256k" or "ro,size=64k")."""
    if not can_mount():
        pytest.skip("needs root to mount a small tmpfs (a full or read-only folder for real)")
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True, capture_output=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "--lazy", str(path)], check=True, capture_output=True)


def resize(path: Path, size: str) -> None:
    """Give a mounted tmpfs more room (the user freed some space)."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True, capture_output=True)


def leftovers(folder: Path) -> list[str]:
    """Temporary or hidden files: what a half-done write would leave."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and (p.name.startswith(".") or p.suffix == ".tmp"))
