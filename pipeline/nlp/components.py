"""spaCy components of the nlp stage: organisations and the facts a deal can have.

Each component reads and writes the Doc. Results live in custom attributes:

- ``doc._.orgs``: :class:`OrgMention` list (canonical name, character span, sentence)
- ``doc._.org_clusters``: canonical name -> :class:`~pipeline.nlp.orgs.OrgCluster`
- ``doc._.money``, ``doc._.gpus``, ``doc._.terms``, ``doc._.dates``: :class:`Fact` lists
- ``doc._.ref_date``: the article's date (set by the caller), used for relative dates
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.nlp import normalize
from pipeline.nlp.orgs import (
    SUFFIXES as SUFFIX_KEYS,
)
from pipeline.nlp.orgs import (
    Gazetteer,
    OrgCluster,
    cluster_names,
    default_gazetteer,
    display_name,
    key_words,
    org_key,
)

#: Entity labels that may hide a misread organisation when the gazetteer knows the name.
_MAYBE_ORG = {"PERSON", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC"}
#: Corporate suffixes that make a capitalised name an organisation.
ORG_SUFFIX_WORDS = [
    "L.P.",
    "N.V.",
    "S.A.",
    "A.G.",
    "B.V.",
    "P.L.C.",
    "S.p.A.",
    "SpA",
    "Pty",
    "Bhd",
    "KK",
    "AB",
    "ASA",
    "Oyj",
    "Inc",
    "Corp",
    "Corporation",
    "Co",
    "Ltd",
    "Limited",
    "LLC",
    "Plc",
    "plc",
    "PLC",
    "Group",
    "Holdings",
    "AG",
    "SA",
    "NV",
    "GmbH",
    "KGaA",
    "SE",
    "LP",
    "Bancorp",
    "Industries",
]
#: Last words that make a capitalised name a company ("Quillon Labs", "Borealis Cloud").
ORG_HEAD_WORDS = [
    "Retail",
    "Logistics",
    "Health",
    "Healthcare",
    "Games",
    "Studios",
    "Entertainment",
    "Pharma",
    "Biotech",
    "Aerospace",
    "Airways",
    "Automotive",
    "Minds",
    "Reasoning",
    "Power",
    "Labs",
    "Lab",
    "Cloud",
    "Systems",
    "Technologies",
    "Technology",
    "Networks",
    "Capital",
    "Partners",
    "Ventures",
    "Robotics",
    "Energy",
    "Semiconductor",
    "Semiconductors",
    "Computing",
    "Data",
    "Software",
    "Bank",
    "Bancorp",
    "Motors",
    "Media",
    "Pharmaceuticals",
    "Therapeutics",
    "Electronics",
    "Microsystems",
    "Dynamics",
    "Analytics",
    "Solutions",
    "Communications",
    "Telecom",
    "Airlines",
    "Foods",
    "Resources",
    "Investments",
    "Financial",
    "Insurance",
    "Industries",
    "Enterprises",
    "Devices",
    "Instruments",
    "Compute",
    "AI",
    "Intelligence",
    "Fund",
    "Trust",
    "Associates",
    "Brands",
    "Petroleum",
    "Mining",
    "Minerals",
    "Steel",
    "Works",
    "Mills",
    "Stores",
    "Laboratories",
    "Bancshares",
    "Publishers",
    "Broadcasting",
    "Railroad",
    "Hotels",
]
_NOT_NAME_WORDS = [
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "For",
    "By",
    "Its",
    "His",
    "Her",
    "Their",
    "Shares",
    "Rivals",
    "Rival",
    "Competitors",
    "Peers",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "But",
    "And",
    "Under",
    "After",
    "Before",
    "When",
    "Email",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Share",
    "Tweet",
    "Print",
    "Comment",
    "Comments",
    "Subscribe",
    "Read",
    "More",
    "Related",
    "Photo",
    "Image",
    "Video",
    "Source",
    "Via",
    "Posted",
    "Updated",
    "By",
    "Advertisement",
]


#: Words after which a company's name goes on with "of <place>" ("Bank of New York Corp",
#: "First National Bank of Chicago").
_OF_PLACE_HEADS = ["Bank", "Trust", "Society"]
#: ... and with "of <place>" then a suffix ("Union Bancorp of West Virginia Inc"); without
#: one, "of <place>" is where it is ("Coastal Bancorp of Portland").
_OF_PLACE_SUFFIXED = ["Bancorp", "Bancshares", "Bancorporation", "Association", "Insurance"]
#: Title-case headline words that end a name ("Bank of America Signs Deal With ...").
_HEADLINE_VERBS = [
    "Signs", "Buys", "Acquires", "Agrees", "Sells", "Invests", "Inks", "Says", "Takes", "Wins",
    "Raises", "Leads", "Backs", "Joins", "Announces", "Completes", "Closes", "Plans", "Nears",
    "Seeks", "Offers", "Bids", "Expands", "Strikes", "Lands", "Deal", "Deals", "With", "To",
    "Of", "And", "Unit", "Stake",
]  # fmt: skip


#: Title-case deal verbs that a headline's entity may start with ("Acquires ZT Systems").
_VERBS_3RD = {
    "Acquires", "Agrees", "Announces", "Buys", "Completes", "Inks", "Invests", "Sells", "Signs",
    "Strikes", "Takes",
}  # fmt: skip
_VERBS_BASE = {
    "Acquire", "Buy", "Sell", "Invest", "Sign", "Merge", "Take", "Raise", "Lead", "Back",
    "Join", "Complete", "Close", "Offer", "Bid", "Expand", "Strike", "Land", "Rent", "Lease",
    "License", "Supply", "Partner", "Purchase", "Divest", "Ink",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class OrgMention:
    """An organisation mention with its article-wide canonical name."""

    name: str
    start: int
    end: int
    text: str
    sent: int
    start_token: int
    end_token: int


@dataclass(frozen=True, slots=True)
class Fact:
    """A normalised fact found in the text (money, GPUs, a term, a date)."""

    kind: str
    value: Any
    start: int
    end: int
    sent: int


def _ensure_extensions() -> None:
    for name, default in (
        ("orgs", None),
        ("org_clusters", None),
        ("money", None),
        ("gpus", None),
        ("terms", None),
        ("dates", None),
        ("ref_date", None),
        ("candidates", None),
        ("deals", None),
        ("meta", None),
        ("unit_aliases", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("org"):
        Span.set_extension("org", default=None)


_ensure_extensions()


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets at which each sentence starts."""
    return [s.start_char for s in doc.sents]


