"""Assembly: candidate deals plus facts on the Doc become :class:`~pipeline.schema.Deal` records.

Candidates that share organisations are merged into one deal; each organisation gets one
role by vote; "party" placeholders of generic triggers ("signed a deal with") get the
role that the other side's role implies. Money, terms, GPU counts and dates attach from
the deal's sentences and from a following sentence that refers back to "the deal".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.components import Fact
from pipeline.relate.rules import CANCEL_RE, STAKE, STAKE_WORDS, VERB_FRAMES, Candidate
from pipeline.schema import ROLES, Amount, Deal, Gpus, Party

#: The role each role's counterpart has, by deal type.
COUNTER_ROLE = {
    "customer": "provider",
    "provider": "customer",
    "acquirer": "target",
    "target": "acquirer",
    "investor": "investee",
    "investee": "investor",
    "seller": "acquirer",
    "partner": "partner",
}
#: The role a "party" placeholder takes when nothing else decides, first and later parties.
DEFAULT_ROLES = {
    "acquisition": ("acquirer", "target"),
    "investment": ("investor", "investee"),
    "compute": ("customer", "provider"),
    "purchase": ("customer", "provider"),
    "licensing": ("customer", "provider"),
    "partnership": ("partner", "partner"),
    "other": ("partner", "partner"),
}
ROLES_OF_TYPE = {
    "acquisition": {"acquirer", "target", "seller"},
    "investment": {"investor", "investee"},
    "compute": {"customer", "provider"},
    "purchase": {"customer", "provider"},
    "licensing": {"customer", "provider"},
    "partnership": {"partner"},
    "other": {"partner", "customer", "provider"},  # a venture's partners; power's buyer, seller
}
ROLE_MAP = {  # a role read under one type, seen from another type's deal
    ("acquisition", "investor"): "acquirer",
    ("acquisition", "investee"): "target",
    ("investment", "acquirer"): "investor",
    ("investment", "target"): "investee",
    ("compute", "acquirer"): "customer",
    ("compute", "seller"): "provider",
    ("purchase", "acquirer"): "customer",
    ("purchase", "seller"): "provider",
    ("other", "acquirer"): "customer",
    ("other", "seller"): "provider",
    ("licensing", "acquirer"): "customer",
    ("licensing", "seller"): "provider",
}
_NOT_DEAL_MONEY = re.compile(
    r"(?:revenues?|sales|profits?|loss(?:es)?|earnings|income|liabilit(?:y|ies)|valuation|"
    r"valued the company|market (?:value|cap\w*)|"
    r"per share|a share|debt|capex|capital expenditure|spend(?:ing)? (?:plan|budget)|cost(?:s)? to build|"
    r"shares (?:rose|fell|were)|net worth|assets of|sales of|turnover|guidance|forecast)\W+(?:\w+\W+){0,4}$",
    re.I,
)
_NOT_DEAL_AFTER = re.compile(
    r"^\W*(?:in (?:annual |quarterly )?(?:revenues?|sales)|"
    r"of (?:\w+ )?(?:revenues?|sales|debt|indebtedness|liabilities|loans?)|valuation|"
    r"to (?:its |their |the company's )?(?:annual |yearly |quarterly )?(?:revenues?|sales|earnings)\b|"
    r"(?:(?:in )?cash )?(?:a|per|for each|each) (?:share|unit|ordinary|common share)|each\b|a barrel|an ounce|"
    r"market value of)|"
    # the money describes a company's size: "a 23 billion dlr asset bank holding company",
    # "a 1.2 billion dlr oil field service company", "a 500 mln dlr-a-year retailer"
    r"^[- ](?:(?!(?:in|and|or|of|for|plus|cash|with|to)\b)[a-z-]+ ){0,3}"
    r"(?:company|firm|concern|retailer|chain|producer|maker)\b",
    re.I,
)
_ANAPHORIC_DEAL = re.compile(
    r"\b(?:the|this|that|its) (?:[a-z]+ )?(?:deal|contract|agreement|transaction|acquisition|"
    r"purchase|arrangement|commitment|investment|round|pact|partnership|takeover|merger|sale|"
    r"lease|package|offer|bid|proposal)\b|\bvalues (?:\w+ ){1,3}at\b|"
    r"\b(?:worth|valued at|value of|(?:its|the|a) (?:total |combined |headline )?value|for a total|in total|"
    r"the (?:term|terms|price|consideration)|covers?|is for)\b",
    re.I,
)
PRIORITY = {
    "acquisition": 0,
    "investment": 1,
    "compute": 2,
    "purchase": 3,
    "licensing": 4,
    "partnership": 5,
    "other": 6,
}


@dataclass
class DealGroup:
    """Candidates judged to describe one deal."""

    candidates: list[Candidate] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return set().union(*(c.names for c in self.candidates)) if self.candidates else set()

    @property
    def sents(self) -> list[int]:
        return sorted({c.sent for c in self.candidates})

    def roles_by_name(self) -> dict[str, set[str]]:
        """Each organisation's roles across the candidates."""
        out: dict[str, set[str]] = {}
        for c in self.candidates:
            for role, names in c.roles.items():
                for n in names:
                    out.setdefault(n, set()).add(role)
        return out

    def deal_type(self) -> str:
        specific = [c.type for c in self.candidates if not c.generic]
        votes = Counter(specific or [c.type for c in self.candidates])
        if len(votes) > 1:
            del votes["partnership"]  # a stated purchase, lease or stake is more than that
        return min(votes, key=lambda t: (-votes[t], PRIORITY.get(t, 9)))


