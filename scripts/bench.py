"""Benchmark: the full pipeline against spaCy's own NER floor, memory, cold start, workers.

    python scripts/bench.py                     # 1,000-article corpus, full + floor, 1 and 2 workers
    python scripts/bench.py --articles 200      # smaller and quicker
    python scripts/bench.py --no-transformer    # the rules alone
    python scripts/bench.py --memory 20000      # flat memory: RSS after 2,000 and after N articles

The corpus (``data/bench/corpus``, git-ignored) is built from our own writing: paragraphs of
the training articles (``data/train/docs``) and the samples (``data/raw``) shuffled across
articles, with invented company names swapped for other invented names. Each measurement runs
in a fresh subprocess, so its peak RSS is its own; results go to ``data/processed/bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "data" / "bench" / "corpus"
OUT = ROOT / "data" / "processed" / "bench.json"
SOURCES = (ROOT / "data" / "train" / "docs", ROOT / "data" / "raw")
#: Well-known names kept as they are (the gazetteer and GPU vendors rely on them).
KEEP = {
    "Nvidia",
    "AMD",
    "Intel",
    "Google",
    "Microsoft",
    "Amazon",
    "AWS",
    "Azure",
    "Meta",
    "OpenAI",
    "Oracle",
    "Apple",
    "IBM",
    "Dell",
    "Cisco",
    "Alibaba",
    "Tencent",
    "Baidu",
    "SoftBank",
    "CoreWeave",
}
_STEMS = [
    "Aster",
    "Brindle",
    "Cobalt",
    "Dovetail",
    "Ember",
    "Fennel",
    "Garnet",
    "Halcyon",
    "Ironwood",
    "Juniper",
    "Kestrel",
    "Lattice",
    "Marlin",
    "Nimbus",
    "Onyx",
    "Pallas",
    "Quartz",
    "Rowan",
    "Sable",
    "Tamarack",
    "Umbra",
    "Vesper",
    "Wren",
    "Yarrow",
    "Zephyr",
    "Alder",
    "Basalt",
    "Cirrus",
    "Drift",
    "Elm",
]
_TAILS = [
    "Systems",
    "Labs",
    "Cloud",
    "Compute",
    "Networks",
    "AI",
    "Robotics",
    "Data",
    "Capital",
    "Ventures",
    "Software",
    "Semiconductor",
    "Health",
    "Energy",
    "Analytics",
]


# -- corpus ----------------------------------------------------------------------------------


def _paragraphs() -> tuple[list[str], list[str]]:
    """(headlines, body paragraphs) of our own articles, cleaned."""
    from pipeline.clean import load_article
    from pipeline.errors import DealfactsError

    heads: list[str] = []
    paras: list[str] = []
    for d in SOURCES:
        for f in sorted(d.iterdir()):
            if f.suffix not in (".txt", ".html", ".htm"):
                continue
            try:
                text = load_article(f).text
            except DealfactsError:
                continue
            lines = _unwrap(text)
            if not lines:
                continue
            if len(lines[0].split()) <= 14:
                heads.append(lines[0])
                lines = lines[1:]
            paras.extend(ln for ln in lines if len(ln.split()) >= 6)
    return heads, paras


def _unwrap(text: str) -> list[str]:
    """Paragraphs of ``text``, with hard-wrapped lines joined back into one."""
    out: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                out.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if re.search(r"[.!?:\"\u201d')]$", line) or len(line.split()) <= 8 and len(current) == 1:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _names() -> list[str]:
    names: set[str] = set()
    with open(ROOT / "data" / "train" / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            for deal in json.loads(line)["deals"]:
                for p in deal["parties"]:
                    names.add(p["name"])
                    names.update(p.get("aliases") or [])
    return sorted(
        (n for n in names if n.split()[0] not in KEEP and len(n) > 3), key=lambda x: (-len(x), x)
    )


def build_corpus(n: int, seed: int, out: Path = CORPUS) -> list[Path]:
    """Write ``n`` articles of 300-900 words into ``out`` (reused when already built alike)."""
    stamp = out / ".stamp"
    want = f"{n} {seed} 4"
    if stamp.is_file() and stamp.read_text() == want:
        return sorted(p for p in out.iterdir() if p.suffix in (".txt", ".html"))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    rng = random.Random(seed)
    heads, paras = _paragraphs()
    names = _names()
    pattern = re.compile("|".join(rf"\b{re.escape(x)}\b" for x in names))
    paths: list[Path] = []
    for i in range(n):
        fresh = {
            x: f"{rng.choice(_STEMS)} {rng.choice(_TAILS)}"
            for x in rng.sample(names, min(40, len(names)))
        }
        target = rng.randint(300, 900)
        body: list[str] = []
        words = 0
        while words < target:
            p = rng.choice(paras)
            body.append(p)
            words += len(p.split())
        text = "\n\n".join([rng.choice(heads), *body])
        text = pattern.sub(lambda m, f=fresh: f.get(m.group(0), m.group(0)), text)
        if i % 5 == 0:  # one in five as an HTML page, for the cleaner
            html = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
            path = out / f"bench-{i:05d}.html"
            path.write_text(
                f"<html><head><title>{text.split(chr(10))[0]}</title></head><body>"
                f"<article><h1>{text.split(chr(10))[0]}</h1>{html}</article></body></html>",
                encoding="utf-8",
            )
        else:
            path = out / f"bench-{i:05d}.txt"
            path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    stamp.write_text(want)
    return paths


# -- measurements (each in its own subprocess) -------------------------------------------------


def _rss_mb() -> float:
    """Current resident set size of this process in MiB."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _texts(paths: list[Path]) -> list[str]:
    from pipeline.clean import load_article

    return [load_article(p).text for p in paths]


