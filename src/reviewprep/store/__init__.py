"""Storage: typed models, sessions, migrations."""

from reviewprep.store.db import get_engine, session_scope, upgrade

__all__ = ["get_engine", "session_scope", "upgrade"]