def _compatible(a: str, b: str) -> bool:
    return (
        a == b
        or {a, b} <= {"compute", "purchase", "partnership", "licensing"}
        and "partnership" in {a, b}
    )


def _unnamed_targets(group: DealGroup) -> bool:
    """Whether the group's targets are all described, not named ("two subsidiaries")."""
    targets = [n for c in group.candidates for n in c.roles.get("target", [])]
    return bool(targets) and all(n[:1].islower() for n in targets)


#: A sentence that adds a deal to one told before: "adding a further $4 billion", "a new
#: contract worth $6.5 billion", "expanded the agreement by $2 billion".
FOLLOW_ON_RE = re.compile(
    r"\b(?:further|additional|another)\s+(?:US|C|A)?[$\u20ac\u00a3\u00a5\d]"  # "a further $4 billion"
    r"|\b(?:new|another)\s+(?:\w+\s+)?(?:contract|deal|agreement|order|commitment)\b"
    r"|\b(?:expand|extend)(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?"
    r"(?:partnership|agreement|contract|deal|relationship|commitment)\b",
    re.IGNORECASE,
)


def _follow_on(cand: Candidate, parent: DealGroup) -> Candidate:
    """A new deal between the parent's sides, told in ``cand``'s sentence."""
    roles = {r: list(n) for r, n in cand.roles.items()}
    for c in parent.candidates:
        for role, names in c.roles.items():
            for name in names:
                if not any(name in v for v in roles.values()):
                    roles.setdefault(role, []).append(name)
    typ = parent.deal_type() if cand.generic else cand.type
    # the parent's sides and type make it as sure as a specific trigger
    return replace(cand, roles=roles, type=typ, generic=False)


def _same_figure(values: dict[int, set[float]] | None, sent: int, group: DealGroup) -> bool:
    """Whether sentence ``sent`` states a deal value that ``group``'s sentences state too."""
    values = values or {}
    return bool(values.get(sent, set()) & set().union(*(values.get(x, set()) for x in group.sents)))


