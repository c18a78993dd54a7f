"""Rule stage of the relation step: deal triggers, their type and each party's role.

A trigger is a verb ("acquire", "supply", "invest") or a noun ("acquisition of", "round
led by") from :data:`FRAMES`. Its arguments (subject, object, prepositions, possessor)
are read off spaCy's dependency parse and mapped to the organisations found by the nlp
stage; pronouns and "the company" are resolved to the organisation last in subject
position. The result is a list of :class:`Candidate` on ``doc._.candidates``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components import OrgMention
from pipeline.nlp.orgs import default_gazetteer


@dataclass(frozen=True, slots=True)
class Frame:
    """How a trigger's arguments map to roles."""

    type: str
    subj: str | None = None
    obj: str | None = None
    preps: tuple[tuple[str, str], ...] = ()
    poss: str | None = None
    compound: str | None = None
    #: The type is read from the sentence's words (generic verbs like "sign").
    generic: bool = False
    #: Role of the subject of the verb that governs a role noun ("X became a customer of Y").
    gov: str | None = None


ACQ = Frame("acquisition", "acquirer", "target", (("from", "seller"), ("by", "acquirer")))
SELL = Frame("acquisition", "seller", "target", (("to", "acquirer"), ("by", "seller")))
MERGE = Frame("acquisition", "acquirer", "target", (("with", "target"), ("into", "acquirer")))
INVEST = Frame(
    "investment",
    "investor",
    "investee",
    (("in", "investee"), ("into", "investee"), ("by", "investor")),
)
RAISE = Frame(
    "investment", "investee", None, (("from", "investor"), ("by", "investor"), ("with", "investor"))
)
POUR = Frame("investment", "investor", None, (("into", "investee"), ("in", "investee")))
SUPPLY = Frame(
    "compute", "provider", "customer", (("to", "customer"), ("for", "customer"), ("by", "provider"))
)
RENT = Frame("compute", "customer", None, (("from", "provider"), ("by", "customer")))
LICENSE = Frame("licensing", "provider", "customer", (("to", "customer"), ("from", "provider")))
PARTNER = Frame("partnership", "partner", "partner", (("with", "partner"),))
#: "sign", "announce", "expand": their object is a deal noun, never a side ("expand its cluster")
GENERIC = Frame(
    "partnership", "party", None, (("with", "party"), ("between", "party")), generic=True
)
COMMIT = Frame(
    "compute",
    "customer",
    "provider",
    (("to", "provider"), ("with", "provider"), ("on", "provider")),
    generic=True,
)
ORDER = Frame("purchase", "customer", None, (("from", "provider"), ("with", "provider")))
TURN = Frame("compute", "customer", "provider", (("to", "provider"),), generic=True)
LET = Frame("licensing", "provider", "customer", generic=True)
GIVE = Frame("licensing", "provider", "customer", (("to", "customer"),), generic=True)
STAKE = Frame("investment", "investor", None, (("in", "investee"),), generic=True)
WIN = Frame("compute", "provider", None, (("from", "customer"), ("with", "customer")), generic=True)

#: "X will offer 4.15 dlrs a share for Y", "X bid 20 dlrs a share for Y's stock"
BID = Frame("acquisition", "acquirer", None, (("for", "target"),))

VERB_FRAMES: dict[str, Frame] = {
    "acquire": ACQ,
    "buy": ACQ,
    "purchase": ACQ,
    "absorb": ACQ,
    "snap": ACQ,
    "sell": SELL,
    "divest": SELL,
    "offload": SELL,
    "dispose": SELL,
    "spin": SELL,
    "transfer": SELL,
    "offer": BID,
    "bid": BID,
    "merge": MERGE,
    "combine": MERGE,
    "invest": INVEST,
    "back": Frame("investment", "investor", "investee"),
    "fund": Frame("investment", "investor", "investee"),
    "lead": Frame(
        "investment",
        "investor",
        "investee",  # "Helios raised $220m ..., co-led by X": the raiser, as the passive subject
        (("in", "investee"), ("for", "investee"), ("by", "investor")),
    ),
    "participate": Frame("investment", "investor", None, (("in", "investee"),)),
    "join": Frame("investment", "investor", None, (("by", "investor"),), generic=True),
    "put": POUR,
    "pour": POUR,
    "inject": POUR,
    "pump": POUR,
    "plough": POUR,
    "plow": POUR,
    "raise": RAISE,
    "secure": RAISE,
    "close": RAISE,
    "supply": SUPPLY,
    "provide": SUPPLY,
    "deliver": SUPPLY,
    "furnish": SUPPLY,
    "host": SUPPLY,
    "rent": RENT,
    "lease": RENT,
    "license": LICENSE,
    "licence": LICENSE,
    "partner": PARTNER,
    "collaborate": PARTNER,
    "team": PARTNER,
    "ally": PARTNER,
    "sign": GENERIC,
    "ink": GENERIC,
    "strike": GENERIC,
    "enter": GENERIC,
    "reach": GENERIC,
    "agree": GENERIC,
    "seal": GENERIC,
    "clinch": GENERIC,
    "forge": GENERIC,
    "announce": GENERIC,
    "expand": GENERIC,
    "extend": GENERIC,
    "finalize": GENERIC,
    "finalise": GENERIC,
    "complete": GENERIC,
    "commit": COMMIT,
    "spend": COMMIT,
    "pay": COMMIT,
    "tap": TURN,
    "turn": TURN,
    "choose": TURN,
    "select": TURN,
    "pick": TURN,
    "engage": TURN,
    "hire": TURN,
    "dedicate": SUPPLY,
    "allocate": SUPPLY,
    "reserve": SUPPLY,
    "use": COMMIT,
    "win": WIN,
    "order": ORDER,
    "land": WIN,
    "let": LET,
    "allow": LET,
    "permit": LET,
    "give": GIVE,
    "grant": GIVE,
    "increase": STAKE,
    "boost": STAKE,
    "lift": STAKE,
    "hold": STAKE,
    "own": STAKE,
    "build": STAKE,
}

SALE_NOUN = Frame(
    "acquisition",
    None,
    None,
    (("of", "target"), ("to", "acquirer"), ("by", "seller")),
    poss="seller",
)

BIDDER = Frame(
    "acquisition", None, None, (("for", "target"), ("of", "target")), poss="target", gov="acquirer"
)

NOUN_FRAMES: dict[str, Frame] = {
    "acquisition": Frame(
        "acquisition",
        None,
        None,
        (("of", "target"), ("by", "acquirer"), ("from", "seller")),
        poss="acquirer",
    ),
    "takeover": Frame(
        "acquisition", None, None, (("of", "target"), ("by", "acquirer")), poss="acquirer"
    ),
    "buyout": Frame(
        "acquisition", None, None, (("of", "target"), ("by", "acquirer")), poss="acquirer"
    ),
    "merger": Frame(
        "acquisition",
        None,
        None,
        (("with", "target"), ("of", "target"), ("into", "acquirer")),
        poss="acquirer",
    ),
    "purchase": Frame(
        "acquisition",
        None,
        None,
        (("of", "target"), ("by", "acquirer"), ("from", "seller")),
        poss="acquirer",
    ),
    "sale": SALE_NOUN,
    "disposition": SALE_NOUN,
    "disposal": SALE_NOUN,
    "divestiture": SALE_NOUN,
    "divestment": SALE_NOUN,
    "investment": Frame(
        "investment",
        None,
        None,
        (("in", "investee"), ("by", "investor"), ("from", "investor")),
        poss="investor",
    ),
    "stake": Frame("investment", None, None, (("in", "investee"),), poss="investor"),
    "placement": Frame(
        "investment", None, None, (("with", "investor"), ("to", "investor")), poss="investee"
    ),
    "round": Frame(
        "investment",
        None,
        None,
        (("by", "investor"), ("from", "investor"), ("in", "investee"), ("for", "investee")),
        poss="investee",
        compound="investee",
    ),
    "funding": Frame(
        "investment",
        None,
        None,
        (("by", "investor"), ("from", "investor"), ("for", "investee")),
        poss="investee",
    ),
    "financing": Frame(
        "investment", None, None, (("by", "investor"), ("from", "investor")), poss="investee"
    ),
    "offer": Frame(
        "acquisition",
        None,
        None,
        (("for", "target"), ("by", "acquirer"), ("to", "target")),
        poss="acquirer",
    ),
    "bid": Frame(
        "acquisition", None, None, (("for", "target"), ("by", "acquirer")), poss="acquirer"
    ),
    "tender": Frame(
        "acquisition", None, None, (("for", "target"), ("by", "acquirer")), poss="acquirer"
    ),
    "lease": Frame(
        "compute",
        None,
        None,
        (("with", "party"), ("from", "provider"), ("to", "customer")),
        poss="party",
        compound="party",
        generic=True,
    ),
    "deal": Frame(
        "partnership",
        None,
        None,
        (("with", "party"), ("between", "party")),
        poss="party",
        compound="party",
        generic=True,
    ),
    "agreement": Frame(
        "partnership",
        None,
        None,
        (("with", "party"), ("between", "party")),
        poss="party",
        compound="party",
        generic=True,
    ),
    "contract": Frame(
        "partnership",
        None,
        None,
        (("with", "party"), ("from", "party"), ("between", "party")),
        poss="party",
        compound="party",
        generic=True,
    ),
    "pact": Frame(
        "partnership",
        None,
        None,
        (("with", "party"), ("between", "party")),
        poss="party",
        compound="party",
        generic=True,
    ),
    "partnership": Frame(
        "partnership",
        None,
        None,
        (("with", "party"), ("between", "party")),
        poss="party",
        compound="party",
        generic=True,
    ),
    "alliance": Frame(
        "partnership",
        None,
        None,
        (("with", "party"), ("between", "party")),
        poss="party",
        generic=True,
    ),
    "tie": Frame("partnership", None, None, (("with", "party"),), poss="party", generic=True),
    "customer": Frame(
        "compute",
        None,
        None,
        (("of", "provider"), ("for", "provider")),
        poss="provider",
        generic=True,
        gov="customer",
    ),
    "client": Frame(
        "compute", None, None, (("of", "provider"),), poss="provider", generic=True, gov="customer"
    ),
    "tenant": Frame(
        "compute", None, None, (("of", "provider"),), poss="provider", generic=True, gov="customer"
    ),
    "supplier": Frame(
        "compute",
        None,
        None,
        (("to", "customer"), ("for", "customer"), ("of", "customer")),
        poss="customer",
        generic=True,
        gov="provider",
    ),
    "investor": Frame("investment", None, None, (("in", "investee"),), gov="investor"),
    # "X is the successful bidder for Y", "Y's suitor, X"
    "bidder": BIDDER,
    "suitor": BIDDER,
    "purchaser": BIDDER,
    "backer": Frame(
        "investment", None, None, (("of", "investee"),), poss="investee", gov="investor"
    ),
    "order": Frame(
        "purchase",
        None,
        None,
        (("from", "customer"), ("with", "provider"), ("by", "customer")),
        poss="customer",
    ),
    "commitment": Frame(
        "compute",
        None,
        None,
        (("to", "provider"), ("with", "provider")),
        poss="customer",
        generic=True,
    ),
}
#: "a joint venture with Y" reads as an alliance (only with "joint", and only when formed:
#: see candidates_for_sentence).
NOUN_FRAMES["venture"] = NOUN_FRAMES["alliance"]

