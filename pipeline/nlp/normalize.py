"""Pure normalisers: money, terms, accelerators and dates, found with character offsets.

Every ``find_*`` function takes a string and returns mentions in text order; each
mention carries ``start``/``end`` offsets with ``text[start:end] == mention.text``.
None of them needs spaCy, and none raises on any ``str``: odd input gives ``[]``.

The regexes are compiled once at import, every repetition is bounded, and number
matches are anchored with look-behinds so that a scan never restarts inside a
run of digits: the cost stays linear in the length of the text.

Rules worth knowing:

* **Ranges** ("$20 billion to $25 billion", "$20-25 billion", "between $1 billion
  and $2 billion") give one mention with ``low``/``high`` set, ``value = high``
  and ``approximate = True``: news reads a range as "up to" its upper end. A low
  end without a scale borrows the high end's ("$20-25 billion"). "from X to Y"
  is a change, not a range: it gives two mentions.
* **Limits**: values that are zero, not finite, or above 1e15 in US-dollar terms
  (rough rates in :data:`USD_RATES`) are dropped.
* **Periods** are read after the amount ("$5 million a month", "/yr",
  "annually", "in annual revenue") and, as context, before it ("annual contract
  value of $X", "monthly fee of $X"); only the trailing phrase is inside the span.
* **Accelerators**: models come from ``pipeline/data/accelerators.json``. An
  architecture name (Blackwell, Hopper, Rubin) is the model only when no chip name
  is in the same mention. A bare noun ("GPUs") with no count, vague quantity,
  vendor or model is not a mention; a hardware noun ("systems", "servers") is one
  only after a GPU maker's name ("Nvidia systems") and never takes a count.
* **Currency-less amounts** ("a total of 7.4 billion") are read only when the
  caller passes ``default_currency`` (a code, or ``"auto"`` for the currency the
  text itself uses most).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.schema import Amount, Gpus

__all__ = [
    "ACCELERATORS_PATH",
    "USD_RATES",
    "DateMention",
    "DurationMention",
    "GpuMention",
    "MoneyMention",
    "find_dates",
    "find_durations",
    "find_gpus",
    "find_money",
    "parse_date",
    "parse_money",
    "parse_number",
]

#: Values above this, in US-dollar terms, are not read as money.
MAX_USD_VALUE = 1e15
#: Longest digit string read as a number; longer runs are not amounts or counts.
_MAX_DIGITS = 24

# ---------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """A money amount: ``value`` in units of ISO 4217 ``currency``."""

    value: float
    currency: str
    approximate: bool
    period: str | None
    start: int
    end: int
    text: str
    low: float | None = None
    high: float | None = None

    def as_amount(self) -> Amount:
        """This mention as a :class:`pipeline.schema.Amount`."""
        return Amount(
            value=self.value,
            currency=self.currency,
            period=self.period,  # type: ignore[arg-type]
            approximate=self.approximate,
        )


@dataclass(frozen=True, slots=True)
class DurationMention:
    """A deal term in whole months ("over five years" is 60)."""

    months: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GpuMention:
    """Accelerators: how many (``None`` when not stated or vague), whose, which model."""

    count: int | None
    vendor: str | None
    model: str | None
    approximate: bool
    start: int
    end: int
    text: str

    def as_gpus(self) -> Gpus:
        """This mention as a :class:`pipeline.schema.Gpus`."""
        return Gpus(
            count=self.count, vendor=self.vendor, model=self.model, approximate=self.approximate
        )


@dataclass(frozen=True, slots=True)
class DateMention:
    """A calendar date as ISO ``YYYY-MM-DD``, or ``YYYY-MM`` when no day is given."""

    iso: str
    start: int
    end: int
    text: str


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_BIG: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

_NUMWORD_ALT = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_DIGITS_FULL_RE = re.compile(r"[+]?(?:\d{1,3}(?:,\d{2,3})+|\d+)(?:\.\d+)?|[+]?\.\d+")
_TOKEN_SPLIT_RE = re.compile(r"[\s\-\u2010-\u2014]+")


def _float(digits: str) -> float | None:
    """``digits`` (commas allowed) as a finite float, or ``None``."""
    plain = digits.replace(",", "").lstrip("+")
    if not plain or len(plain) > _MAX_DIGITS + 8:
        return None
    try:
        value = float(plain)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_words(tokens: list[str]) -> float | None:
    """Number words ("twenty five", "two hundred", "half a", "a dozen") as a float."""
    if not tokens or len(tokens) > 12:
        return None
    # Fractions and dozens first.
    if tokens in (["half"], ["half", "a"], ["half", "an"], ["a", "half"]):
        return 0.5
    if len(tokens) >= 4 and tokens[-3:] == ["and", "a", "half"]:
        head = _parse_words(tokens[:-3])
        return head + 0.5 if head is not None else None
    if tokens[-1] == "dozen":
        head = _parse_words(tokens[:-1]) if len(tokens) > 1 else 1.0
        return head * 12 if head is not None else None
    if tokens[0] in ("a", "an"):
        if len(tokens) == 1:
            return 1.0
        if tokens[1] in ("hundred", *_BIG):
            tokens = ["one", *tokens[1:]]
        else:
            return None
    total = 0.0
    current = 0.0
    seen = False
    last = ""
    for tok in tokens:
        if tok in _UNITS:
            if last in _UNITS or (last in _TENS and _UNITS[tok] >= 10):
                return None
            current += _UNITS[tok]
        elif tok in _TENS:
            if last in _UNITS or last in _TENS:
                return None
            current += _TENS[tok]
        elif tok == "hundred":
            if last == "hundred":
                return None
            current = (current or 1.0) * 100
        elif tok in _BIG:
            total += (current or 1.0) * _BIG[tok]
            current = 0.0
        elif tok == "and" and seen:
            last = tok
            continue
        else:
            return None
        seen = True
        last = tok
    if not seen or last == "and":
        return None
    return total + current


def parse_number(text: str) -> float | None:
    """A number written in digits ("1,407", "2.5") or words ("twenty-five", "half a").

    Also reads "a" (1), "a dozen" (12), "two and a half" (2.5), "two hundred" and
    scale words ("1.5 million"). Returns ``None`` for anything else, never raises.
    """
    if not isinstance(text, str):
        return None
    s = text.strip().lower()
    if not s or len(s) > 200:
        return None
    m = re.fullmatch(
        r"(?P<n>[+]?(?:\d{1,3}(?:,\d{2,3})+|\d+)(?:\.\d+)?|[+]?\.\d+)"
        r"(?:\s*(?P<scale>thousand|million|billion|trillion))?",
        s,
    )
    if m:
        value = _float(m.group("n"))
        if value is None:
            return None
        if m.group("scale"):
            value *= _BIG[m.group("scale")]
        return value if math.isfinite(value) else None
    tokens = [t for t in _TOKEN_SPLIT_RE.split(s) if t]
    return _parse_words(tokens)


# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------

_HEDGES = [
    "about", "approximately", "approx.", "approx", "around", "roughly", "nearly", "almost",
    "some", "more than", "over", "up to", "as much as", "as many as", "an estimated",
    "estimated at", "estimated", "reportedly", "a reported", "close to", "upwards of",
    "in excess of", "at least", "just over", "just under", "well over", "less than",
    "fewer than", "under", "circa", "potentially", "a potential", "an approximate",
    "an approximately", "a roughly", "roughly about", "north of",
]  # fmt: skip
_HEDGE_ALT = "|".join(
    re.escape(h).replace(r"\ ", r"\s{1,3}") for h in sorted(_HEDGES, key=len, reverse=True)
)
#: A hedge that ends the window before an amount or a count.
#: Verbs that make "over" part of the verb ("took over", "handed over"), not a hedge.
_PHRASAL_OVER_RE = re.compile(
    r"(?<![A-Za-z])(?:take|takes|took|taken|taking|hand|hands|handed|handing|turn|turns|turned"
    r"|turning|sign|signs|signed|signing|pass|passes|passed|passing|carry|carries|carried"
    r"|carrying|spread|spreads|spreading)\s{1,3}$",
    re.IGNORECASE,
)
_HEDGE_BEFORE_RE = re.compile(
    rf"(?:(?<![A-Za-z])(?:{_HEDGE_ALT})\s{{1,3}}|~\s{{0,2}})$", re.IGNORECASE
)


def _window(text: str, end: int, size: int) -> str:
    return text[max(0, end - size) : end]


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------

#: Rough units of each currency per US dollar, only to drop absurd values.
USD_RATES: dict[str, float] = {
    "USD": 1.0, "EUR": 0.9, "GBP": 0.8, "JPY": 150.0, "CNY": 7.2, "INR": 85.0,
    "CAD": 1.4, "AUD": 1.5, "NZD": 1.7, "KRW": 1400.0, "CHF": 0.9, "HKD": 7.8,
    "SGD": 1.35, "TWD": 32.0, "SEK": 10.5, "NOK": 10.8, "DKK": 6.8, "BRL": 5.5,
    "MXN": 18.0, "ZAR": 18.0, "RUB": 90.0, "TRY": 35.0, "SAR": 3.75, "AED": 3.67,
    "IDR": 16000.0, "ILS": 3.7, "ITL": 1700.0, "FRF": 6.0, "BEF": 35.0,
    "DEM": 1.8, "NLG": 2.0, "ESP": 150.0,
}  # fmt: skip

_DLR = r"(?:dollars?|dlrs?)"
#: Currency words and codes after an amount: (regex, ISO code).
_SUFFIX_CURRENCIES: list[tuple[str, str]] = [
    (rf"(?:U\.\s?S\.|US|American)\s{{0,2}}{_DLR}", "USD"),
    (rf"(?:Canadian|Cdn\.?|Can\.?)\s{{1,2}}{_DLR}", "CAD"),
    (rf"(?:Australian|Aust\.?)\s{{1,2}}{_DLR}", "AUD"),
    (rf"(?:New\s+Zealand|N\.\s?Z\.|NZ)\s{{1,2}}{_DLR}", "NZD"),
    (rf"(?:Hong\s+Kong|H\.\s?K\.|HK)\s{{1,2}}{_DLR}", "HKD"),
    (rf"(?:Singapore|Singapore)\s{{1,2}}{_DLR}", "SGD"),
    (rf"(?:Taiwan(?:ese)?|New\s+Taiwan|NT)\s{{1,2}}{_DLR}", "TWD"),
    (_DLR, "USD"),
    (r"euros?", "EUR"),
    (r"pounds?\s{1,2}sterling|(?:British\s{1,2})?pounds?(?!\s{1,3}of\b)|sterling|stg", "GBP"),
    (r"(?:Japanese\s{1,2})?yen", "JPY"),
    (r"(?:Chinese\s{1,2})?(?:yuan|renminbi)", "CNY"),
    (r"(?:Indian\s{1,2})?rupees?", "INR"),
    (r"(?:South\s{1,2})?(?:Korean\s{1,2})?won", "KRW"),
    (r"Swiss\s{1,2}francs?", "CHF"),
    (r"Belgian\s{1,2}francs?", "BEF"),
    (r"(?:French\s{1,2})?francs?", "FRF"),
    (r"(?:Italian\s{1,2})?lire", "ITL"),
    (r"(?:Turkish\s{1,2})?liras?", "TRY"),
    (r"(?:West\s{1,2})?(?:German\s{1,2}|Deutsche?\s{0,2}|D-)marks?|deutschmarks?", "DEM"),
    (r"marks?", "DEM"),  # only after a scale word: see _atom_at
    (r"(?:Dutch\s{1,2})?guilders?", "NLG"),
    (r"(?:Spanish\s{1,2})?pesetas?", "ESP"),
    (r"Swedish\s{1,2}(?:crowns?|kronor|krona)", "SEK"),
    (r"Norwegian\s{1,2}(?:crowns?|kroner|krone)", "NOK"),
    (r"Danish\s{1,2}(?:crowns?|kroner|krone)", "DKK"),
    (r"(?:Brazilian\s{1,2})?reais", "BRL"),
    (r"Mexican\s{1,2}pesos?", "MXN"),
    (r"(?:South\s{1,2}African\s{1,2})?rand", "ZAR"),
    (r"(?:Russian\s{1,2})?r[ou]bles?", "RUB"),
    (r"(?:Saudi\s{1,2})?riyals?", "SAR"),
    (r"(?:UAE\s{1,2}|Emirati\s{1,2})?dirhams?", "AED"),
    (r"(?:Indonesian\s{1,2})?rupiah", "IDR"),
    (r"(?:Israeli\s{1,2})?(?:new\s{1,2})?shekels?", "ILS"),
    (
        r"(?-i:USD|EUR|GBP|JPY|CNY|RMB|INR|CAD|AUD|NZD|KRW|CHF|HKD|SGD|TWD|SEK|NOK|DKK|BRL|MXN|"
        r"ZAR|RUB|TRY|SAR|AED|IDR|ILS)",
        "",
    ),
]
_SUFFIX_RE = re.compile(
    r"[\s\-]{0,2}(?:"
    + "|".join(f"(?P<c{i}>{rx})" for i, (rx, _) in enumerate(_SUFFIX_CURRENCIES))
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
#: Currency words that are ordinary words too: money only after a scale word.
_NEEDS_SCALE = frozenset({"won", "mark", "marks", "rand", "real"})
_SUFFIX_ISO = {f"c{i}": iso for i, (_, iso) in enumerate(_SUFFIX_CURRENCIES)}

#: Currency signs and codes before an amount: regex -> ISO (by normalised text).
_PREFIX_RE = re.compile(
    r"(?:"
    r"(?<![A-Za-z])(?:U\.S\.|US)\s\$"
    r"|(?<![A-Za-z])(?:U\.S\.|US|USD|C|CA|CAD|Can|A|AU|AUD|NZ|HK|S|SG|NT|R|MX|Z)?\$(?:\s?US|\s?A|\s?C)?"
    r"|€|£|¥|₹|₩|₽|₺|₪"
    r"|(?<![A-Za-z])(?:USD|EUR|GBP|JPY|CNY|RMB|INR|Rs\.?|Rp\.?|CHF|SFr\.?|Fr\.|KRW|CAD|AUD|NZD"
    r"|HKD|SGD|TWD|SEK|NOK|DKK|BRL|MXN|ZAR|RUB|TRY|SAR|AED|IDR|ILS|DM|Dfl)"
    r")[\s\u00a0]{0,2}$"
)
_PREFIX_ISO: dict[str, str] = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "USD$": "USD", "$US": "USD", "C$": "CAD",
    "CA$": "CAD", "CAD$": "CAD", "CAN$": "CAD", "$C": "CAD", "A$": "AUD", "AU$": "AUD",
    "AUD$": "AUD", "$A": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "SG$": "SGD",
    "NT$": "TWD", "R$": "BRL", "MX$": "MXN", "Z$": "ZWL", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS", "RMB": "CNY",
    "RS": "INR", "RS.": "INR", "RP": "IDR", "RP.": "IDR", "SFR": "CHF", "SFR.": "CHF",
    "FR.": "CHF", "DM": "DEM", "DFL": "NLG",
}  # fmt: skip

_SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "lac": 1e5, "lakhs": 1e5, "million": 1e6,
    "mln": 1e6, "mn": 1e6, "m": 1e6, "mil": 1e6, "crore": 1e7, "crores": 1e7, "cr": 1e7,
    "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "trn": 1e12, "t": 1e12, "mio": 1e6, "mrd": 1e9, "md": 1e9, "milliard": 1e9,
    "milliards": 1e9,
}  # fmt: skip
_SCALE_RE = re.compile(
    r"(?:[\s\-\u00a0]{0,2}(?P<w>lakh\s{1,2}crores?|thousand\s{1,2}crores?|thousand|lakhs?|lac"
    r"|million|mln|mil|mn|mio|crores?|cr|billion|bln|bn|milliards?|mrd|md|trillion|trn|tn)"
    r"|(?P<l>[kmbt]))(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_MONEY_SCALE_WORD = r"(?:thousand|lakhs?|million|mln|mn|crores?|billion|bln|bn|trillion|tn)"

#: Digit numbers; the look-behind keeps a scan from restarting inside a number.
_NUM_RE = re.compile(
    r"(?<![\d.,])(?:\d{1,3},\d{1,2}(?=\s?(?:Mrd|Mio|Md|milliards?)\b)"
    r"|(?:\d{1,3}(?:,\d{2})*(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\d])"
)
#: A comma right after a number and before a digit: a malformed or European number.
_COMMA_DIGIT_RE = re.compile(r",\d")
#: Number words directly before a scale word ("one billion", "half a billion").
_WORDNUM_RE = re.compile(
    rf"(?<![A-Za-z\-])(?:half\s{{1,2}}an?|an?|{_NUMWORD_ALT}|hundred|and|half|dozen)"
    rf"(?:[\s\-]{{1,2}}(?:{_NUMWORD_ALT}|hundred|and|an?|half)){{0,6}}"
    rf"(?=[\s\-]{{1,2}}{_MONEY_SCALE_WORD}(?![A-Za-z]))",
    re.IGNORECASE,
)
_RANGE_GAP_RE = re.compile(r"\s{0,3}(?:-|–|—|to|and|through)\s{0,3}", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"(?<![A-Za-z])between\s{1,3}$", re.IGNORECASE)
_FROM_RE = re.compile(r"(?<![A-Za-z])from\s{1,3}$", re.IGNORECASE)
_YEAR_CTX_RE = re.compile(r"(?<![A-Za-z])(?:in|constant|of|fiscal|real)\s{1,3}$", re.IGNORECASE)
_PERCENT_RE = re.compile(r"\s{0,2}(?:%|percent\b|per\s?cent\b|pct\b)", re.IGNORECASE)
_SUFFIX_HEDGE_RE = re.compile(r"\+|-plus\b|\s{1,2}or\s{1,2}(?:more|so)\b|-odd\b", re.IGNORECASE)

_PERIOD_UNITS: dict[str, str] = {
    "day": "day", "d": "day", "daily": "day", "week": "week", "wk": "week",
    "weekly": "week", "month": "month", "mo": "month", "mth": "month", "monthly": "month",
    "quarter": "quarter", "qtr": "quarter", "quarterly": "quarter", "year": "year",
    "yr": "year", "annum": "year", "annually": "year", "yearly": "year", "annual": "year",
    "annualized": "year", "annualised": "year", "p.a.": "year",
}  # fmt: skip
_PERIOD_AFTER_RE = re.compile(
    r"(?:[\s\-]{1,2}(?:per|a|an|each|every)[\s\-]{1,2}(?P<u1>day|week|month|quarter|year|annum)"
    r"(?![A-Za-z])(?![\s\-]{1,3}(?:ago|earlier|later|before|after|prior|since|from|or\s+so\s+ago)\b)"
    r"|\s{0,1}/\s{0,1}(?P<u2>day|d|week|wk|month|mo|mth|quarter|qtr|year|yr|annum)(?![A-Za-z])"
    r"|[\s\-]{1,2}(?P<u3>daily|weekly|monthly|quarterly|annually|yearly|annualized|annualised"
    r"|p\.a\.)(?![A-Za-z])"
    r"|\s{1,2}in\s{1,2}(?P<u4>annual(?:ized|ised)?|yearly|monthly|quarterly|weekly|daily)(?![A-Za-z])"
    # "$1 billion of revenue a year": the rate of what a contract brings in
    r"|\s{1,2}(?:of|in)\s{1,2}(?:revenues?|sales)\s{1,2}(?:per|a|an|each|every)\s{1,2}"
    r"(?P<u5>day|week|month|quarter|year|annum)(?![A-Za-z])"
    r")",
    re.IGNORECASE,
)
_PERIOD_BEFORE_ENDS = ("of", "at", "is", "was", "totaling", "totalling", "worth", "reaching")
_PERIOD_BEFORE_RE = re.compile(
    r"(?<![A-Za-z])(?P<u>annual(?:ly|ized|ised)?|yearly|monthly|quarterly|weekly|daily"
    r"|per[\s\-](?:year|month|quarter|week|day))"
    r"\s{1,3}(?:[A-Za-z\-]{1,20}\s{1,3}){0,3}?"
    r"(?:of|at|is|was|totaling|totalling|worth|valued\s{1,3}at|reaching)\s{1,3}$",
    re.IGNORECASE,
)
#: Words right before a currency-less amount that make it money ("a total of 7.4 billion").
_MONEY_CUE_RE = re.compile(
    r"(?<![A-Za-z])(?:total(?:ing|ling)?(?:\s{1,3}of)?|valued\s{1,3}at|worth|price\s{1,3}of"
    r"|priced\s{1,3}at|cost(?:ing|s)?(?:\s{1,3}of)?|paid|pay|paying|for|raised?|raising"
    r"|invest(?:ed|ing)?|value\s{1,3}of|sum\s{1,3}of|consideration\s{1,3}of)"
    r"\s{1,3}(?:(?:an?|the|some|about|around|roughly|approximately|nearly|almost|up\s{1,3}to"
    r"|more\s{1,3}than|over)\s{1,3})?$",
    re.IGNORECASE,
)
#: What may follow a currency-less amount: punctuation or a function word, not a noun
#: ("for 11 mln shares" counts shares).
_BARE_END_RE = re.compile(
    r"\s{0,2}(?:[.,;:)!?\]\-–—\"'”’]|$|(?:if|and|or|in|on|at|for|to|with|from|by|which|that"
    r"|but|when|while|as|under|after|before|plus|including|was|is|were|will|would|could)\b)",
    re.IGNORECASE,
)
_MONEY_HINT_RE = re.compile(r"\d|illion|mln|bln|\bbn\b|\bmn\b|crore|lakh", re.IGNORECASE)


@dataclass(slots=True)
class _Atom:
    """One number with its own currency and scale, before ranges are joined."""

    start: int  # where the prefix currency (or the number) starts
    num_start: int
    num_end: int
    end: int  # after scale and suffix currency
    number: float
    scale: float | None
    pre: str | None
    suf: str | None
    plain: bool  # a bare integer of digits without comma or decimals


def _prefix_currency(text: str, num_start: int) -> tuple[str | None, int]:
    """The currency sign or code ending right before ``num_start``, and its start."""
    win = _window(text, num_start, 12)
    last = win.rstrip()[-1:]
    if not last or not (last.isalpha() or last in "$€£¥₹₩₽₺₪."):
        return None, num_start
    m = _PREFIX_RE.search(win)
    if not m:
        return None, num_start
    raw = m.group(0).strip().replace("\u00a0", "").replace(" ", "")
    key = raw.upper() if raw.upper() in _PREFIX_ISO else raw
    iso = _PREFIX_ISO.get(key) or _PREFIX_ISO.get(raw.upper())
    if iso is None and re.fullmatch(r"[A-Z]{3}", raw):
        iso = raw
    if iso is None:
        return None, num_start
    return iso, num_start - (len(win) - m.start())


def _atom_at(text: str, num_start: int, num_end: int, number: float, plain: bool) -> _Atom | None:
    """Read prefix currency, scale and suffix currency around one number."""
    pre, start = _prefix_currency(text, num_start)
    if pre is None and num_start > 0 and text[num_start - 1].isalpha():
        return None  # "H100", "COVID19": part of a word
    pos = num_end
    scale: float | None = None
    sm = _SCALE_RE.match(text, pos)
    if sm:
        word = (sm.group("w") or sm.group("l")).lower()
        word = re.sub(r"\s+", " ", word)
        if word.startswith("lakh") and "crore" in word:
            scale = 1e12
        elif word.startswith("thousand") and "crore" in word:
            scale = 1e10
        else:
            scale = _SCALE_WORDS.get(word.rstrip("s") if word not in _SCALE_WORDS else word)
        if scale is not None:
            pos = sm.end()
    if scale is None and pos < len(text) and (text[pos].isalpha() or text[pos] == "_"):
        return None  # "5G", "1e309", "3D"
    suf: str | None = None
    cm = _SUFFIX_RE.match(text, pos)
    if cm and cm.lastgroup:
        iso = _SUFFIX_ISO[cm.lastgroup] or cm.group(0).strip(" -").upper()
        if iso == "RMB":
            iso = "CNY"
        if scale is None and pre is None and cm.group(0).strip(" -").lower() in _NEEDS_SCALE:
            iso = ""  # "3 won" (the verb), "5 marks" (grades): money only with a scale
        if iso:
            suf = iso
            pos = cm.end()
    return _Atom(start, num_start, num_end, pos, number, scale, pre, suf, plain)


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _NUM_RE.finditer(text):
        digits = m.group(0)
        if len(digits) > _MAX_DIGITS:
            continue
        if _COMMA_DIGIT_RE.match(text, m.end()):
            continue  # "2,5" or "1,2345": not a number we can read safely
        european = re.fullmatch(r"\d{1,3},\d{1,2}", digits) is not None
        value = _float(digits.replace(",", ".") if european else digits)
        if value is None:
            continue
        plain = digits.isdigit()
        atom = _atom_at(text, m.start(), m.end(), value, plain)
        if atom is not None:
            atoms.append(atom)
    for m in _WORDNUM_RE.finditer(text):
        tokens = [t for t in _TOKEN_SPLIT_RE.split(m.group(0).lower()) if t]
        # The longest tail that reads as a number: "the deal and one" -> "one".
        offset = m.start()
        words = list(re.finditer(r"[^\s\-]+", m.group(0)))
        for k in range(len(tokens)):
            value = _parse_words(tokens[k:])
            if value is not None:
                offset = m.start() + words[k].start()
                break
        else:
            continue
        atom = _atom_at(text, offset, m.end(), value, False)
        if atom is not None and atom.scale is not None:
            atoms.append(atom)
    atoms.sort(key=lambda a: a.num_start)
    return atoms


def _usd_ok(value: float, currency: str) -> bool:
    if not math.isfinite(value) or value <= 0:
        return False
    rate = USD_RATES.get(currency, 1.0)
    return value / rate <= MAX_USD_VALUE


def _money_from(
    text: str,
    first: _Atom,
    last: _Atom,
    value: float,
    currency: str,
    low: float | None,
    high: float | None,
    start: int,
) -> MoneyMention | None:
    if not _usd_ok(value, currency) or (low is not None and not _usd_ok(low, currency)):
        return None
    approximate = low is not None
    hm = None
    if start > 0 and (text[start - 1].isspace() or text[start - 1] == "~"):
        hm = _HEDGE_BEFORE_RE.search(_window(text, start, 30))
    if (
        hm
        and hm.group(0).strip().lower() == "over"
        and _PHRASAL_OVER_RE.search(_window(text, start - (hm.end() - hm.start()), 16))
    ):
        hm = None  # "taken over $5 million of shares": a verb, not a hedge
    if hm:
        approximate = True
        start -= hm.end() - hm.start()
    end = last.end
    sh = _SUFFIX_HEDGE_RE.match(text, end)
    if sh:
        approximate = True
        end = sh.end()
    period: str | None = None
    pm = _PERIOD_AFTER_RE.match(text, end)
    if pm:
        unit = next(g for g in pm.groups() if g)
        period = _PERIOD_UNITS.get(unit.lower())
        if not pm.group("u5"):  # "of revenue" stays outside the span: it says what it is
            end = pm.end()
    else:
        before = _window(text, start, 70)
        bm = None
        if before.rstrip().lower().endswith(_PERIOD_BEFORE_ENDS):
            bm = _PERIOD_BEFORE_RE.search(before)
        if bm:
            unit = re.split(r"[\s\-]", bm.group("u").lower())[-1]
            period = _PERIOD_UNITS.get("year" if unit.startswith("annual") else unit)
    return MoneyMention(
        value=value,
        currency=currency,
        approximate=approximate,
        period=period,
        start=start,
        end=end,
        text=text[start:end],
        low=low,
        high=high,
    )


def _range(text: str, a: _Atom, b: _Atom) -> MoneyMention | None:
    """``a`` and ``b`` joined as one range mention, or ``None`` when they are not one."""
    gap = text[a.end : b.start]
    gm = _RANGE_GAP_RE.fullmatch(gap)
    if not gm:
        return None
    before = _window(text, a.start, 12)
    between = _BETWEEN_RE.search(before)
    if gap.strip().lower() == "and" and not between:
        return None
    if _FROM_RE.search(before) or gap.strip().lower() == "through" and not between:
        return None
    cur_a = a.pre or a.suf
    cur_b = b.pre or b.suf
    if cur_a and cur_b and cur_a != cur_b:
        return None
    currency = cur_a or cur_b
    if currency is None:
        return None
    if a.suf and not b.suf and not b.pre:
        return None  # "5 mln dlrs to 6": not a range worth reading
    low_scale = a.scale
    if low_scale is None and b.scale is not None:
        if not a.suf and a.number < b.number:
            low_scale = b.scale
        elif cur_a is None:
            return None  # "in 1987 to 14 mln dlrs": the low end is no amount
    low = a.number * (low_scale or 1.0)
    high = b.number * (b.scale or 1.0)
    if not low < high:
        return None
    start = a.start
    if between:
        start -= between.end() - between.start()
    return _money_from(text, a, b, high, currency, low, high, start)


def find_money(text: str, *, default_currency: str | None = None) -> list[MoneyMention]:
    """Every money mention in ``text``, in order (see the module docstring for rules).

    Currencies come from signs and codes before the number ("$", "US$", "€", "Rs",
    "C$") or words after it ("dlrs", "stg", "yen", "crore rupees"); scales from
    k/m/bn/mln/million/billion/trillion and lakh/crore. Ranges give ``value`` =
    upper end with ``low``/``high`` and ``approximate=True``.

    ``default_currency`` (an ISO code, e.g. the currency the rest of the article
    uses) also reads a scaled amount with no currency of its own when a money cue
    comes right before it ("a total of 7.4 billion", "valued at 2 billion");
    ``"auto"`` takes the currency the text's own mentions use most.
    """
    if not isinstance(text, str) or not text or not _MONEY_HINT_RE.search(text):
        return []
    if default_currency == "auto":
        found = _find_money(text, None)
        counts = Counter(m.currency for m in found)
        if not counts:
            return found
        return _find_money(text, counts.most_common(1)[0][0])
    return _find_money(text, default_currency)


def _find_money(text: str, default_currency: str | None) -> list[MoneyMention]:
    atoms = _atoms(text)
    out: list[MoneyMention] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if out and a.start < out[-1].end:
            i += 1
            continue
        if i + 1 < len(atoms):
            joined = _range(text, a, atoms[i + 1])
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        i += 1
        currency = a.pre or a.suf
        if (
            currency is None
            and isinstance(default_currency, str)
            and re.fullmatch(r"[A-Za-z]{3}", default_currency)
            and a.scale is not None
            and a.scale >= 1e6
            and _MONEY_CUE_RE.search(_window(text, a.start, 40))
            and _BARE_END_RE.match(text, a.end)
        ):
            currency = default_currency.upper()
        if currency is None:
            continue
        if _PERCENT_RE.match(text, a.num_end):
            continue
        if (
            a.pre is None
            and a.scale is None
            and a.plain
            and 1800 <= a.number <= 2199
            and _YEAR_CTX_RE.search(_window(text, a.start, 12))
        ):
            continue  # "in 2024 dollars"
        mention = _money_from(
            text, a, a, a.number * (a.scale or 1.0), currency, None, None, a.start
        )
        if mention is not None:
            out.append(mention)
    return out


def parse_money(text: str) -> MoneyMention | None:
    """The first money mention in a short string, or ``None`` when it has none."""
    found = find_money(text)
    return found[0] if found else None


# ---------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------

_DUR_NUM = (
    rf"(?:\d{{1,3}}(?:\.\d{{1,2}})?|(?:{_NUMWORD_ALT})(?:[\s\-](?:{_NUMWORD_ALT}))?)"
    r"(?:[\s\-]and[\s\-]an?[\s\-]half)?"
)
_DUR_UNIT_MONTHS = {"year": 12, "month": 1, "decade": 120}
_DUR_EXCLUDE = (
    r"(?![\s\-]{1,3}(?:old|olds|high|highs|low|lows|ago|earlier|later|before|after|anniversary"
    r"|history|record|treasury|treasuries|yields?|notes?|bonds?|gilts?|bund|mortgages?|period\s+ago"
    r"|time\s+frame\s+ago)\b)"
)
_DEAL_NOUNS = (
    r"(?:deal|contract|agreement|term|lease|partnership|pact|commitment|arrangement|period|plan"
    r"|program|programme|extension|license|licence|licensing|collaboration|alliance|supply"
    r"|purchase|investment|loan|facility|accord|tie-?up|joint\s+venture|offtake|deal|renewal"
    r"|engagement|subscription|reservation|capacity|lease)"
)
#: "a five-year deal", "10-year lease", "a 5 year contract", "two-and-a-half-year".
_DUR_ADJ_RE = re.compile(
    rf"(?<![\w.\-])(?P<n>{_DUR_NUM})(?:-(?P<u>year|month|decade)(?:-long)?{_DUR_EXCLUDE}"
    rf"(?![\w\-])|\s(?P<u2>year|month)(?=\s{{1,2}}(?:[A-Za-z\-]{{1,20}}\s{{1,2}}){{0,2}}{_DEAL_NOUNS}\b))",
    re.IGNORECASE,
)
#: "over five years", "for 18 months", "over the next two decades", "for a year".
_DUR_PREP_RE = re.compile(
    r"(?<![A-Za-z])(?P<p>over|for|during|across|spanning|spans?|lasting|lasts|term\s+of"
    r"|period\s+of|duration\s+of|extending|extends?|running|runs?)"
    r"\s{1,3}(?:(?:the|a|an)\s{1,3})?(?:(?:next|following|first|initial|coming|additional|further"
    r"|subsequent)\s{1,3})?(?:period\s+of\s{1,3})?"
    r"(?:(?:about|around|roughly|approximately|nearly|almost|some|up\s+to|more\s+than|at\s+least)"
    r"\s{1,3})?"  # "over roughly three years"
    rf"(?P<n>an?|{_DUR_NUM})[\s\-]{{1,2}}(?P<u>years?|months?|decades?)(?![\w\-])"
    r"(?!\s{1,3}(?:ago|earlier|later|old|before|after)\b)",
    re.IGNORECASE,
)


def _duration_number(raw: str) -> float | None:
    s = raw.lower()
    half = 0.0
    hm = re.search(r"[\s\-]and[\s\-]an?[\s\-]half$", s)
    if hm:
        half = 0.5
        s = s[: hm.start()]
    value = parse_number(s)
    return value + half if value is not None else None


def find_durations(text: str) -> list[DurationMention]:
    """Deal terms in ``text``: "over five years" -> 60 months, "a 10-year lease" -> 120.

    Reads adjectival forms ("five-year", "18-month", "a 5 year contract") and
    prepositional ones ("for 18 months", "over the next two decades"). Vague terms
    ("multi-year") and end dates ("through 2031") are skipped.
    """
    if not isinstance(text, str) or not text:
        return []
    lowered = text.lower()
    if "year" not in lowered and "month" not in lowered and "decade" not in lowered:
        return []
    found: list[tuple[int, int, int]] = []
    for rx in (_DUR_PREP_RE, _DUR_ADJ_RE):
        for m in rx.finditer(text):
            number = _duration_number(m.group("n"))
            unit = (m.groupdict().get("u") or m.groupdict().get("u2") or "").lower().rstrip("s")
            if number is None or unit not in _DUR_UNIT_MONTHS:
                continue
            months = round(number * _DUR_UNIT_MONTHS[unit])
            if not 0 < months <= 1200:
                continue
            start = m.start()
            found.append((start, m.end(), months))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[DurationMention] = []
    for start, end, months in found:
        if out and start < out[-1].end:
            continue
        out.append(DurationMention(months=months, start=start, end=end, text=text[start:end]))
    return out


# ---------------------------------------------------------------------------
# Accelerators
# ---------------------------------------------------------------------------

#: Where the accelerator list lives.
ACCELERATORS_PATH = Path(__file__).resolve().parent.parent / "data" / "accelerators.json"


@dataclass(frozen=True, slots=True)
class _Head:
    name: str | None  # model name, None for a generic noun
    vendor: str | None
    kind: str  # "chip", "architecture", "generic" or "hardware"
    needs_context: bool


def _load_accelerators(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


_ACCEL = _load_accelerators(ACCELERATORS_PATH)
_HEADS: dict[str, _Head] = {}
_head_alts: list[str] = []
for _i, _model in enumerate(_ACCEL["models"]):
    _HEADS[f"m{_i}"] = _Head(
        _model["name"], _model["vendor"], _model["kind"], bool(_model.get("needs_context"))
    )
    _head_alts.append(f"(?P<m{_i}>(?:{'|'.join(_model['patterns'])})s?)")
for _i, _gen in enumerate(_ACCEL["generic"]):
    _HEADS[f"g{_i}"] = _Head(
        None,
        _gen.get("vendor"),
        "hardware" if _gen.get("hardware") else "generic",
        bool(_gen.get("needs_context")),
    )
    _head_alts.append(f"(?P<g{_i}>{_gen['pattern']})")
_HEAD_RE = re.compile(
    r"(?<![A-Za-z0-9\-])(?:" + "|".join(_head_alts) + r")(?![A-Za-z0-9])", re.IGNORECASE
)
_GPU_VENDORS = frozenset(_ACCEL.get("gpu_vendors", []))
_VENDOR_OF: dict[str, str] = {}
for _vendor, _words in _ACCEL["vendors"].items():
    for _w in _words:
        _VENDOR_OF[_w.lower()] = _vendor
_VENDOR_ALT = "|".join(
    re.escape(w).replace(r"\ ", r"\s{1,2}")
    for w in sorted({w for ws in _ACCEL["vendors"].values() for w in ws}, key=len, reverse=True)
)


def _literal_prefix(pattern: str) -> str | None:
    """The plain letters a regex must start with (after a leading optional group), lowercased."""
    rest = re.sub(r"^\(\?:[^()]*\)\?", "", pattern)
    m = re.match(r"[A-Za-z0-9]{2,}", rest)
    if not m:
        return None
    prefix = m.group(0)
    if rest[m.end() : m.end() + 1] in ("?", "*", "{"):
        prefix = prefix[:-1]  # "MI250X?": the last letter is optional
    return prefix.lower() if len(prefix) >= 2 else None


def _gpu_keywords() -> tuple[str, ...]:
    """Lower-case strings, one of which every accelerator mention contains."""
    words: set[str] = {v.lower() for v in _GPU_VENDORS}
    for vendor in _GPU_VENDORS:
        words.update(w.lower() for w in _ACCEL["vendors"].get(vendor, []))
    words.update(("chip", "accelerator", "processor", "tpu", "gpu"))
    for entry in [*_ACCEL["models"], *_ACCEL["generic"]]:
        if entry.get("hardware"):
            continue  # only counted after a GPU vendor's name, which is a keyword
        for pattern in entry.get("patterns", [entry.get("pattern", "")]):
            prefix = _literal_prefix(pattern)
            if prefix is None:
                raise ValueError(f"accelerator pattern without a literal start: {pattern!r}")
            words.add(prefix)
    return tuple(sorted(words))


_GPU_KEYWORDS = _gpu_keywords()
_FILLER = (
    r"(?:new|additional|more|extra|advanced|high-end|high-performance|powerful|AI|"
    r"artificial\s+intelligence|next-generation|next-gen|latest|cutting-edge|flagship|top-end|"
    r"data[\s\-]cent(?:er|re)|current|upcoming|future|custom|in-house|dedicated|specialized|"
    r"specialised|top-of-the-line|state-of-the-art|leading|premium|fastest|most\s+advanced|"
    r"server|cloud|training|inference|the|its|their|our)"
)
_GPU_COUNT = (
    r"(?<![\w.,$€£¥])(?:\d{1,3}(?:,\d{3})+|\d{1,9}(?:\.\d{1,3})?)"  # not "309" of "1e309"
    r"(?:\s?(?:k|thousand|million|mn|mln|m)(?![A-Za-z]))?(?:\+|-plus)?"
    rf"|(?<![A-Za-z])(?:half\s+a\s+million|an?\s+(?:thousand|million|dozen)"
    rf"|(?:{_NUMWORD_ALT})(?:[\s\-](?:{_NUMWORD_ALT}|hundred)){{0,3}}(?:\s(?:thousand|million))?)"
)
_GPU_VAGUE = (
    r"(?<![A-Za-z])(?:(?:tens|hundreds)\s+of\s+thousands|thousands|millions|hundreds|tens\s+of"
    r"\s+millions|dozens|several\s+(?:thousand|hundred|million)|a\s+few\s+(?:thousand|hundred|"
    r"million)|many\s+thousands)(?:\s+of)?"
)
_GPU_LEFT_RE = re.compile(
    rf"(?:(?<![A-Za-z])(?P<hedge>{_HEDGE_ALT})\s{{1,3}}|(?P<tilde>~)\s{{0,2}})?"
    rf"(?:(?P<count>{_GPU_COUNT})\s{{1,3}}(?:of\s{{1,3}})?|(?P<vague>{_GPU_VAGUE})\s{{1,3}})?"
    rf"(?:(?<![A-Za-z]){_FILLER}\s{{1,3}}){{0,3}}"
    rf"(?:(?<![A-Za-z])(?P<vendor>{_VENDOR_ALT})(?:'s|’s)?\s{{1,3}})?"
    rf"(?:(?<![A-Za-z]){_FILLER}\s{{1,3}}){{0,3}}$",
    re.IGNORECASE,
)
_GPU_RIGHT_VENDOR_RE = re.compile(
    rf"\s{{1,3}}(?:from|by|made\s+by|supplied\s+by|built\s+by|designed\s+by)\s{{1,3}}"
    rf"(?P<vendor>{_VENDOR_ALT})(?![A-Za-z])",
    re.IGNORECASE,
)
_GPU_JOIN_RE = re.compile(
    r"[\s\-]{0,3}(?:(?:Tensor\s+Core|series|family|class|generation|based|powered|NVL\d{1,3}"
    r"|Ultra|SXM\d?|PCIe)[\s\-]{1,3}){0,2}",
    re.IGNORECASE,
)
_YEAR_PREP_RE = re.compile(
    r"(?<![A-Za-z])(?:in|by|since|until|through|from|during|of|before|after|early|late|mid)"
    r"[\s\-]{1,3}$",
    re.IGNORECASE,
)
_COUNT_SPLIT_RE = re.compile(
    r"^(?P<n>.*?)(?:\s?(?P<s>k|thousand|million|mn|mln|m))?(?:\+|-plus)?$", re.IGNORECASE
)


def _gpu_count(raw: str) -> tuple[int | None, bool]:
    """A count phrase as (count, plus) where ``plus`` says "+"/"-plus" followed."""
    s = raw.strip()
    plus = s.endswith("+") or s.lower().endswith("-plus")
    m = _COUNT_SPLIT_RE.match(s)
    if not m:
        return None, plus
    number = parse_number(m.group("n"))
    scale = m.group("s")
    if scale:
        number = None if number is None else number * _SCALE_WORDS[scale.lower()]
    if number is None or not math.isfinite(number) or number <= 0 or number > 1e9:
        return None, plus
    if abs(number - round(number)) > 1e-6:
        return None, plus
    return int(round(number)), plus


def find_gpus(text: str) -> list[GpuMention]:
    """Accelerator mentions: count, vendor and model ("around 110,000 Nvidia GPUs").

    Models and generic nouns come from ``pipeline/data/accelerators.json``; a
    count is the number right before ("50k H100s", "116,600 of Nvidia's GB300
    chips"); "hundreds of thousands of GPUs" gives ``count=None`` and
    ``approximate=True``. Years are not counts ("in 2025 GPUs").
    """
    if not isinstance(text, str) or not text:
        return []
    lowered = text.lower()
    if not any(k in lowered for k in _GPU_KEYWORDS):
        return []
    heads = [m for m in _HEAD_RE.finditer(text) if m.lastgroup]
    out: list[GpuMention] = []
    i = 0
    while i < len(heads):
        group = [heads[i]]
        while i + 1 < len(heads):
            nxt = heads[i + 1]
            gap_start = group[-1].end()
            if nxt.start() - gap_start > 40:
                break
            jm = _GPU_JOIN_RE.match(text, gap_start)
            if not jm or jm.end() != nxt.start():
                break
            group.append(nxt)
            i += 1
        i += 1
        g_start, g_end = group[0].start(), group[-1].end()
        infos = [_HEADS[m.lastgroup] for m in group if m.lastgroup]
        chips = [h for h in infos if h.kind == "chip"]
        archs = [h for h in infos if h.kind == "architecture"]
        generics = [h for h in infos if h.kind == "generic"]
        hardware_only = not chips and not archs and not generics
        best = chips[0] if chips else (archs[0] if archs else None)
        model = best.name if best else None
        vendor = best.vendor if best else next((h.vendor for h in generics if h.vendor), None)

        left = _window(text, g_start, 120)
        lm = _GPU_LEFT_RE.search(left)
        count: int | None = None
        approximate = False
        start = g_start
        vague = False
        if lm:
            if lm.group("vendor") and vendor is None:
                vendor = _VENDOR_OF.get(re.sub(r"\s+", " ", lm.group("vendor")).lower())
            if lm.group("vendor"):
                start = g_start - (len(left) - lm.start("vendor"))
            if lm.group("count"):
                c_start = g_start - (len(left) - lm.start("count"))
                count, plus = _gpu_count(lm.group("count"))
                raw = lm.group("count")
                if (
                    count is not None
                    and raw.isdigit()
                    and 1900 <= count <= 2100
                    and _YEAR_PREP_RE.search(_window(text, c_start, 12))
                ):
                    count = None
                if count is not None:
                    start = c_start
                    approximate = plus
            elif lm.group("vague"):
                vague = True
                approximate = True
                start = g_start - (len(left) - lm.start("vague"))
            if (count is not None or vague) and (lm.group("hedge") or lm.group("tilde")):
                approximate = True
                h_at = lm.start("hedge") if lm.group("hedge") else lm.start("tilde")
                start = g_start - (len(left) - h_at)
        end = g_end
        if vendor is None:
            rm = _GPU_RIGHT_VENDOR_RE.match(text, g_end)
            if rm:
                vendor = _VENDOR_OF.get(re.sub(r"\s+", " ", rm.group("vendor")).lower())
                end = rm.end()
        has_context = (
            count is not None
            or vague
            or bool(generics)
            or (lm is not None and bool(lm.group("vendor")))
        )
        if best is not None and best.needs_context and not has_context:
            continue
        if hardware_only:
            if vendor not in _GPU_VENDORS:
                continue
            count, vague, approximate = None, False, False
            if lm is not None and lm.group("vendor"):
                start = g_start - (len(left) - lm.start("vendor"))
            else:
                start = g_start
        elif best is None:
            needs = all(h.needs_context for h in generics)
            if count is None and not vague and (vendor is None or needs):
                continue
            if needs and count is None:
                continue
        out.append(
            GpuMention(
                count=count,
                vendor=vendor,
                model=model,
                approximate=approximate,
                start=start,
                end=end,
                text=text[start:end],
            )
        )
    return out


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
        ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
        ("September", "Sept", "Sep"), ("October", "Oct"), ("November", "Nov"),
        ("December", "Dec"),
    ],
    start=1,
):  # fmt: skip
    for _name in _names:
        _MONTHS[_name.lower()] = _n
_MONTH_ALT = "|".join(
    alt
    for name in sorted(_MONTHS, key=len, reverse=True)
    for alt in (name.capitalize(), name.upper())
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ALT = "|".join(alt for d in _WEEKDAYS for alt in (d.capitalize(), d.upper()))
_WD_OPT = rf"(?:(?P<wd{{k}}>{_WEEKDAY_ALT})\.?,?\s{{{{1,3}}}})?"
_DATE_RE = re.compile(
    r"\b(?=[A-Za-z0-9])(?:"
    r"(?<![\d\-])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?![\d\-])"
    + "|"
    + _WD_OPT.format(k=1)
    + rf"\b(?P<m1>{_MONTH_ALT})\.?\s{{1,3}}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?![\d])"
    r"(?:,?\s{1,3}(?P<y1>\d{4})(?!\d))?"
    + "|"
    + _WD_OPT.format(k=2)
    + rf"(?<![\d.,$])\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s{{1,3}}(?P<m2>{_MONTH_ALT})\b\.?"
    r"(?:,?\s{1,3}(?P<y2>\d{4})(?!\d))?"
    + "|"
    + rf"\b(?P<m3>{_MONTH_ALT})\b\.?,?\s{{1,3}}(?P<y3>\d{{4}})(?!\d)"
    + "|"
    + r"(?<![A-Za-z])(?P<pre2>(?i:in|since|during|by|until|from|through|early|late|mid-?|end\s+of"
    + r"|beginning\s+of|start\s+of))\s{1,3}"
    + rf"(?P<m4>{_MONTH_ALT})\b(?!\.?,?\s{{0,3}}\d)"
    + "|"
    + rf"\b(?P<pre>on|On|ON|last|Last|LAST)\s{{1,3}}(?P<wd3>{_WEEKDAY_ALT})\b"
    + rf"(?!,?\s{{1,3}}(?:{_MONTH_ALT}|\d))"
    + "|"
    + rf"\b(?P<wd4>{_WEEKDAY_ALT})\b(?!,?\s{{1,3}}(?:{_MONTH_ALT}|\d))"
    + "|"
    + r"\b(?P<rel>(?i:yesterday|today))\b"
    + ")"
)
_WEEKDAY_CTX_RE = re.compile(
    r"(?<![A-Za-z])(?:said|says|announced|reported|disclosed|unveiled|confirmed|signed|agreed"
    r"|revealed|launched|completed|filed|late|early|earlier|published|stated)\s{1,3}$",
    re.IGNORECASE,
)


def _resolve_year(month: int, day: int, ref: dt.date) -> dt.date | None:
    """A year-less date read against ``ref``: this year, or last year if it would be >6 months ahead."""
    for year in (ref.year, ref.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if (d - ref).days <= 183:
            return d
    return None


def _days_before(ref: dt.date, days: int) -> str | None:
    """``ref`` minus ``days`` as ISO, or ``None`` before the first representable date."""
    try:
        return (ref - dt.timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, ref: dt.date | None = None) -> list[DateMention]:
    """Dates in ``text`` as ISO strings ("September 8, 2025" -> "2025-09-08").

    "March 2025" gives "2025-03". Dates without a year ("Sept. 8", "in May"), weekdays
    ("on Monday": the latest such day on or before ``ref``), "today" and
    "yesterday" need ``ref`` and are skipped without it. "last week" is skipped.
    """
    if not isinstance(text, str) or not text:
        return []
    if isinstance(ref, dt.datetime):
        ref = ref.date()
    elif not isinstance(ref, dt.date):
        ref = None
    out: list[DateMention] = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        start, end = m.start(), m.end()
        iso: str | None = None
        if g["iy"]:
            d = _valid_date(int(g["iy"]), int(g["im"]), int(g["id"]))
            iso = d.isoformat() if d else None
        elif g["m1"] or g["m2"]:
            month = _MONTHS[(g["m1"] or g["m2"]).lower()]
            day = int(g["d1"] or g["d2"])
            year = g["y1"] or g["y2"]
            if year:
                d = _valid_date(int(year), month, day)
            else:
                d = _resolve_year(month, day, ref) if ref else None
            iso = d.isoformat() if d else None
        elif g["m3"]:
            year = int(g["y3"])
            if 1900 <= year <= 2100:
                iso = f"{year:04d}-{_MONTHS[g['m3'].lower()]:02d}"
        elif g["m4"]:
            if ref is None:
                continue
            d = _resolve_year(_MONTHS[g["m4"].lower()], 1, ref)
            if d is None:
                continue
            iso = f"{d.year:04d}-{d.month:02d}"
            start = m.start("m4")
        elif g["wd3"] or g["wd4"]:
            if ref is None:
                continue
            if g["wd4"] and not _WEEKDAY_CTX_RE.search(_window(text, m.start(), 16)):
                continue
            wd = _WEEKDAYS.index((g["wd3"] or g["wd4"]).lower())
            back = (ref.weekday() - wd) % 7
            if g["pre"] and g["pre"].lower() == "last" and back == 0:
                back = 7
            iso = _days_before(ref, back)
            if g["pre"] and g["pre"].lower() == "on":
                start = m.start("wd3")
        elif g["rel"]:
            if ref is None:
                continue
            iso = _days_before(ref, 1 if g["rel"].lower() == "yesterday" else 0)
        if iso:
            out.append(DateMention(iso=iso, start=start, end=end, text=text[start:end]))
    return out


def parse_date(text: str, ref: dt.date | None = None) -> str | None:
    """The ISO form of the first date in ``text``, or ``None`` when it has none."""
    found = find_dates(text, ref)
    return found[0].iso if found else None
