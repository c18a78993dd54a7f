"""The transformer stage: the shipped model's judgements, the judge's edits, training end to end.

All sentences and articles here are written for these tests (invented companies).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Doc

from pipeline.config import DEFAULT_MODEL_DIR
from pipeline.errors import DealfactsError, InputError, ModelNotFoundError
from pipeline.relate.features import Example, mention_example, overlaps, sentence_example
from pipeline.relate.model import (
    Classifier,
    Thresholds,
    apply_judgement,
    available,
    resolve_device,
    resolve_precision,
)
from pipeline.relate.rules import Candidate


def role_example(sentence: str, name: str, nth: int = 0) -> Example:
    """A role example for the ``nth`` occurrence of ``name`` in a one-sentence Doc."""
    import spacy

    doc = spacy.blank("en")(sentence)
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(name, start + 1)
    return mention_example(doc[:], None, start, start + len(name))


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    assert available(DEFAULT_MODEL_DIR), "the shipped model is missing from models/relate"
    return Classifier(DEFAULT_MODEL_DIR, "cpu")


def top(probs: dict[str, float]) -> str:
    return max(probs, key=probs.get)


# --- the shipped model --------------------------------------------------------------


ROLE_CASES = [
    (
        "Kestrel Systems agreed to acquire Pinewood Analytics for $300 million in cash.",
        {"Kestrel Systems": "acquirer", "Pinewood Analytics": "target"},
    ),
    (
        "Pinewood Analytics will be bought by Kestrel Systems, the companies said on Tuesday.",
        {"Kestrel Systems": "acquirer", "Pinewood Analytics": "target"},
    ),
    (
        "Lumora Cloud will supply Brightwave AI with GPU capacity under a three-year contract worth $2 billion.",
        {"Lumora Cloud": "provider", "Brightwave AI": "customer"},
    ),
    (
        "Tessaract Robotics raised $80 million in a Series B round led by Halcyon Ventures.",
        {"Tessaract Robotics": "investee", "Halcyon Ventures": "investor"},
    ),
]


@pytest.mark.xfail(
    reason="the shipped role head is weak (held-out role micro-F1 0.57); see MODEL_CARD.md",
    strict=False,
)
@pytest.mark.parametrize(("sentence", "roles"), ROLE_CASES)
def test_shipped_model_reads_roles(
    classifier: Classifier, sentence: str, roles: dict[str, str]
) -> None:
    examples = [role_example(sentence, name) for name in roles]
    probs = classifier.predict(examples)
    assert [top(p) for p in probs] == list(roles.values())
    for p in probs:
        assert abs(sum(p.values()) - 1.0) < 1e-4


def test_shipped_model_reads_deal_types(classifier: Classifier) -> None:
    import spacy

    nlp = spacy.blank("en")
    sentences = {
        "Kestrel Systems agreed to acquire Pinewood Analytics for $300 million in cash.": "acquisition",
        "Lumora Cloud will supply Brightwave AI with GPU capacity under a three-year contract.": "compute",
        "Shares of Halvard Motors fell 3 percent on Tuesday after the company missed quarterly earnings forecasts.": "none",
    }
    probs = classifier.predict([sentence_example(nlp(s)[:], None) for s in sentences])
    assert [top(p) for p in probs] == list(sentences.values())


def test_passing_mention_is_no_party(classifier: Classifier) -> None:
    sentence = (
        "Halvard Motors reported record sales, and its shares rose while rival Quenby Auto slipped."
    )
    probs = classifier.predict([role_example(sentence, "Quenby Auto")])
    assert top(probs[0]) == "none"


def test_extractor_with_transformer_end_to_end() -> None:
    from pipeline.extractor import Extractor

    ex = Extractor(transformer=True, device="cpu")
    assert "dealfacts_transformer" in ex.nlp.pipe_names
    assert "relate-" in ex.version
    text = (
        "Kestrel Systems to buy Pinewood Analytics\n\n"
        "Kestrel Systems said on Monday it agreed to acquire Pinewood Analytics for $300 million in cash.\n\n"
        "Pinewood, founded in 2015, makes software for warehouse planning."
    )
    deals = ex.extract(text)
    assert len(deals) == 1
    roles = {p.name: p.role for p in deals[0].parties}
    assert deals[0].type == "acquisition"
    assert roles.get("Kestrel Systems") == "acquirer"
    assert any(role == "target" and "Pinewood" in name for name, role in roles.items())


def test_bf16_gives_the_same_judgements_as_fp32(classifier: Classifier) -> None:
    """bf16 (the default where the CPU does it natively) moves probabilities a little and
    decisions not at all on these sentences."""
    import spacy

    nlp = spacy.blank("en")
    sentences = [
        "Kestrel Systems agreed to acquire Pinewood Analytics for $300 million in cash.",
        "Lumora Cloud will supply Brightwave AI with GPU capacity under a three-year contract.",
        "Shares of Halvard Motors fell 3 percent on Tuesday after it missed forecasts.",
    ]
    examples = [sentence_example(nlp(s)[:], None) for s in sentences]
    examples.append(role_example(sentences[0], "Pinewood Analytics"))
    half = Classifier(DEFAULT_MODEL_DIR, "cpu", precision="bf16")
    assert half.precision == "bf16"
    full, low = classifier.predict(examples), half.predict(examples)
    assert [top(p) for p in full] == [top(p) for p in low]
    for a, b in zip(full, low, strict=True):
        assert max(abs(a[k] - b[k]) for k in a) < 0.05


def test_bf16_padding_leaves_each_example_alone(classifier: Classifier) -> None:
    """bf16 pads a batch to a power of two and 16-token steps (few shapes, flat memory):
    an example's probabilities do not depend on its batch."""
    import spacy

    nlp = spacy.blank("en")
    half = Classifier(DEFAULT_MODEL_DIR, "cpu", precision="bf16")
    texts = [
        "Kestrel Systems agreed to acquire Pinewood Analytics for $300 million in cash.",
        "Lumora Cloud will supply Brightwave AI with GPU capacity.",
        "Shares of Halvard Motors fell.",
    ]
    examples = [sentence_example(nlp(t)[:], None) for t in texts]
    together = half.predict(examples)
    for ex, p in zip(examples, together, strict=True):
        alone = half.predict([ex])[0]
        assert top(alone) == top(p)
        assert max(abs(alone[k] - p[k]) for k in p) < 0.02