#: Object heads that turn a "buy"/"sell"/"supply" into compute or purchase deals.
CAPACITY_WORDS = {
    "capacity",
    "compute",
    "computing",
    "service",
    "services",
    "cloud",
    "infrastructure",
    "cluster",
    "clusters",
    "power",
    "space",
    "access",
    "server",
    "time",
    "instance",
}
PRODUCT_WORDS = {
    "chip",
    "gpu",
    "processor",
    "accelerator",
    "hardware",
    "system",
    "equipment",
    "device",
    "superchip",
    "server",
    "rack",
    "card",
    "tpu",
    "memory",
    "networking",
    "product",
}
STAKE_WORDS = {"stake", "interest", "share", "equity", "holding", "minority", "position"}
#: Verbs that make a joint venture: "agreed to form a joint venture with Y".
_VENTURE_VERBS = {"form", "create", "set", "establish", "launch", "announce", "sign", "start"}
#: Sites that stand for their owner after "to": "supply power to Y's data centres".
_FACILITY_WORDS = {"centre", "center", "centres", "centers", "campus", "site", "facility"}
_FACILITY_WORDS |= {"facilities", "sites", "operations", "cluster", "clusters"}
#: A sentence about buying power: its generic triggers' deals are power purchases.
_POWER_CONTEXT = re.compile(
    r"\b(?:power purchase agreements?|ppas?|power (?:supply )?(?:deal|contract|agreement)s?|"
    r"electricity|hydropower|megawatts? of (?:\w+ )?(?:power|energy))\b",
    re.I,
)
#: What a power purchase buys (SCHEMA.md type "other", the buyer a customer, the generator
#: a provider).
POWER_WORDS = {"electricity", "power", "hydropower", "energy"}
_POWER_UNITS = {"megawatt", "gigawatt", "mw", "gw", "kilowatt", "terawatt"}
BUSINESS_WORDS = {
    "unit",
    "division",
    "business",
    "operation",
    "subsidiary",
    "asset",
    "arm",
    "segment",
    "portfolio",
    "plant",
    "assets",
    "operations",
    # physical businesses that change hands in wire copy
    "mill",
    "factory",
    "refinery",
    "facility",
    "store",
    "chain",
    "brand",
    "mine",
    "hotel",
    "newspaper",
    "station",
    "property",
}
ANAPHORS = {"it", "its", "they", "their", "which", "who", "that", "we", "our"}
COMPANY_NOUNS = {
    "company",
    "firm",
    "group",
    "maker",
    "developer",
    "startup",
    "provider",
    "giant",
    "operator",
    "concern",
    "buyer",
    "unit",
    "lab",
    "owner",
    "bank",
    "fund",
    "insurer",
}

_CONTEXT_TYPES: list[tuple[str, re.Pattern[str]]] = [
    (
        "investment",
        re.compile(
            r"\b(?:stakes?|funding|financing|series [a-h]|rounds?|invest(?:s|ed|ing|ments?|ors?)?|"
            r"valuations?|equity)\b",
            re.I,
        ),
    ),
    (
        "other",  # power bought for data centres; joint ventures, resellers (SCHEMA.md)
        re.compile(
            r"\b(?:power purchase agreements?|ppas?|power (?:supply )?(?:deal|contract|agreement)s?|"
            r"(?:buy|purchase|supply|sell|for)\w* (?:\w+ ){0,3}?(?:electricity|hydropower|"
            r"(?:renewable|clean|carbon-free|nuclear|solar|wind) (?:power|energy))|"
            r"joint ventures?|jointly owned|exclusive reseller|distribution (?:agreement|deal|pact))\b",
            re.I,
        ),
    ),
    (
        "compute",
        re.compile(
            r"\b(?:capacity|comput(?:e|ing)|cloud|data[- ]cent(?:er|re)s?|gpus?|clusters?|infrastructure|hosting|gigawatts?|supercomputer|ai factor(?:y|ies))\b",
            re.I,
        ),
    ),
    (
        "licensing",
        re.compile(
            r"\b(?:licen[cs](?:e|es|ed|ing)|content|data access|rights|royalt(?:y|ies)|api access|"
            r"access to (?:[\w-]+ ){0,8}?models?|train(?:s|ed|ing)? (?:[\w-]+ ){0,2}?models?)\b",
            re.I,
        ),
    ),
    (
        "purchase",
        re.compile(
            r"\b(?:chips?|processors?|servers?|hardware|accelerators?|superchips?|units|racks?)\b",
            re.I,
        ),
    ),
    (
        "acquisition",
        re.compile(
            r"\b(?:acqui(?:re|red|res|ring|sition)|takeover|buyout|merger|take over)\b", re.I
        ),
    ),
]

NEGATION_RE = re.compile(
    r"\b(?:denied|denies|deny|dismissed|no (?:such )?(?:deal|agreement|talks|plans?)|not (?:in talks|considering|pursuing|true)|"
    r"(?:is|was|are|were) not (?:buying|acquiring|selling|investing|raising)|never (?:agreed|signed)|false|untrue|"
    r"rumou?rs?|speculat\w+|would not comment on (?:a|any) deal|"
    r"(?:rejected|dismissed|denied|refuted) (?:a |the |an )?(?:\w+ ){0,2}reports?|"
    r"(?:received|had|has) no (?:offer|proposal|bid|approach)|not (?:engaged|involved) in any)\b",
    re.I,
)
#: Lending, which a generic deal word ("committed", "an agreement with") may only finance.
_DEBT_RE = re.compile(  # lower case only: "Savings and Loan Association" is a name
    r"\b(?:lend|lends|lent|lending|loan|loans|borrow\w*|credit (?:agreement|facility|line)s?|"
    r"bridge financing|financing facility|revolving credit|debentures)\b"
)
CANCEL_RE = re.compile(
    r"\b(?:terminat\w+|called off|call off|calls off|abandon\w*|scrap(?:ped|s)?|walk(?:ed|s)? away|withdr[ae]w(?:n|s|ing)?|"
    r"blocked|collapsed|fell (?:apart|through)|unwound|cancel+(?:ed|led|s)?|failed|ended (?:talks|negotiations)|"
    r"broke off|dropped (?:its|the|their) (?:bid|offer|plan)|no longer)\b",
    re.I,
)


@dataclass
class Candidate:
    """A deal that one trigger suggests: type, parties by role, where it was read."""

    type: str
    roles: dict[str, list[str]] = field(default_factory=dict)
    sent: int = 0
    trigger: str = ""
    trigger_char: int = 0
    generic: bool = False
    negated: bool = False
    confidence: float = 0.6
    object_kind: str | None = None
    #: The type is stated by a word of the sentence: a specific trigger ("acquire"), or a
    #: type word beside a generic one ("a licensing deal"), not the fallback.
    stated: bool = False

    def add(self, role: str, name: str) -> None:
        names = self.roles.setdefault(role, [])
        if name not in names and not any(name in v for k, v in self.roles.items() if k != role):
            names.append(name)

    @property
    def names(self) -> set[str]:
        return {n for v in self.roles.values() for n in v}


class _OrgIndex:
    """Token index -> organisation mention, plus discourse state for anaphora."""

    def __init__(self, doc: Doc) -> None:
        self.by_token: dict[int, OrgMention] = {}
        for m in doc._.orgs or []:
            for i in range(m.start_token, m.end_token):
                self.by_token[i] = m
        #: The organisations of the last main clause's subject ("A, B and C said ...").
        self.subjects: list[str] = []
        #: Names made here (business units) and the organisation names they contain.
        self.aliases: dict[str, list[str]] = {}
        self.first: str | None = doc._.orgs[0].name if doc._.orgs else None
        self.first_token: int = doc._.orgs[0].start_token if doc._.orgs else len(doc)
        self.mentions: list[OrgMention] = sorted(doc._.orgs or [], key=lambda m: m.start_token)

    def last_two_before(self, token: Token) -> list[str]:
        """The two organisations named last before ``token``, in text order ("the two companies")."""
        names: list[str] = []
        for m in reversed(self.mentions):
            if m.start_token < token.i and m.name not in names:
                names.append(m.name)
                if len(names) == 2:
                    return names[::-1]
        return []

    def first_before(self, token: Token) -> str | None:
        """The article's first organisation, if it is named before ``token``."""
        return self.first if self.first_token < token.i else None

    def org_of(self, token: Token) -> OrgMention | None:
        return self.by_token.get(token.i)


def _children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _with_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    out.extend(c for c in tok.conjuncts if c.i > tok.i)
    if tok.pos_ == "PROPN":
        # "SAP, Christ&Company Consulting, HPE and Burda took part": the parse may hang the
        # list on a name read as the first one's apposition
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > tok.i and c.conjuncts:
                out.extend(x for x in (c, *c.conjuncts) if x.i > tok.i and x not in out)
        # "Union Bancorp of West Virginia Inc and Y": the "and" hangs on the end of the name
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for p in prep.children:
                    if p.dep_ == "pobj" and p.pos_ == "PROPN":
                        out.extend(c for c in p.conjuncts if c.i > p.i)
    return out


_GROUP_NOUNS = {"investor", "backer", "group", "consortium", "company", "firm", "fund", "partner"}
_PART_OF_COMPANY = {
    "round",
    "placement",
    "offering",
    "arm",
    "unit",
    "subsidiary",
    "division",
    "affiliate",
    "cloud",
    "platform",
    "team",
    "business",
    "venture",
    "fund",
    "group",
    "entity",
    "vehicle",
}


#: Units through which a company buys or invests: "to a subsidiary of X", "by an affiliate of X".
_AGENT_UNITS = {"unit", "subsidiary", "affiliate", "division", "arm", "vehicle", "entity"}

#: Participles that name who made a deal noun's offer: "launched by X", "led by X".
_MAKER_VERBS = {"lead", "back", "provide", "make", "launch", "announce", "propose", "submit"}
#: Deal nouns whose target, when unnamed, is the company that reports them.
_OFFER_NOUNS = {"offer", "bid", "tender", "proposal", "merger", "buyout", "takeover"}


_RESPONSE_VERBS = {"approve", "consider", "study", "review", "evaluate", "take", "respond"}
_RESPONSE_VERBS |= {"support", "back", "accept", "reject", "welcome", "rebuff", "recommend"}
_RESPONSE_VERBS |= {"oppose", "receive", "make"}


#: Nouns of an agreement whose "with" side is the other party: "an agreement with Y to buy Z".
_PACT_NOUNS = {"agreement", "letter", "deal", "accord", "pact", "contract", "arrangement"}
#: What a deal between companies is when it is extended: "expand its relationship with Y".
_TIE_NOUNS = {"relationship", "collaboration", "ties", "cooperation", "work", "use", "access"}


#: Modals that make a deal verb a possibility: "shares may be sold or purchased by X".
_MAYBE = {"may", "might", "could"}


def _with_head_conjuncts(tok: Token) -> list[Token]:
    """``tok``'s children, and those of the verb it is a conjunct of ("sold or purchased")."""
    out = list(tok.children)
    if tok.dep_ == "conj":
        out += [c for c in tok.head.children if c.dep_ in ("aux", "auxpass", "neg")]
    if tok.dep_ == "attr" and tok.head.lemma_ == "be":  # "X, which is not an investor"
        out += [  # but "is not only an investor but also its cloud provider"
            c
            for c in tok.head.children
            if c.dep_ == "neg" and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ == "only")
        ]
    return out


#: Verbs that make someone else's deal an obligation, not an agreement ("a law requires
#: ByteDance to divest TikTok", "a decree would require Baker to sell its unit").
_OBLIGE_VERBS = {"require", "force", "order", "compel", "oblige", "obligate"}


