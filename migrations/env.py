"""Alembic environment, driven from code (recoverykit.store.migrate): no alembic.ini at run time.

The caller passes an open SQLAlchemy connection in ``config.attributes["connection"]``; the
``alembic`` command line works too with ``-x url=…`` or ``sqlalchemy.url``.
"""

from alembic import context
from sqlalchemy import create_engine, event, pool

from recoverykit.store.schema import metadata

config = context.config
target_metadata = metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if given is not None:
        _configure(given)
    else:
        engine = create_engine(_url(), poolclass=pool.NullPool)
        if engine.dialect.name == "sqlite":

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
                dbapi_conn.execute("PRAGMA foreign_keys = ON")

        with engine.connect() as connection:
            _configure(connection)