def test_heap_threshold_is_fixed_on_glibc() -> None:
    import platform

    from pipeline.extractor import steady_heap

    assert steady_heap() is (platform.libc_ver()[0] == "glibc")


def test_precision_resolution() -> None:
    assert resolve_precision("fp32", "cpu") == "fp32"
    assert resolve_precision("bf16", "cpu") == "bf16"
    assert resolve_precision("auto", "cpu") in ("fp32", "bf16")
    with pytest.raises(DealfactsError, match="unknown precision"):
        resolve_precision("int4", "cpu")


# --- bad input -------------------------------------------------------------------------


def test_missing_model_raises(tmp_path: Path) -> None:
    assert not available(tmp_path)
    with pytest.raises(ModelNotFoundError):
        Classifier(tmp_path, "cpu")


def test_unknown_device_raises() -> None:
    with pytest.raises(DealfactsError):
        resolve_device("tpu")
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") in ("cpu", "cuda")


def test_corpus_without_gold_raises(tmp_path: Path) -> None:
    from pipeline.relate.train import load_corpus

    (tmp_path / "docs").mkdir()
    with pytest.raises(InputError):
        load_corpus(tmp_path)
    (tmp_path / "gold.jsonl").write_text(json.dumps({"id": "missing", "deals": []}) + "\n")
    with pytest.raises(InputError, match="no document"):
        load_corpus(tmp_path)


# --- the judge's edits, with given probabilities ------------------------------------------


def _doc_with(cands: list[Candidate]) -> Doc:
    import spacy

    import pipeline.nlp.components  # noqa: F401  (registers the Doc extensions)

    doc = spacy.blank("en")("One sentence about a deal.")
    doc._.candidates = cands
    return doc


def _roles(**probs: float) -> dict[str, float]:
    labels = [
        "none",
        "acquirer",
        "target",
        "seller",
        "investor",
        "investee",
        "customer",
        "provider",
        "partner",
    ]
    rest = (1.0 - sum(probs.values())) / (len(labels) - len(probs))
    return {lab: probs.get(lab, rest) for lab in labels}


