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


def test_smaller_network_batches_change_no_annotation(rules_extractor) -> None:
    """``net_batch_size`` (spaCy's networks run a few articles at a time, for memory)
    gives the same parse, entities and deals as one batch of all the articles."""
    articles = [load_article(p) for p in ARTICLES]

    def run(net_batch_size: int, batch_size: int) -> list:
        config = rules_extractor.config.with_(net_batch_size=net_batch_size, batch_size=batch_size)
        saved, rules_extractor.config = rules_extractor.config, config
        try:
            return [
                (
                    [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc],
                    [d.to_dict() for d in doc._.deals or []],
                )
                for doc, _ in rules_extractor.docs(articles)
            ]
        finally:
            rules_extractor.config = saved

    small, large = run(1, 8), run(len(articles), len(articles))
    assert small == large
    assert any(deals for _, deals in small)