def sentence_index(starts: list[int], char: int) -> int:
    """The index of the sentence holding character ``char``."""
    return max(0, bisect.bisect_right(starts, char) - 1)


#: Words that open a company's name in other languages ("Banco Santander", "Societe Generale").
ORG_LEAD_WORDS = (
    "Banco",
    "Banca",
    "Banque",
    "Bankhaus",
    "Compagnie",
    "Compania",
    "Societe",
    "Société",
    "Sociedade",
    "Sociedad",
    "Groupe",
    "Grupo",
    "Gruppo",
    "Credito",
    "Caisse",
    "Cia",
)


def gazetteer_patterns(gazetteer: Gazetteer) -> list[dict]:
    """Ruler patterns: gazetteer names, plus capitalised names with a corporate suffix."""
    patterns = gazetteer.ruler_patterns()
    name_token = {
        "TEXT": {"REGEX": r"^[A-Z][\w&'.-]*$"},
        "ORTH": {"NOT_IN": [*_NOT_NAME_WORDS, *ORG_SUFFIX_WORDS]},
    }
    possessive = {"ORTH": {"IN": ["'s", "\u2019s"]}, "OP": "?"}
    inner = {"TEXT": {"REGEX": r"^(?:[A-Z0-9][\w.&'-]*|-)$"}, "OP": "*"}
    plain_inner = {
        **inner,
        "ORTH": {"NOT_IN": [*ORG_SUFFIX_WORDS, *(w + "." for w in ORG_SUFFIX_WORDS)]},
    }
    # one pattern per shape, its last word from a list: the matcher's cost grows with the
    # number of patterns, not with the length of an IN list
    last = {"ORTH": {"IN": [*ORG_SUFFIX_WORDS, *ORG_HEAD_WORDS]}}
    suffixes = {"ORTH": {"IN": ORG_SUFFIX_WORDS}}
    dotted = {"ORTH": {"IN": [w + "." for w in ORG_SUFFIX_WORDS]}}
    any_suffix = {"ORTH": {"IN": [*ORG_SUFFIX_WORDS, *(w + "." for w in ORG_SUFFIX_WORDS)]}}
    shapes = [
        [name_token, possessive, inner, last],
        [name_token, possessive, inner, dotted],
        [name_token, {"ORTH": "&"}, {"ORTH": {"IN": ["Co", "Co."]}}, {**any_suffix, "OP": "*"}],
        # "Chevron Petroleum (U.K.) Ltd"
        [
            name_token,
            inner,
            {"ORTH": "("},
            {"TEXT": {"REGEX": r"^[A-Z]"}, "OP": "+"},
            {"ORTH": ")"},
            any_suffix,
        ],
        # "Global Mining and Industrial Corp", "Smith & Nephew plc", "Norton co Pty Ltd"
        # (no suffix before "and": "Princeville Development Corp and Aloha Inc" are two)
        [
            name_token,
            plain_inner,
            {"LOWER": {"IN": ["and", "&", "und", "et"]}},
            {"IS_TITLE": True},
            suffixes,
        ],
        [
            name_token,
            inner,
            {"LOWER": {"IN": ["co", "co."]}},
            {**suffixes, "OP": "*"},
            suffixes,
        ],
    ]
    # names that start with a corporate word: "Banco Santander", "Compagnie des Machines Bull"
    lead = {"ORTH": {"IN": list(ORG_LEAD_WORDS)}}
    capital = {"TEXT": {"REGEX": r"^[A-Z][\w&'-]*$"}, "OP": "+"}
    particle = {"LOWER": {"IN": ["de", "des", "di", "del", "do", "da", "du", "la", "le"]}}
    shapes += [[lead, capital], [lead, particle, capital]]
    # "Bank of New York Corp", "First National Bank of Chicago", "Society for Savings"
    place = {
        "TEXT": {"REGEX": r"^[A-Z][\w&'-]*$"},
        "ORTH": {"NOT_IN": [*_NOT_NAME_WORDS, *_HEADLINE_VERBS]},
        "POS": "PROPN",
        "OP": "{1,3}",
    }
    bankish = {"ORTH": {"IN": _OF_PLACE_HEADS}}
    of = {"LOWER": {"IN": ["of", "for"]}}
    more = {**any_suffix, "OP": "*"}
    shapes += [[bankish, of, place, more], [name_token, inner, bankish, of, place, more]]
    suffixed = {"ORTH": {"IN": _OF_PLACE_SUFFIXED}}
    shapes += [[name_token, inner, suffixed, of, place, {**any_suffix, "OP": "+"}]]
    patterns += [{"label": "ORG", "pattern": shape} for shape in shapes]
    return patterns