def _types(**probs: float) -> dict[str, float]:
    labels = [
        "none",
        "acquisition",
        "investment",
        "compute",
        "purchase",
        "partnership",
        "licensing",
        "other",
    ]
    rest = (1.0 - sum(probs.values())) / (len(labels) - len(probs))
    return {lab: probs.get(lab, rest) for lab in labels}


def test_judge_fills_placeholders_replaces_roles_and_drops_mentions() -> None:
    cand = Candidate(
        "compute", {"party": ["Arden", "Brisk"], "customer": ["Corvo"]}, sent=0, generic=True
    )
    doc = _doc_with([cand])
    keys = [(0, -1, ""), (0, 0, "Arden"), (0, 1, "Brisk"), (0, 2, "Corvo")]
    probs = [_types(compute=0.9), _roles(provider=0.8), _roles(none=0.97), _roles(customer=0.9)]
    apply_judgement(doc, keys, probs, Thresholds())
    assert cand.roles == {"provider": ["Arden"], "customer": ["Corvo"]}
    assert cand.type == "compute" and not cand.negated


def test_judge_keeps_rule_roles_when_unsure_or_unfit() -> None:
    cand = Candidate("acquisition", {"acquirer": ["Arden"], "target": ["Brisk"]}, sent=0)
    doc = _doc_with([cand])
    keys = [(0, -1, ""), (0, 0, "Arden"), (0, 1, "Brisk")]
    # Arden: unsure; Brisk: confident but "customer" does not fit an acquisition
    probs = [_types(acquisition=0.5), _roles(target=0.45, acquirer=0.4), _roles(customer=0.95)]
    apply_judgement(doc, keys, probs, Thresholds())
    assert cand.roles == {"acquirer": ["Arden"], "target": ["Brisk"]}
    assert cand.type == "acquisition" and not cand.negated


def test_judge_negates_dealless_sentences_and_retypes_generic_ones() -> None:
    a = Candidate("partnership", {"party": ["Arden"]}, sent=0, generic=True)
    b = Candidate("partnership", {"party": ["Brisk", "Corvo"]}, sent=1, generic=True)
    doc = _doc_with([a, b])
    keys = [(0, -1, ""), (1, -1, "")]
    apply_judgement(doc, keys, [_types(none=0.99), _types(licensing=0.92)], Thresholds())
    assert a.negated and not b.negated
    assert b.type == "licensing"


def test_a_type_the_text_states_takes_the_higher_bar_and_a_stake_keeps_its_type() -> None:
    guessed = Candidate("partnership", {"party": ["Arden"]}, sent=0, generic=True)
    stated = Candidate("licensing", {"party": ["Brisk"]}, sent=0, generic=True, stated=True)
    stake = Candidate(
        "investment",
        {"investor": ["Corvo"], "investee": ["Dunmore"]},
        sent=0,
        object_kind="stake",
        stated=True,
    )
    doc = _doc_with([guessed, stated, stake])
    th = Thresholds(type=0.5, retype=0.9)
    apply_judgement(doc, [(0, -1, "")], [_types(compute=0.8, acquisition=0.15)], th)
    assert guessed.type == "compute"  # no type word in its sentence: the classifier's
    assert stated.type == "licensing"  # "licensing" is written there: 0.8 < 0.9
    apply_judgement(doc, [(0, -1, "")], [_types(acquisition=0.97)], th)
    assert stated.type == "acquisition"
    assert stake.type == "investment"  # a minority stake stays an investment (SCHEMA.md)


def test_a_sentence_of_two_deals_keeps_the_rules_types() -> None:
    """One sentence type cannot tell two deals apart ("a contract to provide X with capacity,
    and agreed to buy GPUs from Y"): their specific types stand, a generic one still moves."""
    compute = Candidate("compute", {"provider": ["Arden"], "customer": ["Brisk"]}, sent=0)
    purchase = Candidate("purchase", {"customer": ["Arden"], "provider": ["Corvo"]}, sent=0)
    alone = Candidate("purchase", {"customer": ["Dunmore"], "provider": ["Corvo"]}, sent=1)
    generic = Candidate("partnership", {"party": ["Arden"]}, sent=0, generic=True)
    one_sided = Candidate("licensing", {"provider": ["Evenline"]}, sent=0)  # "which provides"
    doc = _doc_with([compute, purchase, alone, generic, one_sided])
    th = Thresholds(type=0.5, retype=0.7)
    keys = [(0, -1, ""), (1, -1, "")]
    apply_judgement(doc, keys, [_types(compute=0.9), _types(compute=0.9)], th)
    assert (compute.type, purchase.type) == ("compute", "purchase")
    assert alone.type == "compute"  # one deal in its sentence: the classifier may retype it
    assert generic.type == "compute"
    assert one_sided.type == "compute"  # no second deal of its own: it may be retyped


