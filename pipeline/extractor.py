"""The extractor: articles in, deals out, models loaded once.

>>> from pipeline import Extractor
>>> ex = Extractor()
>>> deals = ex.extract("Acme Corp said on Monday it agreed to buy Widget Inc for $2 billion.")
>>> deals[0].type
'acquisition'
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

import pipeline.assemble  # noqa: F401  (registers dealfacts_assemble)
import pipeline.nlp.components  # noqa: F401  (registers the nlp components)
import pipeline.relate.rules  # noqa: F401  (registers dealfacts_relations)
from pipeline import __version__
from pipeline.clean import clean_html, clean_text, load_article, looks_like_html
from pipeline.config import ExtractorConfig
from pipeline.errors import DealfactsError, InputError
from pipeline.nlp.components import COLON_NAME, gazetteer_patterns, unwrap_hard_wraps
from pipeline.nlp.model import base_version, index_attribute_ruler, spacy, spacy_model_name
from pipeline.nlp.orgs import default_gazetteer
from pipeline.schema import Article, Deal

log = logging.getLogger(__name__)

#: Bumped whenever rules change what is extracted (stored with every mention).
RULES_VERSION = "3"


@dataclass
class Result:
    """What one input gave: its article and deals, or the error that stopped it."""

    source: str
    article: Article | None = None
    deals: list[Deal] = field(default_factory=list)
    error: DealfactsError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def build_nlp(config: ExtractorConfig) -> Language:
    """The spaCy pipeline that ``config`` describes: base model plus dealfacts components."""
    name = config.spacy_model or spacy_model_name()
    nlp = spacy.load(name, exclude=list(config.disable))
    _tune_tokenizer(nlp)
    index_attribute_ruler(nlp)
    nlp.add_pipe("dealfacts_lines", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler", name="dealfacts_gazetteer", before="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns(gazetteer_patterns(default_gazetteer()))  # type: ignore[attr-defined]
    for component in config.components:
        if component == "dealfacts_transformer":
            if not config.transformer:
                continue
            from pipeline.relate import model as _model  # noqa: F401  (registers the factory)

            if not _model.available(config.model_dir):
                log.warning(
                    "no trained transformer in %s: running the rules alone", config.model_dir
                )
                continue
            device = _model.resolve_device(config.device)
            nlp.add_pipe(
                component,
                config={
                    "model_dir": str(config.model_dir),
                    "device": device,
                    "batch_size": transformer_batch_size(config, device),
                    "precision": config.precision,
                    "runtime": config.runtime,
                },
            )
            continue
        nlp.add_pipe(component)
    return nlp


#: spaCy's network components, run in batches of ``ExtractorConfig.net_batch_size``.
NET_COMPONENTS: tuple[str, ...] = ("tok2vec", "tagger", "parser", "ner")
#: Examples per forward pass of the transformer on a GPU (MiniLM, <= 96 tokens: a few MB each).
GPU_BATCH_SIZE = 512
#: Examples per forward pass on a CPU (whatever the articles per spaCy batch).
CPU_BATCH_SIZE = 32


def transformer_batch_size(config: ExtractorConfig, device: str) -> int:
    """Examples per transformer forward pass: at least 32 on CPU, 512 on a GPU."""
    floor = CPU_BATCH_SIZE if device == "cpu" else GPU_BATCH_SIZE
    return max(config.batch_size, floor)


def _tune_tokenizer(nlp: Language) -> None:
    """Split a full stop after camel-case names ("SpaceX.", "OpenAI.") like after words;
    keep a colon brand ("Run:ai") whole."""
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[a-z][A-Z])\.", r"(?<=[a-z][A-Z]{2})\."]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    if nlp.tokenizer.token_match is None:
        nlp.tokenizer.token_match = COLON_NAME.match  # "Run:ai", not "Run" ":" "ai"


#: Allocations from this size up get their own mmap, given back to the OS when freed.
MMAP_THRESHOLD = 128 * 1024


@lru_cache(maxsize=1)
def steady_heap() -> bool:
    """Keep glibc's mmap threshold fixed, so that memory stays flat over long runs.

    glibc raises the threshold after large blocks are freed, then serves tensors of
    varying size from the heap, which fragments and grows (RSS +440 MB over 600
    transformer batches in a test, flat with the threshold fixed). Returns whether it
    was set (glibc only).
    """
    import ctypes
    import platform

    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_mmap_threshold = -3
    return bool(libc.mallopt(m_mmap_threshold, MMAP_THRESHOLD))


class Extractor:
    """Loads the models once and turns many articles into deals.

    ``Extractor(transformer=False)`` runs the rules alone; any other
    :class:`~pipeline.config.ExtractorConfig` field can be given the same way.
    """

    def __init__(self, config: ExtractorConfig | None = None, **settings: object) -> None:
        self.config = (
            (config or ExtractorConfig()).with_(**settings)
            if settings
            else (config or ExtractorConfig())
        )
        steady_heap()
        self.nlp = build_nlp(self.config)

    @property
    def version(self) -> str:
        """Version of everything that decides the output (package, rules, models)."""
        parts = [f"dealfacts-{__version__}", f"rules-{RULES_VERSION}", base_version(self.nlp)]
        if "dealfacts_transformer" in self.nlp.pipe_names:
            parts.append(self.nlp.get_pipe("dealfacts_transformer").version)  # type: ignore[attr-defined]
        return "+".join(parts)

    @property
    def models(self) -> dict[str, str]:
        out = {"spacy": base_version(self.nlp)}
        if "dealfacts_transformer" in self.nlp.pipe_names:
            out["transformer"] = self.nlp.get_pipe("dealfacts_transformer").version  # type: ignore[attr-defined]
        return out

    def _doc(self, article: Article) -> Doc:
        text = unwrap_hard_wraps(article.text[: self.config.max_chars])
        doc = self.nlp.make_doc(text)
        doc._.ref_date = article.published
        doc._.meta = {"id": article.id}
        return doc

    def extract_article(self, article: Article) -> list[Deal]:
        """The deals of one clean article."""
        doc = self._doc(article)
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        return list(doc._.deals or [])

    def extract(self, text_or_html: str, *, id: str = "text", url: str | None = None) -> list[Deal]:
        """The deals of one article given as plain text or HTML."""
        return self.extract_article(to_article(text_or_html, id=id, url=url))

    def docs(self, articles: Iterable[Article]) -> Iterator[tuple[Doc, Article]]:
        """Processed Docs of many clean articles (``doc._.deals`` set), batched through spaCy."""
        pairs = ((self._doc(a), a) for a in articles)
        nets = {"batch_size": max(1, self.config.net_batch_size)}
        cfg = {name: nets for name in NET_COMPONENTS if name in self.nlp.pipe_names}
        yield from self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.config.batch_size, component_cfg=cfg
        )

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Deal]]]:
        """Deals of many clean articles, batched through spaCy."""
        for doc, article in self.docs(articles):
            yield article, list(doc._.deals or [])

    def pipe(self, sources: Iterable[str | Path | Article]) -> Iterator[Result]:
        """Results for files, directories' files, URLs or Articles; a bad input fails alone."""
        batch: list[tuple[str, Article]] = []
        for source in sources:
            try:
                article = source if isinstance(source, Article) else load_source(source)
            except DealfactsError as exc:
                yield Result(str(source), error=exc)
                continue
            batch.append((str(source if not isinstance(source, Article) else source.id), article))
            if len(batch) >= self.config.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[tuple[str, Article]]) -> Iterator[Result]:
        try:
            results = list(self.process([a for _, a in batch]))
        except Exception:  # noqa: BLE001  one bad article must not sink its batch
            for source, article in batch:
                yield self._one(source, article)
            return
        for (source, _), (article, deals) in zip(batch, results, strict=True):
            yield Result(source, article, deals)

    def _one(self, source: str, article: Article) -> Result:
        try:
            return Result(source, article, self.extract_article(article))
        except Exception as exc:  # noqa: BLE001  recorded, the batch goes on
            return Result(
                source,
                article,
                error=DealfactsError(f"extraction failed: {type(exc).__name__}: {exc}"),
            )


