"""Speed-ups of spaCy's own components must not change a single annotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import load_article
from pipeline.nlp.model import IndexedMatcher, spacy, spacy_model_name

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "data" / "train" / "docs").glob("*.txt"))[:25] + sorted(
    (ROOT / "data" / "raw").iterdir()
)


def _attrs(nlp, text: str) -> list[tuple[str, str, str, str]]:
    return [(t.tag_, t.pos_, t.lemma_, str(t.morph)) for t in nlp(text)]


@pytest.fixture(scope="module")
def stock():
    return spacy.load(spacy_model_name())


def test_indexed_attribute_ruler_gives_the_stock_annotations(rules_extractor, stock) -> None:
    ruler = rules_extractor.nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.matcher, IndexedMatcher)
    assert ruler.matcher.tables and len(ruler.matcher.rest) < 20  # most patterns indexed
    fast = spacy.load(spacy_model_name())
    from pipeline.nlp.model import index_attribute_ruler

    index_attribute_ruler(fast)
    texts = [load_article(p).text for p in ARTICLES]
    texts.append("Y'all gonna see it ain't nothin' -- let's go, c'mon.\n\n  He'd have gotten it.")
    for text in texts:
        assert _attrs(fast, text) == _attrs(stock, text)


def test_folded_gazetteer_patterns_find_suffixed_names(rules_extractor) -> None:
    doc = rules_extractor.nlp(
        "Quorvant Holdings Ltd., Brisk & Co. and Chevron Petroleum (U.K.) Ltd said Norton co "
        "Pty Ltd agreed."
    )
    names = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert {"Quorvant Holdings Ltd.", "Brisk & Co.", "Chevron Petroleum (U.K.) Ltd"} <= names
