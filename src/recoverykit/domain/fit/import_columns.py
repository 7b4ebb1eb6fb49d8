"""Which column of a FIT spreadsheet is which: Norwegian and English headers, ``--map`` for the
rest, and the refusals when a needed column is missing or two columns mean the same field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from recoverykit.errors import Field, InvalidInput
from recoverykit.i18n import t

ORS = ("ors1", "ors2", "ors3", "ors4")
SRS = ("srs1", "srs2", "srs3", "srs4")
FIELDS = (
    "client",
    "department",
    "clinician",
    "date",
    *ORS,
    "ors_total",
    *SRS,
    "srs_total",
    "rater",
    "age_group",
    "episode",
    "episode_end",
    "end_reason",
    "ignore",
)

_ORS_NAMES = (
    ("individuelt", "individual"),
    ("mellommenneskelig", "interpersonal"),
    ("sosialt", "social"),
    ("generelt", "overall"),
)
_SRS_NAMES = (
    ("relasjon", "relationship"),
    ("mål", "goals"),
    ("tilnærming", "approach"),
    ("generelt", "overall"),
)


def header_key(text: str) -> str:
    """``"ORS ledd 1"`` → ``"orsledd1"``: case, spaces and punctuation do not matter."""
    return re.sub(r"[^0-9a-zæøå]", "", text.casefold())


def _aliases() -> dict[str, str]:
    names: dict[str, tuple[str, ...]] = {
        "client": ("klient", "klientkode", "kode", "klientnr", "client", "clientcode", "clientid"),
        "department": (
            "avdeling",
            "avd",
            "avdelingskode",
            "avdelingsnavn",
            "department",
            "dept",
            "departmentcode",
        ),
        "clinician": ("behandler", "fagperson", "terapeut", "hjelper", "clinician", "therapist"),
        "date": ("dato", "samtaledato", "date", "sessiondate"),
        "ors_total": ("orstotal", "orssum", "ors", "totalors", "sumors", "orsskår", "orsscore"),
        "srs_total": ("srstotal", "srssum", "srs", "totalsrs", "sumsrs", "srsskår", "srsscore"),
        "rater": ("utfyller", "fyltutav", "rater", "respondent", "vurderer"),
        "age_group": ("aldersgruppe", "agegroup", "age"),
        "episode": ("forløp", "forløpnr", "episode", "episodenr"),
        "episode_end": (
            "avsluttet",
            "forløpavsluttet",
            "slutt",
            "sluttdato",
            "avslutning",
            "episodeend",
            "end",
            "ended",
            "closed",
            "closedon",
        ),
        "end_reason": (
            "årsak",
            "avslutningsårsak",
            "sluttårsak",
            "reason",
            "endreason",
            "closereason",
        ),
        "ignore": ("samtale", "samtalenr", "session", "sessionno"),
    }
    out = {header_key(a): f for f, aliases in names.items() for a in aliases}
    for prefix, items, words in (("ors", ORS, _ORS_NAMES), ("srs", SRS, _SRS_NAMES)):
        for n, (item, (nb, en)) in enumerate(zip(items, words, strict=True), start=1):
            for alias in (
                f"{prefix}{n}",
                f"{prefix}ledd{n}",
                f"{prefix}item{n}",
                f"{prefix}{nb}",
                f"{prefix}{en}",
                f"{prefix}spm{n}",
            ):
                out[header_key(alias)] = item
    return out


ALIASES = _aliases()


@dataclass(frozen=True)
class ColumnMap:
    """Which column (index) holds which field; ``headers`` as the file has them."""

    headers: tuple[str, ...]
    fields: dict[str, int]

    def has(self, name: str) -> bool:
        return name in self.fields

    def header(self, name: str) -> str:
        return self.headers[self.fields[name]]

    def ignored(self) -> list[str]:
        used = set(self.fields.values())
        return [h for i, h in enumerate(self.headers) if i not in used and h]


def build_mapping(headers: Sequence[str], maps: Sequence[str] = ()) -> ColumnMap:
    """Recognise the columns from their headers; ``maps`` (``COLUMN=FIELD``) names the rest or
    overrides. Refuses a missing required column, an unknown field and two columns for one field."""
    keys = [header_key(h) for h in headers]
    fields: dict[str, int] = {}
    overridden: set[int] = set()
    for text in maps:
        column, sep, name = text.rpartition("=")
        name = name.strip().replace("-", "_")
        if not sep or not column.strip():
            raise InvalidInput(
                Field("map"),
                t(
                    "«{v}» er ikke på formen KOLONNE=FELT",
                    "'{v}' is not of the form COLUMN=FIELD",
                    v=text,
                ),
            )
        if name not in FIELDS:
            raise InvalidInput(
                Field("map"),
                t(
                    "«{f}» er ikke et felt; velg {a}",
                    "'{f}' is not a field; choose {a}",
                    f=name,
                    a=" | ".join(FIELDS),
                ),
            )
        key = header_key(column)
        if key not in keys:
            raise InvalidInput(
                Field("map"),
                t(
                    "filen har ingen kolonne «{c}»; kolonnene er: {a}",
                    "the file has no column '{c}'; its columns are: {a}",
                    c=column.strip(),
                    a=", ".join(h for h in headers if h),
                ),
            )
        index = keys.index(key)
        for other, at in list(fields.items()):
            if at == index:
                del fields[other]
        fields[name] = index
        overridden.add(index)
    for index, key in enumerate(keys):
        alias = ALIASES.get(key)
        if alias is None or index in overridden:
            continue
        if alias in fields:
            clash = alias != "ignore" and fields[alias] not in overridden
            if clash:
                raise InvalidInput(
                    Field("map"),
                    t(
                        "kolonnene «{a}» og «{b}» betyr begge {f}; velg én med --map",
                        "columns '{a}' and '{b}' both mean {f}; choose one with --map",
                        a=headers[fields[alias]],
                        b=headers[index],
                        f=alias,
                    ),
                )
            continue
        fields[alias] = index
    fields.pop("ignore", None)
    missing = [f for f in ("client", "date") if f not in fields]
    if not any(f in fields for f in (*ORS, "ors_total")):
        missing.append("ors1–ors4")
    if missing:
        raise InvalidInput(
            "FILE",
            t(
                "mangler kolonne for {m}; gi den med --map KOLONNE=FELT (kolonnene er: {a})",
                "no column for {m}; name it with --map COLUMN=FIELD (the columns are: {a})",
                m=", ".join(missing),
                a=", ".join(h for h in headers if h),
            ),
        )
    partial = [
        p for p in (ORS, SRS) if any(f in fields for f in p) and not all(f in fields for f in p)
    ]
    for group in partial:
        missing.extend(f for f in group if f not in fields)
    if missing:
        raise InvalidInput(
            "FILE",
            t(
                "mangler kolonne for {m}; gi den med --map KOLONNE=FELT (kolonnene er: {a})",
                "no column for {m}; name it with --map COLUMN=FIELD (the columns are: {a})",
                m=", ".join(missing),
                a=", ".join(h for h in headers if h),
            ),
        )
    if "ors_total" in fields and not all(f in fields for f in ORS):
        raise InvalidInput(
            "FILE",
            t(
                "har bare ORS total; recoverykit lagrer de fire leddene slik de ble fylt ut, "
                "så en total alene kan ikke importeres",
                "has only the ORS total; recoverykit stores the four items as they were marked, "
                "so a total alone cannot be imported",
            ),
        )
    return ColumnMap(tuple(headers), fields)
