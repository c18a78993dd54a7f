"""Deal record types: the exchange format of ``shared/eval/SCHEMA.md``.

Every stage that produces facts ends in these plain dataclasses; ``Deal.to_dict``
gives the JSON Lines form that gold files and ``score.py`` use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

DealType = Literal[
    "acquisition", "investment", "compute", "purchase", "partnership", "licensing", "other"
]
Role = Literal[
    "acquirer", "target", "seller", "investor", "investee", "customer", "provider", "partner"
]
Period = Literal["day", "week", "month", "quarter", "year"]

DEAL_TYPES: tuple[str, ...] = (
    "acquisition",
    "investment",
    "compute",
    "purchase",
    "partnership",
    "licensing",
    "other",
)
ROLES: tuple[str, ...] = (
    "acquirer",
    "target",
    "seller",
    "investor",
    "investee",
    "customer",
    "provider",
    "partner",
)
PERIODS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
#: How many of each period make a year (used for annualised values).
PER_YEAR: dict[str, float] = {
    "day": 365.0,
    "week": 52.0,
    "month": 12.0,
    "quarter": 4.0,
    "year": 1.0,
}


@dataclass(slots=True)
class Party:
    """An organisation that is a side of a deal."""

    name: str
    role: Role
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "role": self.role}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Party:
        return cls(name=str(d["name"]), role=d["role"], aliases=list(d.get("aliases") or []))


@dataclass(slots=True)
class Amount:
    """A money value: ``value`` in units of ISO 4217 ``currency``, optionally per ``period``."""

    value: float
    currency: str
    period: Period | None = None
    approximate: bool = False

    @property
    def annualised(self) -> float | None:
        """The value per year when a period is given, else ``None``."""
        return self.value * PER_YEAR[self.period] if self.period else None

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "value": value,
            "currency": self.currency,
            "period": self.period,
            "approximate": self.approximate,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Amount:
        return cls(
            value=float(d["value"]),
            currency=str(d.get("currency") or "USD"),
            period=d.get("period"),
            approximate=bool(d.get("approximate")),
        )


@dataclass(slots=True)
class Gpus:
    """Accelerators a deal covers."""

    count: int | None = None
    vendor: str | None = None
    model: str | None = None
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "vendor": self.vendor,
            "model": self.model,
            "approximate": self.approximate,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Gpus:
        count = d.get("count")
        return cls(
            count=int(count) if count is not None else None,
            vendor=d.get("vendor"),
            model=d.get("model"),
            approximate=bool(d.get("approximate")),
        )


@dataclass(slots=True)
class Deal:
    """One deal an article reports (SCHEMA.md), plus where it was read from."""

    type: DealType
    parties: list[Party] = field(default_factory=list)
    amount: Amount | None = None
    duration_months: int | None = None
    gpus: Gpus | None = None
    date: str | None = None
    evidence: str = ""
    #: Character offsets of the evidence in the article text (start, end).
    evidence_span: tuple[int, int] | None = None
    confidence: float = 1.0

    def party(self, role: str) -> list[Party]:
        """The parties that have ``role``."""
        return [p for p in self.parties if p.role == role]

    def to_dict(self) -> dict[str, Any]:
        """The SCHEMA.md form of this deal (extra keys are ignored by the scorer)."""
        return {
            "type": self.type,
            "parties": [p.to_dict() for p in self.parties],
            "amount": self.amount.to_dict() if self.amount else None,
            "duration_months": self.duration_months,
            "gpus": self.gpus.to_dict() if self.gpus else None,
            "date": self.date,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Deal:
        return cls(
            type=d["type"],
            parties=[Party.from_dict(p) for p in d.get("parties") or []],
            amount=Amount.from_dict(d["amount"]) if d.get("amount") else None,
            duration_months=d.get("duration_months"),
            gpus=Gpus.from_dict(d["gpus"]) if d.get("gpus") else None,
            date=d.get("date"),
            evidence=d.get("evidence") or "",
            confidence=float(d.get("confidence", 1.0)),
        )


@dataclass(slots=True)
class Article:
    """Clean article text with its metadata: what the extractor reads."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    author: str | None = None
    published: dt.date | None = None
    language: str | None = None
    fetched_at: dt.datetime | None = None
    source_path: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the clean text: the article's identity for de-duplication."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def record(article_id: str, deals: list[Deal]) -> dict[str, Any]:
    """One JSON Lines record: ``{"id": ..., "deals": [...]}``."""
    return {"id": article_id, "deals": [d.to_dict() for d in deals]}
