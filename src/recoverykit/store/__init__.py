"""The store: schema (SQLModel tables), migrations, connections and query functions.

Commands reach the database through :class:`recoverykit.store.connection.Database`, a thin DB-API
layer over the standard library's ``sqlite3`` (SQLite) or ``psycopg`` (PostgreSQL), so that a
command does not pay ~400 ms for importing SQLAlchemy/SQLModel (see benchmarks/README.md). The
SQLModel tables in ``store/schema`` declare the schema; Alembic migrations are checked against them.
"""
