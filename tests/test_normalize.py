"""Table-driven tests of the pure normalisers in ``pipeline.nlp.normalize``."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nlp.normalize import (
    DateMention,
    DurationMention,
    GpuMention,
    MoneyMention,
    find_dates,
    find_durations,
    find_gpus,
    find_money,
    parse_date,
    parse_money,
    parse_number,
)
from pipeline.schema import Amount, Gpus

B = 1e9
M = 1e6

# ---------------------------------------------------------------------------
# Money: (sentence, value, currency, approximate, period)
# ---------------------------------------------------------------------------

MONEY_CASES = [
    # symbols, codes and scale letters
    ("The startup raised $1.5B in new funding.", 1.5 * B, "USD", False, None),
    ("It paid $1,500,000 for the patents.", 1_500_000, "USD", False, None),
    ("a deal worth $ 2.3 billion", 2.3 * B, "USD", False, None),
    ("The buyout was valued at US$42.1 billion.", 42.1 * B, "USD", False, None),
    ("Acme agreed to a $30bn package.", 30 * B, "USD", False, None),
    ("The unit sold for $750m last year.", 750 * M, "USD", False, None),
    ("Seed round of $40k from angels", 40_000, "USD", False, None),
    ("It carries a $2T valuation.", 2e12, "USD", False, None),
    ("a $3.2 trillion market", 3.2e12, "USD", False, None),
    ("Bids came in at USD 2.5 billion.", 2.5 * B, "USD", False, None),
    ("priced at 2.5 billion USD", 2.5 * B, "USD", False, None),
    ("the $5-billion takeover", 5 * B, "USD", False, None),
    ("a $9 mil grant", 9 * M, "USD", False, None),
    ("a US $5 billion order", 5 * B, "USD", False, None),
    ("a $US50 million loan", 50 * M, "USD", False, None),
    ("issued EUR1.2bn of notes", 1.2 * B, "EUR", False, None),
    ("a $4 mn order", 4 * M, "USD", False, None),
    # wire-service style
    ("Widgetco said it would pay 14.6 mln dlrs.", 14.6 * M, "USD", False, None),
    ("The price is 7.25 MLN DLR in cash.", 7.25 * M, "USD", False, None),
    ("a stake valued at 3.1 mln U.S. dlrs", 3.1 * M, "USD", False, None),
    ("for 425,000 dlrs", 425_000, "USD", False, None),
    ("for 2,318,750 dlrs", 2_318_750, "USD", False, None),
    ("worth 2.6 billion dlrs", 2.6 * B, "USD", False, None),
    ("sold for 11 mln Canadian dlrs", 11 * M, "CAD", False, None),
    ("valued at 45 mln Australian dollars", 45 * M, "AUD", False, None),
    ("a bid of 310 mln stg", 310 * M, "GBP", False, None),
    ("for three billion stg", 3 * B, "GBP", False, None),
    ("worth 980 mln yen", 980 * M, "JPY", False, None),
    ("for 600 billion lire", 600 * B, "ITL", False, None),
    ("for 2.4 billion Belgian francs", 2.4 * B, "BEF", False, None),
    ("for 90 mln guilders", 90 * M, "NLG", False, None),
    ("for 75 mln marks", 75 * M, "DEM", False, None),
    # words
    ("a loan of four billion dollars", 4 * B, "USD", False, None),
    ("She spent a billion dollars on it.", 1 * B, "USD", False, None),
    ("nearly half a billion dollars", 0.5 * B, "USD", True, None),
    ("twenty-five million dollars in cash", 25 * M, "USD", False, None),
    ("two hundred million euros", 200 * M, "EUR", False, None),
    ("two and a half billion dollars", 2.5 * B, "USD", False, None),
    ("a million-dollar prize", 1 * M, "USD", False, None),
    # other currencies
    ("a €2.5 billion bond", 2.5 * B, "EUR", False, None),
    ("an order of 800 million euros", 800 * M, "EUR", False, None),
    ("EUR 120 million facility", 120 * M, "EUR", False, None),
    ("a £1bn fund", 1 * B, "GBP", False, None),
    ("for 40 million pounds", 40 * M, "GBP", False, None),
    ("¥250 billion plant", 250 * B, "JPY", False, None),
    ("30 billion yen", 30 * B, "JPY", False, None),
    ("RMB 8 billion", 8 * B, "CNY", False, None),
    ("12 billion yuan", 12 * B, "CNY", False, None),
    ("Rs 2,150 crore order", 21.5 * B, "INR", False, None),
    ("Rs. 75 lakh", 7.5 * M, "INR", False, None),
    ("₹900 crore", 9 * B, "INR", False, None),
    ("₹2 lakh crore", 2e12, "INR", False, None),
    ("3,000 crore rupees", 30 * B, "INR", False, None),
    ("INR 500 crore", 5 * B, "INR", False, None),
    ("C$1.2 billion", 1.2 * B, "CAD", False, None),
    ("CA$300 million", 300 * M, "CAD", False, None),
    ("600 million Canadian dollars", 600 * M, "CAD", False, None),
    ("A$4 billion", 4 * B, "AUD", False, None),
    ("AU$250 million", 250 * M, "AUD", False, None),
    ("₩5 trillion", 5e12, "KRW", False, None),
    ("7 trillion won", 7e12, "KRW", False, None),
    ("CHF 350 million", 350 * M, "CHF", False, None),
    ("SFr 90 million", 90 * M, "CHF", False, None),
    ("1.1 billion Swiss francs", 1.1 * B, "CHF", False, None),
    ("HK$6 billion", 6 * B, "HKD", False, None),
    ("S$900 million", 900 * M, "SGD", False, None),
    ("€3,5 Mrd", 3.5 * B, "EUR", False, None),
    # hedges
    ("about $3 billion", 3 * B, "USD", True, None),
    ("approximately $410 million", 410 * M, "USD", True, None),
    ("around $12bn", 12 * B, "USD", True, None),
    ("roughly $7 billion", 7 * B, "USD", True, None),
    ("almost $2 billion", 2 * B, "USD", True, None),
    ("some $800 million", 800 * M, "USD", True, None),
    ("more than $5 billion", 5 * B, "USD", True, None),
    ("over $1 billion", 1 * B, "USD", True, None),
    ("up to $15 billion", 15 * B, "USD", True, None),
    ("as much as $20 billion", 20 * B, "USD", True, None),
    ("an estimated $650 million", 650 * M, "USD", True, None),
    ("reportedly $9 billion", 9 * B, "USD", True, None),
    ("close to $1.8 billion", 1.8 * B, "USD", True, None),
    ("upwards of $400 million", 400 * M, "USD", True, None),
    ("in excess of $2 billion", 2 * B, "USD", True, None),
    ("at least $250 million", 250 * M, "USD", True, None),
    ("~$6B", 6 * B, "USD", True, None),
    ("a $10 billion-plus deal", 10 * B, "USD", True, None),
    ("about 90 mln dlrs", 90 * M, "USD", True, None),
    ("The state took over 25 mln dlrs of its shares.", 25 * M, "USD", False, None),
    ("costs over $40 million", 40 * M, "USD", True, None),
    ("500 million pounds", 500 * M, "GBP", False, None),
    # periods
    ("about $500 million per month", 500 * M, "USD", True, "month"),
    ("$2 million a month", 2 * M, "USD", False, "month"),
    ("$40,000 each month", 40_000, "USD", False, "month"),
    ("$40,000 every month", 40_000, "USD", False, "month"),
    ("$3 million monthly", 3 * M, "USD", False, "month"),
    ("$99/month", 99, "USD", False, "month"),
    ("$1.5 million/mo", 1.5 * M, "USD", False, "month"),
    ("$80 million per year", 80 * M, "USD", False, "year"),
    ("$80 million a year", 80 * M, "USD", False, "year"),
    ("$70 million annually", 70 * M, "USD", False, "year"),
    ("$1 billion per annum", 1 * B, "USD", False, "year"),
    ("$120k/yr", 120_000, "USD", False, "year"),
    ("$5 million per quarter", 5 * M, "USD", False, "quarter"),
    ("$5 million a quarter", 5 * M, "USD", False, "quarter"),
    ("$5 million quarterly", 5 * M, "USD", False, "quarter"),
    ("$200,000 per week", 200_000, "USD", False, "week"),
    ("$200,000 weekly", 200_000, "USD", False, "week"),
    ("$200,000 a week", 200_000, "USD", False, "week"),
    ("$30,000 per day", 30_000, "USD", False, "day"),
    ("$30,000 a day", 30_000, "USD", False, "day"),
    ("$30,000 daily", 30_000, "USD", False, "day"),
    ("an annual contract value of $45 million", 45 * M, "USD", False, "year"),
    ("$300 million in annual revenue", 300 * M, "USD", False, "year"),
    ("a monthly fee of $12,000", 12_000, "USD", False, "month"),
    ("a $25 million-a-year deal", 25 * M, "USD", False, "year"),
    ("$4 billion a year ago", 4 * B, "USD", False, None),
    ("revenue of $2 billion a year earlier", 2 * B, "USD", False, None),
]


@pytest.mark.parametrize(("text", "value", "currency", "approximate", "period"), MONEY_CASES)
def test_find_money(
    text: str, value: float, currency: str, approximate: bool, period: str | None
) -> None:
    found = find_money(text)
    assert len(found) == 1, found
    m = found[0]
    assert m.value == pytest.approx(value, rel=1e-9)
    assert m.currency == currency
    assert m.approximate is approximate
    assert m.period == period
    assert text[m.start : m.end] == m.text


# ranges: (text, low, high, currency)
RANGE_CASES = [
    ("$20 billion to $25 billion", 20 * B, 25 * B, "USD"),
    ("$20-25 billion", 20 * B, 25 * B, "USD"),
    ("$20–25 billion", 20 * B, 25 * B, "USD"),
    ("between $1 billion and $2 billion", 1 * B, 2 * B, "USD"),
    ("between 300 and 400 mln dlrs", 300 * M, 400 * M, "USD"),
    ("$500,000 to $2 million", 500_000, 2 * M, "USD"),
    ("€3 billion to €4 billion", 3 * B, 4 * B, "EUR"),
    ("10 to 12 billion yen", 10 * B, 12 * B, "JPY"),
]


@pytest.mark.parametrize(("text", "low", "high", "currency"), RANGE_CASES)
def test_money_ranges_take_the_upper_end(text: str, low: float, high: float, currency: str) -> None:
    (m,) = find_money(text)
    assert (m.low, m.high, m.value) == (
        pytest.approx(low),
        pytest.approx(high),
        pytest.approx(high),
    )
    assert m.currency == currency
    assert m.approximate is True
    assert m.text == text


def test_from_to_is_a_change_not_a_range() -> None:
    found = find_money("Sales rose from $1 billion to $1.4 billion.")
    assert [m.value for m in found] == [1 * B, 1.4 * B]
    assert all(m.low is None for m in found)


def test_year_then_amount_is_not_a_range() -> None:
    found = find_money("from six mln dlrs in 1985 to 9 mln dlrs in 1986")
    assert [m.value for m in found] == [6 * M, 9 * M]


def test_span_covers_hedge_and_period() -> None:
    text = "The lease costs approximately $920 million per month, the filing said."
    (m,) = find_money(text)
    assert m.text == "approximately $920 million per month"
    assert (m.start, m.end) == (text.index("approximately"), text.index(", the"))


def test_several_mentions_in_order() -> None:
    text = "Alpha paid $2 billion and Beta 300 mln stg, plus C$5 million in fees."
    found = find_money(text)
    assert [(m.value, m.currency) for m in found] == [
        (2 * B, "USD"),
        (300 * M, "GBP"),
        (5 * M, "CAD"),
    ]
    assert [m.start for m in found] == sorted(m.start for m in found)


NOT_MONEY = [
    "Revenue grew 15% in 2024.",
    "Shares fell 3.5 percent.",
    "The company was founded in 1998.",
    "It costs $ for sure.",
    "$",
    "Sales in 2023 dollars were flat.",
    "The H100 is fast.",
    "They rolled out 5G in 40 cities.",
    "The team 3 won the match.",
    "1e309",
    "$1e309",
    "$9999999999999999 trillion",
    "$0",
    "billions of dollars",
    "tens of billions of dollars",
    "It ships 500 million pounds of copper.",
    "",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


def test_default_currency_reads_bare_amount_after_a_money_cue() -> None:
    text = "It bid for the rest at 40 dlrs a share, for a total of 3.2 billion."
    without = find_money(text)
    with_default = find_money(text, default_currency="USD")
    assert [m.value for m in without] == [40]
    assert [(m.value, m.currency) for m in with_default] == [(40, "USD"), (3.2 * B, "USD")]
    assert find_money("The city has 3.2 billion residents.", default_currency="USD") == []
    assert find_money("an offer for 11 mln shares", default_currency="USD") == []
    assert find_money("for a total of 3.2 billion", default_currency="not a code") == []
    auto = find_money(
        "A 90 mln stg bid, or 5 stg a share, for a total of 1.1 billion.", default_currency="auto"
    )
    assert [(m.value, m.currency) for m in auto] == [(90 * M, "GBP"), (5, "GBP"), (1.1 * B, "GBP")]
    assert find_money("a total of 1.1 billion", default_currency="auto") == []


def test_parse_money_and_as_amount() -> None:
    m = parse_money("roughly €40 million a year, rising later")
    assert isinstance(m, MoneyMention)
    assert m.as_amount() == Amount(value=40 * M, currency="EUR", period="year", approximate=True)
    assert parse_money("no figures here") is None
    assert parse_money("") is None


# ---------------------------------------------------------------------------
# Durations: (text, months)
# ---------------------------------------------------------------------------

DURATION_CASES = [
    ("payable over five years", 60),
    ("paid monthly over roughly three years", 36),
    ("an initial term of about four years", 48),
    ("for approximately 10 years", 120),
    ("a five-year deal", 60),
    ("a 10-year lease", 120),
    ("for 18 months", 18),
    ("a six-year agreement", 72),
    ("a three-year term", 36),
    ("a 5 year contract", 60),
    ("a two-and-a-half-year pact", 30),
    ("a one-and-a-half-year extension", 18),
    ("an 18-month contract", 18),
    ("a 24-month lease", 24),
    ("over the next four years", 48),
    ("for the next 30 months", 30),
    ("for a year", 12),
    ("over a decade", 120),
    ("over two decades", 240),
    ("a twenty-year concession", 240),
    ("a fifteen-year lease", 180),
    ("a seven year agreement", 84),
    ("a 2.5-year program", 30),
    ("spanning three years", 36),
    ("over a seven-year period", 84),
    ("the term of four years", 48),
    ("a twelve-month trial", 12),
    ("for two and a half years", 30),
    ("the contract lasts four years", 48),
]


@pytest.mark.parametrize(("text", "months"), DURATION_CASES)
def test_find_durations(text: str, months: int) -> None:
    found = find_durations(text)
    assert [d.months for d in found] == [months]
    d = found[0]
    assert text[d.start : d.end] == d.text


NOT_DURATIONS = [
    "a multi-year deal",
    "runs through 2031",
    "a 10-year high for the stock",
    "a five-year-old startup",
    "five years ago",
    "$5 billion a year",
    "sales in the last three months",
    "the 10-year Treasury yield",
    "year-over-year growth",
    "in the second year",
    "",
]


@pytest.mark.parametrize("text", NOT_DURATIONS)
def test_not_durations(text: str) -> None:
    assert find_durations(text) == []


def test_duration_overlap_keeps_one() -> None:
    (d,) = find_durations("The lease runs over a five-year period.")
    assert d == DurationMention(months=60, start=15, end=31, text="over a five-year")


# ---------------------------------------------------------------------------
# GPUs: (text, count, vendor, model, approximate)
# ---------------------------------------------------------------------------

GPU_CASES = [
    ("the cluster has 80,000 Nvidia GPUs", 80_000, "Nvidia", None, False),
    ("around 65,000 Nvidia GPUs", 65_000, "Nvidia", None, True),
    ("it rents 30k H100s", 30_000, "Nvidia", "H100", False),
    ("up to 200,000 GB300 chips", 200_000, "Nvidia", "GB300", True),
    ("roughly 42,500 of Nvidia's GB200 graphics processors", 42_500, "Nvidia", "GB200", True),
    ("hundreds of thousands of GPUs", None, None, None, True),
    ("tens of thousands of Nvidia chips", None, "Nvidia", None, True),
    ("AMD Instinct MI355X GPUs", None, "AMD", "MI355X", False),
    ("AMD Instinct MI450 accelerators", None, "AMD", "MI450", False),
    ("Google's TPU v5p", None, "Google", "TPU v5p", False),
    ("Cloud TPU v5e capacity", None, "Google", "TPU v5e", False),
    ("Trillium TPUs", None, "Google", "Trillium", False),
    ("Google's Ironwood chips", None, "Google", "Ironwood", False),
    ("Trainium2 chips", None, "AWS", "Trainium2", False),
    ("100,000 Trainium3 chips", 100_000, "AWS", "Trainium3", False),
    ("Intel Gaudi 3 accelerators", None, "Intel", "Gaudi 3", False),
    ("Gaudi2 systems", None, "Intel", "Gaudi 2", False),
    ("2 million TPUs", 2_000_000, "Google", None, False),
    ("a million TPUs", 1_000_000, "Google", None, False),
    ("1.2 million GPUs", 1_200_000, None, None, False),
    ("45 thousand GPUs", 45_000, None, None, False),
    ("2,048 H200 GPUs", 2048, "Nvidia", "H200", False),
    ("8,192 A100s", 8192, "Nvidia", "A100", False),
    ("16 V100 GPUs", 16, "Nvidia", "V100", False),
    ("4,000 L40S GPUs", 4000, "Nvidia", "L40S", False),
    ("Nvidia's H20 chips", None, "Nvidia", "H20", False),
    ("more than 10,000 H800 chips", 10_000, "Nvidia", "H800", True),
    ("GH200 superchips", None, "Nvidia", "GH200", False),
    ("B200 accelerators", None, "Nvidia", "B200", False),
    ("50,000 Nvidia Blackwell GPUs", 50_000, "Nvidia", "Blackwell", False),
    ("Nvidia Vera Rubin systems", None, "Nvidia", "Vera Rubin", False),
    ("Rubin GPUs", None, "Nvidia", "Rubin", False),
    ("Nvidia Blackwell GB200 GPUs", None, "Nvidia", "GB200", False),
    ("MI300X accelerators", None, "AMD", "MI300X", False),
    ("MI325X chips", None, "AMD", "MI325X", False),
    ("Cerebras WSE-3 chips", None, "Cerebras", "WSE-3", False),
    ("Groq LPU chips", None, "Groq", "LPU", False),
    ("Microsoft's Maia 100 chips", None, "Microsoft", "Maia 100", False),
    ("Meta's MTIA accelerators", None, "Meta", "MTIA", False),
    ("Inferentia2 chips", None, "AWS", "Inferentia2", False),
    ("10,000 GPUs from Nvidia", 10_000, "Nvidia", None, False),
    ("about 5,000 AMD chips", 5000, "AMD", None, True),
    ("Nvidia systems", None, "Nvidia", None, False),
    ("a dozen GPUs", 12, None, None, False),
]


@pytest.mark.parametrize(("text", "count", "vendor", "model", "approximate"), GPU_CASES)
def test_find_gpus(
    text: str, count: int | None, vendor: str | None, model: str | None, approximate: bool
) -> None:
    found = find_gpus(text)
    assert len(found) == 1, found
    g = found[0]
    assert (g.count, g.vendor, g.model, g.approximate) == (count, vendor, model, approximate)
    assert text[g.start : g.end] == g.text


NOT_GPUS = [
    "the GPUs",
    "Blackwell said on Tuesday",
    "Rubin, the chief executive",
    "Microsoft systems",
    "Dell servers",
    "Trillium flowers",
    "",
]


@pytest.mark.parametrize("text", NOT_GPUS)
def test_not_gpus(text: str) -> None:
    assert find_gpus(text) == []


def test_year_is_not_a_gpu_count() -> None:
    (g,) = find_gpus("Spending rose in 2025 Nvidia GPUs markets")
    assert (g.count, g.vendor) == (None, "Nvidia")
    assert [x.count for x in find_gpus("In 2025, GPUs were scarce.")] == []


def test_two_models_give_two_mentions_and_as_gpus() -> None:
    found = find_gpus("It ordered H100 and H200 GPUs.")
    assert [(g.model, g.text) for g in found] == [("H100", "H100"), ("H200", "H200 GPUs")]
    assert found[1].as_gpus() == Gpus(count=None, vendor="Nvidia", model="H200")
    assert isinstance(found[0], GpuMention)


def test_money_is_not_a_gpu_count() -> None:
    found = find_gpus("a $5 billion chips deal")
    assert all(g.count is None for g in found)


# ---------------------------------------------------------------------------
# Dates: (text, ref, iso)
# ---------------------------------------------------------------------------

REF = dt.date(2025, 9, 10)  # a Wednesday

DATE_CASES = [
    ("announced on Monday, September 8, 2025.", None, "2025-09-08"),
    ("on September 8, 2025", None, "2025-09-08"),
    ("on Sept 8, 2025", None, "2025-09-08"),
    ("on Sept. 8, 2025", None, "2025-09-08"),
    ("on 8 September 2025", None, "2025-09-08"),
    ("on 5 November 2024", None, "2024-11-05"),
    ("on Tuesday, 5 November 2024", None, "2024-11-05"),
    ("filed 2025-09-08 with the SEC", None, "2025-09-08"),
    ("in March 2025", None, "2025-03"),
    ("since July 2023", None, "2023-07"),
    ("in Dec. 2021", None, "2021-12"),
    ("on Feb 29, 2024", None, "2024-02-29"),
    ("on January 1st, 2026", None, "2026-01-01"),
    ("on Sept. 8", REF, "2025-09-08"),
    ("on Dec. 30", dt.date(2026, 1, 3), "2025-12-30"),
    ("on 3 September", REF, "2025-09-03"),
    ("on Monday", REF, "2025-09-08"),
    ("on Tuesday", REF, "2025-09-09"),
    ("on Wednesday", REF, "2025-09-10"),
    ("on Thursday", REF, "2025-09-04"),
    ("the company said Friday", REF, "2025-09-05"),
    ("last Wednesday", REF, "2025-09-03"),
    ("yesterday", REF, "2025-09-09"),
    ("Today the firm said", REF, "2025-09-10"),
    ("came back in May", REF, "2025-05"),
    ("closes in November", REF, "2025-11"),
    ("in December", dt.date(2026, 1, 3), "2025-12"),
    ("SEPTEMBER 8, 2025", None, "2025-09-08"),
]


@pytest.mark.parametrize(("text", "ref", "iso"), DATE_CASES)
def test_find_dates(text: str, ref: dt.date | None, iso: str) -> None:
    found = find_dates(text, ref)
    assert [d.iso for d in found] == [iso]
    d = found[0]
    assert text[d.start : d.end] == d.text


NO_DATE = [
    ("on Sept. 8", None),
    ("on Monday", None),
    ("yesterday", None),
    ("last week", REF),
    ("on February 30, 2025", None),
    ("Cyber Monday sales", REF),
    ("it may 5 times", REF),
    ("in 2025", REF),
    ("", REF),
]


@pytest.mark.parametrize(("text", "ref"), NO_DATE)
def test_no_date(text: str, ref: dt.date | None) -> None:
    assert find_dates(text, ref) == []


def test_full_date_with_weekday_is_one_mention() -> None:
    text = "They signed on Monday, September 8, 2025, in Paris."
    assert find_dates(text, REF) == [
        DateMention(iso="2025-09-08", start=15, end=40, text="Monday, September 8, 2025")
    ]


def test_parse_date() -> None:
    assert parse_date("Deal closed March 3, 2024 after review") == "2024-03-03"
    assert parse_date("on Friday", REF) == "2025-09-05"
    assert parse_date("on Friday") is None
    assert parse_date("nothing") is None
    assert parse_date("on Friday", dt.datetime(2025, 9, 10, 12, 0)) == "2025-09-05"
    assert parse_date("on Friday", dt.date.min) is None  # would fall before year 1
    assert parse_date("Sept. 8", dt.date.max) == "9999-09-08"


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

NUMBER_CASES = [
    ("one", 1),
    ("seven", 7),
    ("twenty-five", 25),
    ("twenty five", 25),
    ("Ninety-Nine", 99),
    ("a", 1),
    ("an", 1),
    ("half a", 0.5),
    ("half", 0.5),
    ("a dozen", 12),
    ("two dozen", 24),
    ("two and a half", 2.5),
    ("two hundred", 200),
    ("a hundred", 100),
    ("three hundred and twelve", 312),
    ("1,407", 1407),
    ("1,00,000", 100_000),
    ("2.5", 2.5),
    ("0.75", 0.75),
    ("12,345,678.9", 12_345_678.9),
    ("1.5 million", 1_500_000),
    ("four billion", 4e9),
]


@pytest.mark.parametrize(("text", "value"), NUMBER_CASES)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["", "foo", "one two", "five twenty", "1e309", "9" * 5000, "two hundred hundred"]
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


# ---------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------

HUGE = [
    "1" * 1_000_000,
    "$" * 1_000_000,
    "$1" * 50_000,
    "9" * 500_000 + "$" * 500_000,
    "1,23" * 250_000,
    "one " * 250_000,
    "five-year " * 100_000,
    "GPUs " * 100_000,
    "May " * 250_000,
    "\x00\x1f\u202e$5bn\ud800" * 50_000,
]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("text", HUGE, ids=lambda t: repr(t[:8]))
def test_huge_inputs_finish(text: str) -> None:
    for found in (find_money(text), find_durations(text), find_gpus(text), find_dates(text, REF)):
        for m in found:
            assert 0 <= m.start < m.end <= len(text)


def test_non_str_input_gives_nothing() -> None:
    for fn in (find_money, find_durations, find_gpus):
        assert fn(None) == []  # type: ignore[arg-type]
        assert fn(123) == []  # type: ignore[arg-type]
    assert find_dates(None) == []  # type: ignore[arg-type]
    assert parse_number(None) is None  # type: ignore[arg-type]