def _not_agreed(verb: Token) -> bool:
    """A deal verb that tells no agreed deal: an obligation, or one done "without" ("without
    signing up with Amazon")."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in _OBLIGE_VERBS:
        # a deal's own terms oblige ("a deal that will require it to buy capacity")
        subj = _children(head, {"nsubj", "nsubjpass"})
        doer = subj[0] if subj else None
        if doer is not None and doer.lower_ in ("that", "which") and head.dep_ == "relcl":
            doer = head.head
        return not (doer is not None and doer.lemma_.lower() in _PACT_NOUNS | set(NOUN_FRAMES))
    if verb.dep_ != "pcomp":
        return False
    if head.lower_ == "without":
        return True
    # "instead of buying chips from Nvidia"
    return head.lower_ == "of" and (
        head.head.lower_ == "instead" or any(c.lower_ == "instead" for c in head.children)
    )


#: Verbs of thinking a deal over: what they govern was not made ("had considered making an
#: offer", "weighing a bid").
_WEIGH_VERBS = {"consider", "contemplate", "mull", "weigh", "ponder"}
_HYPOTHETICAL_PATH = {"dobj", "xcomp", "pcomp", "pobj", "prep", "ccomp", "acl", "relcl", "nsubj"}


def _considered(tok: Token) -> bool:
    """A deal only thought over or denied further up: "had considered making an offer for
    Y", "discussed whether a bid for Y could help", "was not in discussions to acquire Y"."""
    head = tok
    # a deal told as a fact ("whether Microsoft's acquisition of X can proceed", "considered
    # the $28 billion acquisition its largest") is no hypothesis: only "a bid", "an offer"
    noun = tok if tok.pos_ == "NOUN" else tok.head if tok.dep_ in ("acl", "relcl") else None
    told = noun is not None and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ not in ("a", "an", "any")
        for c in noun.children
    )
    for _ in range(3):
        if head.head.i == head.i:
            return False
        if head.dep_ not in _HYPOTHETICAL_PATH:
            return False
        head = head.head
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in head.children):
            return not told
        if head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() in _WEIGH_VERBS:
                return not told
            if any(c.dep_ == "neg" for c in head.children) and tok.dep_ in ("acl", "relcl"):
                return True  # "was not in talks to acquire Y"
            if head.lemma_.lower() not in ("make", "launch", "submit", "mount"):
                return False
    return False


def _others(poss: Token, subj: list[Token], index: _OrgIndex, state: dict[str, Any]) -> bool:
    """Whether a possessive "its" names another company than the verb's subject."""
    if poss.lower_ not in ("its", "their"):
        return False
    ref = _anaphor_referent(poss, index, state)
    own = {n for s in subj for n in _orgs_in_arg(s, index, state)}
    return bool(ref) and bool(own) and ref not in own


def _responded_to(tok: Token) -> bool:
    """Whether a deal noun is what a verb of response governs ("rejected the offer",
    "take no action on the offer", "approved a merger into Y")."""
    head = tok
    for _ in range(3):
        if head.dep_ in ("ROOT",) or head.head.i == head.i:
            return False
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head.lemma_.lower() in _RESPONSE_VERBS
    return False


#: Verbs by which a bidder changes its own offer: "X doubled its offer".
_REVISE_VERBS = {"double", "sweeten", "lift", "boost", "cut", "lower", "amend", "withdraw", "drop"}


def _anaphor_referent(tok: Token, index: _OrgIndex, state: dict[str, Any]) -> str | None:
    """The organisation "it", "its" or "the company" at ``tok`` stands for, named before it.

    "its" is the subject of its own clause where that is a company named before it ("Y
    said X has doubled its offer": X's offer); otherwise the discourse subject.
    """
    if tok.lower_ in ("its", "their"):
        verb = tok.head
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and (
            verb.lemma_.lower() in _DOER_VERBS
            or verb.lemma_.lower() in VERB_FRAMES
            or verb.lemma_.lower() in _REVISE_VERBS
        ):  # "X has doubled its offer", not "the court overturned its acquisition"
            doers = _children(verb, {"nsubj"}) or [  # passive: "Y was bought by X in its ..."
                p for prep, p in _prep_objects(verb) if prep == "by"
            ]
            own = [m for s in doers if s.i < tok.i and (m := index.org_of(s)) is not None]
            if own:
                return own[0].name
    if state.get("subject_at", -1) > tok.i:  # this sentence's subject comes after the anaphor
        return state.get("previous")
    return state.get("subject") or index.first_before(tok)


def _possessor(c: Token, index: _OrgIndex, state: dict[str, Any]) -> str | None:
    """The company a possessor names: "Y's" itself, or what "its"/"their" stands for."""
    m = index.org_of(c)
    if m is not None:
        return m.name
    return _anaphor_referent(c, index, state) if c.lower_ in ("its", "their") else None


#: People who act for a company as a subject: "its board", "the directors of Y".
_PROXY_NOUNS = {"board", "director", "directors", "management"}


def _proxy_owners(head: Token, index: _OrgIndex, state: dict[str, Any]) -> list[str]:
    """The company a board or its directors stand for (possessor, compound or "of Y")."""
    for c in head.children:
        if c.dep_ == "compound" and index.org_of(c) is not None:
            return [index.org_of(c).name]  # type: ignore[union-attr]
        if c.dep_ == "poss":
            name = _possessor(c, index, state)
            return [name] if name else []
    for prep, p in _prep_objects(head):
        if prep == "of":
            return _orgs_in_arg(p, index, state)
    return []


def _not_the_doer(head: Token, name: str, index: _OrgIndex, state: dict[str, Any]) -> str:
    """An object anaphor is not its verb's own subject: "if it succeeds in acquiring the
    company" is the company named last before it, not "it"."""
    if head.dep_ == "dobj":
        verb = head.head
    elif head.dep_ == "pobj" and head.head.dep_ == "prep":
        verb = head.head.head
    else:
        return name
    if verb.pos_ != "VERB" or VERB_FRAMES.get(verb.lemma_.lower()) not in (ACQ, MERGE):
        return name
    if head.lemma_.lower() not in COMPANY_NOUNS:
        return name  # only "the company", "the firm": "it" may well be what is bought
    subj, passive = _subject(verb)
    if passive or not any(
        index.org_of(s) is not None
        and index.org_of(s).name == name  # type: ignore[union-attr]
        or s.lower_ in ANAPHORS
        and _anaphor_referent(s, index, state) == name
        for s in subj
    ):
        return name
    words = set(name.lower().split())
    for m in reversed(index.mentions):
        if m.start_token < head.i and not words & set(m.name.lower().split()):
            return m.name  # named last before it, and not another form of the doer's name
    return name


def _orgs_in_arg(tok: Token, index: _OrgIndex, state: dict[str, Any]) -> list[str]:
    """Organisations an argument head stands for (itself, its conjuncts, an anaphor)."""
    names: list[str] = []
    for head in _with_conjuncts(tok):
        m = index.org_of(head)
        if m is None:
            for c in head.children:
                if c.dep_ in ("compound", "appos", "nmod", "amod") and index.org_of(c):
                    m = index.org_of(c)
                    # "two banks, North Port Bank and City Bank", "its Nutone and Yale units"
                    for x in c.conjuncts:
                        o = index.org_of(x)
                        if x.i > c.i and o is not None and o.name not in names and o is not m:
                            names.append(o.name)
                    break
        if m is None and head.lemma_.lower() in _GROUP_NOUNS:
            # "investors including Nvidia", "a consortium led by X"
            for prep, p in _prep_objects(head) + [
                (c.lemma_.lower(), p)
                for c in head.children
                if c.dep_ == "acl"
                for _, p in _prep_objects(c)
            ]:
                if prep in ("including", "include", "lead", "such", "like", "by"):
                    # the whole list, however the parser strung it together
                    for x in p.subtree:
                        n = index.org_of(x)
                        if n and n.name not in names:
                            names.append(n.name)
            if names:
                continue
        if m is None and head.lemma_.lower() in _PLAN_NOUNS and head.dep_ != "poss":
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            # "its proposal to merge with Y": whoever proposes
            ref = _possessor(owner, index, state) if owner is not None else None
            if ref:
                if ref not in names:
                    names.append(ref)
                continue
        if (
            m is None
            and head.lemma_.lower() in _PROXY_NOUNS
            and (head.dep_.startswith("nsubj") or tok.dep_.startswith("nsubj"))
        ):
            # "its board approved ...", "the board of Y", "Y's shareholders": the company acts
            owners = _proxy_owners(head, index, state)
            if owners:
                names += [n for n in owners if n not in names]
                continue
        if m is None and head.lemma_.lower() in _PART_OF_COMPANY:
            # "Maplegrid's cloud arm will provide ...": the company acts through its unit
            for c in head.children:
                if c.dep_ == "poss" and index.org_of(c):
                    m = index.org_of(c)
                    break
            if m is None and head.lemma_.lower() in _AGENT_UNITS and head.dep_ == "pobj":
                # "the sale to a subsidiary of X": X buys, through its unit
                for prep, p in _prep_objects(head):
                    if prep == "of" and index.org_of(p):
                        m = index.org_of(p)
                        break
        if m is None and head.lemma_.lower() in COMPANY_NOUNS:
            # "the ChatGPT maker", "the Claude developer": the company behind the product
            maker = next(
                (
                    e
                    for c in head.children
                    if c.dep_ in ("compound", "nmod", "amod")
                    and (e := default_gazetteer().maker_of(c.text))
                ),
                None,
            )
            if maker is not None:
                if maker.name not in names:
                    names.append(maker.name)
                continue
        if (
            m is None
            and head.lemma_.lower() in COMPANY_NOUNS
            and any(
                c.lower_ == "both"
                or c.lower_ == "two"
                and c.dep_ == "nummod"
                and any(d.lower_ in ("the", "these", "those") for d in head.children)
                for c in head.children
            )
        ):  # "merge the two companies", "both companies": the pair named just before
            # ("two operators agreed to be taken over" names two others, not the last pair)
            pair = index.last_two_before(head)
            if pair:
                state["pair"] = pair
                names += [n for n in pair if n not in names]
                continue
        if m is None and head.dep_ not in ("poss",):
            low = head.lower_
            is_anaphor = low in ANAPHORS or (
                (
                    head.lemma_.lower() in COMPANY_NOUNS
                    # "the image-sharing site", "the ride-hailing app": a described service
                    or head.lemma_.lower() in _SERVICE_NOUNS
                    and any(
                        d.dep_ in ("compound", "amod", "npadvmod") and d.i < head.i
                        for d in head.children
                    )
                    # "the video-sharing site YouTube": the name beside it, no reference back
                    and not any(d.dep_ == "appos" for d in head.children)
                    and not (head.i + 1 < len(head.doc) and head.doc[head.i + 1].pos_ == "PROPN")
                )
                and any(d.lower_ in ("the", "this") for d in head.children)
            )
            if is_anaphor:
                clause = head.head
                for _ in range(3):  # "a fee that Google would have to pay": up to the clause
                    if clause.dep_ not in ("xcomp", "ccomp", "conj") or clause.head.i == clause.i:
                        break
                    clause = clause.head
                if low in ("which", "who", "that") and clause.dep_ == "relcl":
                    ref = index.org_of(clause.head)  # the noun the clause tells of
                    name = ref.name if ref else None
                elif low in ("they", "their", "them", "we", "our") and len(index.subjects) > 1:
                    # "A, B and C said they are investors": all of them
                    names += [n for n in index.subjects if n not in names]
                    continue
                else:
                    name = _anaphor_referent(head, index, state)
                    if name and head.lower_ not in ("they", "their", "them", "we", "our"):
                        name = _not_the_doer(head, name, index, state)
                if name and name not in names:
                    names.append(name)
            continue
        if m is not None and m.name not in names:
            names.append(m.name)
    return names


#: Nouns for a company by the service it runs, when described ("the social network").
_SERVICE_NOUNS = {"site", "platform", "app", "network", "service", "marketplace"}

#: Doing something "jointly": a partnership, which any stated deal of the same sides outvotes.
JOINTLY = Frame("partnership", "party", None, (("with", "party"),), generic=True)


#: What two companies do "jointly" that makes a partnership ("jointly build an AI cloud");
#: not "jointly lobbied" or "jointly control 70% of the market".
_JOINT_VERBS = {"develop", "build", "fund", "own", "operate", "design", "create", "launch"}
_JOINT_VERBS |= {"market", "produce", "manufacture", "finance", "deploy", "construct", "offer"}


