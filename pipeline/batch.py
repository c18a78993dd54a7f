"""Batch runs: many inputs through the extractor into JSON Lines and the database.

Each input fails alone with a recorded, readable error; the run goes on (unless
``fail_fast``) and its summary says how many failed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from pipeline.errors import DealfactsError
from pipeline.extractor import Extractor, Result
from pipeline.schema import record

if TYPE_CHECKING:
    from pipeline.parallel import Runner

log = logging.getLogger(__name__)

#: File endings read when a directory is given.
INPUT_SUFFIXES = (".txt", ".html", ".htm")


class Sink(Protocol):
    """Where results go (the store implements it)."""

    def save(self, article: Any, deals: Any, *, run_id: int, extractor_version: str) -> Any: ...
    def record_error(self, *, run_id: int, source: str, error: str, kind: str) -> Any: ...


@dataclass
class RunSummary:
    """Counts of one batch run, and the errors of the inputs that failed."""

    run_id: int | None = None
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    deals: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def format(self) -> str:
        lines = [
            f"{self.ok} articles read, {self.deals} deals, {self.failed} failed, {self.skipped} already done"
        ]
        lines += [f"  failed: {source}: {error}" for source, error in self.errors]
        return "\n".join(lines)


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[str]:
    """Files of the given paths (directories walked for .txt/.html/.htm, sorted), and URLs."""
    for p in paths:
        s = str(p)
        if s.startswith(("http://", "https://")):
            yield s
            continue
        path = Path(s)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if (
                    f.is_file()
                    and f.suffix.lower() in INPUT_SUFFIXES
                    and not f.name.startswith(".")
                ):
                    yield str(f)
        else:
            yield s


def article_id(source: str) -> str:
    """The JSONL id of an input: a file's name without directory or extension; a URL itself."""
    if source.startswith(("http://", "https://")):
        return source
    return Path(source).stem


def record_of(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored record without the store's own keys."""
    return {
        "id": stored["id"],
        "deals": [{k: v for k, v in d.items() if k != "deal_id"} for d in stored["deals"]],
    }


def run_batch(
    inputs: Iterable[Any],
    extractor: Extractor | Runner,
    *,
    store: Any | None = None,
    jsonl: IO[str] | None = None,
    fail_fast: bool = False,
    skip_done: bool = True,
    on_result: Callable[[Result], None] | None = None,
) -> RunSummary:
    """Extract every input; write records to ``jsonl`` and ``store``; return the summary.

    ``extractor`` is an :class:`~pipeline.extractor.Extractor` or a runner of
    :mod:`pipeline.parallel` (worker processes, Dask). Inputs are read lazily and results
    are not kept, so memory stays flat however many there are (with ``skip_done`` and a
    store, the list of input names is held to find those already done).
    """
    summary = RunSummary()
    version = extractor.version
    if store is not None:
        summary.run_id = store.start_run(extractor_version=version, models=extractor.models)
    sources: Iterable[Any] = inputs
    if store is not None and skip_done:
        sources = list(inputs)
        done = store.done_sources(version)
        todo = [s for s in sources if s not in done]
        summary.skipped = len(sources) - len(todo)
        if jsonl is not None and summary.skipped:
            ids = {article_id(s) for s in sources if s in done}
            for rec in store.records():
                if rec["id"] in ids:
                    jsonl.write(json.dumps(record_of(rec), ensure_ascii=False) + "\n")
        sources = todo
    try:
        for result in extractor.pipe(sources):
            _handle(result, summary, store, jsonl, version)
            if on_result is not None:
                on_result(result)
            if fail_fast and result.error is not None:
                break
    finally:
        if store is not None and summary.run_id is not None:
            store.finish_run(
                summary.run_id, ok=summary.ok, failed=summary.failed, deals=summary.deals
            )
    return summary


def _handle(
    result: Result, summary: RunSummary, store: Any | None, jsonl: IO[str] | None, version: str
) -> None:
    rid = article_id(result.source)
    if (
        result.article is not None
        and result.article.url
        and Path(result.source).with_suffix(".json").is_file()
    ):
        rid = result.article.url  # a crawled page: its id is its URL
    if result.error is None and result.article is not None:
        result.article.id = rid
        result.article.source_path = result.source
        try:
            if store is not None:
                store.save(
                    result.article, result.deals, run_id=summary.run_id, extractor_version=version
                )
        except DealfactsError as exc:
            result.error = exc
        else:
            summary.ok += 1
            summary.deals += len(result.deals)
            if jsonl is not None:
                jsonl.write(json.dumps(record(rid, result.deals), ensure_ascii=False) + "\n")
            return
    error = str(result.error)
    kind = type(result.error).__name__
    summary.failed += 1
    summary.errors.append((result.source, error))
    log.warning("%s: %s", result.source, error)
    if store is not None:
        store.record_error(run_id=summary.run_id, source=result.source, error=error, kind=kind)
    if jsonl is not None:
        jsonl.write(json.dumps({"id": rid, "deals": [], "error": error}, ensure_ascii=False) + "\n")