#: Words no sentence or headline ends with: a line ending in one goes on in the next.
_OPEN_WORDS = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "for",
        "in",
        "with",
        "by",
        "from",
        "on",
        "at",
        "its",
        "their",
        "into",
        "than",
        "that",
        "as",
    ]
)


#: No line of hard-wrapped wire copy is longer than this (they are cut at 60-80 columns).
WRAP_WIDTH_MAX = 100


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether text lines are wrapped at a fixed width (wire copy) rather than one per paragraph."""
    lines = [ln for ln in lines if ln.strip()]
    open_lines = [
        ln
        for ln in lines
        if not ln.rstrip().endswith((".", "!", "?", '"', ":"))
        and (len(ln.strip()) >= 30 or ln.rstrip().rsplit(None, 1)[-1] in _CUT_WORDS)
    ]  # long lines cut mid-sentence, or short ones that end mid-clause ("... said it")
    # lines far wider than any wire's column are paragraphs, however many lines stop
    # without a full stop (menus, headlines, bylines, "Related:" lists of a scraped page)
    wide = sum(len(ln.strip()) > WRAP_WIDTH_MAX for ln in lines)
    return len(lines) >= 2 and len(open_lines) >= 0.4 * len(lines) and wide < 0.2 * len(lines)


#: Last words of a line cut mid-clause, however short it is.
_CUT_WORDS = _OPEN_WORDS | {
    "it",
    "said",
    "says",
    "has",
    "have",
    "had",
    "was",
    "is",
    "will",
    "would",
}


def unwrap_hard_wraps(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs with spaces; same length, so offsets hold.

    A line break stays where a paragraph ends: before a blank or indented line. In text
    that is not hard-wrapped, only a line that stops mid-sentence (no closing punctuation,
    the next line starting in lower case) is joined.
    """
    lines = text.split("\n")
    wrapped = is_hard_wrapped(lines)
    out = []
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        keep = not line.strip() or not nxt.strip() or nxt[:1].isspace()
        if not wrapped and not keep:
            # one-paragraph-per-line text: join only a line cut mid-sentence ("X said\nit ...",
            # "the acquisitions of\nUnion Bancorp")
            last = line.rsplit(None, 1)[-1] if line.strip() else ""
            keep = not (
                line.rstrip()[-1:].isalnum() and (nxt.lstrip()[:1].islower() or last in _OPEN_WORDS)
            )
        out.append(line + ("\n" if keep else " "))
    out.append(lines[-1])
    return "".join(out)


#: A dateline opening a paragraph: a place in capitals, then a region, a date or an agency,
#: then a dash ("SAN FRANCISCO, July 22, 2019 (Tech Wire) - ", "ESPOO, Finland - ",
#: "LONDON (Reuters) -- "). Its end starts the sentence, so that the place is no subject.
_DATELINE_PLACE = r"[A-Z][A-Z'.]+(?:(?:[ /-]|\s+and\s+)[A-Z][A-Z'.]+)*"
#: After the place: a region or a date, every word capitalised or a number ("Finland",
#: "Wash., May 1, 2024"), not an aside ("AWS, Amazon's cloud arm -- and ...").
_DATELINE_PARTS = r"(?:,\s*[A-Z0-9][A-Za-z0-9.]*(?:\s+[A-Z0-9][A-Za-z0-9.]*)*)+"
_DATELINE_AGENCY = r"\s*(?:\([^()\n]{1,40}\)|/[^/\n]{1,30}/)"
_DATELINE_RE = re.compile(
    rf"(?:^|(?<=\n))[ \t]*{_DATELINE_PLACE}"
    rf"(?:{_DATELINE_PARTS}(?:{_DATELINE_AGENCY})?|{_DATELINE_AGENCY})"
    r"\s+(?:-{1,2}|[\u2013\u2014])\s+(?=\S)"
)


def _headline_line(doc: Doc, tok: Token) -> bool:
    """Whether ``tok`` stands in a headline: a short line with no full stop at its end."""
    text = doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    line = text[start : end if end >= 0 else len(text)].strip()
    return len(line) <= 160 and not line.endswith((".", "!", "?", '"', "\u201d"))


@Language.component("dealfacts_lines")
def lines_component(doc: Doc) -> Doc:
    """Line breaks end sentences (headlines, datelines), unless the text is hard-wrapped.

    In hard-wrapped text (wire copy, most lines about the same width and not ending a
    sentence) only blank lines do. A paragraph's dateline is a sentence of its own.
    """
    wrapped = is_hard_wrapped(doc.text.split("\n"))
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        gap = prev.text + prev.whitespace_
        if gap.count("\n") >= 2 or (not wrapped and "\n" in gap):
            tok.is_sent_start = True
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and tok.is_alpha and "\n" not in tok.whitespace_ + nxt.text:
                # a line's first word is no sentence of its own ("Deutsche" | "Telekom and
                # Nvidia said ..."), however the parser reads the line before
                nxt.is_sent_start = False
    for tok in doc[1:-1]:  # a headline's two halves: "A wins X contract; B adds Y deal"
        if tok.text == ";" and _headline_line(doc, tok):
            doc[tok.i + 1].is_sent_start = True
    for match in _DATELINE_RE.finditer(doc.text):
        tok = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if tok is not None and tok.start > 0:
            doc[tok.start].is_sent_start = True
    return doc


