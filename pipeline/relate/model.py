"""Transformer stage: a fine-tuned MiniLM that judges the rule stage's candidates.

Placeholder until a trained model ships in ``models/relate``: :func:`available` says
whether one is there; the extractor runs the rules alone when it is not.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ModelNotFoundError


def available(model_dir: Path | str) -> bool:
    """Whether a trained relation model is in ``model_dir``."""
    return (Path(model_dir) / "config.json").is_file()


@Language.factory(
    "dealfacts_transformer",
    default_config={"model_dir": "models/relate", "device": "auto", "batch_size": 32},
)
def make_transformer(nlp: Language, name: str, model_dir: str, device: str, batch_size: int) -> TransformerJudge:
    return TransformerJudge(Path(model_dir), device, batch_size)


class TransformerJudge:
    """Re-judges candidate roles and types with the trained classifier."""

    version = "relate-none"

    def __init__(self, model_dir: Path, device: str = "auto", batch_size: int = 32) -> None:
        if not available(model_dir):
            raise ModelNotFoundError(f"no trained relation model in {model_dir} (run `make train`)")
        self.model_dir = model_dir

    def __call__(self, doc: Doc) -> Doc:
        return doc