def child_floor(paths: list[Path], workers: int, batch_size: int) -> dict[str, Any]:
    """spaCy alone: the same model with NER only, nlp.pipe over the clean texts."""
    from pipeline.nlp.model import spacy, spacy_model_name

    texts = _texts(paths)
    names = spacy.load(spacy_model_name()).pipe_names  # the small model's NER has its own tok2vec
    nlp = spacy.load(spacy_model_name(), exclude=[p for p in names if p != "ner"])
    t = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers))
    seconds = time.perf_counter() - t
    return {
        "articles": n,
        "seconds": seconds,
        "pipes": nlp.pipe_names,
        "words": sum(len(x.split()) for x in texts),
        "peak_rss_mb": max(_peak_mb(), _peak_mb(resource.RUSAGE_CHILDREN)),
    }


def child_full(
    paths: list[Path], workers: int, batch_size: int, transformer: bool, db: Path
) -> dict[str, Any]:
    """The whole pipeline over the files: clean, spaCy, transformer, assembly, SQLite store."""
    from pipeline.batch import run_batch
    from pipeline.config import ExtractorConfig
    from pipeline.extractor import Extractor
    from pipeline.parallel import ProcessRunner
    from pipeline.store import Store

    for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        f.unlink(missing_ok=True)
    config = ExtractorConfig(transformer=transformer, batch_size=batch_size)
    t0 = time.perf_counter()
    runner: Any = ProcessRunner(config, workers) if workers > 1 else Extractor(config)
    load_s = time.perf_counter() - t0
    try:
        with Store(f"sqlite:///{db}") as store, open(os.devnull, "w", encoding="utf-8") as sink:
            t = time.perf_counter()
            summary = run_batch(
                [str(p) for p in paths], runner, store=store, jsonl=sink, skip_done=False
            )
            seconds = time.perf_counter() - t
    finally:
        if workers > 1:
            runner.close()
    return {
        "articles": summary.ok + summary.failed,
        "failed": summary.failed,
        "deals": summary.deals,
        "seconds": seconds,
        "load_s": load_s,
        "version": runner.version,
        "peak_rss_mb": max(_peak_mb(), _peak_mb(resource.RUSAGE_CHILDREN)),
    }