def _cloud_subject(verb: Token, index: _OrgIndex, state: dict[str, Any]) -> bool:
    """Whether the verb's subject is a cloud provider of the gazetteer (AWS, Nebius)."""
    clusters = verb.doc._.org_clusters or {}
    subj = _subject(verb)[0]
    # "AWS signed a deal to supply OpenAI": the deal's signer
    subj = [
        x
        for s in subj
        for x in (
            _subject(s.head)[0]
            if s.pos_ == "NOUN" and s.dep_ == "dobj" and s.head.pos_ == "VERB"
            else [s]
        )
    ]
    names = [n for s in subj for n in _orgs_in_arg(s, index, state)]
    return any(
        (c := clusters.get(n)) is not None and c.entry is not None and c.entry.cloud for n in names
    )


def _jointly(verb: Token) -> bool:
    return verb.lemma_.lower() in _JOINT_VERBS and any(
        c.dep_ == "advmod" and c.lower_ == "jointly" for c in verb.children
    )


#: Modifiers that give a partnership its type ("a content licensing partnership").
_TYPED_PARTNERSHIP = {"licensing", "license", "licence", "content", "cloud", "compute"}
_TYPED_PARTNERSHIP |= {"computing", "supply", "investment", "equity", "capacity", "hosting"}
_TYPED_PARTNERSHIP |= {"data", "power", "energy", "distribution", "reseller", "manufacturing"}


def _bare_partnership(tok: Token, sent: Span) -> bool:
    """A partnership that nothing else in its sentence types or pays for: no type word on
    it, no money it pays ("that lets Google train on Reddit posts for $60 million a year";
    a value it is "worth" is its own), no stated deal beside it ("agreeing to invest up to
    $4 billion", "alongside a 15 million euro investment")."""
    if any(c.lower_ in _TYPED_PARTNERSHIP for c in tok.children if c.dep_ in ("compound", "amod")):
        return False
    doc = tok.doc
    sub = {t.i for t in tok.subtree}
    for f in doc._.money or []:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None and span.start in sub:
            before = doc.text[max(0, f.start - 25) : f.start].lower()
            if not re.search(r"\b(?:worth|valued at|value of)\W+(?:\w+\W+){0,2}$", before):
                return False
    for t in sent:
        if t.i == tok.i:
            continue
        frame = (
            VERB_FRAMES.get(t.lemma_.lower())
            if t.pos_ == "VERB"
            else NOUN_FRAMES.get(t.lemma_.lower())
            if t.pos_ == "NOUN"
            else None
        )
        if frame is not None and not frame.generic and frame.type != "partnership":
            if frame is STAKE and not _stake_object(t):
                continue
            return False
    return True


INVESTORS = Frame("investment", None, "investor")
_INVESTOR_NOUNS = {"investor", "backer", "participant", "shareholder", "investors", "backers"}


def _investor_subject(tok: Token) -> bool:
    """ "The investors include A, B and C" / "backers included A"."""
    return any(c.lemma_.lower() in _INVESTOR_NOUNS for c in _children(tok, {"nsubj"}))


#: Nouns whose possessor means to do what their "to"-verb says ("its proposal to merge").
_PLAN_NOUNS = {"proposal", "offer", "bid", "plan", "agreement", "intention", "attempt", "effort"}
#: Verbs of changing hands, whose doer a plan noun's possessor is.
_DEAL_VERBS = {"acquire", "buy", "purchase", "merge", "combine", "sell", "divest", "invest"}


#: Verbs whose object does what their "to"-verb says ("chose AMD to supply chips").
_OBJECT_CONTROL = {"choose", "select", "pick", "hire", "tap", "appoint", "engage", "commission"}
_OBJECT_CONTROL |= {"ask", "allow", "enable", "permit", "authorize", "authorise", "contract"}


def _subject(tok: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (climbing xcomp/conj chains) and whether it is passive."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children)
    )  # a participle with its doer: "..., led by X"
    cur = tok
    for _ in range(6):
        subj = _children(cur, {"nsubj", "nsubjpass"})
        if subj:
            return subj, passive
        if (
            cur.dep_ in ("xcomp", "advcl", "acl")
            and cur.head.i < cur.i
            and cur.head.dep_ == "ROOT"
            and (cur.head.is_title or cur.head.is_upper)
            and cur.head.i == cur.head.sent.start
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        ):
            # a headline's "Cohere to tap ...": the name parsed as the root the verb hangs on
            return [cur.head], passive
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in _OBJECT_CONTROL:
            objs = _children(cur.head, {"dobj"})
            if objs:  # "Oracle has chosen AMD to supply accelerators": AMD supplies
                return objs, passive
        if (
            cur.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp")
            or cur.dep_ == "prep"
            and cur.pos_ == "ADP"
            and cur.head.pos_ in ("VERB", "AUX")  # "X succeeded in acquiring Y"
        ) and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "relcl":
            return [cur.head], passive
        if cur.dep_ == "acl":
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
                # "a letter of intent to acquire", "an agreement to buy": the noun's governor;
                # "its proposal to merge with Y": the noun's possessor
                noun = cur.head
                owner = [c for c in noun.children if c.dep_ == "poss"]
                if (
                    owner
                    and noun.lemma_.lower() in _PLAN_NOUNS
                    and tok.lemma_.lower() in _DEAL_VERBS
                ):
                    return [noun], False
                while noun.dep_ in ("pobj", "prep") and noun.head.i != noun.i:
                    noun = noun.head
                if noun.pos_ in ("VERB", "AUX"):  # "entered into an agreement to buy"
                    cur = noun
                    continue
                if noun.dep_ in ("dobj", "nsubj", "attr", "npadvmod") and noun.head.pos_ in (
                    "VERB",
                    "AUX",
                ):
                    cur = noun.head
                    continue
                return [], False
            return [cur.head], True
        break
    return [], passive


#: Object heads that stand for part of a company: "all of the assets of X", "shares in X".
_PART_WORDS = (
    STAKE_WORDS
    | BUSINESS_WORDS
    | {
        "all",
        "most",
        "part",
        "some",
        "shares",
        "stock",
        "control",
        "portion",
        "remainder",
        "each",
        "capital",
        "rest",
        "balance",
        "majority",
        "pct",
        "percent",
        "%",
    }
)


#: Parts of a company that are acquisition targets in their own right.
_UNIT_WORDS = {"unit", "division", "business", "subsidiary", "arm", "segment", "plant", "portfolio"}
_UNIT_WORDS |= {"mill", "factory", "refinery", "facility", "chain", "brand", "mine", "hotel"}
_UNIT_WORDS |= {"newspaper", "station"}


def follow_of(tok: Token, depth: int = 4) -> Token:
    """From "all of the assets of X" or "shares in X" down to X."""
    for _ in range(depth):
        lemma = tok.lemma_.lower()
        if lemma not in _PART_WORDS and tok.lower_ not in _PART_WORDS:
            break
        if lemma in _UNIT_WORDS:
            break  # "the Measurement Systems Division of Page-Wilson": the division is the target
        nxt = next((p for prep, p in _prep_objects(tok) if prep in ("of", "in")), None)
        if nxt is None:
            break
        tok = nxt
    return tok


#: Adjectives that say nothing of which unit is meant ("its remaining business").
_VAGUE_ADJECTIVES = {
    "remaining",
    "existing",
    "entire",
    "former",
    "new",
    "certain",
    "other",
    "various",
    "whole",
    "small",
    "large",
    "major",
    "main",
    "principal",
    "troubled",
    "profitable",
    "unprofitable",
    "wholly-owned",
    "privately-held",
    "related",
    "several",
    "additional",
    "previously",
    "announced",
    "proposed",
    "own",
    "unidentified",
    "undisclosed",
}


def business_name(tok: Token) -> str:
    """A unit's name from its noun phrase: "its existing cable television business" ->
    "cable television business"."""
    words = [
        c
        for c in tok.subtree
        if c.i <= tok.i
        and (
            c.dep_ in ("compound", "nmod")
            or (
                c.dep_ == "amod"
                and (c.head.i == tok.i or c.head.dep_ in ("compound", "nmod"))
                and c.lower_ not in _VAGUE_ADJECTIVES
            )
        )
        or c.i == tok.i
    ]
    while (
        len(words) > 1 and words[0].dep_ == "amod" and words[0].pos_ not in ("ADJ", "NOUN", "PROPN")
    ):
        words = words[1:]
    return " ".join(w.text for w in words if not w.is_space)


_FUNDING_WORDS = {
    "round",
    "funding",
    "financing",
    "capital",
    "investment",
    "money",
    "series",
    "cash",
}
#: Verbs whose subject does what a deal noun names: "X completed the acquisition of Y".
_DOER_VERBS = {
    "complete",
    "announce",
    "make",
    "close",
    "finalize",
    "finalise",
    "agree",
    "propose",
    "seek",
    "pursue",
    "launch",
    "sign",
    "reach",
    "enter",
    "consider",
    "plan",
    "study",
    "begin",
    "start",
    "raise",
    "increase",
    "extend",
    "reaffirm",
    "submit",
    "mount",
    "renew",
    "revise",
    "improve",
    "conclude",
    "win",
    "have",
    "lead",
    "continue",
}
#: Roles of the subject of the verb governing a deal noun, by noun and verb.
_GOV_ROLES = {
    "order": {
        "place": "customer",
        "make": "customer",
        "sign": "customer",
        "give": "customer",
        "receive": "provider",
        "win": "provider",
        "land": "provider",
        "book": "provider",
        "secure": "provider",
        "get": "provider",
        "announce": "provider",
    },
}
#: Verbs that make their subject what a role noun says: "X became a customer of Y".
_BECOME_VERBS = {"be", "become", "join", "sign", "come", "remain", "serve", "act", "emerge", "add"}
#: Verbs whose subject is at the receiving end of an acquisition: "Y accepted the offer".
_RECEIVER_VERBS = {"accept", "reject", "receive", "welcome", "rebuff", "recommend", "oppose"}
_STOCK_WORDS = {"stock", "share", "shares", "common", "capital", "equity", "interest", "stake"}


