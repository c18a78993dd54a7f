"""Organisations: the gazetteer, name normalisation and one canonical name per article."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.names import CORPORATE_SUFFIXES, normalise_name

#: Corporate suffixes dropped when comparing names (the scorer drops the same).
SUFFIXES = CORPORATE_SUFFIXES
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_TRAILING = re.compile(r"[\s,.;:()\"'\u2019-]+$")
_DOTTED_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")


def org_key(name: str) -> str:
    """A comparison key: case-folded, no punctuation, possessive or corporate suffix."""
    return normalise_name(name)


def key_words(name: str) -> list[str]:
    """The words of :func:`org_key`, kept apart (for prefix matching)."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['\u2019]s\b", "", s)
    words = re.sub(r"[^a-z0-9&]+", " ", s).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return words


def display_name(surface: str) -> str:
    """The short common name of a surface form: no leading 'the', possessive or suffix."""
    s = _strip_trailing(_LEADING_THE.sub("", surface.strip()))
    s = _POSSESSIVE.sub("", s)
    words = s.split()
    key = org_key(s)
    # a suffix goes only where the matching key stays the same ("L.P." keys as "l p")
    while (
        len(words) > 1
        and re.sub(r"[^a-z]", "", words[-1].lower()) in SUFFIXES
        and org_key(" ".join(words[:-1])) == key
        and words[-2].lower() not in ("and", "&")  # "Eli Lilly and Co" keeps its "Co"
    ):
        words = words[:-1]
    return _strip_trailing(" ".join(words)) or surface.strip()


def _strip_trailing(s: str) -> str:
    """Trailing punctuation off, except the dot of an initial ("Harris Associates L.P.")."""
    out = _TRAILING.sub("", s)
    if _DOTTED_END.search(s) and not _DOTTED_END.search(out):
        out += "."
    return out