#: A name written with a colon, one token ("Run:ai"): capitalised though not title case
#: (the tokenizer keeps it whole, see ``pipeline.extractor``).
COLON_NAME = re.compile(r"^[A-Z][a-z]+:[a-z]{2}$")


@Language.factory("dealfacts_orgs", default_config={"min_length": 2})
def make_orgs(nlp: Language, name: str, min_length: int) -> OrgsComponent:
    return OrgsComponent(default_gazetteer(), min_length)


class OrgsComponent:
    """Corrects spaCy's organisations and gives each one canonical name per article."""

    def __init__(self, gazetteer: Gazetteer, min_length: int = 2) -> None:
        self.gazetteer = gazetteer
        self.min_length = min_length

    def _is_org(self, ent: Span) -> bool:
        text = ent.text.strip()
        if _suffix_only(text):
            return False  # "N.V", "Co. Inc": a suffix cut off its name
        if len(text) < self.min_length or self.gazetteer.is_not_party(text):
            return False
        if self.gazetteer.is_outlet(text):
            return not self._cited_outlet(ent)
        if ent.label_ == "ORG":
            return any(ch.isalpha() for ch in text) and not text.islower()
        if ent.label_ in _MAYBE_ORG and self.gazetteer.lookup(text) is not None:
            return True
        return ent.label_ in ("GPE", "PERSON", "LOC") and _company_by_context(ent)

    def _cited_outlet(self, span: Span) -> bool:
        """A news outlet that reports or is cited here ("told Reuters"), so no party."""
        return self.gazetteer.is_outlet(span.text) and _reporting(span)

    def _argument_names(self, doc: Doc) -> list[Span]:
        """Proper-noun chains in subject or object position that NER left unlabelled.

        A lone capitalised word counts only as the object of a deal word ("to provide
        Seoraevo with", "acquisition of Kapok"): elsewhere it is too often a person or place.
        """
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        name_ending = {ent.end: ent for ent in doc.ents if ent.label_ == "ORG"}
        out: list[Span] = []
        for tok in doc:
            if (
                tok.pos_ != "PROPN"
                or tok.dep_ not in _ARG_DEPS
                or tok.i in taken
                or not (tok.is_title or COLON_NAME.match(tok.text))
            ):
                continue
            start = tok.i
            while (
                start > 0
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].dep_ == "compound"
                and doc[start - 1].is_title
                and start - 1 not in taken
            ):
                start -= 1
            span = Span(doc, start, tok.i + 1, label="ORG")
            if span.end - span.start < 2 and not (
                self.gazetteer.lookup(span.text) or _deal_object(tok)
            ):
                continue
            if self.gazetteer.is_not_party(span.text) or span.text in _NOT_NAME_WORDS:
                continue
            if self._cited_outlet(span):
                continue
            head = name_ending.get(span.start)
            head = head if head is not None and _is_tail(head, span) else None
            if head is not None and head.ent_id_:
                continue  # "CoreSite Realty": the known name's tail
            if head is not None:  # "LG Energy" + "Solution": one name
                span = Span(doc, head.start, span.end, label="ORG")
            out.append(span)
            taken.update(range(span.start, span.end))
        return out

    def _propagate(self, doc: Doc) -> list[Span]:
        """Other mentions of names already found ("Alpenrechen AG" ... "Alpenrechen's arm")."""
        forms: set[tuple[str, ...]] = set()
        lower_words = {t.text for t in doc if t.is_lower}
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            words = [t.text for t in ent if not t.is_space]
            while len(words) > 1 and re.sub(r"[^a-z]", "", words[-1].lower()) in SUFFIX_KEYS:
                words = words[:-1]
            if words:
                forms.add(tuple(words))
            first = words[0] if words else ""
            if (
                len(words) >= 2
                and len(first) > 3
                and first[:1].isupper()
                and first.lower() not in lower_words
                and first.lower() not in _GENERIC_FIRST_WORDS
                and first not in _NOT_NAME_WORDS
            ):
                forms.add((first,))  # "Meridian Reserve Inc" ... "Meridian will buy"
        forms = {f for f in forms if not (len(f) == 1 and len(f[0]) < 3)}
        if not forms:
            return []
        matcher = PhraseMatcher(doc.vocab)
        matcher.add("ORG", [Doc(doc.vocab, words=list(f)) for f in forms])
        # names found as organisations win over other labels of the same words
        # ("Southwest Forest Industries" ... "acquisition of Southwest", tagged a place)
        taken = {i for ent in doc.ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
        out = []
        for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
            if any(i in taken for i in range(start, end)):
                continue
            span = Span(doc, start, end, label="ORG")
            if self._cited_outlet(span):
                continue
            out.append(span)
            taken.update(range(start, end))
        return out

    def __call__(self, doc: Doc) -> Doc:
        starts = sentence_starts(doc)
        keep = []
        for ent in doc.ents:
            if self._is_org(ent):
                keep.append(
                    ent if ent.label_ == "ORG" else Span(doc, ent.start, ent.end, label="ORG")
                )
            elif ent.label_ != "ORG":
                keep.append(ent)
        trimmed = [t for t in (_trim(ent) for ent in keep) if t is not None]
        trimmed = [e for e in _join_name_tails(_grow_known_prefixes(trimmed)) if not _ticker(e)]
        orgs = {i for e in trimmed if e.label_ == "ORG" for i in range(e.start, e.end)}
        grown = [_extend(e, orgs - set(range(e.start, e.end))) for e in trimmed]
        doc.ents = filter_spans(grown)  # a grown name wins over the place it took in
        doc.ents = filter_spans([*doc.ents, *self._argument_names(doc)])  # joined tails win
        found = self._propagate(doc)
        covered = {i for span in found for i in range(span.start, span.end)}
        others = [e for e in doc.ents if not any(i in covered for i in range(e.start, e.end))]
        doc.ents = [*others, *found]
        doc.ents = [e for e in doc.ents if not _describes_next(e)]
        orgs = [ent for ent in doc.ents if ent.label_ == "ORG" and not _suffix_only(ent.text)]
        clusters = cluster_names([ent.text for ent in orgs], self.gazetteer)
        _join_abbreviations(doc, orgs, clusters)
        mentions = []
        for ent in orgs:
            cluster = clusters.get(org_key(ent.text))
            if cluster is None:
                continue
            ent._.org = cluster.name
            mentions.append(
                OrgMention(
                    cluster.name,
                    ent.start_char,
                    ent.end_char,
                    ent.text,
                    sentence_index(starts, ent.start_char),
                    ent.start,
                    ent.end,
                )
            )
        doc._.orgs = mentions
        doc._.org_clusters = {c.name: c for c in clusters.values()}
        return doc


#: Words that make a lone capitalised object a company: "acquire Kapok", "provide Seoraevo with".
_DEAL_WORDS = {
    "raise",
    "close",
    "secure",
    "lead",
    "join",
    "put",
    "pour",
    "inject",
    "sign",
    "agree",
    "announce",
    "complete",
    "win",
    "land",
    "rent",
    "commit",
    "spend",
    "pay",
    "turn",
    "choose",
    "placement",
    "round",
    "funding",
    "financing",
    "partnership",
    "lease",
    "tap",
    "dedicate",
    "give",
    "let",
    "acquire",
    "buy",
    "purchase",
    "sell",
    "supply",
    "provide",
    "invest",
    "back",
    "fund",
    "license",
    "partner",
    "acquisition",
    "takeover",
    "merger",
    "stake",
    "investment",
    "deal",
    "agreement",
    "contract",
    "offer",
    "bid",
    "merge",
    "customer",
    "supplier",
}


#: Words just before a name that make it a company: "photonics start-up Lumio".
_COMPANY_DESCRIPTORS = {"start-up", "startup", "company", "firm", "maker", "developer", "rival"}
_COMPANY_DESCRIPTORS |= {"provider", "lender", "insurer", "subsidiary", "unit", "operator"}
_BOUGHT_BY = {"acquire", "buy", "purchase", "acquisition", "takeover", "merge", "merger"}


_CITED_BEFORE = re.compile(
    r"(?:\(|according to|told|tells|telling|reported by|interview with|speaking to|spoke to"
    r"|quoted by|cited by|citing|via|a report (?:in|by)|reports? (?:in|by)|in)\s*(?:the\s+)?$"
)
_CITED_AFTER = re.compile(
    r"\s*(?:\)|'s?\s+(?:report|story|article|analysis|calculations|reporter|columnist)"
    r"|(?:first\s+|earlier\s+|has\s+|had\s+|previously\s+)?(?:reported|reports|reporting|said|says"
    r"|cited|citing|calculations|analysis|poll|news\b|breakingviews|intelligence|reporter"
    r"|columnist|correspondent|journalist|story|article|report|review|survey|found|learned"
    r"|revealed|wrote|writes)\b|\s*-)"
)


_REPORTING_VERBS = {"report", "say", "value", "estimate", "put", "calculate", "cite", "reveal"}
_REPORTING_VERBS |= {"learn", "write", "note", "publish", "quote", "find", "show", "disclose"}


def _reporting(ent: Span) -> bool:
    """Whether a news outlet is reporting or cited ("(Reuters) -", "told Reuters", "the FT
    reported"), not doing a deal."""
    text = ent.doc.text
    before = text[max(0, ent.start_char - 40) : ent.start_char].lower()
    after = text[ent.end_char : ent.end_char + 40].lower()
    if _CITED_BEFORE.search(before) or _CITED_AFTER.match(after):
        return True
    root = ent.root  # "The Financial Times valued the contract at $14 billion"
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in _REPORTING_VERBS


_DESCRIPTOR_HEADS = {"firm", "fund", "company", "giant", "group", "start-up", "startup"}
_DESCRIPTOR_HEADS |= {"maker", "developer", "bank", "investor", "conglomerate", "operator"}
_DESCRIPTOR_HEADS |= {"provider", "lender", "insurer", "manager", "carrier", "miner"}


def _describes_next(ent: Span) -> bool:
    """An "organisation" that only qualifies the next one: "Abu Dhabi investment firm MGX"."""
    if ent.label_ != "ORG":
        return False
    doc = ent.doc
    i = ent.end
    words = 0
    while i < len(doc) and words < 3 and (doc[i].is_lower or doc[i].text == "-"):
        i += 1
        words += 1
    if not words or doc[i - 1].lower_ not in _DESCRIPTOR_HEADS or i >= len(doc):
        return False
    return doc[i].ent_type_ == "ORG" and doc[i].ent_iob_ == "B"


def _company_by_context(ent: Span) -> bool:
    """A name NER took for a place or person that the sentence shows is a company:
    described as one ("start-up Lumio") in a deal argument, or the thing bought."""
    root = ent.root
    if not _deal_object(root):
        return False
    before = ent.doc[max(0, ent.start - 4) : ent.start].text.lower().replace(" - ", "-")
    described = any(w in before.split() or w in before for w in _COMPANY_DESCRIPTORS)
    head = root.head.head if root.dep_ == "pobj" else root.head
    town = ent.end < len(ent.doc) and ent.doc[ent.end].text == ","  # "Englewood, Colo., ..."
    return described or (
        not town and root.dep_ in ("dobj", "pobj") and head.lemma_.lower() in _BOUGHT_BY
    )


def _deal_object(tok: Token) -> bool:
    """A lone name in an argument of a deal word, or "X said it ..." (companies are "it")."""
    head = tok.head
    if tok.dep_ == "pobj":
        head = head.head
    if tok.dep_ == "poss":
        return head.lemma_.lower() in _OWNED_BY_COMPANY
    if tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and head.lemma_.lower() in _DEAL_WORDS:
        return True
    if tok.dep_ == "nsubj" and head.lemma_.lower() in ("say", "announce", "confirm", "report"):
        return any(
            c.dep_ == "nsubj" and c.lower_ == "it"
            for comp in head.children
            if comp.dep_ == "ccomp"
            for c in comp.children
        )
    return False


#: First words of company names too common to stand for the company alone.
_GENERIC_FIRST_WORDS = {
    "american",
    "first",
    "national",
    "general",
    "united",
    "international",
    "global",
    "new",
    "southern",
    "northern",
    "western",
    "eastern",
    "pacific",
    "atlantic",
    "royal",
    "central",
    "capital",
    "security",
    "standard",
    "union",
    "continental",
    "british",
    "canadian",
    "japan",
    "japanese",
    "china",
    "chinese",
    "european",
    "federal",
    "great",
    "north",
    "south",
    "east",
    "west",
    "san",
    "los",
    "las",
    "saint",
    "allied",
    "associated",
    "consolidated",
    "diversified",
    "financial",
    "commercial",
    "industrial",
    "texas",
    "california",
    "florida",
    "york",
    "mid",
    "trans",
    "inter",
    "world",
    "digital",
    "data",
    "advanced",
    "bank",
    "home",
    "public",
    "private",
}
_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss"}
#: Nouns whose possessor is a company: "Alpenrechen's cloud arm".
_OWNED_BY_COMPANY = {
    "arm",
    "unit",
    "subsidiary",
    "division",
    "cloud",
    "business",
    "platform",
    "shares",
    "stock",
    "acquisition",
    "purchase",
    "offer",
    "bid",
    "investment",
    "stake",
    "deal",
    "chips",
    "gpus",
}


_EDGE_WORDS = {"and", "&", "of", "the", "or", "with"}


#: Last words after which "of <Place>" still belongs to the name ("Dynamics Corp of America",
#: "Central National Bank of Buckhannon", "United Insurance Co of America").
_OF_HEADS = {"corp", "corporation", "co", "company", "bank", "association", "society", "trust"}
_OF_HEADS |= {"insurance", "bancorp", "bancshares"}
#: Capitalised unit words that end a unit's own name ("the Anderson Clayton Foods Division").
_NAMED_UNITS = {"Division", "Unit", "Subsidiary", "Plant", "Mill", "Refinery", "Hotel", "Station"}
_COUNTRIES = {"america", "canada", "japan", "australia", "britain", "california", "new york"}
_COUNTRIES |= {"texas", "the u.s.", "europe", "asia", "china", "india", "germany", "france"}


def _extend(ent: Span, taken: set[int]) -> Span:
    """Grow an organisation over the words NER cut off.

    "Dynamics Corp" + "of America" (a name ending in a corporate or bank word, then "of"
    and capitalised words, up to a suffix); "British and" + "Commonwealth Shipping Plc" (a
    capitalised word and "and" before a name that ends in a corporate suffix).
    """
    if ent.label_ != "ORG":
        return ent
    doc = ent.doc
    start, end = ent.start, ent.end
    last = re.sub(r"[^a-z]", "", doc[end - 1].lower_)
    if last in _OF_HEADS and end + 1 < len(doc) and doc[end].lower_ == "of":
        j = end + 1
        while j < len(doc) and j - end <= 4 and doc[j].is_title and j not in taken:
            j += 1
        k = j
        while k < len(doc) and re.sub(r"[^a-z]", "", doc[k].lower_) in SUFFIX_KEYS:
            k += 1  # "Sara Lee Corp of Canada Ltd"
        place = doc[end + 1 : j].text.lower()
        # a country is part of the name; a town ("Coastal Bancorp of Portland") is not,
        # unless a suffix follows it
        if j > end + 1 and (k > j or place in _COUNTRIES):
            end = k
    if (
        end + 1 < len(doc)
        and doc[end].lower_ in ("and", "&")
        and doc[end + 1].text in ("Co", "Co.")
        and end + 1 not in taken
    ):
        end += 2  # "Holleb and Co"
    while (
        end < len(doc)
        and doc[end].is_title
        and re.sub(r"[^a-z]", "", doc[end].lower_) in SUFFIX_KEYS
        and re.sub(r"[^a-z]", "", doc[end - 1].lower_) in SUFFIX_KEYS
    ):
        end += 1  # "British Printing and Communication Corp Plc": suffixes after a suffix
    if end < len(doc) and doc[end].text in _NAMED_UNITS and end not in taken:
        end += 1  # "the Anderson Clayton Foods Division": a capitalised unit word is named
    if (
        start >= 2
        and doc[start - 1].lower_ in ("and", "&")
        and doc[start - 2].is_title
        and start - 2 not in taken
        and re.sub(r"[^a-z]", "", doc[ent.end - 1].lower_) in SUFFIX_KEYS
        and (start == 2 or doc[start - 3].pos_ != "PROPN")
        # "British and Commonwealth Shipping Plc"; a name before "and" is another company
        # ("Tidewell and Bellwether Press Ltd have agreed")
        and (doc[start - 2].pos_ == "ADJ" or doc[start - 2].ent_type_ == "NORP")
    ):
        start -= 2
    if (
        start >= 2
        and doc[start].lower_ == "loan"
        and doc[start - 1].lower_ in ("and", "&")
        and doc[start - 2].lower_ == "savings"
    ):  # "South Bay Savings and Loan Association": a bank type, not two companies
        start -= 2
        while start > 0 and ent.start - start < 6 and doc[start - 1].is_title:
            if start - 1 in taken:
                break
            start -= 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label="ORG", kb_id=ent.kb_id_, span_id=ent.id_)