def target_parties(tok: Token, index: _OrgIndex, state: dict[str, Any]) -> list[tuple[str, str]]:
    """(role, name) pairs an acquisition object stands for.

    "Y" -> target Y; "all of the assets of Y" -> target Y; "Y's common stock" -> target Y;
    "its cable television business" -> target "cable television business", seller it;
    "X's EUC division" -> target EUC, seller X.
    """
    t = follow_of(tok)
    out: list[tuple[str, str]] = []
    if (
        t.lemma_.lower() in ("asset", "assets")
        and any(c.lower_ == "all" for c in tok.subtree if c.i < t.i)
        and any(c.dep_ == "poss" for c in t.children)
    ):
        # "sell (substantially) all its assets": the whole company changes hands
        owners = [n for c in t.children if c.dep_ == "poss" and (n := _possessor(c, index, state))]
        if owners:
            return [("target", n) for n in owners]
    if t.lemma_.lower() in BUSINESS_WORDS and t.pos_ in ("NOUN", "PROPN"):
        sellers = [n for c in t.children if c.dep_ == "poss" for n in _orgs_in_arg(c, index, state)]
        if not sellers and any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in t.children
        ):
            subject = _anaphor_referent(t, index, state)  # "it sold its unit": the seller is "it"
            sellers = [subject] if subject else []
        sellers += [
            n
            for prep, p in _prep_objects(t)
            if prep in ("of", "from")
            for n in _orgs_in_arg(p, index, state)
        ]
        named = [n for n in _orgs_in_arg(t, index, state) if n not in sellers]
        appos = [
            m.name
            for c in t.children
            if c.dep_ == "appos" and (m := index.org_of(c)) and m.name not in sellers
        ]
        if not appos and t.i + 2 < len(t.doc):
            # "its South African subsidiary Robertsons Pty Ltd": the name right after the
            # unit, however the parse hung it
            nxt = t.doc[t.i + 2] if t.doc[t.i + 1].text == "," else t.doc[t.i + 1]
            m = index.org_of(nxt)
            if m is not None and m.name not in sellers and m.start_token == nxt.i:
                appos = [m.name]
        out += [("seller", n) for n in sellers]
        if appos:  # "its South African subsidiary, Robertsons Pty Ltd"
            out += [("target", n) for n in appos]
        elif named:  # "the Alliance Automation Systems division": named with its unit word
            for n in named:
                if index.org_of(t) is not None or t.is_lower:
                    # "the Golden Nugget Casino Hotel": all one name; "its Linotype Group
                    # unit": the unit's name is the name
                    out.append(("target", n))
                    continue
                unit = f"{n} {t.text}"
                index.aliases.setdefault(unit, [n])
                out.append(("target", unit))
        elif sellers or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children):
            proper = [
                c
                for c in t.subtree
                if c.i < t.i and c.pos_ == "PROPN" and c.dep_ in ("compound", "nmod")
            ]
            # "the Orchard Storage business": a unit with a proper name is that name
            name = " ".join(c.text for c in proper) if proper and t.is_lower else business_name(t)
            out.append(("target", name))
        return out
    names = _orgs_in_arg(t, index, state)
    if not names and t.lemma_.lower() in _STOCK_WORDS:
        names = [n for c in t.children if c.dep_ == "poss" for n in _orgs_in_arg(c, index, state)]
        if (
            not names
            and t.lemma_.lower() in ("share", "stock", "common")
            and any(c.lower_ in ("its", "their") for c in t.children)
        ):
            ref = _anaphor_referent(t, index, state)  # "an offer for all its shares"
            names = [ref] if ref else []
    out = [("target", n) for n in names]
    # "RentCo Trailer Corp, a wholly owned subsidiary of Fruehauf Corp": the parent sells
    for head in _with_conjuncts(t):
        for c in head.children:
            if c.dep_ == "appos" and c.lemma_.lower() in _UNIT_WORDS:
                for prep, p in _prep_objects(c):
                    if prep == "of":
                        out += [
                            ("seller", n) for n in _orgs_in_arg(p, index, state) if n not in names
                        ]
    return out


def _phrase(tok: Token) -> list[Token]:
    """``tok``'s subtree without the clauses hung on it (relative clauses, participles)."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "advcl", "ccomp"))
    return out


def _prep_objects(tok: Token) -> list[tuple[str, Token]]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative"):
            objs = [p for p in c.children if p.dep_ == "pobj"]
            if not objs:  # a parse broken by the name ("shares of Nucell Inc.", "to the
                # newly formed Wisconsin Central Ltd."): the name just after the preposition
                for nxt in c.doc[c.i + 1 : c.i + 6]:
                    if nxt.ent_type_ == "ORG":
                        objs = [nxt]
                        break
                    if nxt.dep_ not in ("det", "amod", "advmod", "nummod") or nxt.is_punct:
                        break
            out += [(c.lower_, p) for p in objs]
        if c.dep_ == "prt":
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append((c.lower_, p))
    return out


def _stake_object(verb: Token) -> bool:
    """Whether the verb's object is a stake ("took a 10% stake", "build a stake")."""
    return any(_object_kind(o) == "stake" for o in _children(verb, {"dobj"}))


def _measured(obj: Token) -> list[Token]:
    """What an amount measures: "$750 million of capacity" -> capacity, "six gigawatts of
    its processors" -> processors."""
    lemma = obj.lemma_.lower()
    if lemma in _MONEY_WORDS or lemma in _POWER_UNITS or obj.like_num:
        return [p for prep, p in _prep_objects(obj) if prep == "of"]
    return []


def _is_accelerator(tok: Token) -> bool:
    """Whether ``tok`` is part of an accelerator mention ("16k GB300s", "MI300X chips")."""
    return any(f.start <= tok.idx < f.end for f in tok.doc._.gpus or [])


def _maker_of(obj: Token, index: _OrgIndex) -> list[str]:
    """Organisations named on a product noun ("AMD Instinct GPUs", "Nvidia's chips")."""
    target = obj
    if obj.lemma_.lower() in _MONEY_WORDS or obj.like_num:
        target = next((p for prep, p in _prep_objects(obj) if prep == "of"), obj)
    names = []
    for c in target.children:
        if c.dep_ in ("compound", "poss", "nmod"):
            m = index.org_of(c)
            if m is not None and m.name not in names:
                names.append(m.name)
    return names


def _stated_type(text: str) -> str | None:
    """The deal type a sentence's words name ("licensing", "capacity", "stake"), if any."""
    for typ, rx in _CONTEXT_TYPES:
        if rx.search(text):
            return typ
    return None


_MONEY_WORDS = {"$", "billion", "million", "bn", "mln", "trillion", "worth", "dlrs", "dollars"}


def _object_kind(obj: Token) -> str | None:
    lemma = obj.lemma_.lower()
    if lemma in ("%", "pct", "percent", "per cent") or (
        obj.like_num and any(c.text == "%" for c in obj.children)
    ):
        return "stake"  # "buy 21% of X"
    if lemma in _MONEY_WORDS or obj.like_num or lemma in ("year", "decade"):
        # "$30 billion of computing capacity", "six years of its archive": the kind is what
        # the money (or the span) buys
        of = next((p for prep, p in _prep_objects(obj) if prep == "of"), None)
        return _object_kind(of) if of is not None else None
    words = {lemma} | {
        c.lemma_.lower()
        for c in obj.children
        if c.dep_ in ("compound", "amod") and c.pos_ != "PROPN"
    }
    if words & STAKE_WORDS or lemma in STAKE_WORDS:
        return "stake"
    if obj.ent_type_ == "ORG":
        return None  # "buy Tamsin Power": a company, whatever its name says
    if lemma in _UNIT_WORDS:
        return "business"  # "its end-user computing unit", "a cloud business"
    if lemma in _CONTENT_WORDS:
        return "content"  # "sold its image archive to Y": a licence to use it
    if lemma in POWER_WORDS and not words & {
        "computing",
        "processing",
        "computational",
        "compute",
        "ai",
        "gpu",
        "cloud",
    }:
        return "power"  # "buy the electricity", "renewable power"; not "computing power"
    if lemma == "capacity" and words & _GENERATION_WORDS:
        return "power"  # "10.5 gigawatts of new renewable energy capacity"
    if lemma == "server" and obj.tag_ == "NNS" and not words & {"cloud", "capacity", "space"}:
        return "product"  # "supply servers to Y" sells machines; "server capacity" is rented
    if lemma in CAPACITY_WORDS or words & {"capacity", "compute", "computing", "cloud"}:
        return "capacity"
    if lemma in _POWER_UNITS:  # "120 megawatts of electricity"
        of = next((p for prep, p in _prep_objects(obj) if prep == "of"), None)
        return "power" if of is not None and _object_kind(of) == "power" else None
    if lemma in PRODUCT_WORDS or lemma.rstrip("s") in PRODUCT_WORDS:
        return "product"
    if lemma in BUSINESS_WORDS:
        return "business"
    return None


def _paid_for(tok: Token, index: _OrgIndex) -> tuple[Token, str] | None:
    """What "pay ... for X" buys, where X is a company, a unit or a stake: (X, kind)."""
    money = [o for o in _children(tok, {"dobj"}) if _object_kind(o) is None]
    for prep, pobj in [*_prep_objects(tok), *(x for o in money for x in _prep_objects(o))]:
        if prep != "for":
            continue
        kind = _object_kind(pobj)
        if kind == "stake":
            return pobj, "stake"
        if kind == "business" or index.org_of(follow_of(pobj)) is not None:
            return pobj, "business"
    return None


_FUNDS_WORDS = {"fund", "funds", "financing", "funding", "money", "cash", "capital", "loan"}


def _supplies_money(tok: Token, objs: list[Token]) -> bool:
    """Whether "supply/provide" gives money ("provide Y with 50 mln dlrs of financing")."""
    things = list(objs) + [p for prep, p in _prep_objects(tok) if prep == "with"]
    for t in things:
        lemma = t.lemma_.lower()
        if lemma in _FUNDS_WORDS:
            return True
        if lemma in _MONEY_WORDS or t.like_num:
            of = next((p for prep, p in _prep_objects(t) if prep == "of"), None)
            if of is not None and of.lemma_.lower() in _FUNDS_WORDS:
                return True
    return False


def _bid_for_shares(tok: Token) -> bool:
    """ "offer/bid N dlrs a share for Y", "offered to buy": a bid for a company, not a sale."""
    fors = [
        p for t in [tok, *_children(tok, {"dobj"})] for prep, p in _prep_objects(t) if prep == "for"
    ]  # "for Y" on the verb, or on its object ("offer 4 dlrs a share cash for Y")
    priced = any(
        c.like_num or c.lower_ in ("$", "dlrs", "dlr", "cents", "pence", "p")
        for o in _children(tok, {"dobj"})
        for c in o.subtree
    )
    return bool(fors) and priced


def _stake_is_acquisition(sent_text: str) -> bool:
    """Whether buying a stake is an acquisition rather than an investment.

    Control (a majority, all or the whole of a company) is an acquisition; so is buying a
    company's existing shares (stock, shares outstanding, a tender offer), which wire copy
    reports as acquisitions. A negotiated minority stake ("takes a 15% stake in") is an
    investment, as SCHEMA.md says.
    """
    text = sent_text.lower()
    if re.search(
        r"\b(?:majority|controlling|remaining|rest of|all (?:of )?(?:the |its )?(?:issued |outstanding )?(?:shares|stock|common)|"
        r"full|entire|whole|100 (?:pct|per ?cent)|wholly|tender offer|shares|common stock|outstanding)\b",
        text,
    ):
        return True
    pct = [float(p) for p in re.findall(r"(\d+(?:\.\d+)?)\s*(?:%|pct|per ?cent)", text)]
    return any(p > 50 for p in pct)


_LINK_LINE = re.compile(
    r"\s*(?:related(?: stories| articles| coverage)?|read more|see also|more from|also read|recommended|"
    r"trending|most read|you may also like|more on this)\b\s*[:|-]?",
    re.I,
)


#: A quotation an analyst is credited with: ""X is effectively renting a brain," said Y, an
#: analyst at Z." Commentary, whose verbs are no deal's.
_ANALYST_QUOTE = re.compile(
    r"^\s*[\"\u201c][^\"\u201c\u201d]+[\"\u201d]\s*,?\s*(?:said|says|according to)\b"
    r"[^.\"\u201c]{0,80}?\banalysts?\b",
)


_ATTRIBUTED = re.compile(r"[\"\u201d]\s*,?\s*(?:[\w.-]+\s+){0,6}(?:said|says)\b")


#: Verbs of getting a deal noun ("received an order from Y", "won a contract from Y").
_RECEIVE_VERBS = {"receive", "win", "get", "secure", "land", "book", "obtain", "bag"}

_END_USERS = {"customer", "client", "user", "consumer", "subscriber", "enterprise", "developer"}


def _to_own_customers(tok: Token, index: _OrgIndex, state: dict[str, Any]) -> bool:
    """Supplying "to its customers": the supplier's own unnamed buyers, no party here."""
    to = [pobj for prep, pobj in _prep_objects(tok) if prep == "to"]
    return bool(to) and all(
        pobj.lemma_.lower() in _END_USERS and not _orgs_in_arg(pobj, index, state) for pobj in to
    )


def _into_no_company(tok: Token, index: _OrgIndex, state: dict[str, Any]) -> bool:
    """Money poured "into" something that is no company: a bare common noun ("into
    research", "into data centres"), neither named nor referred back to ("into the startup")."""
    into = [pobj for prep, pobj in _prep_objects(tok) if prep in ("into", "in")]
    return bool(into) and all(
        pobj.pos_ == "NOUN"
        and not _orgs_in_arg(pobj, index, state)
        and not any(c.dep_ in ("det", "poss") for c in pobj.children)
        for pobj in into
    )