@dataclass(frozen=True, slots=True)
class OrgEntry:
    """A gazetteer entry: canonical name, aliases, tickers and what the company does."""

    name: str
    aliases: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    vendor: bool = False
    cloud: bool = False
    #: Products it makes ("Claude"): never parties, and "the Claude developer" is this company.
    products: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Gazetteer:
    """Known organisations (data files, easy to extend) and names that are never parties."""

    entries: list[OrgEntry] = field(default_factory=list)
    not_parties: frozenset[str] = frozenset()
    #: News outlets: parties only where they do a deal, not where they report one.
    outlets: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._by_key: dict[str, OrgEntry] = {}
        self._by_product: dict[str, OrgEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                self._by_key.setdefault(org_key(form), entry)
            for product in entry.products:
                self._by_product.setdefault(product.lower(), entry)
        self.not_parties = self.not_parties | frozenset(self._by_product)

    @classmethod
    def from_files(
        cls,
        orgs: Iterable[Path | str] = (),
        stop: Iterable[Path | str] = (),
        outlets: Iterable[Path | str] = (),
    ) -> Gazetteer:
        """Read JSON Lines organisation files and plain-text stop and outlet lists."""
        entries = []
        for path in orgs:
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    entries.append(
                        OrgEntry(
                            name=row["name"],
                            aliases=tuple(row.get("aliases") or ()),
                            tickers=tuple(row.get("tickers") or ()),
                            vendor=bool(row.get("vendor")),
                            cloud=bool(row.get("cloud")),
                            products=tuple(row.get("products") or ()),
                        )
                    )
        return cls(entries, _word_list(stop), _word_list(outlets))

    def lookup(self, name: str) -> OrgEntry | None:
        """The entry whose name or alias matches ``name`` (suffixes and case ignored)."""
        return self._by_key.get(org_key(name))

    def is_outlet(self, name: str) -> bool:
        """Whether ``name`` is a news outlet ("Reuters", "the FT")."""
        return display_name(name).lower() in self.outlets or name.strip().lower() in self.outlets

    def maker_of(self, product: str) -> OrgEntry | None:
        """The company that makes ``product`` ("ChatGPT" -> OpenAI), if known."""
        return self._by_product.get(product.strip().lower())

    def is_not_party(self, name: str) -> bool:
        """Whether ``name`` is never a side of a deal: listed, or ending in a listed head
        ("... Commission": "Interstate Commerce Commission") without a corporate suffix."""
        s = display_name(name).lower()
        if s in self.not_parties or name.strip().lower() in self.not_parties:
            return True
        words = s.split()
        heads = [w for i, w in enumerate(words) if i == len(words) - 1 or words[i + 1] == "of"]
        return (  # "Interstate Commerce Commission", "Maine Bureau of Banking"
            len(words) > 1
            and any(f"... {w}" in self.not_parties for w in heads[:2])
            and not _has_suffix(name.strip())
        )

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns: every name and alias as an ORG with its canonical id."""
        patterns: list[dict] = []
        for entry in self.entries:
            for form in entry.forms:
                patterns.append({"label": "ORG", "pattern": form, "id": entry.name})
        return patterns


def _word_list(paths: Iterable[Path | str]) -> frozenset[str]:
    """Lower-cased lines of plain-text lists (``#`` starts a comment line)."""
    words: set[str] = set()
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line.lower())
    return frozenset(words)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped in ``pipeline/data``; accelerator names are never parties."""
    data = resources.files("pipeline") / "data"
    gaz = Gazetteer.from_files(
        [Path(str(data / "orgs.jsonl"))],
        [Path(str(data / "not_parties.txt"))],
        [Path(str(data / "news_outlets.txt"))],
    )
    accel = json.loads(Path(str(data / "accelerators.json")).read_text(encoding="utf-8"))
    chips = {m["name"].lower() for m in accel.get("models", [])}
    chips |= {
        p.lower() for m in accel.get("models", []) for p in m.get("patterns", []) if p.isalnum()
    }
    return Gazetteer(gaz.entries, gaz.not_parties | frozenset(chips), gaz.outlets)


@dataclass
class OrgCluster:
    """One organisation within an article: its chosen name and every form used."""

    name: str
    forms: set[str] = field(default_factory=set)
    entry: OrgEntry | None = None

    @property
    def aliases(self) -> list[str]:
        return sorted(f for f in self.forms if org_key(f) != org_key(self.name))


def _has_suffix(surface: str) -> bool:
    words = re.sub(r"[^a-z0-9 ]+", " ", surface.lower()).split()
    return len(words) > 1 and words[-1] in SUFFIXES


#: Last words too common to stand for one company ("Pacific", "Energy", "Systems").
_GENERIC_LAST = frozenset(
    [
        "systems",
        "technologies",
        "technology",
        "energy",
        "capital",
        "partners",
        "industries",
        "international",
        "financial",
        "bank",
        "banks",
        "group",
        "holdings",
        "resources",
        "communications",
        "airlines",
        "airways",
        "foods",
        "stores",
        "motors",
        "electric",
        "oil",
        "gas",
        "petroleum",
        "mining",
        "steel",
        "services",
        "products",
        "insurance",
        "securities",
        "trust",
        "savings",
        "bancorp",
        "pacific",
        "atlantic",
        "american",
        "national",
        "general",
        "united",
        "first",
        "western",
        "eastern",
        "southern",
        "northern",
        "central",
        "media",
        "networks",
        "software",
        "data",
        "labs",
        "health",
        "power",
        "computer",
        "computers",
        "investments",
        "enterprises",
        "associates",
        "brothers",
        "sons",
    ]
)


def _core(words: list[str]) -> list[str]:
    """Key words without trailing "and"s or suffixes ("Kurt A. Becher GmbH and Co" ->
    kurt, a, becher)."""
    out = list(words)
    while len(out) > 1 and (out[-1] in ("and", "&") or out[-1] in SUFFIXES):
        out.pop()
    return out


def _initials_before(surface: str, word: str) -> bool:
    """Whether ``surface`` ends in ``word`` after a person's initials ("M.A. Hanna Co",
    "Kurt A. Becher GmbH and Co")."""
    core = _core(key_words(surface))
    return len(core) >= 2 and core[-1] == word and any(len(x) == 1 for x in core[:-1])


def cluster_names(surfaces: list[str], gazetteer: Gazetteer) -> dict[str, OrgCluster]:
    """Group an article's organisation names into clusters; map each name's key to its cluster.

    Gazetteer names join their entry's cluster. Another name joins a longer name that it
    begins (``Meridian`` joins ``Meridian Energy Inc``) when exactly one longer name does
    and it has no corporate suffix of its own (``Arsenal Holdings`` is a full name).
    """
    by_key: dict[str, OrgCluster] = {}
    known: dict[str, OrgCluster] = {}
    rest: dict[str, str] = {}
    for surface in surfaces:
        key = org_key(surface)
        if not key:
            continue
        if key in by_key:
            by_key[key].forms.add(display_name(surface))
            continue
        entry = gazetteer.lookup(surface)
        if entry is not None:
            cluster = known.setdefault(entry.name, OrgCluster(entry.name, entry=entry))
            cluster.forms.add(display_name(surface))
            by_key[key] = cluster
        else:
            rest.setdefault(key, surface)
    words = {key: key_words(surface) for key, surface in rest.items()}
    # a title-case headline's description before a name told elsewhere: "GPU Orchestration
    # Startup Run:ai" is Run:ai
    by_words = {tuple(w): key for key, w in words.items()}
    described: dict[str, str] = {}
    for key, w in words.items():
        for i, word in enumerate(w[:-1]):
            tail = by_words.get(tuple(w[i + 1 :])) if word in _DESCRIPTOR_WORDS else None
            if tail is not None:
                described[key] = tail
                break
    for key in described:
        del rest[key]
    words = {key: w for key, w in words.items() if key not in described}
    for key in sorted(rest, key=lambda k: -len(words[k])):
        surface, w = rest[key], words[key]
        longer = [k for k, lw in words.items() if len(lw) > len(w) and lw[: len(w)] == w]
        if not longer and len(w) == 1 and w[0] not in _GENERIC_LAST:
            # "Hanna" after "M.A. Hanna Co", "Lilly" after "Eli Lilly and Co", "Kodak" after
            # "Eastman Kodak Co": the last word of one two-word name (or one after initials)
            ends = [k for k, lw in words.items() if len(_core(lw)) > 1 and _core(lw)[-1] == w[0]]
            longer = [
                k for k in ends if len(_core(words[k])) == 2 or _initials_before(rest[k], w[0])
            ]
        if not longer and not _has_suffix(surface):
            # "Galaxy" after the gazetteer's "Galaxy Digital": a known name it begins
            begun = {
                id(c): c
                for c in known.values()
                for form in c.forms | {c.name}
                if len(kw := key_words(form)) > len(w) and kw[: len(w)] == w
            }
            if len(begun) == 1:
                cluster = next(iter(begun.values()))
                cluster.forms.add(display_name(surface))
                by_key[key] = cluster
                continue
        if len(longer) == 1 and not _has_suffix(surface) and longer[0] in by_key:
            cluster = by_key[longer[0]]
        else:
            cluster = OrgCluster(display_name(surface))
        cluster.forms.add(display_name(surface))
        by_key[key] = cluster
    for key, tail in described.items():
        while tail in described:  # "AI Startup Maker X" -> "Maker X" -> "X" (always shorter)
            tail = described[tail]
        by_key[key] = by_key[tail]
    return by_key


#: Words that describe a company in a headline, before its name ("AI Startup X").
_DESCRIPTOR_WORDS = frozenset(
    ["startup", "maker", "chipmaker", "firm", "provider", "developer", "specialist"]
)