def group_candidates(
    cands: list[Candidate],
    follow_on: frozenset[int] = frozenset(),
    money_sents: frozenset[int] = frozenset(),
    values: dict[int, set[float]] | None = None,
) -> list[DealGroup]:
    """Merge candidates that share organisations and a compatible type.

    A candidate in a ``follow_on`` sentence (one that adds a deal and states its value) does
    not join a group whose value is stated elsewhere: it starts a new deal between the
    same sides (``money_sents``: sentences with a deal value).
    """
    groups: list[DealGroup] = []

    def order(c: Candidate) -> tuple[bool, bool, bool, int]:
        # lists of investors ("The investors include A and B") last: they join a round
        investors_only = c.type == "investment" and set(c.roles) == {"investor"}
        return (investors_only, c.generic, len(c.names) < 2, c.sent)

    for cand in sorted(cands, key=order):
        best = None
        if cand.generic:  # "X agreed to buy Y": "agree" belongs to the "buy" deal beside it
            best = next(
                (
                    g
                    for g in groups
                    if cand.names & g.names
                    and cand.names
                    <= g.names
                    | set().union(*(c.names for c in g.candidates if c.sent == cand.sent))
                    and any(c.sent == cand.sent and not c.generic for c in g.candidates)
                ),
                None,
            )
            if best is None and cand.names:
                # "X said it and Y agreed to ... Y's acquisition of Z": the other side of
                # the pact is the one that sells Z
                best = next(
                    (
                        g
                        for g in groups
                        for c in g.candidates
                        if c.sent == cand.sent
                        and not c.generic
                        and c.type == "acquisition"
                        and c.roles.get("acquirer")
                        and c.roles.get("target")
                        and not c.roles.get("seller")
                        and cand.names & set(c.roles["acquirer"])
                        and len(cand.names - c.names) == 1
                    ),
                    None,
                )
                if best is not None:
                    cand = replace(
                        cand, roles={"seller": sorted(cand.names - best.names)}, generic=True
                    )
            if best is not None:
                best.candidates.append(cand)
                continue
        for g in groups:
            shared = len(cand.names & g.names)
            gt = g.deal_type()
            if (
                shared
                and cand.sent in follow_on
                and cand.sent not in g.sents
                and money_sents & set(g.sents)
                and _compatible(cand.type, gt)
                and not _same_figure(values, cand.sent, g)  # the same figure: the same deal
            ):
                cand = _follow_on(cand, g)
                continue
            if not _compatible(cand.type, gt) and not cand.generic:
                continue
            if (
                cand.generic
                and not _compatible(cand.type, gt)
                and (len(cand.names) < 2 or len(g.names) < 2)
            ):
                continue  # a one-sided group of another type does not take over a two-sided deal
            if (
                not _compatible(cand.type, gt)
                and cand.sent in money_sents
                and cand.sent not in g.sents
                and money_sents & set(g.sents)
                # the same figure again ("pay Google $1bn a year" in headline and body) is
                # the same deal
                and not _same_figure(values, cand.sent, g)
            ):
                continue  # each states its own value: two deals ("a $11.9bn contract ... $350m of stock")
            one_sided = len(cand.names) == 1 or len(g.names) == 1
            if shared >= 1 and _more_investors(cand, g):
                best = g
                break
            if shared >= 2 or (shared >= 1 and (one_sided or _complementary(cand, g))):
                best = g
                break
            if (
                shared == 0
                and one_sided
                and cand.sent in g.sents
                and _compatible(cand.type, gt)
                # "A to buy B as C snaps up D": C's own deal, told elsewhere, takes it
                and not any(
                    cand.names <= set().union(*(c.names for c in h.candidates if not c.generic))
                    and len(h.names) >= 2
                    and not h.names & g.names  # another deal, between other sides
                    and _compatible(cand.type, h.deal_type())
                    for h in groups
                )
            ):
                best = g  # one sentence, two halves: "X signed ... to use Y's archive"
                break
            if (
                shared
                and cand.type == gt == "acquisition"
                and _unnamed_targets(g)
                and _same_roles(cand, g.candidates[0])
            ):
                best = g  # "agreed to buy two subsidiaries of Z. ... plans to acquire A and B"
                break
        if best is None and cand.type == "investment" and set(cand.roles) == {"investor"}:
            # "The investors include A, B and C": the round told of just before
            rounds = [
                g
                for g in groups
                if g.deal_type() == "investment"
                and min(g.sents) <= cand.sent
                # a round states its size: "X is backed by Y" alone is background
                and any(not c.generic and c.sent in money_sents for c in g.candidates)
            ]
            best = max(rounds, key=lambda g: max(g.sents), default=None)
        if best is None:
            groups.append(DealGroup([cand]))
        else:
            best.candidates.append(cand)
    return groups


def _same_roles(a: Candidate, b: Candidate) -> bool:
    """Whether the names ``a`` and ``b`` share hold the same roles in both (the seller of a
    unit is not the acquirer of its parent: "sells VMware's unit ... after its VMware takeover")."""
    role_a = {n: r for r, names in a.roles.items() for n in names}
    role_b = {n: r for r, names in b.roles.items() for n in names}
    return all(
        role_a[n] == role_b[n] or "party" in (role_a[n], role_b[n])  # "party": either way
        for n in role_a.keys() & role_b.keys()
    )


def _more_investors(cand: Candidate, group: DealGroup) -> bool:
    """Whether ``cand`` names more investors in the round of ``group`` told in the same
    sentence: "raised $640m in a round led by A, with B also taking part"."""
    if cand.generic or cand.type != "investment" or group.deal_type() != "investment":
        return False
    investees = set(cand.roles.get("investee", []))
    same_sentence = [c for c in group.candidates if c.sent == cand.sent and not c.generic]
    return (
        bool(investees)
        and set(cand.roles) <= {"investor", "investee"}
        and any(investees == set(c.roles.get("investee", [])) for c in same_sentence)
    )


def _complementary(cand: Candidate, group: DealGroup) -> bool:
    """Whether ``cand`` adds the sides ``group`` lacks to the same deal: "X agreed to buy Y.
    Y's owners, A and B, agreed to sell their stakes" (the same target, sellers added).

    The shared names hold the same roles in both, and every other side of ``cand`` has a
    role that no candidate of ``group`` fills; the types agree.
    """
    if cand.generic or cand.type != group.deal_type():
        return False
    held = group.roles_by_name()
    shared = cand.names & set(held)
    roles_of = {n: r for r, names in cand.roles.items() for n in names}
    if not shared or any(roles_of[n] not in held[n] for n in shared):
        return False
    filled = set().union(*held.values())
    return all(roles_of[n] not in filled for n in cand.names - shared)


