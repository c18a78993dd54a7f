#!/usr/bin/env python3
"""Fuzz the normalisers, the cleaner, file loading and the whole extractor (``make fuzz``).

    python scripts/fuzz.py                       # default budget: 180 s on 2 worker processes
    python scripts/fuzz.py --budget 600 --jobs 4 --targets extractor,load_article

Each target is a hypothesis property (``database=None``; inputs: random text, random
bytes, and fragments and mutations of invented deal sentences) run in rounds until its
share of the time budget is spent. A target fails when its code raises anything but the
documented :class:`~pipeline.errors.InputError`, or returns an unsound result (a span that
is not its text, a non-finite amount, a record JSON cannot hold). The run prints examples
run and crashes found per target, with hypothesis's shrunk example, and exits 1 on a crash.
``tests/test_fuzz.py`` runs the same properties at test-suite scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing as mp
import re
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.errors import InputError  # noqa: E402
from pipeline.schema import DEAL_TYPES, PERIODS, ROLES, record  # noqa: E402

DEFAULT_BUDGET_S = 180.0
DEFAULT_JOBS = 2

# -- inputs (all invented here) ------------------------------------------------------------

SENTENCES = [
    "Vantor Systems said on Monday it agreed to acquire Kestrel Robotics for $1.2 billion in cash.",
    "Quillon Labs has agreed to rent computing capacity from Borealis Cloud for $40 million a year.",
    "Orrin Labs raised €250 million in a Series C round led by Harbor Ventures, valuing it at $3bn.",
    "Lumen Devices will buy 20,000 Nvidia H100 GPUs from Tessel Compute under a five-year contract.",
    "Marrow Networks and Pellucid Software signed a partnership on March 3, 2025, worth about ¥8 billion.",
    "Sable Grid licensed its routing software to Corvid Telecom for an undisclosed sum last week.",
    "The deal, worth up to £300m-£400m, is expected to close in the second half of 2026.",
    "Analysts at Fenwick & Rowe said the shares rose 4% to $18.50 on the news.",
]
BITS = [
    "$", "US$", "€", "£", "¥", "₹", "Rs ", "1", "12", "1.5", "1,500", "0", "9999999999999999", "1e309",
    "NaN", "inf", "-", "–", ".", ",", " ", "\n", "\n\n", "billion", "million", "trillion", "bn", "m",
    "a year", "per month", "annually", "five-year", "18 months", "2025", "March 3", "Monday",
    "H100", "GB300", "TPU v5p", "GPUs", "chips", "Nvidia", "AMD", " Inc", " Corp.", " Labs", "acquire",
    "buy", "invest", "rent", "lease", "from", "to", "with", "said", "agreed", "Vantor", "Kestrel",
    "<p>", "</p>", "<div>", "&amp;", "&#8217;", "\u200b", "\x00", "\ufeff", "\r\n", "é", "中",
]  # fmt: skip
MARKUP = [
    "<html>", "<head>", "<title>", "</title>", "</head>", "<body>", "<article>", "</article>", "<p>",
    "</p>", "<div class='related'>", "</div>", "<br>", "<script>", "</script>", "<style>", "<!--",
    "-->", "<nav>", "</nav>", "<h1>", "</h1>", "<meta charset='utf-8'>", "<a href='/x'>", "</a>",
    "<time datetime='2025-03-03'>", "<meta property='article:published_time' content='2025-13-45'>",
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": 7}</script>",
]  # fmt: skip


def _mutate(draw: Callable[[Any], Any], text: str) -> str:
    """A text with a few random edits: cut, duplicate, insert bits, swap case."""
    for _ in range(draw(st.integers(0, 6))):
        if not text:
            break
        i = draw(st.integers(0, len(text)))
        op = draw(st.integers(0, 4))
        if op == 0:
            text = text[:i] + draw(st.sampled_from(BITS)) + text[i:]
        elif op == 1:
            j = draw(st.integers(i, min(len(text), i + 40)))
            text = text[:i] + text[j:]
        elif op == 2:
            text = text[:i] + text[i : i + 30] * draw(st.integers(2, 5)) + text[i:]
        elif op == 3:
            text = text[:i] + draw(st.text(max_size=5)) + text[i:]
        else:
            text = text[:i] + text[i:].swapcase()
    return text


@st.composite
def article_texts(draw: Callable[[Any], Any]) -> str:
    """Article-like text: invented deal sentences, mutated, joined with random bits."""
    parts = draw(
        st.lists(
            st.sampled_from(SENTENCES) | st.sampled_from(BITS) | st.text(max_size=20),
            min_size=1,
            max_size=12,
        )
    )
    joined = draw(st.sampled_from([" ", "\n", "\n\n", ""])).join(parts)
    return _mutate(draw, joined)


FRAGMENTS = st.lists(st.sampled_from(BITS) | st.text(max_size=4), max_size=40).map("".join)
TEXTS = st.text(max_size=600) | FRAGMENTS | article_texts()
HTML = st.lists(
    st.sampled_from(MARKUP) | st.sampled_from(SENTENCES) | st.text(max_size=15), max_size=50
).map("".join)
BYTES = (
    st.binary(max_size=2000)
    | TEXTS.map(lambda t: t.encode("utf-8"))
    | st.tuples(
        TEXTS, st.sampled_from(["utf-16", "cp1252", "latin-1", "shift_jis", "utf-8-sig"])
    ).map(lambda p: p[0].encode(p[1], errors="replace"))
    | st.tuples(HTML, st.binary(max_size=50)).map(lambda p: p[0].encode() + p[1])
)

# -- properties ----------------------------------------------------------------------------


def check_spans(text: str, found: list[Any]) -> None:
    """Mentions lie in ``text``, in order, and their ``text`` is the slice they point at."""
    last = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start : m.end] == m.text, m
        assert m.start >= last, found
        last = m.start


def prop_money(text: str) -> None:
    from pipeline.nlp.normalize import find_money, parse_number

    for currency in (None, "USD", "auto"):
        found = find_money(text, default_currency=currency)
        check_spans(text, found)
        for m in found:
            assert math.isfinite(m.value) and m.value > 0, m
            assert len(m.currency) == 3 and m.currency.isupper(), m
            assert m.period in (None, *PERIODS), m
    value = parse_number(text)
    assert value is None or math.isfinite(value)


def prop_terms_gpus(text: str) -> None:
    from pipeline.nlp.normalize import find_durations, find_gpus

    terms = find_durations(text)
    check_spans(text, terms)
    assert all(isinstance(d.months, int) and 0 < d.months <= 1200 for d in terms), terms
    gpus = find_gpus(text)
    check_spans(text, gpus)
    assert all(g.count is None or (isinstance(g.count, int) and g.count > 0) for g in gpus), gpus


def prop_dates(text: str) -> None:
    from pipeline.nlp.normalize import find_dates

    for ref in (None, dt.date(2025, 3, 3), dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        found = find_dates(text, ref)
        check_spans(text, found)
        for d in found:
            if len(d.iso) == 10:
                dt.date.fromisoformat(d.iso)
            else:
                year, month = d.iso.split("-")
                assert len(year) == 4 and 1 <= int(month) <= 12, d


def prop_clean_text(text: str) -> None:
    from pipeline.clean import clean_text

    once = clean_text(text)
    assert "\r" not in once and "\x00" not in once and "\u200b" not in once
    assert clean_text(once) == once


def prop_clean_html(markup: str) -> None:
    from pipeline.clean import clean_html

    try:
        article = clean_html(markup)
    except InputError:
        return
    assert article.text.strip()
    assert article.published is None or isinstance(article.published, dt.date)


def prop_load_article(data: bytes) -> None:
    from pipeline.clean import decode_bytes, load_article

    text, encoding = decode_bytes(data)
    assert isinstance(text, str) and encoding
    try:
        article = load_article(data)
    except InputError:
        return
    assert article.text.strip() and "\x00" not in article.text


def check_deals(text: str, deals: list[Any]) -> None:
    """Deals are SCHEMA.md-sound and serialise to strict JSON."""
    for d in deals:
        assert d.type in DEAL_TYPES, d
        assert d.parties and all(p.name.strip() and p.role in ROLES for p in d.parties), d
        if d.amount is not None:
            assert d.amount.value is None or (
                math.isfinite(d.amount.value) and d.amount.value > 0
            ), d
            assert d.amount.period in (None, *PERIODS), d
        assert d.duration_months is None or 0 < d.duration_months <= 1200, d
        assert d.gpus is None or d.gpus.count is None or d.gpus.count > 0, d
        assert d.date is None or re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", d.date), d
        assert 0.0 <= d.confidence <= 1.0, d
        if d.evidence_span is not None:
            s, e = d.evidence_span
            assert 0 <= s <= e <= len(text), d
    json.dumps(record("fuzz", deals), allow_nan=False)


# -- targets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A property and the inputs it is fed."""

    name: str
    strategy: st.SearchStrategy[Any]
    prop: Callable[[Any], None]
    setup: Callable[[], Callable[[Any], None]] | None = None  # builds the property (loads models)


