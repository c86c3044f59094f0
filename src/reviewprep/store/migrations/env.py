"""Alembic environment: runs migrations on the engine reviewprep uses."""

from alembic import context

from reviewprep.store.db import get_engine
from reviewprep.store.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")

with get_engine(url).connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
