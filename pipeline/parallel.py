"""Many cores and many machines: the batch on local worker processes or a Dask cluster.

Both runners look like an :class:`~pipeline.extractor.Extractor` to
:func:`pipeline.batch.run_batch` (``version``, ``models``, ``pipe(sources)``): each worker
process loads the models once, the inputs go out in chunks with a bounded number in flight
(memory stays flat however many inputs), and the :class:`~pipeline.extractor.Result` objects
come back to the caller *in input order*, so the database (SQLite: one writer) is written by
the parent alone.

    with ProcessRunner(ExtractorConfig(), workers=2) as runner:
        run_batch(inputs, runner, store=store, jsonl=out)

    with DaskRunner(ExtractorConfig(), address="tcp://scheduler:8786") as runner:
        run_batch(inputs, runner, store=store, jsonl=out)

Dask workers read the inputs themselves: file paths must be visible at the same path on
every worker (a shared file system) or be URLs; relative paths are resolved against the
client's working directory.
"""

from __future__ import annotations

import collections
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from pipeline.config import ExtractorConfig
from pipeline.errors import DealfactsError
from pipeline.extractor import Extractor, Result
from pipeline.schema import Article

log = logging.getLogger(__name__)

Source = str | Path | Article

#: Per process: the extractors built so far (one per config), and a lock for each.
_EXTRACTORS: dict[ExtractorConfig, tuple[Extractor, threading.Lock]] = {}
_BUILD_LOCK = threading.Lock()


class Runner(Protocol):
    """What :func:`pipeline.batch.run_batch` needs of an extractor."""

    @property
    def version(self) -> str: ...
    @property
    def models(self) -> dict[str, str]: ...
    def pipe(self, sources: Iterable[Source]) -> Iterator[Result]: ...


def worker_extractor(config: ExtractorConfig) -> tuple[Extractor, threading.Lock]:
    """This process's extractor for ``config`` (built on first use) and its lock."""
    with _BUILD_LOCK:
        entry = _EXTRACTORS.get(config)
        if entry is None:
            entry = (Extractor(config), threading.Lock())
            _EXTRACTORS[config] = entry
        return entry


def _set_threads(threads: int | None) -> None:
    if threads is None:
        return
    import torch

    torch.set_num_threads(max(1, threads))


#: Per worker process: the barrier at which all workers of its pool meet once loaded.
_RENDEZVOUS: list[Any] = []
#: Seconds a loaded worker waits for the others at the start (a failed one breaks the pool).
RENDEZVOUS_TIMEOUT_S = 300.0


def _init_worker(config: ExtractorConfig, threads: int | None, barrier: Any = None) -> None:
    """Process-pool initializer: pin torch threads and load the models now."""
    _set_threads(threads)
    if barrier is not None:
        _RENDEZVOUS[:] = [barrier]
    try:
        worker_extractor(config)
    except BaseException:
        if barrier is not None:
            barrier.abort()  # the others stop waiting for this one
        raise


def ready(config: ExtractorConfig) -> tuple[str, dict[str, str]]:
    """Wait until every worker of the pool has loaded, then ``describe`` (one per worker)."""
    if _RENDEZVOUS:
        barrier = _RENDEZVOUS.pop()  # once: later calls in this process do not wait
        try:
            barrier.wait(RENDEZVOUS_TIMEOUT_S)
        except threading.BrokenBarrierError:
            log.warning("a worker process failed to start; going on with the others")
    return describe(config)


def describe(config: ExtractorConfig) -> tuple[str, dict[str, str]]:
    """``(version, models)`` of the extractor for ``config`` in this process."""
    ex, _ = worker_extractor(config)
    return ex.version, ex.models


def extract_chunk(
    config: ExtractorConfig, sources: list[Source], cwd: str | None = None
) -> list[Result]:
    """Run one chunk of inputs through this process's extractor (the task workers run).

    Relative paths are read against ``cwd``; each result keeps the source as given.
    """
    ex, lock = worker_extractor(config)
    resolved = [_resolve(s, cwd) for s in sources]
    given: dict[str, list[str]] = collections.defaultdict(list)
    for source, r in zip(sources, resolved, strict=True):
        if not isinstance(source, Article):
            given[str(r)].append(str(source))
    with lock:  # one spaCy pipeline is not meant for several threads at once
        results = list(ex.pipe(resolved))  # failed reads come first: not in input order
    for result in results:
        names = given.get(result.source)
        if names:
            result.source = names.pop(0)
    return results


def _resolve(source: Source, cwd: str | None) -> Source:
    if cwd is None or isinstance(source, Article):
        return source
    s = str(source)
    if s.startswith(("http://", "https://")) or os.path.isabs(s):
        return s
    return os.path.join(cwd, s)