#: A unit word closing a described name: "end-user computing unit" is "End-User Computing".
_UNIT_TAIL_RE = re.compile(r"\s+(?:unit|division|business|arm|segment|subsidiary)$")


def _unit_key(name: str) -> str:
    return _UNIT_TAIL_RE.sub("", re.sub(r"[\s\-\u2010-\u2013]+", " ", name).strip().casefold())


def merge_unit_names(roles: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """One party for a unit told by its name and described by it ("End-User Computing
    division" and "its end-user computing unit"): the capitalised name stays, the other
    becomes its alias. Returns the roles and, per kept name, the names folded into it."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for name, role in roles.items():
        by_key.setdefault((role, _unit_key(name)), []).append(name)
    described: dict[str, list[str]] = {}
    for names in by_key.values():
        if len(names) < 2:
            continue
        # a proper name before a description, the shorter (without the unit word) first
        keep = min(names, key=lambda n: (n[:1].islower(), len(n)))
        described[keep] = [n for n in names if n != keep]
    folded = {n for v in described.values() for n in v}
    return {n: r for n, r in roles.items() if n not in folded}, described


#: Names of power generators and utilities.
_ENERGY_NAME = re.compile(
    r"\b(?:energy|energi|power|electric|electricity|renewables?|utilit(?:y|ies)|solar|wind|"
    r"nuclear|hydro|denryoku)\b",
    re.I,
)


def assign_roles(group: DealGroup, typ: str, clusters: dict) -> dict[str, str]:
    """One role per organisation: votes of specific triggers first, then counterparts."""
    votes: dict[str, Counter] = {}
    allowed = ROLES_OF_TYPE[typ]
    for cand in group.candidates:
        # a specific trigger outweighs a generic one, and a fuller frame ("X bought Y
        # from Z") outweighs a background mention ("Y was spun off")
        weight = 1 if cand.generic else 2 + len([r for r, n in cand.roles.items() if n])
        for role, names in cand.roles.items():
            mapped = ROLE_MAP.get((typ, role), role)
            for name in names:
                counter = votes.setdefault(name, Counter())
                if mapped in allowed:
                    counter[mapped] += weight
                else:
                    counter["party"] += 0
    roles: dict[str, str] = {}
    for name, counter in votes.items():
        if counter and counter.most_common(1)[0][1] > 0:
            roles[name] = counter.most_common(1)[0][0]
    open_names = [n for n in votes if n not in roles]
    first, second = DEFAULT_ROLES[typ]
    power = typ == "other" and any(c.object_kind == "power" for c in group.candidates)
    for name in open_names:
        taken = set(roles.values())
        if typ in ("compute", "purchase", "licensing"):
            entry = getattr(clusters.get(name), "entry", None)
            if "provider" in taken and "customer" not in taken:
                roles[name] = "customer"
            elif (
                "customer" in taken
                and "provider" not in taken
                or entry is not None
                and entry.cloud
                and "provider" not in taken
            ):
                roles[name] = "provider"
            else:
                roles[name] = first if first not in taken else second
        elif typ == "partnership":
            roles[name] = "partner"
        elif typ == "other":
            # power: the generator ("Constellation Energy", "Kairos Power") provides, the
            # buyer is the customer; a venture's or reseller's sides are partners
            if not (power or {"customer", "provider"} & taken):
                roles[name] = "partner"
            elif _ENERGY_NAME.search(name) and "provider" not in taken:
                roles[name] = "provider"
            else:
                roles[name] = "customer" if "customer" not in taken else "provider"
        else:
            roles[name] = first if first not in taken else COUNTER_ROLE.get(first, second)
    energy = [n for n in roles if _ENERGY_NAME.search(n)]
    if power and len(energy) == 1 and len(roles) > 1:
        # a power deal: the generator supplies, whatever the parse made of "the software
        # company will buy the electricity"
        roles = {n: "provider" if n in energy else "customer" for n in roles}
    if (
        typ in ("compute", "purchase", "licensing")
        and list(roles.values()).count("customer") > 1
        and "provider" not in roles.values()
    ):
        cloud = [
            n for n in roles if getattr(clusters.get(n), "entry", None) and clusters[n].entry.cloud
        ]
        for n in cloud[:1]:
            roles[n] = "provider"
    return roles


def _near(facts: list[Fact], sents: list[int], anchor_sents: set[int]) -> list[Fact]:
    return [f for f in facts if f.sent in sents or f.sent in anchor_sents]


#: Smallest amount read as a deal's value; below it a figure is a price per share or unit.
MIN_DEAL_VALUE = 10_000


def _deal_money(text: str, fact: Fact, typ: str | None = None) -> bool:
    """Whether a money mention can be a deal's value (not revenue, a share price, a valuation).

    For a contract (``typ`` compute, purchase or licensing) the revenue the contract itself
    brings its supplier is its value: "the lease is expected to generate $1bn of revenue a
    year". An acquisition's added revenue is the target's sales, never the price.
    """
    if fact.value.value < MIN_DEAL_VALUE:
        return False
    before = text[max(0, fact.start - 80) : fact.start]
    after = text[fact.end : fact.end + 40]
    if _TOTAL_AFTER_PRICE.search(before):
        return True  # "3.28 dlrs a share, or 16.5 mln dlrs": the price, told as a total
    if typ in _CONTRACT_TYPES and _CONTRACT_REVENUE.search(before):
        return not _PER_UNIT_AFTER.search(after)
    if _SEVERAL_DEALS.search(before):
        return False  # "in deals worth a combined $25 billion": no one deal's value
    if typ == "investment" and _VALUES_AT.search(before):
        return False  # "the round values the company at $6bn": its valuation, not its size
    return not (_NOT_DEAL_MONEY.search(before) or _NOT_DEAL_AFTER.search(after))


_CONTRACT_TYPES = {"compute", "purchase", "licensing"}
#: "the agreement is expected to bring Oracle more than", "expects the lease to generate about"
_CONTRACT_REVENUE = re.compile(
    r"\b(?:the|this|that|its|each) (?:[\w-]+ ){0,2}(?:deal|contract|agreement|lease|pact|"
    r"arrangement|order|licen[cs]e|commitment)s?\b(?:\W+\w+){0,5}?\W+(?:bring|generate|"
    r"produce|yield|add|deliver|contribute|mean)s?\b(?:\W+\w+){0,3}\W*$",
    re.I,
)
_VALUES_AT = re.compile(
    r"\bvalu(?:es|ed|ing)\b(?:\W+[\w-]+){0,4}?\W+at(?:\W+(?:about|around|roughly|nearly|"
    r"almost|some|more than|over|up to))?\W*$",
    re.I,
)
#: The sum of several deals: "deals worth a combined", "two transactions totalling".
_SEVERAL_DEALS = re.compile(
    r"\b(?:deals|transactions|acquisitions|takeovers|purchases|contracts|agreements|"
    r"investments)\s+(?:worth|valued at|totall?ing|with a (?:combined |total )?value of)"
    r"\W+(?:a\s+)?(?:combined\s+)?(?:of\s+)?(?:(?:about|around|some|nearly|"
    r"more than|over|roughly)\s+)?$",
    re.I,
)
_PER_UNIT_AFTER = re.compile(r"^\W*(?:a|per|for each|each) (?:share|unit)\b", re.I)


_TOTAL_AFTER_PRICE = re.compile(r"\b(?:a|per|each) share,?\s+or\s+(?:about\s+|some\s+)?$", re.I)


#: How many sentences after a deal's own may still refer back to it.
FOLLOW_WINDOW = 4


def _follow_sents(doc: Doc, group: DealGroup, sent_texts: list[str], claimed: set[int]) -> set[int]:
    """Sentences after the deal's own that refer back to it ("The deal is worth ...").

    The look-ahead stops at a sentence about other organisations or one that holds
    another deal's trigger.
    """
    chips = [(f.start, f.end) for f in doc._.gpus or []]
    orgs_by_sent: dict[int, set[str]] = {}
    for m in doc._.orgs or []:
        # a chip maker named with its chips ("400,000 Nvidia GB200 chips") is no other side
        if not any(a <= m.start and m.end <= b for a, b in chips):
            orgs_by_sent.setdefault(m.sent, set()).add(m.name)
    names = group.names
    out: set[int] = set()
    for s in group.sents:
        for nxt in range(s + 1, min(len(sent_texts), s + 1 + FOLLOW_WINDOW)):
            if nxt in group.sents:
                continue
            others = orgs_by_sent.get(nxt, set()) - names
            if nxt in claimed or (others and not orgs_by_sent.get(nxt, set()) & names):
                break
            if _ANAPHORIC_DEAL.search(sent_texts[nxt]):
                out.add(nxt)
    return out


def build_deals(doc: Doc) -> list[Deal]:
    """The deals of one processed Doc."""
    cands = [c for c in doc._.candidates or [] if not c.negated]
    if not cands:
        return []
    text = doc.text  # built from the tokens on every access: read it once
    sents = list(doc.sents)
    sent_texts = [s.text for s in sents]
    clusters = doc._.org_clusters or {}
    cancelled = [
        n for n, t in enumerate(sent_texts) if CANCEL_RE.search(t) and not _HYPOTHETICAL.search(t)
    ]
    money_sents = frozenset(f.sent for f in doc._.money or [] if _deal_money(text, f))
    follow_on = frozenset(n for n in money_sents if FOLLOW_ON_RE.search(sent_texts[n]))
    values: dict[int, set[float]] = {}
    for f in doc._.money or []:
        if f.sent in money_sents:
            values.setdefault(f.sent, set()).add(round(f.value.value, -3))
    groups = group_candidates(cands, follow_on, money_sents, values)
    groups = _drop_echoes(groups, money_sents)
    groups = _drop_retold(groups, money_sents)
    groups = _prefer_two_sided(groups, clusters)
    groups = _merge_stake_reports(groups)
    claimed = {n for g in groups for n in g.sents}
    deals: list[Deal] = []
    used_money: set[int] = set()
    for group in groups:
        typ = group.deal_type()
        roles, described = merge_unit_names(assign_roles(group, typ, clusters))
        if len(roles) < 2 and all(c.generic for c in group.candidates):
            continue
        if len(roles) < 2 and max(c.confidence for c in group.candidates) < 0.5:
            continue
        gsents = group.sents
        if _is_cancelled(doc, group, cancelled, sent_texts, groups):
            continue
        anchors = _follow_sents(doc, group, sent_texts, claimed)
        money = [
            f
            for f in _near(doc._.money or [], gsents, anchors)
            if id(f) not in used_money and _deal_money(text, f, typ)
        ]
        trigger = min(c.trigger_char for c in group.candidates)
        amount = None
        if money:
            # a price beats a valuation: "51% for $4.46bn, a price that values it at $8.75bn"
            pick = min(
                money,
                key=lambda f: (
                    f.sent not in gsents,
                    bool(_VALUES_AT.search(text[max(0, f.start - 80) : f.start])),
                    _distance(f, group),
                ),
            )
            used_money.add(id(pick))
            m = pick.value
            # a headline's "$1.5bn" is the body's "roughly $1.5 billion": the hedge holds
            hedged = m.approximate or any(
                f.value.approximate
                and f.value.currency == m.currency
                and f.value.period == m.period
                and abs(f.value.value - m.value) <= 0.005 * m.value
                for f in money
            )
            amount = Amount(m.value, m.currency, m.period, hedged)
        # a term belongs to contracts, leases and commitments; buying a company has none
        terms = [
            t
            for t in (_near(doc._.terms or [], gsents, anchors) if typ != "acquisition" else [])
            # a sentence that tells two deals: each term goes to the nearer one
            if not any(
                other is not group
                and t.sent in other.sents
                and _distance(t, other) < _distance(t, group)
                for other in groups
            )
        ]
        duration = terms[0].value.months if terms else None
        gpus = None
        if typ in ("compute", "purchase", "partnership"):
            gfacts = _near(doc._.gpus or [], gsents, anchors | {s + 1 for s in gsents})
            if typ == "partnership":  # "jointly build a cloud of 10,000 GPUs": told with it
                gfacts = [f for f in gfacts if f.sent in gsents and f.value.count]
            if gfacts:
                g = max(
                    gfacts, key=lambda f: (f.value.count is not None, f.value.model is not None)
                )
                gpus = Gpus(g.value.count, g.value.vendor, g.value.model, g.value.approximate)
                if (
                    gpus.model is None
                ):  # "AMD GPUs ... built on AMD's MI450": the model named nearby
                    later = [
                        f
                        for f in doc._.gpus or []
                        if f.value.model
                        and f.sent > g.sent
                        and f.sent <= g.sent + 4
                        and f.value.vendor in (None, gpus.vendor)
                    ]
                    if later:
                        gpus.model = later[0].value.model
                        gpus.vendor = gpus.vendor or later[0].value.vendor
        dates = _near(doc._.dates or [], gsents, anchors)
        date = dates[0].value.iso if dates else None
        parties = []
        for name, role in roles.items():
            cluster = clusters.get(name)
            aliases = cluster.aliases if cluster else list((doc._.unit_aliases or {}).get(name, []))
            aliases += [a for a in described.get(name, []) if a not in aliases]
            parties.append(Party(name, role, aliases))  # type: ignore[arg-type]
        parties.sort(key=lambda p: _role_order(p.role))
        ev_sents = sorted(
            set(gsents) | ({s for s in anchors if money and any(f.sent == s for f in money)})
        )
        first, last = sents[ev_sents[0]], sents[ev_sents[-1]]
        evidence = _cap(
            " ".join(sent_texts[i].strip() for i in ev_sents), trigger - first.start_char
        )
        conf = sum(c.confidence for c in group.candidates) / len(group.candidates)
        deal = Deal(
            type=typ,
            parties=parties,
            amount=amount,
            duration_months=duration,
            gpus=gpus,
            date=date,
            evidence=evidence,
            evidence_span=(first.start_char, last.end_char),
            confidence=min(1.0, conf + 0.05 * (len(group.candidates) - 1)),
        )
        deals.extend(_split_respectively(doc, deal, group, sent_texts))
    return deals


def _split_respectively(
    doc: Doc, deal: Deal, group: DealGroup, sent_texts: list[str]
) -> list[Deal]:
    """ "A and B will invest $10bn and $5bn respectively in C": one deal per investor."""
    sents = (
        list(doc.sents) if any("respectively" in sent_texts[n].lower() for n in group.sents) else []
    )
    for n in group.sents:
        if "respectively" not in sent_texts[n].lower():
            continue
        resp = sents[n].start_char + sent_texts[n].lower().index("respectively")
        order = {}  # each side's last mention before "respectively": the list's order
        for m in doc._.orgs or []:
            if m.sent == n and m.start < resp:
                order[m.name] = m.start
        for role in ("investor", "customer", "acquirer", "provider", "target"):
            sides = sorted(
                (p for p in deal.parties if p.role == role and p.name in order),
                key=lambda p: order[p.name],
            )
            if len(sides) < 2:
                continue
            # the amounts listed between the first side and "respectively"
            amounts = sorted(
                (
                    f
                    for f in doc._.money or []
                    if f.sent == n and order[sides[0].name] < f.start < resp
                ),
                key=lambda f: f.start,
            )
            if len(amounts) == len(sides):
                others = [p for p in deal.parties if p.role != role]
                return [
                    replace(
                        deal,
                        parties=[side, *others],
                        amount=Amount(
                            f.value.value, f.value.currency, f.value.period, f.value.approximate
                        ),
                    )
                    for side, f in zip(sides, amounts, strict=True)
                ]
    return [deal]


#: Longest evidence kept; a longer one is cut to a window around the deal's trigger.
MAX_EVIDENCE_CHARS = 1_000


def _cap(evidence: str, at: int) -> str:
    """``evidence`` cut to :data:`MAX_EVIDENCE_CHARS` around position ``at``."""
    if len(evidence) <= MAX_EVIDENCE_CHARS:
        return evidence
    start = max(0, min(at - MAX_EVIDENCE_CHARS // 2, len(evidence) - MAX_EVIDENCE_CHARS))
    return "..." + evidence[start : start + MAX_EVIDENCE_CHARS].strip() + "..."


def _distance(fact: Fact, group: DealGroup) -> int:
    """How far a fact is from the trigger that first tells of the deal (same sentence first)."""
    specific = [c for c in group.candidates if not c.generic] or group.candidates
    anchor = min(specific, key=lambda c: (c.sent, c.trigger_char))  # the deal's first telling
    if fact.sent == anchor.sent:
        return abs(fact.start - anchor.trigger_char)
    return 10**6 * (1 + abs(fact.sent - anchor.sent))


def _two_sided(group: DealGroup) -> bool:
    """Two organisations on two sides ("its investors include A and B" has one side)."""
    if len(group.names) < 2:
        return False
    roles = {r for c in group.candidates for r in c.roles}
    return "party" in roles or "partner" in roles or len(roles) >= 2


def _drop_echoes(groups: list[DealGroup], money_sents: frozenset[int]) -> list[DealGroup]:
    """A deal word with no type of its own whose sides all belong to a typed deal is that
    deal told again ("... before a deal was struck with Hutton"), not a partnership."""

    def echo(g: DealGroup) -> bool:
        return (
            all(c.generic for c in g.candidates)
            and g.deal_type() == "partnership"
            and not money_sents & set(g.sents)
            and any(
                h is not g
                and h.deal_type() != "partnership"
                and not all(c.generic for c in h.candidates)
                and g.names <= h.names
                for h in groups
            )
        )

    return [g for g in groups if not echo(g)]


def _drop_retold(groups: list[DealGroup], money_sents: frozenset[int]) -> list[DealGroup]:
    """A deal without a value whose sides, in the same roles, are all sides of a deal of the
    same type that states one is that deal told again ("A and B were among Z's earliest
    backers" beside Z's round led by A with B)."""

    roles = [g.roles_by_name() for g in groups]

    def retold(i: int) -> bool:
        g = groups[i]
        if len(g.names) < 2 or money_sents & set(g.sents):
            return False
        return any(
            j != i
            and h.deal_type() == g.deal_type()
            and money_sents & set(h.sents)
            and all(r <= roles[j].get(n, set()) for n, r in roles[i].items())
            for j, h in enumerate(groups)
        )

    return [g for i, g in enumerate(groups) if not retold(i)]


#: Triggers of a stake held or built: the stake nouns and the verbs of the STAKE frame.
_STAKE_TRIGGERS = STAKE_WORDS | {lemma for lemma, frame in VERB_FRAMES.items() if frame is STAKE}


def _merge_stake_reports(groups: list[DealGroup]) -> list[DealGroup]:
    """A stake and an acquisition by the same buyer in the same company are one deal told
    twice ("raised its stake in Y to 9 pct ... bought 235,750 Y shares"): the acquisition."""
    out = list(groups)
    for inv in groups:
        if inv.deal_type() != "investment" or not any(
            c.object_kind == "stake" or c.trigger in _STAKE_TRIGGERS for c in inv.candidates
        ):
            continue  # a funding round is no stake bought in the market
        investors = {n for c in inv.candidates for n in c.roles.get("investor", [])}
        investees = {n for c in inv.candidates for n in c.roles.get("investee", [])}
        for acq in out:
            if acq is inv or acq.deal_type() != "acquisition":
                continue
            buyers = {n for c in acq.candidates for n in c.roles.get("acquirer", [])}
            targets = {n for c in acq.candidates for n in c.roles.get("target", [])}
            if investors & buyers and investees & targets or len(inv.names & acq.names) >= 2:
                acq.candidates += [replace(c, type="acquisition") for c in inv.candidates]
                out.remove(inv)
                break
    return out


def _prefer_two_sided(groups: list[DealGroup], clusters: dict) -> list[DealGroup]:
    """Deals need two sides. Only when no group has two does the first one-sided acquisition
    stay (wire copy often names just the seller: "X said it agreed to sell its unit")."""
    two = [g for g in groups if _two_sided(g)]
    if two:
        return two
    one = [
        g for g in groups if any(c.type == "acquisition" and not c.generic for c in g.candidates)
    ]
    return sorted(one, key=lambda g: min(g.sents))[:1]


def _role_order(role: str) -> int:
    return ROLES.index(role) if role in ROLES else 99


def _cancels(doc: Doc, group: DealGroup, n: int, sent_texts: list[str]) -> bool:
    """Whether cancellation sentence ``n`` can be about ``group``'s deal."""
    if n < min(group.sents):
        return False
    in_sent = {m.name for m in doc._.orgs or [] if m.sent == n}
    shared = in_sent & group.names
    if len(shared) >= 2 or (shared and _DEAL_NOUN.search(sent_texts[n])):
        return True
    # "the two companies terminated the merger agreement": the deal told of just before
    return bool(not in_sent and _DEAL_NOUN.search(sent_texts[n]) and n - max(group.sents) <= 3)


def _is_cancelled(
    doc: Doc,
    group: DealGroup,
    cancelled: list[int],
    sent_texts: list[str],
    groups: list[DealGroup] | None = None,
) -> bool:
    """Whether a sentence calls the group's deal off.

    Where a cancellation could be about several deals, it is about the one told of last
    before it ("... agreed to buy Y. ... The failed deal leaves X short of power").
    """
    text = " ".join(sent_texts[i] for i in group.sents)
    if _COMPLETED.search(text):
        return False  # "closed its acquisition": an earlier block or rejection was overcome

    def last_before(g: DealGroup, n: int) -> int:
        # the cancellation's own sentence counts where it states a deal ("agreed to buy Y,
        # but Y's holders rejected it"), not where it only names a side
        return max(
            (c.sent for c in g.candidates if c.sent < n or c.sent == n and not c.generic),
            default=-1,
        )

    for n in cancelled:
        if not _cancels(doc, group, n, sent_texts):
            continue
        rivals = [g for g in groups or [] if g is not group and _cancels(doc, g, n, sent_texts)]
        if any(last_before(g, n) > last_before(group, n) for g in rivals):
            continue
        return True
    return False


_COMPLETED = re.compile(
    r"\b(?:complet(?:ed|es)|closed|closes|finali[sz]ed|consummated|cleared|approved)\b", re.I
)
#: A cancellation that is only a possibility: "If it does not close by June, either party may
#: terminate the agreement", "the deal could be called off".
_HYPOTHETICAL = re.compile(
    r"^\W*(?:if|unless|should)\b|\b(?:may|might|could|can|would)\s+(?:\w+\s+)?"
    r"(?:terminat|cancel|withdraw|walk|call|abandon|scrap)",
    re.I,
)
_DEAL_NOUN = re.compile(
    r"\b(?:deal|merger|acquisition|takeover|offer|agreement|bid|transaction|proposal)\b", re.I
)


@Language.component("dealfacts_assemble")
def assemble_component(doc: Doc) -> Doc:
    """Deal records of the Doc (``doc._.deals``)."""
    doc._.deals = build_deals(doc)
    return doc