#: Words that end a company's full name after its short one ("CoreSite Realty").
_NAME_TAIL_WORDS = {"realty", "video", "communications", "technologies", "technology", "systems"}
_NAME_TAIL_WORDS |= {"networks", "software", "labs", "semiconductor", "computing", "holdings"}
_NAME_TAIL_WORDS |= {"solution", "solutions"}


def _is_tail(prev: Span, ent: Span) -> bool:
    """Whether ``ent`` is the last words of the name ``prev`` just before it."""
    return (
        ent.label_ == "ORG"
        and prev.label_ == "ORG"
        and not ent.ent_id_
        and prev.end == ent.start
        and ent.doc[ent.start - 1].whitespace_ == " "
        and all(t.is_title and t.lower_ in _NAME_TAIL_WORDS for t in ent)
    )


#: Stock exchanges named before a ticker in a press release's bracket.
_EXCHANGES = {"nasdaq", "nyse", "tsx", "lse", "tse", "tyo", "hkex", "sgx", "asx", "otc", "amex"}


def _ticker(ent: Span) -> bool:
    """ "Broadcom Inc. (NASDAQ: AVGO)": a ticker is no organisation of its own."""
    doc = ent.doc
    return (
        ent.label_ == "ORG"
        and ent.start >= 2
        and doc[ent.start - 1].text == ":"
        and doc[ent.start - 2].lower_ in _EXCHANGES
    )