def _extractor_prop() -> Callable[[str], None]:
    from pipeline.extractor import Extractor, to_article

    extractor = Extractor(transformer=False)

    def prop(text: str) -> None:
        try:
            article = to_article(text, id="fuzz")
        except InputError:
            return
        check_deals(article.text[: extractor.config.max_chars], extractor.extract_article(article))

    return prop


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("money", TEXTS, prop_money),
        Target("terms_gpus", TEXTS, prop_terms_gpus),
        Target("dates", TEXTS, prop_dates),
        Target("clean_text", TEXTS | HTML, prop_clean_text),
        Target("clean_html", HTML | TEXTS, prop_clean_html),
        Target("load_article", BYTES, prop_load_article),
        Target(
            "extractor",
            article_texts() | HTML | st.text(max_size=300),
            lambda _t: None,
            _extractor_prop,
        ),
    )
}


@dataclass
class Outcome:
    """What fuzzing one target gave."""

    target: str
    examples: int = 0
    rounds: int = 0
    seconds: float = 0.0
    crashes: list[str] = field(default_factory=list)


def fuzz_target(
    target: Target, seconds: float, *, round_size: int = 200, seed: int | None = None
) -> Outcome:
    """Run ``target`` in hypothesis rounds until ``seconds`` are spent or it crashes.

    With ``seed``, round ``k`` draws from seed ``seed + k``: the same examples every run.
    """
    out = Outcome(target.name)
    prop = target.setup() if target.setup is not None else target.prop
    start = time.monotonic()
    count = [0]

    def body(value: Any) -> None:
        count[0] += 1
        prop(value)

    test = settings(
        max_examples=round_size,
        deadline=None,
        database=None,
        derandomize=False,
        report_multiple_bugs=False,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )(given(target.strategy)(body))
    while time.monotonic() - start < seconds:
        out.rounds += 1
        try:
            (test if seed is None else hypothesis_seed(seed + out.rounds)(test))()
        except Exception as exc:  # noqa: BLE001  every crash is the finding we report
            notes = "\n".join(getattr(exc, "__notes__", []))
            tb = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            out.crashes.append(f"{tb}\n{notes}".strip())
            break
    out.examples = count[0]
    out.seconds = time.monotonic() - start
    return out


