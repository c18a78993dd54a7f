#!/usr/bin/env python3
"""Ablation: core micro-F1 of the extractor with and without the transformer.

    python scripts/evaluate.py --eval ../shared/eval [--sets dev reuters-dev] [--device auto]
    python scripts/evaluate.py --eval ../shared/eval --sets dev data/eval/tech-a data/eval/tech-b

Each set is a folder ``EVAL/SET`` (or a path to one) with ``docs/`` and ``gold.jsonl``;
``EVAL/score.py`` scores. Both runs go through the ``dealfacts extract`` command in the same invocation,
so the rules are the same for both columns. Prints a table (and ``--json`` writes one).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

FIELDS = ("type", "parties", "amount")


def extract(docs: Path, out: Path, *, transformer: bool, device: str) -> None:
    """Run ``dealfacts extract`` over ``docs`` into the JSONL file ``out``."""
    cmd = [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(docs),
        "--no-db",
        "--jsonl",
        str(out),
        "-q",
        "--device",
        device,
    ]
    if not transformer:
        cmd.append("--no-transformer")
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if (
        res.returncode not in (0, 1) or not out.is_file()
    ):  # 1: some inputs failed, recorded in the JSONL
        raise SystemExit(f"extraction failed ({res.returncode}): {res.stderr[-2000:]}")


def score(scorer: Path, gold: Path, pred: Path) -> dict[str, Any]:
    """``score.py --json`` output for one prediction file."""
    res = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout)


def core_f1(result: dict[str, Any]) -> float:
    """Core micro-F1 from ``score.py --json`` output."""
    for key in ("core_micro", "core", "micro"):
        val = result.get(key)
        if isinstance(val, dict) and "f1" in val:
            return float(val["f1"])
        if isinstance(val, int | float):
            return float(val)
    raise SystemExit(f"no core micro-F1 in scorer output (keys: {sorted(result)})")


def field_f1(result: dict[str, Any], name: str) -> float:
    return float(result.get("fields", {}).get(name, {}).get("f1", float("nan")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, required=True, help="folder with score.py and the sets")
    ap.add_argument("--sets", nargs="+", default=["dev", "reuters-dev"])
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    scorer = args.eval / "score.py"
    if not scorer.is_file():
        raise SystemExit(f"no scorer at {scorer}")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets:
            folder = Path(name) if (Path(name) / "gold.jsonl").is_file() else args.eval / name
            name = folder.name
            if not (folder / "docs").is_dir() or not (folder / "gold.jsonl").is_file():
                raise SystemExit(f"{folder} needs docs/ and gold.jsonl")
            row: dict[str, Any] = {"set": name}
            for label, transformer in (("rules", False), ("transformer", True)):
                out = Path(tmp) / f"{name}-{label}.jsonl"
                extract(folder / "docs", out, transformer=transformer, device=args.device)
                res = score(scorer, folder / "gold.jsonl", out)
                row[label] = {"core_f1": core_f1(res), **{f: field_f1(res, f) for f in FIELDS}}
            rows.append(row)
    head = f"{'set':<14}{'rules':>8}{'+transformer':>14}{'delta':>8}   " + "  ".join(
        f"{f + ' r/t':>13}" for f in FIELDS
    )
    print("core micro-F1, rules alone vs with the transformer")
    print(head)
    for r in rows:
        a, b = r["rules"]["core_f1"], r["transformer"]["core_f1"]
        extra = "  ".join(f"{r['rules'][f]:>6.3f}/{r['transformer'][f]:.3f}" for f in FIELDS)
        print(f"{r['set']:<14}{a:>8.3f}{b:>14.3f}{b - a:>+8.3f}   {extra}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
