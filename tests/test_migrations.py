"""Migrations: blank → head step by step on this backend, and no drift between models and migrations."""

from __future__ import annotations

from recoverykit.config import parse_database_url
from recoverykit.store.connection import Database
from recoverykit.store.migrate import head_revision, revision_chain, schema_state, upgrade


def test_chain_is_linear_and_head_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from recoverykit.resources import resource_path

    cfg = Config()
    cfg.set_main_option("script_location", str(resource_path("migrations")))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_heads() == [head_revision()]
    walked = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(walked) == revision_chain()


def test_each_revision_upgrades_from_the_previous(blank_db_url: str) -> None:
    db = Database(parse_database_url(blank_db_url))
    for revision in revision_chain():
        upgrade(db, revision)
        assert schema_state(db).current == revision


def test_models_and_migrations_do_not_drift(blank_db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from recoverykit.store.schema import metadata

    url = parse_database_url(blank_db_url)
    upgrade(Database(url))
    engine = create_engine(url.sqlalchemy_url())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == []
