"""Extractor settings: one config object and the component registry it names."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Device = Literal["auto", "cpu", "cuda"]
Precision = Literal["auto", "fp32", "bf16", "int8"]
Runtime = Literal["auto", "torch", "onnx"]

#: The shipped transformer model (see models/relate/MODEL_CARD.md).
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "relate"

#: The spaCy components the extractor adds to the base model, in order.
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "dealfacts_orgs",
    "dealfacts_money",
    "dealfacts_gpus",
    "dealfacts_terms",
    "dealfacts_dates",
    "dealfacts_relations",
    "dealfacts_transformer",
    "dealfacts_assemble",
)


@dataclass(frozen=True)
class ExtractorConfig:
    """Everything that decides how articles become deals.

    ``transformer=False`` runs the rules alone (for ablation). ``components`` are
    registered spaCy factories; a custom component can be named here after
    ``@Language.component`` registration.
    """

    spacy_model: str | None = None
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    transformer: bool = True
    model_dir: Path = DEFAULT_MODEL_DIR
    device: Device = "auto"
    #: Transformer arithmetic: ``auto`` is fp32 on ONNX Runtime, and on torch bf16 where the
    #: hardware does it natively; ``int8`` (ONNX Runtime only) is faster and lossy.
    precision: Precision = "auto"
    #: What runs the transformer: ``auto`` takes ONNX Runtime on a CPU (same probabilities
    #: as torch fp32, 3 s less to load) and torch on a GPU.
    runtime: Runtime = "auto"
    #: Articles per spaCy batch (16: peak memory ~25% lower than 32, about as fast).
    batch_size: int = 16
    #: Articles per forward pass of spaCy's networks (tok2vec, tagger, parser, ner): their
    #: scratch memory grows with the batch (about 10 MB an article), their speed hardly.
    net_batch_size: int = 4
    max_chars: int = 200_000
    disable: tuple[str, ...] = field(default=())

    def with_(self, **changes: object) -> ExtractorConfig:
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