def to_article(text_or_html: str, *, id: str = "text", url: str | None = None) -> Article:
    """An Article from raw text or HTML (cleaned either way)."""
    if not isinstance(text_or_html, str):
        raise InputError(f"expected str, got {type(text_or_html).__name__}")
    if looks_like_html(text_or_html):
        article = clean_html(text_or_html, url=url)
        article.id = id
        return article
    text = clean_text(text_or_html)
    if not text.strip():
        raise InputError("no text to read")
    return Article(id=id, text=text, url=url)


def load_source(source: str | Path) -> Article:
    """An Article from a path or an http(s) URL."""
    s = str(source)
    if s.startswith(("http://", "https://")):
        from pipeline.fetch import fetch_url

        page = fetch_url(s)
        return page.to_article()
    return load_article(Path(s))


@lru_cache(maxsize=2)
def default_extractor(transformer: bool = True) -> Extractor:
    """A process-wide extractor (models loaded on first use)."""
    return Extractor(transformer=transformer)


def extract(text_or_html: str, *, transformer: bool = True) -> list[Deal]:
    """The deals of one article, given as text or HTML. Models load once per process.

    >>> from pipeline import extract
    >>> [d.type for d in extract("Orbital Compute will supply Helix AI with GPU capacity for $1 billion a year.")]
    ['compute']
    """
    return default_extractor(transformer).extract(text_or_html)
