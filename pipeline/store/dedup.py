"""When are two reports the same deal? The rule the store merges deals by.

Two reports (one article's deal, and a deal already stored from other articles) are the same
deal when all of these hold:

1. **Type**: the same deal type.
2. **Parties**: the same non-empty set of (organisation, role) pairs, organisations compared by
   their normalised name or a known alias (``names.normalise_name``: case, punctuation,
   possessives and corporate suffixes ignored, so "Microsoft Corp." is "Microsoft").
   Deals without parties are never merged.
3. **Amount**: missing on either side, or the same currency and the same period
   (both one-off, or both per month, ...) with values within ``AMOUNT_TOLERANCE`` (1 %).
4. **GPU count**: missing on either side, or within 1 % of each other.
5. **Date**: missing on either side, or within ``DATE_WINDOW_DAYS`` (45 days) of at least one
   date the stored deal was reported with. A report's date is the deal date the article
   states, else the article's publication date; ``YYYY-MM`` dates span their month.

When several stored deals qualify, the oldest (lowest id) wins. Known limits: a total value
and the same deal's per-year rate ("$10B over five years" vs "$2B a year") are kept apart,
and two tranches of one pair with no amounts and close dates are merged.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

AMOUNT_TOLERANCE = 0.01
GPU_TOLERANCE = 0.01
DATE_WINDOW_DAYS = 45

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Report:
    """The facts of a deal that the rule compares."""

    type: str
    #: (organisation key, role) pairs; the key is an organisation id or a normalised name.
    parties: frozenset[tuple[str, str]]
    #: (value, currency, period) or ``None``.
    amount: tuple[float, str, str | None] | None = None
    gpu_count: int | None = None
    #: Dates (``YYYY-MM-DD`` or ``YYYY-MM``) the deal was reported with.
    dates: tuple[str, ...] = ()


def date_span(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a ``YYYY-MM-DD`` or ``YYYY-MM`` date covers.

    Raises ``ValueError`` for anything else.
    """
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"not a YYYY-MM-DD or YYYY-MM date: {value!r}")
    year, month = int(m.group(1)), int(m.group(2))
    if m.group(3):
        day = dt.date(year, month, int(m.group(3)))
        return day, day
    first = dt.date(year, month, 1)
    return first, first.replace(day=calendar.monthrange(year, month)[1])


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def amounts_compatible(
    a: tuple[float, str, str | None] | None, b: tuple[float, str, str | None] | None
) -> bool:
    """Rule 3: missing, or same currency and period with values within 1 %."""
    if a is None or b is None:
        return True
    return a[1] == b[1] and a[2] == b[2] and _close(a[0], b[0], AMOUNT_TOLERANCE)


def dates_compatible(a: tuple[str, ...], b: tuple[str, ...], window_days: int) -> bool:
    """Rule 5: missing, or some pair of dates within ``window_days``."""
    if not a or not b:
        return True
    spans_b = [date_span(x) for x in b]
    for x in a:
        start, end = date_span(x)
        for s2, e2 in spans_b:
            gap = max((s2 - end).days, (start - e2).days, 0)
            if gap <= window_days:
                return True
    return False


def same_deal(a: Report, b: Report, *, window_days: int = DATE_WINDOW_DAYS) -> bool:
    """Whether ``a`` and ``b`` report the same deal (the module's rule)."""
    if a.type != b.type or not a.parties or a.parties != b.parties:
        return False
    if not amounts_compatible(a.amount, b.amount):
        return False
    if (
        a.gpu_count is not None
        and b.gpu_count is not None
        and not _close(a.gpu_count, b.gpu_count, GPU_TOLERANCE)
    ):
        return False
    return dates_compatible(a.dates, b.dates, window_days)