def test_the_rules_mark_which_generic_candidates_the_text_types(rules_extractor) -> None:
    typed = _rule_doc(rules_extractor, "Arden Labs signed a licensing deal with Brisk Media.")
    bare = _rule_doc(rules_extractor, "Arden Labs signed a deal with Brisk Media.")
    assert typed._.candidates and bare._.candidates
    assert all(c.generic and c.stated and c.type == "licensing" for c in typed._.candidates)
    assert all(c.generic and not c.stated for c in bare._.candidates)


def test_evidence_overlap() -> None:
    frags = ["arden will supply brisk with capacity"]
    assert overlaps("Arden will supply Brisk with capacity for five years.", frags)
    assert not overlaps("Arden reported results.", frags)


def _rule_doc(extractor, text: str) -> Doc:
    from pipeline.schema import Article

    doc = extractor._doc(Article(id="t", text=text))  # noqa: SLF001
    for name, proc in extractor.nlp.pipeline:
        if name == "dealfacts_assemble":
            break
        doc = proc(doc)
    return doc


#: A wire-style gold deal: parties and the amount's text, no evidence.
WIRE_DEALS = [
    {
        "type": "acquisition",
        "parties": [
            {"name": "Corvane Industries Inc", "role": "acquirer"},
            {"name": "Meltham Tools Corp", "role": "target"},
        ],
        "amount_text": "45 mln dlrs",
    }
]


def test_gold_without_evidence_labels_the_sentences_that_name_its_sides(rules_extractor) -> None:
    """Wire corpora give parties and an amount text but no evidence: a sentence naming two
    sides, or one side with the amount or a deal word, is the deal's."""
    from pipeline.relate.features import label_doc

    text = (
        "Corvane Industries Inc said it agreed to buy Meltham Tools Corp for 45 mln dlrs.\n\n"
        "Meltham makes drill bits in Ohio.\n\n"
        "Corvane said the purchase price of 45 mln dlrs will be paid in cash.\n\n"
        "Separately, Ostrander Bank Corp reported higher quarterly earnings."
    )
    examples = list(label_doc(_rule_doc(rules_extractor, text), {"id": "t", "deals": WIRE_DEALS}))
    types = [e for e in examples if e.task == "type"]
    assert [e.label for e in types] == ["acquisition", "none", "acquisition", "none"]
    roles = {e.text[e.span[0] : e.span[1]]: e.label for e in examples if e.task == "role"}
    assert roles["[[ Corvane Industries Inc ]]"] == "acquirer"
    assert roles["[[ Meltham Tools Corp ]]"] == "target"
    assert roles["[[ Ostrander Bank Corp ]]"] == "none"


def test_a_headline_before_the_evidence_takes_the_deal_type(rules_extractor) -> None:
    """Gold evidence names one sentence; the headline above it that names both sides
    beside a deal word states the same deal, a later background sentence does not."""
    from pipeline.relate.features import label_doc

    text = (
        "Quillon Press signs archive licensing pact with Harrowgate AI\n\n"
        "Harrowgate AI will pay Quillon Press $12 million a year to use its news archive.\n\n"
        "Quillon Press and Harrowgate AI also share an office building in Leeds."
    )
    deal = {
        "type": "licensing",
        "parties": [
            {"name": "Harrowgate AI", "role": "customer"},
            {"name": "Quillon Press", "role": "provider"},
        ],
        "evidence": "Harrowgate AI will pay Quillon Press $12 million a year to use its news archive.",
    }
    examples = list(label_doc(_rule_doc(rules_extractor, text), {"id": "t", "deals": [deal]}))
    assert [e.label for e in examples if e.task == "type"] == ["licensing", "licensing", "none"]
    head = [e for e in examples if e.task == "role" and "pact" in e.text]
    assert {e.text[e.span[0] : e.span[1]]: e.label for e in head} == {
        "[[ Quillon Press ]]": "provider",
        "[[ Harrowgate AI ]]": "customer",
    }