def child_memory(
    paths: list[Path], n: int, batch_size: int, transformer: bool, db: Path
) -> dict[str, Any]:
    """Stream ``n`` articles (the corpus in a loop, each a new article) into SQLite; RSS along the way."""
    import itertools

    from pipeline.batch import run_batch
    from pipeline.extractor import Extractor
    from pipeline.store import Store

    for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        f.unlink(missing_ok=True)
    texts = _texts(paths)
    ex = Extractor(transformer=transformer, batch_size=batch_size)
    from pipeline.schema import Article

    def articles() -> Any:
        for i, text in zip(range(n), itertools.cycle(texts), strict=False):
            # a new article each time round: the loop number makes its text (and key) new
            yield Article(id=f"mem-{i:06d}", text=f"{text}\n\nStory {i}.")

    marks: dict[int, float] = {}
    done = 0
    t = time.perf_counter()

    def on_result(_r: Any) -> None:
        nonlocal done
        done += 1
        if done in (500, 1000, 2000, 4000, 5000, 10000, 15000, n) or done % 2500 == 0:
            marks[done] = round(_rss_mb(), 1)
            print(
                f"  {done:>6} articles  RSS {marks[done]:7.1f} MiB  {time.perf_counter() - t:7.1f} s",
                file=sys.stderr,
                flush=True,
            )

    with Store(f"sqlite:///{db}") as store, open(os.devnull, "w", encoding="utf-8") as sink:
        run_batch(articles(), ex, store=store, jsonl=sink, skip_done=False, on_result=on_result)
    return {
        "articles": done,
        "seconds": time.perf_counter() - t,
        "rss_mb": marks,
        "peak_rss_mb": _peak_mb(),
    }


def cold_start(path: Path, transformer: bool) -> float:
    """Seconds from starting ``dealfacts extract FILE`` to its first record on stdout."""
    cmd = [sys.executable, "-m", "pipeline", "extract", str(path), "--no-db", "--jsonl", "-", "-q"]
    if not transformer:
        cmd.append("--no-transformer")
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    seconds = time.perf_counter() - t
    proc.wait()
    if not first.startswith("{"):
        raise SystemExit(f"bench: cold start gave no record (exit {proc.returncode})")
    return seconds


