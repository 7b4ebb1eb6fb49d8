"""One way to write counts and dates in sentences: ``1 avsluttet forløp`` / ``2 avsluttede
forløp``; ``30.11.2026`` in bokmål, ``2026-11-30`` in English, never mixed."""

from __future__ import annotations

from datetime import date

from recoverykit.i18n import count, format_date, format_int, set_language, t


def test_count_chooses_the_form_by_number() -> None:
    one = count(1, "avsluttet forløp", "avsluttede forløp", "closed episode", "closed episodes")
    two = count(2, "avsluttet forløp", "avsluttede forløp", "closed episode", "closed episodes")
    assert (one.nb, one.en) == ("1 avsluttet forløp", "1 closed episode")
    assert (two.nb, two.en) == ("2 avsluttede forløp", "2 closed episodes")
    assert count(0, "samtale", "samtaler", "session", "sessions").nb == "0 samtaler"


def test_large_numbers_are_grouped_the_norwegian_way() -> None:
    assert format_int(999, "nb") == "999"
    assert format_int(2009, "nb") == "2\u00a0009"
    assert format_int(1_000_000, "nb") == "1\u00a0000\u00a0000"
    assert format_int(1_000_000, "en") == "1,000,000"


def test_dates_in_sentences_follow_the_language() -> None:
    msg = t("avsluttet {d}", "closed on {d}", d=date(2026, 11, 30))
    assert (msg.nb, msg.en) == ("avsluttet 30.11.2026", "closed on 2026-11-30")
    assert format_date(date(2026, 1, 5), "nb") == "05.01.2026"
    set_language("en")
    assert format_date(date(2026, 1, 5)) == "2026-01-05"


def test_a_count_inside_a_message_keeps_its_language() -> None:
    n = count(1, "samtale", "samtaler", "session", "sessions")
    msg = t("({n})", "({n})", n=n)
    assert (msg.nb, msg.en) == ("(1 samtale)", "(1 session)")


def test_closing_one_session_says_samtale_and_a_norwegian_date(cli) -> None:
    cli("dept", "add", "BOLIG", "Bofellesskap")
    cli("fit", "client", "add", "K-1", "--dept", "BOLIG", "--clinician", "F")
    cli("fit", "record", "K-1", "--ors", "5", "5", "5", "5", "--date", "2026-11-02")
    result = cli("fit", "close", "K-1", "--reason", "planned", "--date", "30.11.2026")
    assert result.stdout.splitlines()[0] == (
        "Avsluttet forløp 1 for K-1 30.11.2026 (planlagt avslutning, 1 samtale)."
    )


def test_sentence_ends_with_a_full_stop_once() -> None:
    from recoverykit.i18n import sentence

    assert sentence("hver verdi kan bare velges én gang") == "hver verdi kan bare velges én gang."
    assert sentence("«Omsorg» er ikke lagt til.") == "«Omsorg» er ikke lagt til."