def candidates_for_sentence(
    sent: Span, index: _OrgIndex, state: dict[str, Any], sent_no: int
) -> list[Candidate]:
    """Every candidate deal whose trigger stands in ``sent``."""
    out: list[Candidate] = []
    sent_text = sent.text  # built from the tokens on every access: read it once
    if _LINK_LINE.match(sent_text):
        return out  # "Related: X to buy Y" and other links to other stories
    if _ANALYST_QUOTE.match(sent_text) or (
        sent_text.lstrip()[:1] in ('"', "\u201c")
        and state.get("analyst_quote") == sent_no - 1
        and not _ATTRIBUTED.search(sent_text)  # another speaker's quotation is their own
    ):  # an analyst's words about the deal ("X is renting a brain"), and more of them
        state["analyst_quote"] = sent_no
        return out
    negated_sentence = bool(NEGATION_RE.search(sent_text))
    named_type = _stated_type(sent_text)
    context_type = named_type or "partnership"
    power_context = bool(_POWER_CONTEXT.search(sent_text))
    for tok in sent:
        lemma = tok.lemma_.lower()
        frame: Frame | None = None
        is_verb = tok.pos_ in ("VERB", "AUX") or (
            tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and lemma in VERB_FRAMES
        )
        if is_verb and lemma == "include":
            frame = INVESTORS if _investor_subject(tok) else None
        elif is_verb and lemma in VERB_FRAMES:
            frame = VERB_FRAMES[lemma]
            if lemma == "snap" and not any(c.lower_ == "up" for c in tok.children):
                continue
            if frame is STAKE and not _stake_object(tok):
                if not _jointly(tok):
                    continue
                frame = JOINTLY  # "they will jointly build an AI cloud"
            if frame is ACQ and any(
                t.lemma_.lower() in ("warrant", "option")
                for t in sent.doc[max(0, tok.i - 3) : tok.i]
            ):
                continue  # "warrants to purchase two mln Y shares": a security, not a deal
            if frame is BID and not _bid_for_shares(tok):
                continue  # "offers GPUs to customers", "offered no comment"
            if lemma in ("close", "secure", "raise") and not any(
                o.lemma_.lower() in _FUNDING_WORDS or o.like_num or o.lemma_.lower() in _MONEY_WORDS
                for o in _children(tok, {"dobj"})
            ):
                continue  # "closed its acquisition" is not a funding round
            if lemma in ("expand", "extend") and not (
                any(
                    o.lemma_.lower() in NOUN_FRAMES or o.lemma_.lower() in _TIE_NOUNS
                    for o in _children(tok, {"dobj"})
                )
                or any(p == "with" for p, _ in _prep_objects(tok))
            ):
                continue  # "rivals have been expanding their platforms": no deal of theirs
            if frame is POUR and _into_no_company(tok, index, state):
                continue  # "Alphabet has poured money into similar research": no investee
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in NOUN_FRAMES:
            frame = NOUN_FRAMES[lemma]
        elif lemma == "include" and _investor_subject(tok):
            frame = INVESTORS
        elif is_verb and _jointly(tok):
            frame = JOINTLY  # "A and B will jointly develop chips"
        elif lemma == "take" and any(c.lower_ == "part" for c in _children(tok, {"dobj"})):
            frame = Frame("investment", "investor", None, (("in", "investee"),))
        elif lemma == "take" and any(c.dep_ == "prt" and c.lower_ == "over" for c in tok.children):
            frame = ACQ
        elif lemma == "take" and any(c.lower_ == "private" for c in tok.children):
            frame = ACQ  # "would be taken private by Japan Investment Corp"
        elif lemma == "take" and _stake_object(tok):
            frame = STAKE
        if frame is None:
            continue
        if lemma == "partnership" and any(
            c.lower_ in ("limited", "general", "master") for c in tok.children
        ):
            continue  # "a limited partnership led by X": a kind of company, no deal
        if lemma == "venture" and not (
            any(c.lower_ == "joint" for c in tok.children)
            and (
                tok.dep_ == "dobj"
                and tok.head.lemma_.lower() in _VENTURE_VERBS
                or tok.dep_ == "pobj"
                and tok.head.lower_ == "into"
            )
        ):
            # "venture capital"; "both have joint ventures with X"; "Stargate, a joint
            # venture between A and B, will build": no new deal
            continue
        if (
            not is_verb
            and lemma in _END_USERS
            and tok.tag_ in ("NNS", "NNPS")
            and tok.dep_ not in ("attr", "appos", "nsubj", "nsubjpass")
            and not any(p == "of" for p, _ in _prep_objects(tok))  # "customers of Oracle"
        ):
            continue  # "cloud services for Vodafone's customers": its own users, no side
        if lemma == "lead" and tok.dep_ == "acl" and tok.head.lemma_.lower() not in NOUN_FRAMES:
            continue  # "a shareholder group led by X": no round
        cand = Candidate(
            frame.type, sent=sent_no, trigger=lemma, trigger_char=tok.idx, generic=frame.generic
        )
        state["pair"] = None
        cand.negated = (
            negated_sentence
            or any(
                c.dep_ == "neg" or (is_verb and c.dep_ == "aux" and c.lower_ in _MAYBE)
                for c in _with_head_conjuncts(tok)
            )
            # "committed to lend it 100 mln dlrs", "a credit agreement with Y": debt, no deal
            or frame.generic
            and bool(_DEBT_RE.search(sent_text))
            or is_verb
            and _not_agreed(tok)
            or _considered(tok)
            # "any foreign acquisition of X would face scrutiny": none in particular
            or not is_verb
            and any(c.dep_ == "det" and c.lower_ == "any" for c in tok.children)
        )
        typ = context_type if frame.generic and frame is not JOINTLY else frame.type
        if (
            lemma in ("partnership", "alliance")
            and tok.dep_ == "dobj"
            and (
                tok.head.lemma_.lower() in ("form", "forge", "establish")
                # "the two companies also agreed a strategic partnership": one more deal
                or tok.head.lemma_.lower() in ("agree", "sign", "announce", "strike", "enter")
            )
            and _bare_partnership(tok, sent)
        ):
            typ = "partnership"  # "formed a technology partnership": chips named in it or not
            cand.generic = False  # a deal of its own beside any other the sides make
        cand.type = typ
        cand.stated = not frame.generic or named_type is not None
        subj_role, obj_role = frame.subj, frame.obj
        prep_roles = dict(frame.preps)
        objs = _children(tok, {"dobj", "obj"})
        if frame is LICENSE and is_verb:
            # "X licensed Reuters' news archive", "X to license Getty Images photos": the
            # owner provides, the subject pays
            owners = [
                n
                for o in objs
                for c in o.children
                if c.dep_ == "poss"
                or c.dep_ == "compound"
                and o.pos_ == "NOUN"
                and index.org_of(o) is None
                for n in _orgs_in_arg(c, index, state)
            ]
            if owners:
                subj_role, obj_role = "customer", None
                for name in owners:
                    cand.add("provider", name)
        if not objs and is_verb:  # "buy and deploy 6 GW of GPUs": the object sits on the conjunct
            objs = [o for c in tok.conjuncts if c.i > tok.i for o in _children(c, {"dobj", "obj"})][
                :1
            ]
        kind = _object_kind(objs[0]) if objs else None
        if (
            kind is None
            and objs
            and any(
                c.i > objs[0].i and c.tag_ == "NNS" and _object_kind(c) == "product"
                for c in objs[0].conjuncts
            )
        ):
            kind = "product"  # "sells the VMware Horizon and Workspace ONE products"
        cand.object_kind = kind
        if kind is None and cand.type == "other" and power_context:
            cand.object_kind = "power"  # "signed a power purchase agreement with Y"
        if kind == "power" and frame in (ACQ, SELL, SUPPLY, RENT):
            # "agreed to buy renewable electricity from Y", "Y will supply hydropower to X"
            cand.type = "other"
            if frame is ACQ:
                subj_role, obj_role = "customer", None
                prep_roles = {"from": "provider", "by": "customer"}
            elif frame is SELL:
                subj_role, obj_role = "provider", None
                prep_roles = {"to": "customer", "by": "provider"}
        elif frame in (ACQ, SELL) and kind == "content":
            cand.type = "licensing"
            if frame is ACQ:
                subj_role, obj_role, prep_roles = "customer", None, {"from": "provider"}
            else:
                subj_role, obj_role, prep_roles = "provider", None, {"to": "customer"}
        elif frame in (ACQ, SELL) and kind in ("capacity", "product"):
            cand.type = "compute" if kind == "capacity" else "purchase"
            if frame is ACQ:
                subj_role, obj_role = "customer", None
                prep_roles = {"from": "provider", "by": "customer"}
                # "buy $5bn of Nvidia GPUs and related equipment from Dell": the one they
                # are bought from sells (the parse may hang "from" on the goods, or on
                # what "$750 million of" measures)
                sellers = [
                    name
                    for o in {objs[0], *objs[0].conjuncts, *_measured(objs[0])}
                    for prep, pobj in _prep_objects(o)
                    if prep == "from"
                    for name in _orgs_in_arg(pobj, index, state)
                ]
                for name in sellers:
                    cand.add("provider", name)
                if kind == "product" and not sellers:  # "buy AMD GPUs": the maker sells them
                    for name in _maker_of(objs[0], index):
                        cand.add("provider", name)
            else:
                subj_role, obj_role = "provider", None
                prep_roles = {"to": "customer", "by": "provider"}
        elif kind == "stake" and frame in (RAISE, GENERIC, STAKE):
            control = _stake_is_acquisition(sent_text)
            cand.type = "acquisition" if control else "investment"
            subj_role, obj_role, prep_roles = ("acquirer" if control else "investor"), None, {}
            for obj in objs:
                for prep, pobj in _prep_objects(obj):
                    if prep in ("in", "of"):
                        for name in _orgs_in_arg(follow_of(pobj), index, state):
                            cand.add("target" if control else "investee", name)
        elif frame is COMMIT and lemma == "pay" and (bought := _paid_for(tok, index)) is not None:
            # "paid 5.4 mln dlrs for 8.6 pct of X", "will pay $630m for the corn milling
            # business of Y": buying a company, a unit or a stake
            what, kind = bought
            control = kind != "stake" or _stake_is_acquisition(sent_text)
            cand.type = "acquisition" if control else "investment"
            cand.generic = False
            subj_role, obj_role, prep_roles = ("acquirer" if control else "investor"), None, {}
            if kind == "stake":
                for prep, pobj in _prep_objects(what):
                    if prep in ("in", "of"):
                        for name in _orgs_in_arg(follow_of(pobj), index, state):
                            cand.add("target" if control else "investee", name)
            else:
                for role, name in target_parties(what, index, state):
                    cand.add(role, name)
        elif frame is SUPPLY:
            if _supplies_money(tok, objs):
                continue  # "supply Y with 250,000 dlrs of operating funds": financing
            if _to_own_customers(tok, index, state):
                continue  # "X will use the capacity to deliver AI services to its customers"
            if kind is None:  # "supply Y with 16,000 GB300s": the goods follow "with"
                goods = [o for p, o in _prep_objects(tok) if p == "with"]
                # "with six gigawatts of its Instinct processors": the processors
                goods = [next(iter(_measured(g)), g) for g in goods]
                kinds = {
                    _object_kind(g) for g in [*goods[:1], *(goods[0].conjuncts if goods else [])]
                }
                # "servers, storage and other infrastructure services": a service
                kind = (
                    "capacity" if "capacity" in kinds else "product" if "product" in kinds else None
                )
                if kind is None and goods and _is_accelerator(goods[0]):
                    kind = "product"
                cand.object_kind = kind
            if kind == "product" and _cloud_subject(tok, index, state):
                kind = "capacity"  # a cloud supplying GPUs or servers rents them out
                cand.object_kind = kind
            cand.type = "purchase" if kind == "product" else "compute"
        elif frame is RENT and any(p == "to" for p, _ in _prep_objects(tok)):
            subj_role, prep_roles = "provider", {"to": "customer"}
        elif frame in (ACQ,) and kind == "stake":
            control = _stake_is_acquisition(sent_text)
            cand.type = "acquisition" if control else "investment"
            subj_role = "acquirer" if control else "investor"
            obj_role = None
            in_role = "target" if control else "investee"
            for obj in [o for x in objs for o in _with_conjuncts(x)]:  # "shares, or 9 pct, of X"
                for _, name in target_parties(obj, index, state):  # "1.3 mln CooperVision shares"
                    cand.add(in_role, name)
                for prep, pobj in _prep_objects(obj):
                    if prep in ("in", "of"):
                        for name in _orgs_in_arg(follow_of(pobj), index, state):
                            cand.add(in_role, name)
        elif frame in (ACQ, SELL) and cand.type == "acquisition":
            for obj in objs:
                for role, name in target_parties(obj, index, state):
                    cand.add(role, name)
            if kind == "stake" and not cand.roles.get("target"):
                # "sold 8.3 mln shares in X": the parse hangs the company on the verb
                for prep, pobj in _prep_objects(tok):
                    if prep in ("in", "of"):
                        for name in _orgs_in_arg(follow_of(pobj), index, state):
                            cand.add("target", name)
            obj_role = None
        if (
            frame is MERGE
            and is_verb
            and any(c.dep_ == "poss" for o in objs for c in o.children)
            and any(p == "into" for p, _ in _prep_objects(tok))
        ):
            subj_role = "seller"  # "X merged its unit Y into Z": X sells Y to Z
        # subject / possessor
        if is_verb and frame.subj is not None:
            subj, passive = _subject(tok)
            for s in subj:
                if passive and frame is ACQ and cand.type == "acquisition":
                    # "X's plant has been purchased by Y": the subject is what is bought
                    for role, name in target_parties(s, index, state):
                        cand.add(role, name)
                    continue
                names = _orgs_in_arg(s, index, state)
                passive_role = obj_role or (frame.obj if cand.type == frame.type else None)
                role = passive_role if passive else subj_role
                if passive and not passive_role and frame is not SELL:
                    role = None
                if role:
                    for name in names:
                        cand.add(role, name)
                if frame is SELL and role == "seller" and names:
                    # "Broadcom agreed to sell VMware's unit to KKR": the one who sells, not
                    # the unit's owner within its group
                    own = [n for n in cand.roles.get("seller", []) if n in names]
                    if own:
                        cand.roles["seller"] = own
        if (
            is_verb
            and frame is ACQ
            and cand.type == "acquisition"
            and tok.dep_ == "acl"
            and tok.head.lemma_.lower() in _PACT_NOUNS
            and cand.roles.get("target")
        ):
            # "reached agreement with Y to acquire Z": the other side of the pact sells
            for prep, pobj in _prep_objects(tok.head):
                if prep == "with":
                    for name in _orgs_in_arg(pobj, index, state):
                        if name not in cand.names:
                            cand.add("seller", name)
        if not is_verb:
            for c in tok.children:
                if c.dep_ == "poss" and frame.poss:
                    for name in _orgs_in_arg(c, index, state):
                        cand.add(frame.poss, name)
                    if c.lower_ == "their" and lemma == "merger":
                        # "X and Y said their merger ...": both sides
                        for name in index.subjects if len(index.subjects) > 1 else []:
                            cand.add(frame.poss, name)
                    if c.lower_ in ("its", "their") and frame.poss == "acquirer":
                        # "its proposed acquisition of Y", "its offer for Y": with the target
                        # named, "its" is the buyer
                        named = [
                            n
                            for prep, pobj in _prep_objects(tok)
                            if prep in ("of", "in", "for")
                            for n in _orgs_in_arg(follow_of(pobj), index, state)
                        ]
                        ref = _anaphor_referent(c, index, state)
                        if named and ref and ref not in named:
                            cand.add(frame.poss, ref)
                if c.dep_ == "compound" and frame.compound and index.org_of(c):
                    cand.add(frame.compound, index.org_of(c).name)
            # the subject of the verb that governs the noun: "X signed a deal with Y",
            # "X completed the acquisition of Y", "Y accepted the offer"
            gov = tok.head.head if tok.dep_ == "pobj" else tok.head
            if (
                tok.dep_ in ("dobj", "pobj", "nsubjpass", "attr")
                and gov.pos_ in ("VERB", "AUX")
                and gov.i != tok.i
            ):
                subj, _ = _subject(gov)
                glemma = gov.lemma_.lower()
                role = frame.gov if glemma in _BECOME_VERBS else None
                if lemma in _GOV_ROLES:  # "placed an order" / "received an order"
                    role = _GOV_ROLES[lemma].get(glemma)
                elif frame.gov is not None:
                    pass
                elif (
                    lemma in ("offer", "bid", "tender", "proposal", "takeover")
                    and glemma in _RESPONSE_VERBS
                    and any(x.lemma_.lower() in _PROXY_NOUNS for x in subj)
                    and not any(c.dep_ == "poss" for c in tok.children)
                ):
                    role = "target"  # "its board would study the offer": the bid is for it
                elif (
                    frame.type == "acquisition"
                    and frame.poss == "acquirer"
                    and glemma in _DOER_VERBS | _RESPONSE_VERBS
                    and (
                        buyers := [
                            n
                            for p, o in [*_prep_objects(tok), *_prep_objects(gov)]
                            if p == "by"
                            for n in _orgs_in_arg(o, index, state)
                        ]
                    )
                ):
                    # "Y agreed to a leveraged buyout by X" (the parse may hang "by X" on
                    # the verb: "JSR agrees to takeover by state-backed fund JIC"): Y is bought
                    role = "target"
                    for name in buyers:
                        cand.add("acquirer", name)
                elif frame.generic or glemma in _DOER_VERBS:
                    role = frame.poss
                elif (
                    glemma in _RECEIVER_VERBS
                    and frame.type == "acquisition"
                    and not any(
                        c.dep_ == "poss" and not _others(c, subj, index, state)
                        for c in tok.children
                    )
                ):  # "X received an offer", "Y accepted its offer" (its: another company),
                    # but not "X received approval for its acquisition"
                    role = "target"
                if role:
                    for s in subj:
                        for name in _orgs_in_arg(s, index, state):
                            cand.add(role, name)
            if frame.gov and tok.dep_ == "appos":  # "Y, a customer of X"
                for name in _orgs_in_arg(tok.head, index, state):
                    cand.add(frame.gov, name)
            # "the deal, which X signed with Y" / "round led by X"
            for c in tok.children:
                if c.dep_ == "acl" and c.lemma_.lower() in _MAKER_VERBS:
                    # "a tender offer launched by X", "a round led by X"
                    doer = {"investment": "investor", "acquisition": "acquirer"}
                    for prep, pobj in _prep_objects(c):
                        if prep == "by":
                            for name in _orgs_in_arg(pobj, index, state):
                                cand.add(doer.get(cand.type, "party"), name)
        if not is_verb and lemma in ("purchase", "acquisition") and cand.type == "acquisition":
            # "X's purchase of a 13 pct stake in Y": a minority stake is an investment
            stakes = [p for prep, p in _prep_objects(tok) if prep == "of"]
            in_company = [  # a stake in a company, not a working interest in a field
                p
                for s in stakes[:1]
                for prep, p in _prep_objects(s)
                if prep in ("in", "of") and index.org_of(follow_of(p)) is not None
            ]
            if (
                in_company
                and _object_kind(stakes[0]) == "stake"
                and not _stake_is_acquisition(sent_text)
            ):
                cand.type = "investment"
                cand.roles = {
                    {"acquirer": "investor", "target": "investee"}.get(r, r): n
                    for r, n in cand.roles.items()
                    if r != "seller"
                }
        if frame is LET:
            for comp in _children(tok, {"ccomp", "xcomp"}):
                objs = objs + _children(comp, {"nsubj"})
        if frame in (GIVE, COMMIT):  # "will pay Borealis $2 billion for capacity"
            objs = objs + _children(tok, {"dative"})
        for obj in objs:
            if obj_role:
                for name in _orgs_in_arg(obj, index, state):
                    cand.add(obj_role, name)
        # "lease 100,000 GPUs from X": prepositions on the object count too
        # "lease 200 megawatts of capacity from X": the measured goods' too
        measured = [
            o
            for obj in objs
            if any(c.dep_ == "nummod" for c in obj.children)
            for p, o in _prep_objects(obj)
            if p == "of"
        ]
        obj_preps = [
            (p, o)
            for obj in [*objs, *measured]
            for p, o in _prep_objects(obj)
            if p in ("from", "to", "on", "in", "into") or p == "for" and frame is BID
        ]
        if (
            not is_verb
            and tok.dep_ == "dobj"
            and tok.head.pos_ == "VERB"
            and (
                frame.type == cand.type == "acquisition"
                # "received an order from Y": the parse hangs "from Y" on the verb
                or tok.head.lemma_.lower() in _RECEIVE_VERBS
            )
        ):
            # "completed the sale of X to Y", "approved a merger into Y": the parse hangs
            # the side on the verb that governs the deal noun ("raised its offer to $5 a
            # share" names no side)
            obj_preps += [
                (p, o)
                for p, o in _prep_objects(tok.head)
                if p in ("to", "from", "into", "with")
                and p in prep_roles
                and index.org_of(o) is not None
            ]
        if is_verb and frame in (ACQ, SELL) and tok.dep_ == "xcomp" and tok.head.i != tok.i:
            # "agreed to sell its unit ... to Y": the parse may hang "to Y" on "agreed"
            own = {p for p, _ in _prep_objects(tok)}
            obj_preps += [
                (p, o)
                for p, o in _prep_objects(tok.head)
                if p in ("to", "from")
                and p in prep_roles
                and p not in own
                and o.i > tok.i
                and index.org_of(o) is not None
            ]
        from_sellers: list[str] = []
        for prep, pobj in [*_prep_objects(tok), *obj_preps]:
            role = prep_roles.get(prep)
            if role == "target" and cand.type == "acquisition":
                for r, name in target_parties(pobj, index, state):
                    cand.add(r, name)
            elif role:
                goods = follow_of(pobj)
                if _object_kind(goods) == "product":
                    # "access to AMD GPUs in Y's data centres": the maker is no side, the
                    # one whose sites hold them supplies them
                    for p2, host in _prep_objects(goods):
                        if p2 in ("in", "at", "on", "from"):
                            hosts = _orgs_in_arg(host, index, state) or [
                                n
                                for c in host.children
                                if c.dep_ == "poss"
                                for n in _orgs_in_arg(c, index, state)
                            ]  # "in Y's data centres"
                            for name in hosts:
                                cand.add("provider", name)
                    continue
                names = _orgs_in_arg(pobj, index, state)
                if not names and pobj.lemma_.lower() in _FACILITY_WORDS:
                    names = [  # "supply electricity to Y's data centres": Y
                        n
                        for c in pobj.children
                        if c.dep_ == "poss"
                        for n in _orgs_in_arg(c, index, state)
                    ]
                for name in names:
                    cand.add(role, name)
                    if prep == "from" and role == "seller":
                        from_sellers.append(name)
        if from_sellers and cand.type == "acquisition":
            # "buy VMware's end-user computing unit from Broadcom": the one it is bought
            # from sells; the unit's possessor is its brand or former parent
            owners = {
                n
                for o in objs
                for c in follow_of(o).children
                if c.dep_ == "poss"
                for n in _orgs_in_arg(c, index, state)
            } - set(from_sellers)
            # "the manufacturing business of ZT Systems from AMD": the unit's owner of record
            # is no seller either
            owners |= {
                n
                for o in objs
                for prep, pobj in _prep_objects(o)
                if prep == "of"
                for n in _orgs_in_arg(follow_of(pobj), index, state)
            } - set(from_sellers)
            if owners and cand.roles.get("seller"):
                cand.roles["seller"] = [n for n in cand.roles["seller"] if n not in owners]
        if (
            not is_verb
            and lemma in _OFFER_NOUNS
            and cand.roles.get("target")
            and not cand.roles.get("acquirer")
        ):
            # "Y has accepted its acquisition offer": "its" is the bidder, not Y
            for c in tok.children:
                if c.dep_ == "poss" and c.lower_ in ("its", "their"):
                    ref = _anaphor_referent(c, index, state)
                    if ref and ref not in cand.names:
                        cand.add("acquirer", ref)
        if (
            not is_verb
            and lemma in _OFFER_NOUNS
            and cand.type == "acquisition"
            and cand.roles.get("acquirer")
            and not cand.roles.get("target")
            and _responded_to(tok)
        ):
            # "X said its board rejected the offer by Y", "X holders approved a merger
            # into Y": the offer is for the company that reports it
            ref = _anaphor_referent(tok, index, state)
            if ref and ref not in cand.names:
                cand.add("target", ref)
        # generic verbs take their roles from the deal noun they govern ("signed a deal with X")
        if frame.generic and is_verb:
            for obj in objs:
                if obj.lemma_.lower() in NOUN_FRAMES:
                    for prep, pobj in _prep_objects(obj):
                        if prep in ("with", "between"):
                            for name in _orgs_in_arg(pobj, index, state):
                                cand.add("party", name)
        if frame in (LET, GIVE) and cand.type == "partnership":
            continue  # "let" and "give" make deals only where something is licensed or sold
        if frame is INVESTORS:  # "The investors include A, B, C & D and E": the whole list
            for t in tok.subtree:
                m = index.org_of(t)
                if t.i > tok.i and m is not None and m.name not in cand.names:
                    cand.add("investor", m.name)
        if (
            not is_verb
            and lemma in ("acquisition", "purchase")
            and cand.type == "acquisition"
            and cand.roles.get("target")
            and not cand.roles.get("seller")
        ):
            # "the acquisition of a 47 pct interest in the Y field from Z": "from Z" hung on
            # the thing bought (not inside a clause about it)
            for prep, pobj in _prep_objects(tok):
                if prep != "of":
                    continue
                for t in _phrase(pobj):
                    if t.dep_ == "prep" and t.lower_ == "from":
                        for p in _children(t, {"pobj"}):
                            for name in _orgs_in_arg(p, index, state):
                                if name not in cand.names:
                                    cand.add("seller", name)
        if lemma == "merger" and not cand.roles.get("acquirer"):
            # "the merger of X, a unit of Y into Z": the parse may hang "into Z" on Y
            for t in tok.subtree:
                if t.dep_ == "prep" and t.lower_ == "into" and t.i > tok.i:
                    for pobj in _children(t, {"pobj"}):
                        for name in _orgs_in_arg(pobj, index, state):
                            if name not in cand.names:
                                cand.add("acquirer", name)
                    break
        if state["pair"] and cand.type == "acquisition":
            _order_pair(cand, state["pair"])
        elif frame is MERGE or lemma == "merger":
            _merger_sides(cand)
        if cand.type == "compute" and not cand.roles.get("provider"):
            for name in _hosts(sent, index):  # "capacity on X's cloud"
                if name not in cand.names:
                    cand.add("provider", name)
        if cand.names:
            out.append(cand)
    if context_type == "licensing":
        out.extend(_owners(sent, index, state, sent_no))
    out.extend(_stock_received(sent, index, state, sent_no, negated_sentence))
    out.extend(_participants(sent, index, sent_no, negated_sentence))
    return out