# --- training end to end on a tiny corpus ---------------------------------------------------

TINY = [
    (
        "t1",
        "Arden Labs agreed to acquire Brisk Data for $40 million, the companies said on Monday.",
        [
            {
                "type": "acquisition",
                "parties": [
                    {"name": "Arden Labs", "role": "acquirer"},
                    {"name": "Brisk Data", "role": "target"},
                ],
                "evidence": "Arden Labs agreed to acquire Brisk Data for $40 million",
            }
        ],
        "train",
    ),
    (
        "t2",
        "Corvo Cloud will provide Delphine AI with GPU capacity for three years.\n\nDelphine declined to comment.",
        [
            {
                "type": "compute",
                "parties": [
                    {"name": "Corvo Cloud", "role": "provider"},
                    {"name": "Delphine AI", "role": "customer"},
                ],
                "evidence": "Corvo Cloud will provide Delphine AI with GPU capacity for three years.",
            }
        ],
        "train",
    ),
    (
        "t3",
        "Elmstead Robotics raised $12 million in a round led by Fenwick Capital.",
        [
            {
                "type": "investment",
                "parties": [
                    {"name": "Elmstead Robotics", "role": "investee"},
                    {"name": "Fenwick Capital", "role": "investor"},
                ],
                "evidence": "Elmstead Robotics raised $12 million in a round led by Fenwick Capital.",
            }
        ],
        "train",
    ),
    ("t4", "Shares of Gantry Systems fell 4 percent after weak quarterly results.", [], "train"),
    (
        "t5",
        "Harlow Software agreed to buy Ivel Analytics for $9 million.",
        [
            {
                "type": "acquisition",
                "parties": [
                    {"name": "Harlow Software", "role": "acquirer"},
                    {"name": "Ivel Analytics", "role": "target"},
                ],
                "evidence": "Harlow Software agreed to buy Ivel Analytics for $9 million.",
            }
        ],
        "test",
    ),
    ("t6", "Juniper Ridge Networks posted higher revenue on Thursday.", [], "test"),
]