def _worker(names: list[str], seconds: float, seed: int | None = None) -> list[Outcome]:
    return [fuzz_target(TARGETS[n], seconds, seed=seed) for n in names]


def run(names: list[str], budget: float, jobs: int, seed: int | None = None) -> list[Outcome]:
    """Fuzz ``names`` within ``budget`` seconds of wall time on ``jobs`` processes."""
    jobs = max(1, min(jobs, len(names)))
    # The extractor is slowest per example and loads models: it gets a worker of its own.
    groups: list[list[str]] = [[] for _ in range(jobs)]
    rest = names
    if jobs > 1 and "extractor" in names:
        groups[0].append("extractor")
        rest = [n for n in names if n != "extractor"]
    free = groups[1:] if groups[0] else groups
    for i, name in enumerate(rest):
        free[i % len(free)].append(name)
    shares = [budget / max(1, len(g)) for g in groups]
    if jobs == 1:
        return _worker(groups[0], shares[0], seed)
    with mp.get_context("spawn").Pool(jobs) as pool:
        parts = pool.starmap(
            _worker, [(g, s, seed) for g, s in zip(groups, shares, strict=True) if g]
        )
    return [o for part in parts for o in part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--budget", type=float, default=DEFAULT_BUDGET_S, help="seconds of wall time (default 180)"
    )
    parser.add_argument(
        "--jobs", type=int, default=DEFAULT_JOBS, help="worker processes (default 2)"
    )
    parser.add_argument(
        "--targets", default=",".join(TARGETS), help=f"comma list of: {', '.join(TARGETS)}"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="replay fixed examples (default: fresh ones)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown or not names:
        parser.error(f"unknown targets: {', '.join(unknown) or '(none)'}")
    print(
        f"fuzzing {', '.join(names)} for {args.budget:.0f} s on {args.jobs} process(es)", flush=True
    )
    outcomes = run(names, args.budget, args.jobs, args.seed)
    crashes = 0
    for o in outcomes:
        crashes += len(o.crashes)
        print(
            f"{o.target:13} {o.examples:8d} examples  {o.seconds:6.1f} s  {len(o.crashes)} crash(es)"
        )
        for c in o.crashes:
            print("  " + c.replace("\n", "\n  "))
    total = sum(o.examples for o in outcomes)
    print(f"total: {total} examples, {crashes} crash(es)")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
