"""Numbers, dates and words for the templates, in the report's language.

The templates get one :class:`Formatter` as ``f`` and call ``f.num(x)``, ``f.pct(x)``,
``f.date(d)`` and ``f.L("norsk", "English")``. Nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Formatter:
    lang: str = "nb"

    @property
    def en(self) -> bool:
        return self.lang == "en"

    def L(self, nb: str, en: str) -> str:  # short on purpose: used everywhere
        return en if self.en else nb

    def num(self, value: float | int | None, decimals: int = 1) -> str:
        """``12,5`` (nb) or ``12.5`` (en); whole numbers without decimals; ``–`` for None."""
        if value is None:
            return "–"
        if isinstance(value, int) or decimals == 0:
            return f"{round(value):,}".replace(",", "," if self.en else " ")
        text = f"{float(value):.{decimals}f}"
        return text if self.en else text.replace(".", ",")

    def value(self, value: float | None) -> str:
        """A reading or target as typed: ``12`` or ``12,5``."""
        if value is None:
            return "–"
        if float(value).is_integer():
            return str(int(value))
        text = f"{value:g}"
        return text if self.en else text.replace(".", ",")

    def pct(self, value: float | None) -> str:
        """A percentage 0–100 rounded to whole: ``60 %``; ``–`` for None."""
        if value is None:
            return "–"
        return f"{int(value + 0.5)} %" if not self.en else f"{int(value + 0.5)}%"

    def share(self, value: float | None) -> str:
        """A share 0.0–1.0 as a percentage."""
        return self.pct(None if value is None else 100.0 * value)

    def date(self, value: date | None) -> str:
        if value is None:
            return "–"
        return value.isoformat() if self.en else value.strftime("%d.%m.%Y")

    def count(self, value: int | None) -> str:
        """A count of people; ``None`` is a suppressed small number (shown as ``skjult``)."""
        if value is None:
            return self.L("skjult", "hidden")
        return self.num(value, 0)