def test_training_end_to_end_on_a_tiny_corpus(tmp_path: Path) -> None:
    from pipeline.relate.train import main

    corpus = tmp_path / "corpus"
    (corpus / "docs").mkdir(parents=True)
    lines = []
    for doc_id, text, deals, split in TINY:
        (corpus / "docs" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        lines.append(json.dumps({"id": doc_id, "deals": deals, "split": split}))
    (corpus / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # an extra folder in the wire style: parties and an amount text, no evidence
    extra = tmp_path / "wire"
    (extra / "docs").mkdir(parents=True)
    (extra / "docs" / "w1.txt").write_text(
        "Corvane Industries Inc said it agreed to buy Meltham Tools Corp for 45 mln dlrs.\n",
        encoding="utf-8",
    )
    wire = {"id": "w1", "deals": WIRE_DEALS}
    (extra / "gold.jsonl").write_text(json.dumps(wire) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    assert (
        main(
            [
                "--corpus",
                str(corpus),
                "--extra",
                str(extra),
                "--out",
                str(out),
                "--epochs",
                "1",
                "--batch-size",
                "8",
                "--thresholds",
                '{"type": 0.7}',
            ]
        )
        == 0
    )
    assert available(out)
    written = json.loads((out / "config.json").read_text())
    assert written["thresholds"]["type"] == 0.7
    assert written["thresholds"]["retype"] > 1.0  # the rest are off
    assert written["training"]["extra"] == [str(extra)]
    assert written["training"]["label_counts"]["role"].get("acquirer", 0) >= 1
    assert (out / "MODEL_CARD.md").is_file()
    config = json.loads((out / "config.json").read_text())
    assert set(config["metrics"]) == {"role", "type"}
    assert config["metrics"]["role"]["micro"]["support"] == 2  # Harlow and Ivel in the test split
    size = sum(p.stat().st_size for p in out.iterdir())
    assert size < 25 * 1024 * 1024
    clf = Classifier(out, "cpu")
    probs = clf.predict(
        [role_example("Harlow Software agreed to buy Ivel Analytics.", "Ivel Analytics")]
    )
    assert set(probs[0]) == set(config["roles"])
    assert abs(sum(probs[0].values()) - 1.0) < 1e-4


def test_judge_adds_a_sure_party_only_when_asked() -> None:
    keys = [(0, 0, "Arden"), (0, 1, "Brisk")]
    probs = [_roles(investor=0.9), _roles(investee=0.9)]
    off = Candidate("investment", {"investor": ["Arden"]}, sent=0)
    apply_judgement(_doc_with([off]), keys, probs, Thresholds())
    assert off.roles == {"investor": ["Arden"]}
    on = Candidate("investment", {"investor": ["Arden"]}, sent=0)
    apply_judgement(_doc_with([on]), keys, probs, Thresholds(add=0.8))
    assert on.roles == {"investor": ["Arden"], "investee": ["Brisk"]}


def test_the_network_runs_only_where_an_edit_is_switched_on() -> None:
    off = {name: 1.01 for name in Thresholds.__dataclass_fields__}
    specific = Candidate("acquisition", {"acquirer": ["Arden"], "target": ["Brisk"]}, sent=0)
    generic = Candidate("partnership", {"party": ["Corvo"]}, sent=1, generic=True)
    doc = _doc_with([specific, generic])
    assert Thresholds(**off).wanted(doc) == ([], [])
    assert Thresholds(**{**off, "retype": 0.9}).wanted(doc) == ([0, 1], [])
    assert Thresholds(**{**off, "negate": 0.9}).wanted(doc) == ([1], [])
    assert Thresholds(**{**off, "drop": 0.9}).wanted(doc) == ([], [1])
    assert Thresholds(**{**off, "role": 0.6}).wanted(doc) == ([], [0, 1])
    # no type input where no switched-on type edit may act: a bought stake, a stated type
    stake = Candidate("investment", {"investor": ["Dunmore"]}, sent=0, object_kind="stake")
    stated = Candidate("licensing", {"party": ["Corvo"]}, sent=1, generic=True, stated=True)
    doc = _doc_with([stake, stated])
    assert Thresholds(**{**off, "retype": 0.9}).wanted(doc) == ([1], [])
    assert Thresholds(**{**off, "type": 0.5}).wanted(doc) == ([], [])
    assert Thresholds(**{**off, "negate": 0.9}).wanted(doc) == ([1], [])


def test_with_only_add_on_names_every_candidate_holds_are_not_judged() -> None:
    from types import SimpleNamespace

    off = {name: 1.01 for name in Thresholds.__dataclass_fields__}
    a = Candidate("acquisition", {"acquirer": ["Arden"], "target": ["Brisk"]}, sent=0)
    b = Candidate("acquisition", {"acquirer": ["Arden"]}, sent=0)
    doc = _doc_with([a, b])
    keep = Thresholds(**{**off, "add": 0.7}).mention_filter(doc)
    mention = lambda name, sent=0: SimpleNamespace(name=name, sent=sent)  # noqa: E731
    assert not keep(mention("Arden"))  # in both candidates: nothing to add
    assert keep(mention("Brisk"))  # could join the second
    assert keep(mention("Corvo"))  # in neither
    assert keep(mention("Arden", sent=3))  # no candidate there holds it
    # an edit that reads the sides' own roles needs every mention
    assert Thresholds(**{**off, "add": 0.7, "role": 0.6}).mention_filter(doc) is None
    assert Thresholds(**off).mention_filter(doc) is None


def test_pruning_drops_a_bystander_but_keeps_two_sides() -> None:
    cand = Candidate(
        "acquisition",
        {"acquirer": ["Arden"], "target": ["Brisk", "Corvo"], "seller": ["Dunmore"]},
        sent=0,
    )
    doc = _doc_with([cand])
    keys = [(0, 0, "Arden"), (0, 1, "Brisk"), (0, 2, "Corvo"), (0, 3, "Dunmore")]
    sure_none = _roles(none=0.995)
    probs = [_roles(none=0.991), _roles(target=0.9), sure_none, sure_none]
    apply_judgement(doc, keys, probs, Thresholds(prune=0.99))
    # the two surest bystanders go; the third stays so that two sides remain
    assert cand.roles == {"acquirer": ["Arden"], "target": ["Brisk"]}
    untouched = Candidate("acquisition", {"acquirer": ["Arden"], "target": ["Brisk"]}, sent=0)
    doc = _doc_with([untouched])
    apply_judgement(doc, keys[:2], [sure_none, sure_none], Thresholds(prune=0.99))
    assert untouched.roles == {"acquirer": ["Arden"], "target": ["Brisk"]}


def test_the_adapter_folded_without_peft_equals_peft_merge() -> None:
    from peft import PeftModel
    from transformers import AutoModel

    from pipeline.relate.model import base_model_dir, merge_adapter

    base = str(base_model_dir())
    ours = merge_adapter(AutoModel.from_pretrained(base), DEFAULT_MODEL_DIR).state_dict()
    peft_merged = (
        PeftModel.from_pretrained(AutoModel.from_pretrained(base), str(DEFAULT_MODEL_DIR))
        .merge_and_unload()
        .state_dict()
    )
    assert sorted(ours) == sorted(peft_merged)
    assert all(bool((ours[k] == peft_merged[k]).all()) for k in ours)


def test_an_adapter_with_options_we_do_not_fold_is_refused(tmp_path: Path) -> None:
    from transformers import AutoModel

    from pipeline.relate.model import base_model_dir, merge_adapter

    cfg = json.loads((DEFAULT_MODEL_DIR / "adapter_config.json").read_text())
    (tmp_path / "adapter_config.json").write_text(json.dumps({**cfg, "use_dora": True}))
    with pytest.raises(ModelNotFoundError, match="unsupported LoRA options"):
        merge_adapter(AutoModel.from_pretrained(str(base_model_dir())), tmp_path)


def test_threshold_search_switches_on_only_what_pays() -> None:
    """The coordinate search starts with every edit off and moves a threshold only for
    more than MIN_GAIN."""
    from pipeline.relate.train import ALL_OFF, MIN_GAIN, search_thresholds

    def score(th: Thresholds) -> float:  # retype pays below 0.9; add pays too little
        return (0.1 if th.retype < 0.9 else 0.0) + (MIN_GAIN / 2 if th.add < 1.0 else 0.0)

    th, best = search_thresholds(score)
    assert th.retype < 0.9 and th.add == ALL_OFF["add"]
    assert all(getattr(th, k) == v for k, v in ALL_OFF.items() if k != "retype")
    assert best == 0.1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{type: 0.7}", "not JSON"),
        ("0.7", "JSON object"),
        ('{"tpye": 0.7}', "unknown edit"),
        ('{"type": "high"}', "not a number"),
    ],
)
def test_bad_thresholds_flag_is_refused_clearly(text: str, message: str, capsys) -> None:
    from pipeline.relate.train import main

    with pytest.raises(SystemExit) as exc:
        main(["--corpus", "nowhere", "--thresholds", text])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_cross_validation_halves_cover_the_extra_folder_once(tmp_path: Path) -> None:
    """``scripts/cv_transformer.py`` splits an extra folder into two disjoint halves by id
    hash, each with its documents and gold lines, the same way every run."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "cv_transformer", root / "scripts" / "cv_transformer.py"
    )
    assert spec is not None and spec.loader is not None
    cv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cv)
    extra = tmp_path / "wire"
    (extra / "docs").mkdir(parents=True)
    ids = [f"s{n}" for n in range(12)]
    for i in ids:
        (extra / "docs" / f"{i}.txt").write_text(f"Story {i}.\n", encoding="utf-8")
    (extra / "gold.jsonl").write_text(
        "".join(json.dumps({"id": i, "deals": []}) + "\n" for i in ids), encoding="utf-8"
    )
    halves = cv.split(extra, tmp_path / "a")
    again = cv.split(extra, tmp_path / "b")
    seen = []
    for h, h2 in zip(halves, again, strict=True):
        gold = [
            json.loads(line)["id"] for line in (h / "gold.jsonl").read_text().splitlines() if line
        ]
        docs = sorted(p.stem for p in (h / "docs").iterdir())
        assert sorted(gold) == docs
        assert docs == sorted(p.stem for p in (h2 / "docs").iterdir())
        assert docs  # both halves hold some articles
        seen += docs
    assert sorted(seen) == sorted(ids)