def _participants(sent: Span, index: _OrgIndex, sent_no: int, negated: bool) -> list[Candidate]:
    """ "with participation from A and B": investors of the round told of here or just before."""
    out: list[Candidate] = []
    for tok in sent:
        if tok.lemma_.lower() != "participation":
            continue
        names: list[str] = []
        for prep, pobj in _prep_objects(tok):
            if prep in ("from", "by", "of"):
                for t in pobj.subtree:
                    m = index.org_of(t)
                    if m is not None and m.name not in names:
                        names.append(m.name)
        if names:
            cand = Candidate("investment", sent=sent_no, trigger="participation")
            cand.trigger_char, cand.negated = tok.idx, negated
            for name in names:
                cand.add("investor", name)
            out.append(cand)
    return out


_EQUITY_WORDS = {"stock", "share", "equity"}


def _stock_received(
    sent: Span, index: _OrgIndex, state: dict[str, Any], sent_no: int, negated: bool
) -> list[Candidate]:
    """ "X received $350 million of Y stock (in a private placement)": X invests in Y."""
    out: list[Candidate] = []
    for tok in sent:
        if tok.lemma_.lower() not in ("receive", "get", "obtain") or tok.pos_ != "VERB":
            continue
        subj, passive = _subject(tok)
        investors = [n for s in subj for n in _orgs_in_arg(s, index, state)] if not passive else []
        for obj in _children(tok, {"dobj"}):
            if not any(c.lower_ in ("$", "dlrs") or c.like_num for c in obj.subtree):
                continue  # an amount or a number of shares, not "received approval"
            for prep, pobj in _prep_objects(obj):
                if prep != "of" or pobj.lemma_.lower() not in _EQUITY_WORDS:
                    continue
                issuers = [
                    m.name
                    for c in pobj.children
                    if c.dep_ in ("compound", "poss") and (m := index.org_of(c))
                ]
                if investors and issuers and not set(investors) & set(issuers):
                    cand = Candidate("investment", sent=sent_no, trigger=tok.lemma_.lower())
                    cand.trigger_char, cand.negated = tok.idx, negated
                    for name in investors:
                        cand.add("investor", name)
                    for name in issuers:
                        cand.add("investee", name)
                    out.append(cand)
    return out


