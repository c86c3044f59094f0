"""Returning freed memory to the system is safe to call at any point, on any C library."""

from reviewprep import memory


def test_release_freed_memory_runs_and_keeps_live_objects():
    kept = [bytes(1 << 20) for _ in range(8)]
    freed = [bytes(1 << 20) for _ in range(64)]
    del freed
    memory.release_freed_memory()
    memory.release_freed_memory()
    assert sum(map(len, kept)) == 8 << 20


def test_release_freed_memory_is_a_no_op_without_malloc_trim(monkeypatch):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    memory.release_freed_memory()