def _run_child(kind: str, args: argparse.Namespace, workers: int = 1) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--articles",
        str(args.articles),
        "--seed",
        str(args.seed),
        "--workers",
        str(workers),
        "--batch-size",
        str(args.batch_size),
        "--memory",
        str(args.memory),
        "--sample",
        str(args.sample),
    ]
    if args.no_transformer:
        cmd.append("--no-transformer")
    if args.memory_texts:
        cmd += ["--memory-texts", str(args.memory_texts.resolve())]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(
            f"bench: {kind} (workers={workers}) failed with exit status {proc.returncode}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _child(args: argparse.Namespace) -> None:
    import logging

    logging.disable(logging.WARNING)
    paths = build_corpus(args.articles, args.seed)[: args.sample or None]
    db = ROOT / "data" / "processed" / f"bench-{args.child}-{args.workers}.sqlite"
    transformer = not args.no_transformer
    if args.child == "floor":
        out = child_floor(paths, args.workers, args.batch_size)
    elif args.child == "full":
        out = child_full(paths, args.workers, args.batch_size, transformer, db)
    else:
        if args.memory_texts:
            paths = sorted(p for p in args.memory_texts.iterdir() if p.suffix in (".txt", ".html"))
        out = child_memory(paths, args.memory, args.batch_size, transformer, db)
    print(json.dumps(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default: 1000)")
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        metavar="N",
        help="time only the first N articles of the corpus (default: all)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workers", type=int, default=2, help="the parallel measurement's processes (default: 2)"
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-transformer", action="store_true", help="the rules alone")
    parser.add_argument(
        "--memory",
        type=int,
        nargs="?",
        const=20_000,
        default=0,
        metavar="N",
        help="only the flat-memory check: stream N articles (default N: 20000)",
    )
    parser.add_argument(
        "--memory-texts",
        type=Path,
        metavar="DIR",
        help="with --memory: loop over these files instead of the corpus (e.g. data/train/docs)",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--child", choices=["floor", "full", "memory"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args)
        return 0

    t = time.perf_counter()
    corpus = build_corpus(args.articles, args.seed)
    paths = corpus[: args.sample or None]
    print(
        f"corpus: {len(corpus)} articles in {CORPUS.relative_to(ROOT)} ({time.perf_counter() - t:.1f} s)",
        file=sys.stderr,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = json.loads(args.out.read_text()) if args.out.is_file() else {}
    if args.memory:
        print(f"memory: streaming {args.memory} articles", file=sys.stderr)
        mem = _run_child("memory", args)
        rss = {int(k): v for k, v in mem["rss_mb"].items()}
        base = rss.get(2000) or rss[min(rss)]
        growth = rss[max(rss)] / base - 1
        report["memory"] = {
            "articles": mem["articles"],
            "rss_mb": rss,
            "rss_at_2000_mb": rss.get(2000),
            f"rss_at_{max(rss)}_mb": rss[max(rss)],
            "growth": round(growth, 4),
            "flat": abs(growth) <= 0.10,
            "transformer": not args.no_transformer,
            "articles_per_s": round(mem["articles"] / mem["seconds"], 2),
        }
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print(json.dumps(report["memory"], indent=2))
        return 0 if report["memory"]["flat"] else 1

    w = args.workers
    runs: dict[str, dict[str, Any]] = {}
    for kind, workers in (("floor", 1), ("full", 1), ("floor", w), ("full", w)):
        print(f"{kind} x{workers} ...", file=sys.stderr, flush=True)
        runs[f"{kind}{workers}"] = _run_child(kind, args, workers)
    first = next(p for p in paths if p.suffix == ".txt")
    colds = [cold_start(first, not args.no_transformer) for _ in range(2)]

    def rate(r: dict[str, Any]) -> float:
        return round(r["articles"] / r["seconds"], 2)

    full1, floor1, fullw, floorw = (
        runs["full1"],
        runs["floor1"],
        runs[f"full{w}"],
        runs[f"floor{w}"],
    )
    report.update(
        {
            "articles": full1["articles"],
            "corpus_articles": len(corpus),
            "words": floor1["words"],
            "transformer": not args.no_transformer,
            "extractor_version": full1["version"],
            "cpus": os.cpu_count(),
            "load_avg_1m": round(os.getloadavg()[0], 2),
            "full_articles_per_s": rate(full1),
            "full_words_per_s": round(floor1["words"] / full1["seconds"]),
            "spacy_floor_articles_per_s": rate(floor1),
            "ratio": round(rate(full1) / rate(floor1), 3),
            "peak_rss_mb": round(full1["peak_rss_mb"], 1),
            "model_load_s": round(full1["load_s"], 2),
            "cold_start_s": round(min(colds), 2),
            "deals": full1["deals"],
            "failed": full1["failed"],
            f"workers_{w}": {
                "full_articles_per_s": rate(fullw),
                "spacy_floor_articles_per_s": rate(floorw),
                "ratio": round(rate(fullw) / rate(floorw), 3),
                "speedup": round(rate(fullw) / rate(full1), 3),
                "peak_rss_mb_per_process": round(fullw["peak_rss_mb"], 1),
            },
        }
    )
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    rows = [
        ("", "1 process", f"{w} processes"),
        (
            "full pipeline, articles/s",
            report["full_articles_per_s"],
            report[f"workers_{w}"]["full_articles_per_s"],
        ),
        (
            "spaCy NER floor, articles/s",
            report["spacy_floor_articles_per_s"],
            report[f"workers_{w}"]["spacy_floor_articles_per_s"],
        ),
        ("ratio full / floor", report["ratio"], report[f"workers_{w}"]["ratio"]),
        (
            "peak RSS per process, MiB",
            report["peak_rss_mb"],
            report[f"workers_{w}"]["peak_rss_mb_per_process"],
        ),
        ("speedup over 1 process", "", report[f"workers_{w}"]["speedup"]),
    ]
    print(
        f"{report['articles']} articles, {report['words']} words, transformer={report['transformer']}, "
        f"cold start {report['cold_start_s']} s"
    )
    for a, b, c in rows:
        print(f"{a:<30}{b!s:>12}{c!s:>16}")
    print(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