#: Words that make capacity generating capacity (power), not a data centre's.
_GENERATION_WORDS = {"energy", "renewable", "solar", "wind", "nuclear", "clean", "generation"}
_GENERATION_WORDS |= {"generating", "hydro", "geothermal"}

#: Content that is sold for use, not owned outright ("sold six years of its archive").
_CONTENT_WORDS = {"archive", "content", "catalog", "catalogue", "footage", "image", "photo"}
_CONTENT_WORDS |= {"video", "music", "article", "dataset"}

#: Things a licence grants use of; their possessor provides them.
LICENSABLE = {
    "content",
    "data",
    "api",
    "technology",
    "patent",
    "model",
    "right",
    "archive",
    "catalog",
    "catalogue",
    "library",
    "ip",
    "software",
    "post",
    "music",
    "film",
    "show",
    "news",
    "text",
}


def _owners(sent: Span, index: _OrgIndex, state: dict[str, Any], sent_no: int) -> list[Candidate]:
    """ "Reddit's Data API", "its users' content": the owner of what is licensed provides it."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() in LICENSABLE and tok.pos_ in ("NOUN", "PROPN"):
            for c in tok.children:
                if c.dep_ == "poss":
                    for name in _orgs_in_arg(c, index, state):
                        cand = Candidate(
                            "licensing",
                            sent=sent_no,
                            trigger=tok.lemma_.lower(),
                            trigger_char=tok.idx,
                        )
                        cand.add("provider", name)
                        out.append(cand)
    return out


def _update_state(sent: Span, index: _OrgIndex, state: dict[str, Any]) -> None:
    """Make this sentence's subject organisation the referent of later anaphors.

    The one before it stays in ``state["previous"]`` for anaphors that precede it
    ("A venture led by Dyer said it bought shares of Munford": "it" is not Munford).
    """
    state["previous"] = state.get("subject")
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
            m = index.org_of(tok)
            if m is None and tok.lemma_.lower() in _PART_OF_COMPANY:
                # "X's American National Bank unit said it ...": the named unit acts
                m = next(
                    (
                        o
                        for c in tok.children
                        if c.dep_ in ("compound", "appos", "nmod")
                        and (o := index.org_of(c)) is not None
                    ),
                    None,
                )
            if m is not None:
                state["subject"], state["subject_at"] = m.name, tok.i
                heads = _with_conjuncts(tok)
                # "A, B and Abu Dhabi investment firm C said ...": the parser may hang C
                # on A as an apposition
                heads += [c for t in heads for c in t.children if c.dep_ == "appos"]
                subjects = [o.name for t in heads if (o := index.org_of(t))]
                index.subjects = list(dict.fromkeys(subjects))
                return
    root = sent.root.i
    for tok in sent:
        m = index.org_of(tok)
        if m is not None and (
            tok.dep_ in ("nsubj", "nsubjpass")
            or tok.i < root  # "OSLO, Jan 28 - Fjordkraft Energi AS said ..."
            and tok.dep_ in ("compound", "poss", "conj", "appos")
        ):
            state["subject"], state["subject_at"] = m.name, tok.i
            return


#: What compute runs on; its owner provides it ("capacity on X's cloud").
HOSTING_NOUNS = {"cloud", "platform", "infrastructure", "datacenter", "center", "centre"}
HOSTING_NOUNS |= {"cluster", "server", "supercomputer", "facility", "campus", "fleet"}


def _hosts(sent: Span, index: _OrgIndex) -> list[str]:
    """Organisations whose cloud or data centre the sentence's compute runs on."""
    out: list[str] = []
    for tok in sent:
        if (
            tok.lemma_.lower() in HOSTING_NOUNS
            and tok.dep_ == "pobj"
            and tok.head.lower_ in ("on", "from", "via", "through", "across")
        ):
            for c in tok.children:
                m = index.org_of(c) if c.dep_ in ("poss", "compound") else None
                if m is not None and m.name not in out:
                    out.append(m.name)
    return out


def _merger_sides(cand: Candidate) -> None:
    """ "X and Y agreed to merge", "the merger of X with Y": sides named alike, so the one
    named first is the acquirer, as wire copy has it (a guess: any explicit statement
    outvotes it)."""
    acquirers, targets = cand.roles.get("acquirer", []), cand.roles.get("target", [])
    same = acquirers if len(acquirers) >= 2 and not targets else None
    if same is None and len(targets) >= 2 and not acquirers:
        same = targets
    if same is None:
        return
    cand.roles["acquirer"], cand.roles["target"] = [same[0]], same[1:]
    cand.generic = True


def _order_pair(cand: Candidate, pair: list[str]) -> None:
    """A merger of "the two companies": the one named first is the acquirer, as wire copy has it."""
    first, second = pair
    roles = {r: [n for n in names if n not in pair] for r, names in cand.roles.items()}
    if any(names for names in roles.values()):
        return  # other sides are named: keep the parse's roles
    cand.roles = {"acquirer": [first], "target": [second]}
    cand.generic = True  # a guess from word order: any explicit statement outvotes it


def find_candidates(doc: Doc) -> list[Candidate]:
    """All candidate deals of a document, in text order."""
    index = _OrgIndex(doc)
    state: dict[str, Any] = {"subject": None}
    out: list[Candidate] = []
    for n, sent in enumerate(doc.sents):
        _update_state(sent, index, state)
        out.extend(candidates_for_sentence(sent, index, state, n))
    doc._.unit_aliases = index.aliases
    for cand in out:  # a role whose names all went elsewhere is no role
        cand.roles = {role: names for role, names in cand.roles.items() if names}
    return out


@Language.component("dealfacts_relations")
def relations_component(doc: Doc) -> Doc:
    """Rule-based candidate deals (``doc._.candidates``)."""
    doc._.candidates = find_candidates(doc)
    return doc
