"""A fixed example unit for the report tests: deterministic data around March 2026, written with
plain SQL so that it is identical on SQLite and PostgreSQL. Texts include nasty user input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

MONTH = "2026-03"
NASTY_MEASURE = "Tiltak | med *stjerne* # og <script>alert(1)</script> {{ config }}"
NASTY_GOAL = "Mål | <b>fet</b> _kursiv_ {% raw %} [lenke](http://x)"
NASTY_NOTE = "# Ikke en overskrift\n- ikke en liste | <img src=x onerror=alert(1)>"
CLINICIAN = "Behandler Hemmeligsen"


def _ors(total: float) -> dict[str, float]:
    part = round(total / 4, 1)
    return {"ors1": part, "ors2": part, "ors3": part, "ors4": round(total - 3 * part, 1)}


def build_example(db: Any) -> None:
    with db.write() as conn:
        depts = {}
        for code, name, contact in (
            ("BOLIG", "Bofellesskap og boligoppfølging", "Kari Nordmann"),
            ("OPPF", "Oppfølgingstjenesten", None),
            ("RUS", "Rusteamet | <i>x</i>", "Aisha Berg"),
        ):
            depts[code] = conn.insert(
                "INSERT INTO department (code, code_key, name, recovery_contact) "
                "VALUES (:c, :k, :n, :r)",
                {"c": code, "k": code.casefold(), "n": name, "r": contact},
            )
        plan = conn.insert(
            "INSERT INTO plan (title, title_key, unit, adopted_by, adopted_on) "
            "VALUES (:t, :k, :u, :b, :on)",
            {
                "t": "Recoveryplan 2026",
                "k": "recoveryplan 2026",
                "u": "Testenheten",
                "b": "Ledergruppa",
                "on": date(2026, 1, 10),
            },
        )
        measures = [
            (1, "Alle leser heftet", "Recoverykontakt", date(2026, 3, 31), "done"),
            (
                2,
                "Månedlige recoverysamlinger",
                "Implementeringsgruppa",
                date(2026, 6, 30),
                "in-progress",
            ),
            (3, "Plakat i alle avdelinger", "Recoverykontakt", date(2026, 2, 28), "planned"),
            (4, NASTY_MEASURE, "Ledergruppa | alle", date(2026, 4, 15), "in-progress"),
            (5, "Gammelt tiltak", None, None, "dropped"),
        ]
        ids = {}
        for number, text, responsible, due, status in measures:
            ids[number] = conn.insert(
                "INSERT INTO measure (plan_id, number_main, number_sub, text, responsible, due, "
                "status) VALUES (:p, :n, '', :t, :r, :d, :s)",
                {"p": plan, "n": number, "t": text, "r": responsible, "d": due, "s": status},
            )
        events = [
            (1, date(2026, 3, 5), "planned", "done", NASTY_NOTE),
            (2, date(2026, 2, 10), "planned", "in-progress", None),
            (5, date(2026, 2, 1), "planned", "dropped", "Erstattet av tiltak 2"),
            (2, date(2026, 3, 18), None, None, "Første samling holdt"),
            (3, date(2026, 4, 2), "planned", "in-progress", None),  # after March: not shown
        ]
        for number, on, old, new, note in events:
            conn.execute(
                "INSERT INTO measure_event (measure_id, event_date, old_status, new_status, note) "
                "VALUES (:m, :d, :o, :n, :note)",
                {"m": ids[number], "d": on, "o": old, "n": new, "note": note},
            )
        conn.execute(
            "UPDATE measure SET evaluation = :e WHERE id = :id",
            {"e": "Alle har lest | to av tre delte det", "id": ids[1]},
        )
        # measure 3 is in progress now, but was planned (and overdue) on 31 March
        conn.execute("UPDATE measure SET status = 'in-progress' WHERE id = :id", {"id": ids[3]})

        goal1 = conn.insert(
            "INSERT INTO department_goal (department_id, period, text, indicator, unit, baseline, "
            "target) VALUES (:d, '2026H1', :t, :i, '%', 40, 80)",
            {"d": depts["BOLIG"], "t": "Flere beboere har egen plan", "i": "andel med egen plan"},
        )
        goal2 = conn.insert(
            "INSERT INTO department_goal (department_id, period, text, indicator, baseline, "
            "target) VALUES (:d, '2026H1', :t, :i, 12, 6)",
            {"d": depts["RUS"], "t": NASTY_GOAL, "i": "avbrutte samtaler | per måned"},
        )
        for goal, on, value in (
            (goal1, date(2026, 1, 15), 40),
            (goal1, date(2026, 2, 15), 50),
            (goal1, date(2026, 3, 15), 62.5),
            (goal1, date(2026, 4, 10), 70),  # after March: not shown
        ):
            conn.execute(
                "INSERT INTO goal_reading (goal_id, reading_on, value) VALUES (:g, :d, :v)",
                {"g": goal, "d": on, "v": value},
            )
        conn.execute(
            "INSERT INTO goal_share (goal_id, shared_on, place) VALUES (:g, :d, :p)",
            {"g": goal1, "d": date(2026, 3, 20), "p": "Pulsen | intranett"},
        )
        conn.execute(
            "UPDATE department_goal SET outcome = 'partly', result = :r, result_on = :d "
            "WHERE id = :id",
            {"r": "Delvis: *halvveis* <script>x</script>", "d": date(2026, 3, 30), "id": goal2},
        )
        conn.execute(
            "INSERT INTO share (department_id, text, place, shared_on) VALUES (:d, :t, :p, :on)",
            {
                "d": depts["OPPF"],
                "t": "Ingen møter om meg, uten meg | *alltid*",
                "p": "Onsdagsundervisningen",
                "on": date(2026, 3, 11),
            },
        )
        staff = [
            ("Anne", "BOLIG", date(2025, 1, 1), None, True),
            ("Bjørn", "BOLIG", date(2025, 1, 1), None, True),
            ("Cecilie", "BOLIG", None, None, True),
            ("Dag", "BOLIG", None, None, False),
            ("Eva", "OPPF", None, None, False),
            ("Frode", "OPPF", None, date(2026, 2, 1), True),  # left: not counted
            ("Gro", "OPPF", date(2026, 5, 1), None, False),  # starts later: not counted
        ]
        for name, dept, started, left, has_read in staff:
            sid = conn.insert(
                "INSERT INTO staff (name, name_key, department_id, started_on, left_on, "
                "peer_worker) VALUES (:n, :k, :d, :s, :l, :p)",
                {
                    "n": name,
                    "k": name.casefold(),
                    "d": depts[dept],
                    "s": started,
                    "l": left,
                    "p": False,
                },
            )
            if has_read:
                conn.execute(
                    "INSERT INTO staff_activity (staff_id, kind, item, done_on) "
                    "VALUES (:s, 'read', :i, :d)",
                    {
                        "s": sid,
                        "i": "RECOVERY – en veileder for alle ansatte",
                        "d": date(2026, 1, 20),
                    },
                )
            if name == "Anne":
                conn.execute(
                    "INSERT INTO staff_activity (staff_id, kind, item, done_on) "
                    "VALUES (:s, 'course', 'MI', :d)",
                    {"s": sid, "d": date(2026, 3, 3)},
                )
        conn.execute(
            "INSERT INTO setting (key, value) VALUES ('staff.requirements', :v)",
            {
                "v": json.dumps(
                    [
                        {"kind": "read", "item": "RECOVERY – en veileder for alle ansatte"},
                        {"kind": "course", "item": "MI"},
                    ],
                    ensure_ascii=False,
                )
            },
        )
        for on, group, card, note in (
            (date(2026, 3, 4), "BOLIG", "ukjent-kort", NASTY_NOTE),
            (date(2026, 3, 25), "ledergruppa", "ukjent-kort-2", None),
            (date(2026, 2, 25), "BOLIG", "ukjent-kort-3", "februar: ikke med"),
        ):
            conn.execute(
                "INSERT INTO card_draw (group_name, group_key, deck_id, card_id, drawn_on, cycle, "
                "note) VALUES (:g, :k, 'testdekk', :c, :d, 0, :n)",
                {"g": group, "k": group.casefold(), "c": card, "d": on, "n": note},
            )
        for i, (day, dept) in enumerate(((3, "BOLIG"), (12, "BOLIG"), (20, None))):
            ex = conn.insert(
                "INSERT INTO values_exercise (participant, department_id, done_on) "
                "VALUES (:p, :d, :on)",
                {
                    "p": f"P-{i}",
                    "d": None if dept is None else depts[dept],
                    "on": date(2026, 3, day),
                },
            )
            picks = [
                ("hap", "Håp"),
                ("respekt", "Respekt"),
                ("aerlighet", "Ærlighet"),
                (None, "Min egen <verdi>"),
            ]
            for pos, (vid, name) in enumerate(picks[: 4 - (i % 2)], start=1):
                conn.execute(
                    "INSERT INTO values_choice (exercise_id, position, value_id, name, kept) "
                    "VALUES (:e, :p, :v, :n, :k)",
                    {"e": ex, "p": pos, "v": vid, "n": name, "k": pos != 2 or i == 0},
                )
        _fit(conn, depts)


def _fit(conn: Any, depts: dict[str, int]) -> None:
    """30 BOLIG clients with a spread of outcomes, 3 RUS clients (all small: hidden)."""
    deltas = (-8.0, -2.0, 3.0, 6.5, 9.0, 12.0)
    plan: list[tuple[str, int, int]] = [("BOLIG", i, 30) for i in range(30)]
    plan += [("RUS", i, 3) for i in range(3)]
    for dept, i, _n in plan:
        code = f"K-{dept}-{i:02d}"
        client = conn.insert(
            "INSERT INTO fit_client (code, code_key, department_id, clinician, clinician_key, "
            "age_group) VALUES (:c, :k, :d, :cl, :ck, :a)",
            {
                "c": code,
                "k": code.casefold(),
                "d": depts[dept],
                "cl": CLINICIAN,
                "ck": CLINICIAN.casefold(),
                "a": "adolescent" if i % 5 == 4 else "adult",
            },
        )
        opened = date(2026, 1, 5) + timedelta(days=2 * i)
        sessions = 1 if i % 10 == 0 else 2 + i % 8
        intake = 10.0 + (i * 7) % 20
        latest = min(40.0, max(0.0, intake + deltas[i % 6]))
        dates = [opened + timedelta(days=7 * k) for k in range(sessions)]
        closed = i % 3 != 0 and dates[-1] <= date(2026, 3, 31)
        reason = ("dropped-out" if i % 7 == 0 else "planned") if closed else None
        episode = conn.insert(
            "INSERT INTO fit_episode (client_id, number, department_id, opened_on, closed_on, "
            "close_reason) VALUES (:c, 1, :d, :o, :cl, :r)",
            {
                "c": client,
                "d": depts[dept],
                "o": opened,
                "cl": dates[-1] if closed else None,
                "r": reason,
            },
        )
        for k, on in enumerate(dates):
            total = intake if k == 0 else round(intake + (latest - intake) * k / (sessions - 1), 1)
            alert = (i + k) % 4 == 0
            conn.execute(
                "INSERT INTO fit_session (episode_id, department_id, session_no, session_date, "
                "rater, ors1, ors2, ors3, ors4, ors_total, srs1, srs2, srs3, srs4, srs_total, "
                "srs_alert) VALUES (:e, :d, :n, :on, 'client', :ors1, :ors2, :ors3, :ors4, :t, "
                ":s, :s, :s, :s2, :st, :a)",
                {
                    "e": episode,
                    "d": depts[dept],
                    "n": k + 1,
                    "on": on,
                    **_ors(total),
                    "t": total,
                    "s": 8.5 if alert else 9.5,
                    "s2": 8.5 if alert else 9.5,
                    "st": 34.0 if alert else 38.0,
                    "a": alert,
                },
            )


def test_the_example_unit_builds(db: Any) -> None:
    build_example(db)
    conn = db.connection()
    assert conn.scalar("SELECT count(*) FROM fit_client") == 33
    assert conn.scalar("SELECT count(*) FROM measure") == 5
