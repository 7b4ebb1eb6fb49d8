"""FIT for one client: the client code and the other inputs checked, the lookups the FIT use
cases share, a stored session as the domain sees it, and ``fit client add|list``. Recording a
session is :mod:`recoverykit.services.fit_record`, closing an episode
:mod:`recoverykit.services.fit_close`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.departments import clean_person_name
from recoverykit.domain.fit import expected as fit_expected
from recoverykit.domain.fit.alerts import AlertCode
from recoverykit.domain.fit.expected import ExpectedStats, ExpectedTable
from recoverykit.domain.fit.scoring import (
    AgeGroup,
    CloseReason,
    Rater,
    parse_age_group,
)
from recoverykit.domain.fit.series import (
    Rated,
    numbers_by_date,
    rater_series,
    srs_alert_flags,
)
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.idnumber import guard_text
from recoverykit.domain.text import clean_text, match_key
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services import access
from recoverykit.services.departments import require_department
from recoverykit.store import fit as q
from recoverykit.store.connection import Connection, Database, Row, as_date

CODE_MAX = 32
_CODE = re.compile(r"^[\wæøåÆØÅ][\wæøåÆØÅ.-]*$")
CLOSE_REASONS = tuple(r.value for r in CloseReason)
SRS_CODES = (AlertCode.SRS_TOTAL_LOW, AlertCode.SRS_DROP, AlertCode.SRS_ITEM_LOW)


# --- codes, settings, lookups ---------------------------------------------------------------------


def clean_client_code(value: str | None, field: str = "CODE") -> str:
    """A pseudonymous client code; an identity number anywhere in it is refused, never echoed."""
    guard_text(field, value or "")
    code = clean_text(field, value, max_length=CODE_MAX)
    if not _CODE.match(code):
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke en gyldig klientkode; bruk 1–32 bokstaver, tall, ., - eller _ "
                "uten mellomrom (f.eks. K-0001)",
                "'{v}' is not a valid client code; use 1–32 letters, digits, ., - or _ without "
                "spaces (e.g. K-0001)",
                v=code,
            ),
        )
    return code


def client_key(value: str | None, field: str = "CLIENT") -> str:
    """The lookup key of a client code the user typed (guarded before anything echoes it)."""
    guard_text(field, value or "")
    return match_key(clean_text(field, value, max_length=CODE_MAX))


def clean_clinician(value: str | None, field: str = Field("clinician")) -> str:
    guard_text(field, value or "")
    return clean_person_name(value, field)


def guard_inputs(*fields: tuple[str, str | None]) -> None:
    """Refuse an identity number in any typed value, given as ``(field, value)``, before a
    message could echo it (department codes, dates, periods, paths and choices are repeated in
    their own error messages)."""
    for field, value in fields:
        if value is not None:
            guard_text(field, value)


load_settings = q.load_settings  # the one loader of the FIT settings (store.fit)


def load_expected(conn: Connection) -> ExpectedStats | None:
    """The stored sums behind the expected-response model (None before the first fit, or when
    the stored table is from the older format: it is refitted at the next close or --refit)."""
    row = q.get_expected(conn=conn)
    if row is None:
        return None
    data = json.loads(row["table_json"])
    if isinstance(data, dict) and data.get("version") != fit_expected.TABLE_VERSION:
        return None
    return ExpectedStats.from_mapping(data)


def expected_table(
    stats: ExpectedStats | None,
    age_group: str,
    settings: FitSettings,
    *,
    closed: bool,
    scores: Sequence[float],
) -> ExpectedTable | None:
    """The model a client is judged against: a closed episode never against itself."""
    if stats is None:
        return None
    return fit_expected.build(
        stats, age_group, settings, leave_out=list(scores) if closed else None
    )


def require_client(conn: Connection, code: str, field: str = "CLIENT") -> Row:
    row = q.client_with_latest_episode(conn=conn, code_key=client_key(code, field))
    if row is None:
        raise NotFound(
            field,
            t(
                "ingen klient med kode «{c}»; se «recoverykit fit client list»",
                "no client with code '{c}'; see 'recoverykit fit client list'",
                c=code.strip(),
            ),
        )
    return row


# --- fit client add ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientView:
    code: str
    department: str
    clinician: str
    age_group: str
    new_staff: bool = False  # the clinician was registered as a staff member just now


def add_client(
    db: Database, code: str, department: str, clinician: str, age_group: str = "adult"
) -> ClientView:
    guard_inputs((Field("dept"), department), (Field("age_group"), age_group))
    clean = clean_client_code(code)
    who = clean_clinician(clinician)
    group = parse_age_group(Field("age_group"), age_group)
    with db.write() as conn:
        dept = require_department(conn, department, Field("dept"))
        access.require_client_access(db, conn, dept.id, t("legge til klienter", "add clients"))
        who, new_staff = clinician_as_staff(db, conn, who, dept.id)
        if q.client_exists(conn=conn, code_key=match_key(clean)):
            raise Conflict(
                "CODE",
                t("klienten «{c}» finnes allerede", "client '{c}' already exists", c=clean),
            )
        q.insert_client(
            conn=conn,
            code=clean,
            code_key=match_key(clean),
            department_id=dept.id,
            clinician=who,
            clinician_key=match_key(who),
            age_group=group.value,
        )
        access.log(db, conn, "client.add", client_key=match_key(clean), department=dept.code)
    return ClientView(clean, dept.code, who, group.value, new_staff)


def clinician_as_staff(
    db: Database, conn: Connection, name: str, department_id: int
) -> tuple[str, bool]:
    """``--clinician`` names a staff member: their name as registered, and whether it was
    registered just now (only while access control is off, in the client's department)."""
    from recoverykit.store import staff as staff_q

    row = staff_q.get_by_name_key(conn=conn, name_key=match_key(name))
    if row is not None:
        return str(row["name"]), False
    if not access.actor(db, conn).unrestricted:
        raise NotFound(
            Field("clinician"),
            t(
                "ingen ansatt med navnet «{n}»; legg til med «recoverykit staff add»",
                "no staff member named '{n}'; add one with 'recoverykit staff add'",
                n=name,
            ),
        )
    staff_q.insert_staff(
        conn=conn,
        name=name,
        name_key=match_key(name),
        department_id=department_id,
        role=None,
        peer_worker=False,
        started_on=None,
    )
    return name, True


def list_clients(db: Database, department: str | None = None) -> list[Row]:
    guard_inputs((Field("dept"), department))
    with db.read() as conn:
        dept = None if department is None else require_department(conn, department, Field("dept"))
        access.require_role(db, t("se klientlisten", "list clients"), "clinician", conn=conn)
        rows = q.list_clients(conn=conn, department_id=None if dept is None else dept.id)
        allowed = access.client_departments(access.actor(db, conn))
        if allowed is not None:
            if dept is not None and dept.id not in allowed:
                raise access.denied(
                    access.actor(db, conn),
                    t("se klientene i {d}", "see the clients of {d}", d=dept.code),
                )
            codes = q.department_codes(conn=conn, ids=allowed)
            rows = [r for r in rows if r["department"] in codes]
    access.log_read(
        db, "client.list", department=None if dept is None else dept.code, rows=len(rows)
    )
    return rows


# --- a stored session as the domain sees it ---------------------------------------------------


def rated(row: Row) -> Rated:
    """A stored session row as the domain's ``Rated``."""
    ors = None if row["ors_total"] is None else tuple(float(row[f"ors{i}"]) for i in range(1, 5))
    srs = None if row["srs_total"] is None else tuple(float(row[f"srs{i}"]) for i in range(1, 5))
    return Rated(as_date(row["session_date"]) or date.min, row["rater"], ors, srs)  # type: ignore[arg-type]


def default_rater(age_group: str) -> Rater:
    return Rater.PARENT if age_group == AgeGroup.CHILD else Rater.CLIENT


def refresh_derived(
    conn: Connection, rows: Sequence[Row], settings: FitSettings, raters: set[str] | None = None
) -> None:
    """Recompute the stored alliance-alert flags of the given raters' series (all when None) and
    renumber the sessions by date; only rows whose value changed are written."""
    ratings = [rated(r) for r in rows]
    numbers = numbers_by_date([r.day for r in ratings])
    for rater in raters if raters is not None else {r.rater for r in ratings}:
        flags = srs_alert_flags(rater_series(ratings, rater), settings)
        for row, r in zip(rows, ratings, strict=True):
            if r.rater == rater and bool(row["srs_alert"]) != flags[r.day]:
                q.update_session(
                    conn=conn, session_id=row["id"], values={"srs_alert": flags[r.day]}
                )
    for row, r in zip(rows, ratings, strict=True):
        if int(row["session_no"]) != numbers[r.day]:
            q.update_session(conn=conn, session_id=row["id"], values={"session_no": numbers[r.day]})
