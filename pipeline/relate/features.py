"""Inputs and labels of the relation classifier.

Two tasks share one encoder:

- **role**: an organisation mention, marked ``[[ Name ]]`` in its sentence, with the
  previous sentence as context: which role it plays in a deal stated there (or none);
- **type**: a sentence (with the previous one as context): the type of deal it states,
  or none (background, denial, earnings, ...).

Training labels come from gold records (SCHEMA.md format with ``evidence``): a sentence
belongs to a gold deal when it overlaps that deal's evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.nlp.orgs import org_key
from pipeline.schema import DEAL_TYPES, ROLES

#: Classifier labels: "none" (no deal, or no part in one) and the schema's roles and types.
ROLE_LABELS: tuple[str, ...] = ("none", *ROLES)
TYPE_LABELS: tuple[str, ...] = ("none", *DEAL_TYPES)
OPEN, CLOSE = "[[", "]]"
#: Longest sentence text (characters) fed to the encoder; longer ones are cut around the mention.
MAX_SENT_CHARS = 360
MAX_CONTEXT_CHARS = 160

_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Example:
    """One classifier input: the text (with a marked mention for roles), context and label."""

    task: str  # "role" | "type"
    text: str
    context: str
    label: str = "none"
    #: Character range of the marked mention inside ``text`` (role examples only).
    span: tuple[int, int] = (0, 0)


def norm(text: str) -> str:
    """Whitespace-normalised, case-folded text for overlap tests."""
    return _WS.sub(" ", text).strip().lower()


def _clip(text: str, limit: int, at: int = 0) -> tuple[str, int]:
    """``text`` cut to ``limit`` characters around ``at``; also the cut's start offset."""
    if len(text) <= limit:
        return text, 0
    start = max(0, min(at - limit // 2, len(text) - limit))
    return text[start : start + limit], start


def sentence_example(sent: Span, prev: Span | None, label: str = "none") -> Example:
    """The type-task input for ``sent``."""
    text, _ = _clip(_WS.sub(" ", sent.text).strip(), MAX_SENT_CHARS)
    ctx = _WS.sub(" ", prev.text).strip()[-MAX_CONTEXT_CHARS:] if prev is not None else ""
    return Example("type", text, ctx, label)


def mention_example(
    sent: Span, prev: Span | None, start: int, end: int, label: str = "none"
) -> Example:
    """The role-task input for the mention at document characters ``start:end`` in ``sent``."""
    raw = sent.text
    s, e = start - sent.start_char, end - sent.start_char
    # normalise whitespace part by part so that the marker offsets stay known
    left = _WS.sub(" ", raw[:s]).lstrip()
    mid = f"{OPEN} {_WS.sub(' ', raw[s:e])} {CLOSE}"
    right = _WS.sub(" ", raw[e:]).rstrip()
    marked = left + mid + right
    text, cut = _clip(marked, MAX_SENT_CHARS, len(left) + len(mid) // 2)
    span = (max(0, len(left) - cut), min(len(text), len(left) + len(mid) - cut))
    ctx = _WS.sub(" ", prev.text).strip()[-MAX_CONTEXT_CHARS:] if prev is not None else ""
    return Example("role", text, ctx, label, span)


def _fragments(evidence: str) -> list[str]:
    parts = re.split(r"\s*(?:\.\.\.|\u2026)\s*", evidence or "")
    return [norm(p) for p in parts if len(norm(p)) >= 12]


def overlaps(sentence: str, fragments: list[str]) -> bool:
    """Whether a sentence shares text with any evidence fragment."""
    s = norm(sentence)
    if len(s) < 8:
        return False
    return any(f in s or (s in f and len(s) >= 20) for f in fragments)


def _party_keys(party: dict) -> set[str]:
    keys = {org_key(party.get("name") or "")}
    keys.update(org_key(a) for a in party.get("aliases") or [])
    keys.discard("")
    return keys


#: Word stems of acquisitions and stakes (the deals of wire corpora).
_ACQUISITION_STEMS = (
    "acquir|buy|bought|purchas|sell|sold|sale|merg|takeover|take over|tender|offer|bid|"
    "stake|invest|agree|deal|divest|spin|unit|subsidiar"
)
#: Word stems of the other deal types.
_OTHER_DEAL_STEMS = (
    "licen[cs]|pact|contract|partner|team|lease|rent|supply|order|raise|fund|round|back|pay|"
    "sign|strike|ink|access|capacity"
)
#: Words that make a sentence naming one side of a deal state that deal (gold without evidence).
_DEAL_WORDS = re.compile(rf"\b(?:{_ACQUISITION_STEMS})", re.I)
#: Words of any deal type, for headlines and ledes that announce the evidenced deal.
_ANY_DEAL_WORDS = re.compile(rf"\b(?:{_ACQUISITION_STEMS}|{_OTHER_DEAL_STEMS})", re.I)


def _named(sent_mentions: list) -> set[str]:
    return {org_key(m.name) for m in sent_mentions} | {org_key(m.text) for m in sent_mentions}


def _deal_sentences(sents: list[Span], mentions: dict[int, list], deal: dict) -> set[int]:
    """Sentences that state ``deal``.

    With evidence: those overlapping it, and before the first of them (headline, lede) those
    naming two of its parties beside a deal word. Without evidence (wire corpora): those
    naming two of its parties, or one with its amount's text or a deal word.
    """
    keys = [_party_keys(p) for p in deal.get("parties") or []]
    frags = _fragments(deal.get("evidence") or "")
    if frags:
        out = {n for n, sent in enumerate(sents) if overlaps(sent.text, frags)}
        for n in range(min(out, default=0)):
            named = _named(mentions.get(n, []))
            if sum(1 for k in keys if k & named) >= 2 and _ANY_DEAL_WORDS.search(sents[n].text):
                out.add(n)
        return out
    amount = norm(deal.get("amount_text") or "")
    out: set[int] = set()
    for n, sent in enumerate(sents):
        named = _named(mentions.get(n, []))
        sides = sum(1 for k in keys if k & named)
        if sides >= 2 or (
            sides == 1 and ((amount and amount in norm(sent.text)) or _DEAL_WORDS.search(sent.text))
        ):
            out.add(n)
    return out


def label_doc(doc: Doc, record: dict) -> Iterator[Example]:
    """Labelled examples of one processed Doc (``doc._.orgs`` set) against its gold record."""
    sents = list(doc.sents)
    by_sent: dict[int, list] = {}
    for m in doc._.orgs or []:
        by_sent.setdefault(m.sent, []).append(m)
    deals = [(d, _deal_sentences(sents, by_sent, d)) for d in record.get("deals") or []]
    for n, sent in enumerate(sents):
        mentions = by_sent.get(n, [])
        if not mentions:
            continue
        prev = sents[n - 1] if n > 0 else None
        hit = [d for d, at in deals if n in at]

        yield sentence_example(sent, prev, hit[0]["type"] if hit else "none")
        for m in mentions:
            keys = {org_key(m.text), org_key(m.name)}
            role = "none"
            for d in hit:
                for p in d.get("parties") or []:
                    if keys & _party_keys(p) and p.get("role") in ROLE_LABELS:
                        role = p["role"]
                        break
                if role != "none":
                    break
            yield mention_example(sent, prev, m.start, m.end, role)


def inference_examples(
    doc: Doc,
    sent_ids: Iterable[int],
    role_sent_ids: Iterable[int] | None = None,
    mention_filter: Callable[[Any], bool] | None = None,
) -> tuple[list[Example], list[tuple[int, int, str]]]:
    """Unlabelled examples: type inputs for the sentences ``sent_ids``, then the mentions
    of ``role_sent_ids`` (default: the same sentences) that ``mention_filter`` keeps.

    Also returns, per example, ``(sentence index, mention index or -1, org name)``.
    """
    sents = list(doc.sents)
    wanted = set(sent_ids)
    role_wanted = wanted if role_sent_ids is None else set(role_sent_ids)
    examples: list[Example] = []
    keys: list[tuple[int, int, str]] = []
    for n in sorted(wanted):
        if 0 <= n < len(sents):
            examples.append(sentence_example(sents[n], sents[n - 1] if n > 0 else None))
            keys.append((n, -1, ""))
    for i, m in enumerate(doc._.orgs or []):
        if (
            m.sent in role_wanted
            and m.sent < len(sents)
            and (mention_filter is None or mention_filter(m))
        ):
            n = m.sent
            examples.append(
                mention_example(sents[n], sents[n - 1] if n > 0 else None, m.start, m.end)
            )
            keys.append((n, i, m.name))
    return examples, keys
