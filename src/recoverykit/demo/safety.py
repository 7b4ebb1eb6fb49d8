"""Demo step: a verified backup, the integrity check, and what to do when a file is damaged."""

from __future__ import annotations

from recoverykit.config import parse_database_url
from recoverykit.demo import DemoContext
from recoverykit.i18n import t


def run(ctx: DemoContext) -> None:
    if not parse_database_url(ctx.db_url).is_sqlite:
        return  # PostgreSQL is backed up with pg_dump
    ctx.heading(t("11. Sikkerhetskopi og kontroll", "11. Backup and check"))
    ctx.say(
        t(
            "En sikkerhetskopi blir kontrollert før den får navnet sitt: hel eller ingen, aldri "
            "en skadet kopi. «db check» sier med vanlige ord om filen er skadet, og "
            "«db restore KOPI» setter en kontrollert kopi på plass og beholder den skadede filen.",
            "A backup is checked before it gets its name: complete or absent, never a damaged "
            "copy. 'db check' says in plain words whether the file is damaged, and "
            "'db restore BACKUP' puts a verified copy in place and keeps the damaged file.",
        )
    )
    backup = ctx.output("sikkerhetskopi.db")
    if backup.exists():
        backup.unlink()  # a rerun of the demo into the same folder
    ctx.run(["db", "backup", str(backup)])
    ctx.run(["db", "check"])
