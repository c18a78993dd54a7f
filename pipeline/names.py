"""Organisation-name normalisation, the same rule the scorer (``score.py``) uses.

``normalise_name("Microsoft Corp.") == normalise_name("microsoft") == "microsoft"``: case folding,
accents dropped, possessives ("Google's") and punctuation removed, a leading "The" and trailing
corporate suffixes (Inc, Corp, Ltd, LLC, plc, Group, Holdings, ...) stripped, spaces removed.
"""

from __future__ import annotations

import re
import unicodedata

#: Trailing words dropped from organisation names (kept in step with ``score.py``).
CORPORATE_SUFFIXES: frozenset[str] = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
        "llc", "plc", "group", "holdings", "holding", "sa", "ag", "nv", "se", "gmbh", "kgaa",
        "bv", "lp", "llp", "pte", "pty", "kk", "spa", "ab", "asa", "oyj",
    }
)  # fmt: skip

_POSSESSIVE = re.compile(r"['\u2019]s\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """The matching key of an organisation name; ``""`` when nothing is left of it."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = _POSSESSIVE.sub("", s)
    words = _NON_ALNUM.sub(" ", s).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words = words[:-1]
    return "".join(words)


_TRAILING_PUNCT = ",.;: "


def display_name(name: str) -> str:
    """The short common form of a name for display: "Lumen Labs Inc." gives "Lumen Labs".

    Drops surrounding space, a possessive "'s", and trailing corporate suffixes (as
    ``normalise_name`` does), keeping the original case and inner punctuation.
    """
    words = _POSSESSIVE.sub("", name.strip()).split()
    while len(words) > 1 and _NON_ALNUM.sub("", words[-1].lower()) in CORPORATE_SUFFIXES:
        words = words[:-1]
    out = " ".join(words).rstrip(_TRAILING_PUNCT)
    if not out or normalise_name(out) != normalise_name(name):
        return name.strip()  # e.g. "The Inc": stripping would change the matching key
    return out
