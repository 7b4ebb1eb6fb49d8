"""Pass 2 of ``fit import``: departments by code or name, and each client's rows in date order
turned into episodes and sessions, compared with what is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from recoverykit.domain import departments as dept_rules
from recoverykit.domain.fit.import_columns import ColumnMap
from recoverykit.domain.fit.import_rows import (
    Problem,
)
from recoverykit.domain.fit.scoring import AgeGroup, Rater
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.text import match_key
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t
from recoverykit.services.fit_import_rows import (
    NO_EXTRA,
    NO_SRS_VALUES,
    NONE_ITEM,
    RATERS,
    TENTHS,
    ImportOptions,
    ImportSummary,
    NewClient,
    Rows,
)
from recoverykit.store import fit_import as q
from recoverykit.store.connection import Connection, as_date
from recoverykit.store.fit_bulk import srs_alert_check, srs_alert_flag


class Departments:
    """Department look-up by code or name (any case). One the file names that is not there yet
    is planned by :meth:`resolve` when ``--create-departments`` allows it, and made by
    :meth:`create_planned` after pass 1 (which writes nothing)."""

    def __init__(self, conn: Connection, create: bool, summary: ImportSummary) -> None:
        self.conn = conn
        self.create = create
        self.summary = summary
        self.ids: dict[str, int] = {}
        self.known: set[str] = set()
        self.planned: dict[str, str] = {}  # key -> the code to create, in first-seen order
        for r in q.departments(conn=conn):
            self.ids.setdefault(match_key(r["name"]), int(r["id"]))
        for r in q.departments(conn=conn):
            self.ids[r["code_key"]] = int(r["id"])

    def resolve(
        self, value: str, location: Callable[[int], str], mapping: ColumnMap
    ) -> Problem | None:
        key = match_key(value)
        if key in self.ids or key in self.planned:
            self.known.add(value)
            return None
        index = mapping.fields["department"]
        header = mapping.headers[index]
        if not self.create:
            return Problem(
                location(index),
                header,
                t(
                    "ukjent avdeling «{v}»; legg den til med «recoverykit dept add» "
                    "eller bruk --create-departments",
                    "unknown department '{v}'; add it with 'recoverykit dept add' "
                    "or use --create-departments",
                    v=value,
                ),
            )
        try:
            code = dept_rules.clean_code(value, header)
        except InvalidInput as error:
            return Problem(location(index), header, error.message)
        self.planned[key] = code
        self.known.add(value)
        return None

    def create_planned(self) -> None:
        for key, code in self.planned.items():
            if key not in self.ids:
                self.ids[key] = q.add_department(
                    conn=self.conn, code=code, code_key=dept_rules.code_key(code), name=code
                )
                self.summary.departments_new.append(code)
        self.planned.clear()

    def id_of(self, value: str) -> int:
        return self.ids[match_key(value)]


class Walker:
    """Pass 2 for one client's rows: episodes, comparison with stored sessions, new rows."""

    def __init__(
        self,
        conn: Connection,
        writer: q.BulkWriter,
        settings: FitSettings,
        options: ImportOptions,
        summary: ImportSummary,
        rows: Rows,
        locate: Callable[[int], Callable[[int], str]],
        mapping: ColumnMap,
        reject: Callable[[int, list[Problem]], None],
    ) -> None:
        self.conn = conn
        self.w = writer
        self.s = settings
        self.options = options
        self.summary = summary
        self.rows = rows
        self.locate = locate
        self.mapping = mapping
        self.reject = reject
        self.gap = timedelta(weeks=options.gap_weeks)
        self.iso: dict[int, Any] = {}
        self.srs_alert = srs_alert_check(settings)

    def _problem(self, line: int, fieldname: str, message: Msg) -> None:
        index = self.mapping.fields.get(fieldname, -1)
        header = self.mapping.headers[index] if index >= 0 else ""
        self.reject(line, [Problem(self.locate(line)(index), header, message)])

    def client(
        self,
        code: str,
        new: NewClient | None,
        stored: dict[str, Any],
        existing: dict[int, list[dict[str, Any]]],
        group: list[int],
        depts: Departments,
    ) -> None:
        rows, w = self.rows, self.w
        if new is not None:
            if new.department is None or new.clinician is None:
                missing = "department" if new.department is None else "clinician"
                self._problem(
                    new.line,
                    missing if missing in self.mapping.fields else "client",
                    t(
                        "mangler {f} for den nye klienten {c}",
                        "{f} is missing for the new client {c}",
                        f=missing,
                        c=code,
                    ),
                )
                for i in group[1:]:
                    self.reject(rows.line[i], [])
                return
            client_id = w.new_client_id()
            dept_id = depts.id_of(new.department)
            age_group = new.age_group or AgeGroup.ADULT.value
            w.clients.append(
                (
                    client_id,
                    code,
                    match_key(code),
                    dept_id,
                    new.clinician,
                    match_key(new.clinician),
                    age_group,
                )
            )
            self.summary.clients_new += 1
            before: list[dict[str, Any]] = []
            episode: list[Any] | None = (
                None  # [id, number, opened, last day, closed, count, srs, value]
            )
            stored_episode = False
        else:
            row = stored[match_key(code)]
            client_id = int(row["id"])
            dept_id = int(row["department_id"])
            age_group = row["age_group"]
            before = existing.get(client_id, [])
            episode = None
            stored_episode = False
            if row["episode_id"] is not None:
                latest = [s for s in before if s["episode_id"] == row["episode_id"]]
                last_srs = next(
                    (float(s["srs_total"]) for s in reversed(latest) if s["srs_total"] is not None),
                    None,
                )
                episode = [
                    int(row["episode_id"]),
                    int(row["episode_number"]),
                    None,
                    as_date(latest[-1]["session_date"]).toordinal() if latest else None,  # type: ignore[union-attr]
                    None if row["closed_on"] is None else (as_date(row["closed_on"]), None),
                    len(latest),
                    last_srs,
                    None,
                ]
                stored_episode = True
        by_day = {(as_date(s["session_date"]), s["rater"]): s for s in before}
        days = {as_date(s["session_date"]) for s in before}
        last_stored = max(days) if days else None  # type: ignore[type-var]
        default_rater = Rater.PARENT.value if age_group == AgeGroup.CHILD else Rater.CLIENT.value
        seen: dict[tuple[int, str], int] = {}
        episodes: list[list[Any]] = []

        def close(ep: list[Any], on: date, reason: str, stored_ep: bool) -> None:
            ep[4] = (on, reason)
            if stored_ep:
                w.close_episode(ep[0], on, reason)

        r_line, r_day, r_rater, items, extras = (
            rows.line,
            rows.day,
            rows.rater,
            rows.items,
            rows.extra,
        )
        sessions, iso, summary, srs_alert = w.sessions, self.iso, self.summary, self.srs_alert
        append = sessions.append
        gap_days = self.gap.days
        session_id = w.session_id  # the writer's counter, given back after the loop
        added = 0
        for i in group:
            ordinal = r_day[i]
            rater_index = r_rater[i]
            rater = RATERS[rater_index] if rater_index >= 0 else default_rater
            if (ordinal, rater) in seen:
                self._problem(
                    r_line[i],
                    "date",
                    t(
                        "samme klient, dato og utfyller som linje/rad {n} i filen",
                        "same client, date and rater as line/row {n} in the file",
                        n=seen[(ordinal, rater)],
                    ),
                )
                continue
            seen[(ordinal, rater)] = r_line[i]
            if before:
                day = date.fromordinal(ordinal)
                old = by_day.get((day, rater)) or next(
                    (s for (d, _r), s in by_day.items() if d == day), None
                )
                if old is not None:
                    ors, srs = rows.scores(i)
                    self._compare(old, r_line[i], code, day, rater, ors, srs)
                    continue
                if last_stored is not None and day <= last_stored:
                    self._problem(
                        r_line[i],
                        "date",
                        t(
                            "{d} ligger før eller mellom samtaler som allerede er registrert "
                            "for {c}; registrer den med «recoverykit fit record»",
                            "{d} lies before or among sessions already recorded for {c}; "
                            "record it with 'recoverykit fit record'",
                            d=day.isoformat(),
                            c=code,
                        ),
                    )
                    continue
            extra = extras.get(i, NO_EXTRA) if extras else NO_EXTRA
            value = extra[0]
            start = episode is None or episode[4] is not None
            if episode is not None and not start:
                if value is not None and episode[7] is not None and value != episode[7]:
                    start = True
                elif episode[3] is not None and ordinal - episode[3] > gap_days:
                    close(episode, date.fromordinal(episode[3]), "other", stored_episode)
                    summary.closed_by_gap += 1
                    start = True
            if start and episode is not None and episode[4] is not None:
                closed_on = episode[4][0]
                if ordinal <= closed_on.toordinal():
                    self._problem(
                        r_line[i],
                        "date",
                        t(
                            "{d} er ikke etter at forrige forløp ble avsluttet ({c})",
                            "{d} is not after the previous episode was closed ({c})",
                            d=date.fromordinal(ordinal).isoformat(),
                            c=closed_on.isoformat(),
                        ),
                    )
                    continue
            if start:
                number = 1 if episode is None else episode[1] + 1
                episode = [w.new_episode_id(), number, ordinal, None, None, 0, None, value]
                episodes.append(episode)
                stored_episode = False
                summary.episodes_new += 1
            assert episode is not None
            episode[3] = ordinal
            episode[5] += 1
            if episode[7] is None:
                episode[7] = value
            b = items[i * 8 : i * 8 + 8]
            if b[4] == NONE_ITEM:
                srs_values: tuple[Any, ...] = NO_SRS_VALUES
                alert = False
            else:
                srs = (TENTHS[b[4]], TENTHS[b[5]], TENTHS[b[6]], TENTHS[b[7]])
                srs_total = (b[4] + b[5] + b[6] + b[7]) / 10
                alert = srs_alert(srs, srs_total, episode[6])
                episode[6] = srs_total
                srs_values = (srs[0], srs[1], srs[2], srs[3], srs_total)
            day_text = iso.get(ordinal)
            if day_text is None:
                day_text = iso[ordinal] = w.day(date.fromordinal(ordinal))
            append(
                (
                    session_id,
                    episode[0],
                    dept_id,
                    episode[5],
                    day_text,
                    rater,
                    TENTHS[b[0]],
                    TENTHS[b[1]],
                    TENTHS[b[2]],
                    TENTHS[b[3]],
                    (b[0] + b[1] + b[2] + b[3]) / 10,
                    *srs_values,
                    alert,
                )
            )
            session_id += 1
            added += 1
            if extra[1] is not None:
                close(episode, extra[1], extra[2] or "other", stored_episode)
                summary.closed_by_end += 1
        w.session_id = session_id
        summary.new += added
        for ep in episodes:
            closed = ep[4] or (None, None)
            w.episodes.append(
                (
                    ep[0],
                    client_id,
                    ep[1],
                    dept_id,
                    w.day(date.fromordinal(ep[2])),
                    w.day(closed[0]),
                    closed[1],
                )
            )

    def _compare(
        self,
        old: dict[str, Any],
        line: int,
        code: str,
        day: date,
        rater: str,
        ors: tuple[float, ...],
        srs: tuple[float, ...] | None,
    ) -> None:
        stored_ors = tuple(float(old[f"ors{n}"]) for n in range(1, 5))
        stored_srs = (
            None if old["srs1"] is None else tuple(float(old[f"srs{n}"]) for n in range(1, 5))
        )
        if old["rater"] == rater and stored_ors == ors and stored_srs == srs:
            self.summary.unchanged += 1
            return
        if self.options.replace and old["rater"] == rater:
            srs_total = None if srs is None else sum(round(x * 10) for x in srs) / 10
            values: dict[str, Any] = {f"ors{n}": v for n, v in enumerate(ors, start=1)}
            values["ors_total"] = sum(round(x * 10) for x in ors) / 10
            for n in range(4):
                values[f"srs{n + 1}"] = None if srs is None else srs[n]
            values["srs_total"] = srs_total
            values["srs_alert"] = (
                srs is not None
                and srs_total is not None
                and srs_alert_flag(srs, srs_total, None, self.s)
            )
            self.w.update_session(int(old["id"]), values)
            self.summary.replaced += 1
            return
        index = self.mapping.fields["date"]
        why = (
            t(
                "en annen utfyller ({r}) er registrert samme dato",
                "another rater ({r}) is recorded on the same date",
                r=old["rater"],
            )
            if old["rater"] != rater
            else t(
                "andre tall enn de som er registrert; bruk --replace for å erstatte",
                "other scores than those recorded; use --replace to replace them",
            )
        )
        self.summary.conflicts.append(
            Problem(
                self.locate(line)(index),
                code,
                t("{d}: {w}", "{d}: {w}", d=day.isoformat(), w=str(why)),
            )
        )
