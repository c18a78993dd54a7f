"""Worker processes, a Dask LocalCluster and resumed runs give the single-process records."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.cli import main
from pipeline.config import ExtractorConfig
from pipeline.errors import DealfactsError
from pipeline.parallel import DaskRunner, ProcessRunner, chunked, extract_chunk, ordered_window

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ExtractorConfig(transformer=False, batch_size=2)

# Our own small articles: deals of several kinds, one without a deal.
ARTICLES = {
    "a-acquire": "Harrow Dynamics said on Tuesday it agreed to acquire Pellucid Robotics for $450 million in cash.",
    "b-compute": "Tidewater Cloud will supply Lumenfold AI with 8,000 Nvidia H100 GPUs under a three-year "
    "contract worth $90 million a year, the companies said.",
    "c-invest": "Quillmark Capital led a $75 million investment in Orrery Labs, the startup said on Monday.",
    "d-none": "Shares of Bramblewood Foods rose 3% on Wednesday after the company reported higher sales.",
    "e-partner": "Sundial Networks and Cairnstone Systems announced a partnership to build edge data centres.",
    "f-acquire": "Vellum Software completed its purchase of Ashfall Analytics for 120 million euros.",
    "g-invest": "Brightwater Ventures invested $12 million in Nettle Health, its chief executive said.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    d = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (d / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    (d / "h-empty.txt").write_text("   \n", encoding="utf-8")  # fails alone, in every runner
    return sorted(str(p) for p in d.iterdir())


def _records(runner: object, inputs: list[str]) -> list[dict]:
    import io

    out = io.StringIO()
    run_batch(inputs, runner, jsonl=out)  # type: ignore[arg-type]
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture(scope="module")
def expected(corpus: list[str]) -> list[dict]:
    from pipeline.extractor import Extractor

    records = _records(Extractor(CONFIG), corpus)
    assert len(records) == len(corpus)
    assert sum(1 for r in records if r["deals"]) >= 4  # the test means something
    assert [r for r in records if "error" in r][0]["id"] == "h-empty"
    return records


def test_worker_processes_give_the_single_process_records(
    corpus: list[str], expected: list[dict]
) -> None:
    with ProcessRunner(CONFIG, workers=2, chunk_size=2) as runner:
        assert runner.version.startswith("dealfacts-")
        assert "spacy" in runner.models
        assert _records(runner, corpus) == expected


def test_dask_local_cluster_gives_the_single_process_records(
    corpus: list[str], expected: list[dict]
) -> None:
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
        DaskRunner(CONFIG, client=client, chunk_size=3) as runner,
    ):
        assert _records(runner, corpus) == expected
        # relative paths are read against the client's working directory
        rel = [
            str(Path(p).relative_to(ROOT)) if Path(p).is_relative_to(ROOT) else p for p in corpus
        ]
        assert [r["id"] for r in _records(runner, rel)] == [r["id"] for r in expected]


def test_cli_workers_two_writes_every_input_once(
    corpus: list[str], expected: list[dict], tmp_path: Path
) -> None:
    db = tmp_path / "w2.sqlite"
    out = tmp_path / "w2.jsonl"
    status = main(
        [
            "extract",
            *corpus,
            "--workers",
            "2",
            "--batch-size",
            "2",
            "--no-transformer",
            "--db",
            f"sqlite:///{db}",
            "--jsonl",
            str(out),
            "-q",
        ]
    )
    assert status == 1  # the empty file failed, alone
    assert [json.loads(line) for line in out.read_text().splitlines()] == expected
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(corpus) - 1
        assert con.execute("SELECT COUNT(*) FROM errors").fetchone()[0] == 1
    finally:
        con.close()


def test_bad_worker_settings_are_clear_errors(
    corpus: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DealfactsError, match="workers"):
        ProcessRunner(CONFIG, workers=0)
    assert main(["extract", *corpus, "--workers", "0", "--no-db", "-q"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_workers_are_all_loaded_before_the_batch_and_a_failed_start_is_clear() -> None:
    from pipeline.parallel import ready

    with ProcessRunner(CONFIG, workers=2) as runner:
        # both processes were started and loaded before the constructor returned (the pool
        # alone would start the second one mid-batch); the start barrier is passed once
        procs = runner._pool._processes  # noqa: SLF001
        assert len(procs) == 2 and all(p.is_alive() for p in procs.values())
        assert runner._pool.submit(ready, CONFIG).result()[0] == runner.version  # noqa: SLF001
    with pytest.raises(DealfactsError, match="failed to start"):
        ProcessRunner(CONFIG.with_(spacy_model="no_such_spacy_model"), workers=2)


def test_chunks_and_window_keep_input_order() -> None:
    assert list(chunked(iter("abcde"), 2)) == [["a", "b"], ["c", "d"], ["e"]]
    submitted: list[list[str]] = []

    def submit(chunk: list) -> list:
        submitted.append(chunk)
        assert len(submitted) - done[0] <= 2  # never more than the window in flight
        return chunk

    done = [0]

    def result_of(chunk: list) -> list:
        done[0] += 1
        return chunk

    out = list(ordered_window(chunked(iter("abcdefg"), 2), submit, result_of, window=2))  # type: ignore[arg-type]
    assert out == list("abcdefg")


def test_extract_chunk_keeps_the_source_as_given(corpus: list[str]) -> None:
    folder = str(Path(corpus[0]).parent)
    names = [Path(p).name for p in corpus[:2]]
    results = extract_chunk(CONFIG, names, cwd=folder)  # type: ignore[arg-type]
    assert [r.source for r in results] == names and all(r.ok for r in results)
    [missing] = extract_chunk(CONFIG, ["nope.txt"], cwd=folder)  # type: ignore[list-item]
    assert not missing.ok and "nope.txt" in str(missing.error)


def test_a_killed_run_resumes_and_ends_with_every_input_once(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    texts = list(ARTICLES.values())
    for i in range(60):
        text = f"{texts[i % len(texts)]} Story {i} of the day."
        (src / f"art-{i:03d}.txt").write_text(text + "\n", encoding="utf-8")
    db = tmp_path / "resume.sqlite"
    cmd = [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(src),
        "--db",
        f"sqlite:///{db}",
        "-q",
        "--no-transformer",
        "--batch-size",
        "4",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    try:
        while proc.poll() is None and stored < 8:
            time.sleep(0.05)
            if db.exists():
                try:
                    con = sqlite3.connect(db, timeout=5)
                    stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                    con.close()
                except sqlite3.OperationalError:  # not migrated yet
                    stored = 0
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    con = sqlite3.connect(db)
    before = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    con.close()
    assert before >= 8

    out = tmp_path / "resume.jsonl"
    assert (
        main(
            [
                "extract",
                str(src),
                "--db",
                f"sqlite:///{db}",
                "--jsonl",
                str(out),
                "--no-transformer",
                "-q",
            ]
        )
        == 0
    )
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert sorted(ids) == [f"art-{i:03d}" for i in range(60)]  # every input exactly once
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 60
        runs = con.execute("SELECT ok FROM runs ORDER BY id").fetchall()
    finally:
        con.close()
    assert runs[-1][0] == 60 - before  # the second run extracted only what was not done


def test_gpu_batches_are_larger_than_cpu_batches() -> None:
    from pipeline.extractor import GPU_BATCH_SIZE, transformer_batch_size

    assert transformer_batch_size(ExtractorConfig(batch_size=32), "cpu") == 32
    assert transformer_batch_size(ExtractorConfig(batch_size=8), "cpu") == 32  # spaCy's batch
    assert transformer_batch_size(ExtractorConfig(batch_size=32), "cuda") == GPU_BATCH_SIZE
    assert transformer_batch_size(ExtractorConfig(batch_size=1024), "cuda") == 1024


def test_cuda_without_a_gpu_is_a_clear_error(
    corpus: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    import torch

    from pipeline.relate.model import available

    if torch.cuda.is_available() or not available(ExtractorConfig().model_dir):
        pytest.skip("needs a machine without CUDA and the shipped transformer")
    assert main(["extract", corpus[0], "--device", "cuda", "--no-db", "-q"]) == 2
    assert "cuda" in capsys.readouterr().err


def test_run_batch_reads_inputs_lazily() -> None:
    from pipeline.extractor import Extractor
    from pipeline.schema import Article

    ex = Extractor(CONFIG)  # batches of 2
    pulled = 0
    lags: list[int] = []

    def articles():
        nonlocal pulled
        for i in range(12):
            pulled += 1
            yield Article(id=f"lazy-{i}", text=ARTICLES["a-acquire"] + f" Story {i}.")

    done = 0

    def on_result(_r: object) -> None:
        nonlocal done
        done += 1
        lags.append(pulled - done)

    summary = run_batch(articles(), ex, jsonl=None, on_result=on_result)
    assert summary.ok == done == 12
    assert max(lags) <= 2  # never more than one batch read ahead: memory stays flat
