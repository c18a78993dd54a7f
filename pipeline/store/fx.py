"""Approximate currency conversion to US dollars from a small static table.

The table (``fx_rates.json`` next to this module) holds annual-average rates for a few years;
see its ``source`` field. A deal is converted at the rate of its year (the deal date, else the
article date); years outside the table use the nearest year in it. Currencies not in the table
give no USD value (``None``), never a guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FX_PATH = Path(__file__).with_name("fx_rates.json")


@dataclass(frozen=True, slots=True)
class FxTable:
    """USD per unit of currency, by year."""

    source: str
    rates: dict[int, dict[str, float]]

    def rate(self, currency: str, year: int | None) -> tuple[float, int] | None:
        """``(usd_per_unit, year_used)`` for ``currency`` around ``year``, or ``None``."""
        currency = currency.upper()
        years = sorted(self.rates)
        if year is None:
            year = years[-1]
        for y in sorted(years, key=lambda y: (abs(y - year), -y)):
            if currency in self.rates[y]:
                return self.rates[y][currency], y
        return None


@cache
def fx_table(path: Path = FX_PATH) -> FxTable:
    """The shipped rate table (read once)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    rates = {
        int(y): {c.upper(): float(r) for c, r in table.items()} for y, table in raw["rates"].items()
    }
    return FxTable(source=str(raw["source"]), rates=rates)


def to_usd(value: float, currency: str, year: int | None) -> tuple[float, int] | None:
    """``(value_in_usd, rate_year)``, or ``None`` when the currency is not in the table."""
    found = fx_table().rate(currency, year)
    if found is None:
        return None
    rate, used = found
    return value * rate, used