def _grow_known_prefixes(ents: list[Span]) -> list[Span]:
    """A gazetteer name that begins a longer name of this article, with that name's next
    word after it, is the longer company: "Brookfield" + "Renewable" after "Brookfield
    Renewable Partners L.P." is Brookfield Renewable, not Brookfield."""
    longer = [
        [t.text for t in e] for e in ents if e.label_ == "ORG" and not e.ent_id_ and len(e) > 1
    ]
    out: list[Span] = []
    taken = {i for e in ents for i in range(e.start, e.end)}
    for ent in ents:
        end = ent.end
        if ent.label_ == "ORG" and ent.ent_id_ and end < len(ent.doc):
            words = [t.text for t in ent]
            while (
                end < len(ent.doc)
                and end not in taken
                and ent.doc[end].is_title
                and any(w[: len(words) + 1] == [*words, ent.doc[end].text] for w in longer)
            ):
                words.append(ent.doc[end].text)
                end += 1
        out.append(ent if end == ent.end else Span(ent.doc, ent.start, end, label="ORG"))
    return out


def _join_name_tails(ents: list[Span]) -> list[Span]:
    """A name's last words split off as an organisation of their own: dropped after a
    gazetteer name ("CoreSite" + "Realty" is CoreSite), joined to any other ("LG Energy" +
    "Solution" is LG Energy Solution)."""
    out: list[Span] = []
    for ent in sorted(ents, key=lambda e: e.start):
        prev = out[-1] if out else None
        if prev is not None and _is_tail(prev, ent):
            if not prev.ent_id_:
                out[-1] = Span(ent.doc, prev.start, ent.end, label="ORG")
            continue
        out.append(ent)
    return out