def chunked(items: Iterable[Source], size: int) -> Iterator[list[Source]]:
    """Lists of ``size`` items (the last may be shorter), read lazily."""
    chunk: list[Source] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_window(
    chunks: Iterable[list[Source]],
    submit: Callable[[list[Source]], Any],
    result_of: Callable[[Any], list[Result]],
    window: int,
) -> Iterator[Result]:
    """Submit chunks with at most ``window`` in flight; yield their results in input order."""
    pending: collections.deque[tuple[list[Source], Any]] = collections.deque()
    it = iter(chunks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            chunk = next(it, None)
            if chunk is None:
                exhausted = True
                break
            pending.append((chunk, submit(chunk)))
        if not pending:
            return
        _, future = pending.popleft()
        yield from result_of(future)


class ProcessRunner:
    """The extractor on ``workers`` local processes, each loading the models once.

    ``threads`` is torch's intra-op thread count per worker (default: the CPU count divided
    by ``workers``). Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        config: ExtractorConfig | None = None,
        workers: int = 2,
        *,
        chunk_size: int | None = None,
        threads: int | None = None,
        start_method: str = "spawn",
    ) -> None:
        if workers < 1:
            raise DealfactsError(f"workers must be at least 1, not {workers}")
        self.config = config or ExtractorConfig()
        self.workers = workers
        self.chunk_size = chunk_size or max(1, self.config.batch_size)
        threads = threads or max(1, (os.cpu_count() or 1) // workers)
        context = multiprocessing.get_context(start_method)
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.config, threads, context.Barrier(workers)),
        )
        try:
            # one task per worker, each held at a barrier until all have loaded: every
            # process starts now (the pool would start them one by one, mid-batch)
            starts = [self._pool.submit(ready, self.config) for _ in range(workers)]
            self._version, self._models = starts[0].result()
            for start in starts[1:]:
                start.result()
        except BrokenProcessPool as exc:
            self._pool.shutdown(cancel_futures=True)
            raise DealfactsError(f"worker processes failed to start: {exc}") from exc
        except BaseException:
            self._pool.shutdown(cancel_futures=True)
            raise

    @property
    def version(self) -> str:
        return self._version

    @property
    def models(self) -> dict[str, str]:
        return self._models

    def pipe(self, sources: Iterable[Source]) -> Iterator[Result]:
        """Results for every source, in input order."""

        def result_of(future: Future[list[Result]]) -> list[Result]:
            try:
                return future.result()
            except BrokenProcessPool as exc:
                raise DealfactsError(f"a worker process died (out of memory?): {exc}") from exc

        yield from ordered_window(
            chunked(sources, self.chunk_size),
            lambda chunk: self._pool.submit(extract_chunk, self.config, chunk),
            result_of,
            window=2 * self.workers,
        )

    def close(self) -> None:
        """Stop the worker processes."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class DaskRunner:
    """The extractor on a dask.distributed cluster; each worker process loads the models once.

    ``address`` is ``"local"`` (a :class:`~dask.distributed.LocalCluster` of ``workers``
    single-threaded processes, started and stopped here) or a scheduler address such as
    ``tcp://HOST:8786``. An existing :class:`~dask.distributed.Client` can be given instead.
    """

    def __init__(
        self,
        config: ExtractorConfig | None = None,
        address: str = "local",
        *,
        workers: int | None = None,
        chunk_size: int | None = None,
        client: Any | None = None,
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise DealfactsError(
                "--dask needs dask.distributed: pip install 'dealfacts[distributed]'"
            ) from exc
        self.config = config or ExtractorConfig()
        self.chunk_size = chunk_size or max(1, self.config.batch_size)
        self._cluster: Any | None = None
        self._own_client = client is None
        if client is not None:
            self.client = client
        elif address == "local":
            n = workers or max(1, os.cpu_count() or 1)
            self._cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.WARNING,
            )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(address, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise DealfactsError(
                    f"cannot reach the Dask scheduler at {address}: {exc}"
                ) from exc
        try:
            self._version, self._models = self.client.submit(
                describe, self.config, pure=False
            ).result()
        except BaseException:
            self.close()
            raise

    @property
    def version(self) -> str:
        return self._version

    @property
    def models(self) -> dict[str, str]:
        return self._models

    def _slots(self) -> int:
        info = self.client.scheduler_info()
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def pipe(self, sources: Iterable[Source]) -> Iterator[Result]:
        """Results for every source, in input order."""
        cwd = os.getcwd()
        yield from ordered_window(
            chunked(sources, self.chunk_size),
            lambda chunk: self.client.submit(extract_chunk, self.config, chunk, cwd, pure=False),
            lambda future: future.result(),
            window=2 * self._slots(),
        )

    def close(self) -> None:
        """Close the client (and the local cluster if this runner started one)."""
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