def _suffix_only(text: str) -> bool:
    """ "Inc.", "Co. Ltd": a corporate suffix cut off its name."""
    words = re.sub(r"[^a-z0-9 ]+", "", text.lower()).split()
    return bool(words) and all(w in SUFFIX_KEYS for w in words)


def _trim(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].is_punct or doc[end - 1].lower_ in _EDGE_WORDS
    ):
        end -= 1
    for i in range(end - 2, start, -1):  # a dateline's dash: "Calif. - Vantor Systems Inc"
        if (
            doc[i].text in ("-", "\u2013", "\u2014")
            and doc[i].whitespace_
            and doc[i - 1].whitespace_
        ):
            start = i + 1
            break
    while start < end and doc[start].text in _NOT_NAME_WORDS and end - start > 1:
        start += 1
    while end - start > 1 and (  # a title-case headline's verb: "Sanmina to Acquire ZT Systems"
        doc[start].text in _VERBS_3RD
        or (doc[start].text in _VERBS_BASE and start > 0 and doc[start - 1].lower_ == "to")
    ):
        start += 1
    while start < end and (
        doc[start].is_space or doc[start].is_punct or doc[start].lower_ in _EDGE_WORDS
    ):
        start += 1
    if start >= end:
        return None
    if ent.label_ == "ORG" and all(
        re.sub(r"[^a-z]", "", t.lower_) in SUFFIX_KEYS for t in doc[start:end]
    ):
        return None  # a lone "Plc" or "Inc": what it ended was cut off
    # "Google's AI": the possessor is the name, unless a suffix ends it ("Scott's Hospitality Inc")
    for i in range(start + 1, end - 1):
        if doc[i].text in ("'s", "\u2019s"):
            tail = re.sub(r"[^a-z]", "", doc[end - 1].text.lower())
            if ent.label_ == "ORG" and tail not in SUFFIX_KEYS:
                end = i
            break
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)


def _facts(doc: Doc, kind: str, found: list[Any]) -> list[Fact]:
    starts = sentence_starts(doc)
    return [Fact(kind, m, m.start, m.end, sentence_index(starts, m.start)) for m in found]


@Language.component("dealfacts_money")
def money_component(doc: Doc) -> Doc:
    """Money amounts with currency, hedges and periods (``doc._.money``)."""
    doc._.money = _facts(doc, "money", normalize.find_money(doc.text))
    return doc


@Language.component("dealfacts_gpus")
def gpus_component(doc: Doc) -> Doc:
    """Accelerator mentions: count, vendor, model (``doc._.gpus``)."""
    doc._.gpus = _facts(doc, "gpus", normalize.find_gpus(doc.text))
    return doc


@Language.component("dealfacts_terms")
def terms_component(doc: Doc) -> Doc:
    """Deal terms in months (``doc._.terms``)."""
    doc._.terms = _facts(doc, "term", normalize.find_durations(doc.text))
    return doc


@Language.component("dealfacts_dates")
def dates_component(doc: Doc) -> Doc:
    """Dates, relative ones resolved against ``doc._.ref_date`` (``doc._.dates``)."""
    ref = doc._.ref_date if isinstance(doc._.ref_date, dt.date) else None
    facts = _facts(doc, "date", normalize.find_dates(doc.text, ref))
    datelines = [(m.start(), m.end()) for m in _DATELINE_RE.finditer(doc.text)]
    if datelines:  # a dateline's date belongs to the sentence it opens
        starts = sentence_starts(doc)
        facts = [
            next(
                (
                    replace(f, sent=sentence_index(starts, end))
                    for start, end in datelines
                    if start <= f.start < end
                ),
                f,
            )
            for f in facts
        ]
    doc._.dates = facts
    return doc


def _join_abbreviations(doc: Doc, orgs: list[Span], clusters: dict[str, OrgCluster]) -> None:
    """ "Equiticorp Tasman Ltd (ETL)": the abbreviation in brackets is the same company, as
    is each one a bracket defines ("SoftBank Group Corp. ("SoftBank Group" or "SBG")")."""
    for i, name in enumerate(orgs):
        after = [t.lower_ for t in doc[name.end : name.end + 4]]
        for lead in ([",", "known", "as"], [",", "also", "known", "as"], ["known", "as"]):
            if after[: len(lead)] == lead:  # "the Software Integrity Group, known as SIG"
                start = name.end + len(lead)
                for abbr in orgs[i + 1 : i + 2]:
                    if abbr.start == start:
                        _join_one(name, abbr, clusters)
        if name.end >= len(doc) or doc[name.end].text != "(":
            continue
        close = next((t.i for t in doc[name.end + 1 : name.end + 16] if t.text == ")"), None)
        if close is None:
            continue
        for abbr in orgs[i + 1 :]:
            if abbr.start >= close:
                break
            before = [t.text for t in doc[max(name.end, abbr.start - 2) : abbr.start]]
            # a form the bracket defines: first in it, or after "or" / a comma ('("X" or
            # "XG")'), not any name it mentions ("(which has invested in AMD)")
            if before[-1:] in (["("], ["or"], [","]) or (
                before[-1:] and before[-1] in _QUOTES and before[0] in ("(", "or", ",")
            ):
                _join_one(name, abbr, clusters)


_QUOTES = {'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"}


def _join_one(name: Span, abbr: Span, clusters: dict[str, OrgCluster]) -> None:
    """Make ``abbr`` (an upper-case abbreviation of ``name``) a form of ``name``'s cluster."""
    short = abbr.text
    doc = abbr.doc
    quoted = (
        abbr.start > 0
        and abbr.end < len(doc)
        and doc[abbr.start - 1].text in _QUOTES
        and doc[abbr.end].text in _QUOTES
    )
    words = set(key_words(name.text))
    defined = quoted and bool(key_words(short)) and set(key_words(short)) <= words
    if not (defined or (2 <= len(short) <= 6 and short.isupper() and short[0] == name.text[0])):
        return  # neither an abbreviation nor a quoted short form ("Ampere") of the name
    full = clusters.get(org_key(name.text))
    if full is not None and org_key(short) in clusters:
        full.forms.add(short)
        clusters[org_key(short)] = full


def org_clusters(doc: Doc) -> dict[str, OrgCluster]:
    """The article's organisations by canonical name."""
    return doc._.org_clusters or {}


__all__ = [
    "Fact",
    "OrgMention",
    "OrgsComponent",
    "display_name",
    "gazetteer_patterns",
    "org_clusters",
    "sentence_index",
    "sentence_starts",
]
