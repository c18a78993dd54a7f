"""HTML or debris-laden text in, clean :class:`~pipeline.schema.Article` out.

Three entry points, all pure with respect to their input:

* :func:`clean_html` — main text of a web page (trafilatura on a pre-pruned DOM, with a
  BeautifulSoup/lxml fallback) plus metadata (title, date, author, site, canonical URL,
  language) read with BeautifulSoup.
* :func:`clean_text` — removes scraping debris (attribute fragments, leftover tags, entities,
  teaser lines that repeat the headline, repeated lines, zero-width characters) from text.
* :func:`load_article` — reads a local file, raw bytes or a page saved by the crawler, checks
  it (size, emptiness, binary content), detects its charset and dispatches to the two above.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html as html_lib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from bs4 import BeautifulSoup, Tag
from dateutil import parser as date_parser
from lxml import etree

from pipeline.errors import InputError
from pipeline.schema import Article

__all__ = [
    "MAX_INPUT_BYTES",
    "Article",
    "clean_html",
    "clean_text",
    "decode_bytes",
    "looks_like_html",
    "load_article",
]

log = logging.getLogger(__name__)

#: Largest input :func:`load_article` accepts (bytes).
MAX_INPUT_BYTES = 5 * 1024 * 1024
#: Attribute values longer than this are dropped before extraction (gigantic-attribute guard).
MAX_ATTRIBUTE_CHARS = 10_000
#: Extensions read as plain text / as HTML by :func:`load_article`.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

# --------------------------------------------------------------------------------------
# Character decoding
# --------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
#: WHATWG: these labels mean windows-1252 in practice.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, or ``None`` when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Order: byte-order mark, ``declared`` charset (e.g. from a Content-Type header), an HTML
    ``<meta charset>`` in the first 4 KB, strict UTF-8, then charset-normalizer's guess.
    A declared charset that fails to decode strictly is ignored rather than trusted.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    candidates: list[str] = []
    for label in (declared, _meta_charset(data)):
        name = _codec(label)
        if name and name not in candidates:
            candidates.append(name)
    if "utf-8" not in candidates:
        candidates.append("utf-8")
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if matches:
        best = matches[0]
        # Among near-equal guesses prefer windows-1252, by far the commonest legacy charset
        # of Western web pages (charset-normalizer alone may say cp775 for French text).
        close = [m for m in matches if m.chaos <= best.chaos + 0.05]
        if any("cp1252" in m.could_be_from_charset for m in close):
            name = "cp1252"
        else:
            name = _codec(best.encoding) or "cp1252"
        return data.decode(name, errors="replace"), name
    return data.decode("cp1252", errors="replace"), "cp1252"


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


# --------------------------------------------------------------------------------------
# Plain-text debris removal
# --------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"))
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u200a\u202f\u205f\u3000\t\f\v"), " ")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
     "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'}
)  # fmt: skip
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SCRIPT_RE = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE
)
_BLOCK_TAGS = (
    "p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|section|article|header|footer|aside|nav|main|"
    "table|tr|td|th|thead|tbody|blockquote|figure|figcaption|pre|form|body|html|title|head"
)
_BLOCK_TAG_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^<>]{{0,2000}}?/?>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000}?)?/?>")
_OPEN_TAG_TAIL_RE = re.compile(r"<[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?$")
_ATTR = r"""[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s"'<>=`]+)"""
_ATTR_LINE_RE = re.compile(rf"""^\s*(?:<[A-Za-z][\w:-]*)?\s*(?:{_ATTR}\s*)+/?>?\s*$""")
_KNOWN_ATTRS = (
    r"style|class|id|src|srcset|sizes|href|alt|width|height|loading|decoding|referrerpolicy|"
    r"crossorigin|target|rel|role|tabindex|itemprop|itemscope|itemtype|frameborder|"
    r"allowfullscreen|allow|data-[\w-]+|aria-[\w-]+|on[a-z]+"
)
_INLINE_ATTR_RE = re.compile(
    rf"""(?<![\w-])(?:{_KNOWN_ATTRS})\s*=\s*(?:"[^"\n]*"|'[^'\n]*')\s*/?>?""", re.IGNORECASE
)
_STRAY_CLOSE_RE = re.compile(r"""^\s*["']?\s*/?>\s*""")
_URL_LINE_RE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"^\s*(?:summary|tl;?dr|teaser|excerpt|description|abstract|preview|dek|standfirst)\s*[:\-–]\s*",
    re.IGNORECASE,
)
_BOILERPLATE_LINES = frozenset(
    {
        "advertisement", "advertisements", "sponsored content", "share this", "share this article",
        "share this story", "share on facebook", "share on twitter", "share on x",
        "share on linkedin", "click to share", "copy link", "read more", "read next",
        "continue reading", "related stories", "related articles", "related content",
        "recommended for you", "you may also like", "most read", "most popular",
        "subscribe now", "sign up for our newsletter", "skip to content", "skip to main content",
        "skip to navigation", "accept all", "accept cookies", "manage cookies", "cookie settings",
        "leave a comment", "back to top", "toggle navigation", "play video",
    }
)  # fmt: skip


_LINK_LABELS = (
    r"(?:related(?: stories| articles| coverage| news| content| links)?|read more|read next|"
    r"read also|also read|see also|more on this(?: story)?|further reading|you may also like|"
    r"more from \w+(?: \w+)?|more stories|trending(?: now| stories)?|most (?:read|popular|viewed)|"
    r"popular (?:now|stories)|top stories|editor'?s picks|recommended(?: for you| stories)?)"
)
#: A label alone on its line, over a list of links: "Related:", "More stories".
_LINK_LABEL_RE = re.compile(rf"^\s*{_LINK_LABELS}\s*[:»›|]?\s*$", re.IGNORECASE)
#: A line of links to other stories: "Related: X to buy Y | Z opens a data centre" (a dash
#: only with spaces: "Related-party transactions totalled ..." is text).
_LINK_LIST_RE = re.compile(
    rf"^\s*(?:{_LINK_LABELS}|recommended|trending|most read)\s*(?:[:»›|]|\s[-–]\s)\s*\S",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^\s*(?:[-–•*·▪►>]|\d{1,2}[.)])\s+\S")
#: A run of share buttons glued into a line: "Share this article: Facebook Twitter LinkedIn
#: Email Brightforge won ..." (three or more network names in a row).
_SHARE_RUN_RE = re.compile(
    r"(?:\bshare(?: this(?: article| story)?)?\s*:?\s*)?"
    r"\b(?:(?:facebook|twitter|linkedin|e-?mail|whatsapp|reddit|telegram|pinterest|print|x|copy link)"
    r"\b[\s|,/]*){3,}",
    re.IGNORECASE,
)


def _squash(text: str) -> str:
    """Lower-case alphanumerics only: compares lines regardless of quoting and spacing."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _unescape_entities(text: str) -> str:
    """Replace HTML character references (only the well-formed, ``;``-terminated ones).

    Repeated to a fixed point, for text escaped more than once ("&amp;#8217;",
    "&ampampamp;"); each pass shortens the text, so the loop ends.
    """
    while True:
        new = _ENTITY_RE.sub(lambda m: html_lib.unescape(m.group(0)), text)
        if new == text:
            break
        text = new
    return text


def _normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u0085", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES).translate(_QUOTES)
    # Other control characters are debris (keep newlines).
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def _strip_markup(text: str) -> str:
    text = _COMMENT_RE.sub(" ", text)
    text = _SCRIPT_RE.sub("\n", text)
    text = _BLOCK_TAG_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    lines = []
    in_open_tag = False
    for line in text.split("\n"):
        if in_open_tag:
            # Continuation of a tag opened on an earlier line: drop up to its '>'.
            if ">" in line:
                line = line.split(">", 1)[1]
                in_open_tag = False
            else:
                continue
        while m := _OPEN_TAG_TAIL_RE.search(line):  # "<A<A<A": every unclosed tail, at once
            line = line[: m.start()]
            in_open_tag = True
        if _ATTR_LINE_RE.match(line):
            continue
        line = _INLINE_ATTR_RE.sub(" ", line)
        line = _STRAY_CLOSE_RE.sub("", line)
        lines.append(line)
    return "\n".join(lines)


def _is_headline(line: str) -> bool:
    """A short line that does not end a sentence: a headline in a list of links."""
    return len(line) <= 150 and not line.rstrip().endswith((".", "!", "?", '"', "'", ":"))


def _drop_debris_lines(lines: list[str]) -> list[str]:
    """Remove boilerplate lines, bare URLs, teaser lines that repeat later text, duplicates."""
    kept: list[str] = []
    seen: set[str] = set()
    squashed = [_squash(line) for line in lines]
    in_links = False  # after a "Related:" line: the headlines under it, to a blank line
    for i, line in enumerate(lines):
        if not line:
            in_links = False
            kept.append(line)
            continue
        if in_links and (_BULLET_RE.match(line) or _is_headline(line)):
            continue
        in_links = bool(_LINK_LABEL_RE.match(line))
        key = squashed[i]
        if not key or _URL_LINE_RE.match(line):
            continue
        if line.rstrip(" :|>»›").casefold() in _BOILERPLATE_LINES or _LINK_LIST_RE.match(line):
            continue
        if in_links:
            continue
        if i < 15 and len(key) >= 25 and _is_teaser(line, i, lines, squashed):
            continue
        if len(key) >= 20:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def _is_teaser(line: str, i: int, lines: list[str], squashed: list[str]) -> bool:
    """A line near the top that repeats text that follows (e.g. "Summary: <title><lede>")."""
    labelled = bool(_LABEL_RE.match(line))
    body = _squash(_LABEL_RE.sub("", line, count=1))
    if len(body) < 25:
        return False
    if labelled:
        # A labelled teaser repeating the headline and the lede's first words (which may
        # come before it or be separated by a dateline): its longest prefix found in the
        # nearby text must be long, and what is left of it must be found there too.
        near = "\n".join(squashed[max(0, i - 3) : i] + squashed[i + 1 : i + 40])
        lo, hi = 0, len(body)
        while lo < hi:  # longest prefix of body contained in the nearby text
            mid = (lo + hi + 1) // 2
            if body[:mid] in near:
                lo = mid
            else:
                hi = mid - 1
        rest = body[lo:]
        return lo >= 25 and (not rest or rest in near)
    if body not in "".join(squashed[i + 1 : i + 40]):
        return False
    # Unlabelled: only when it spans several later lines (glued), not a repeated heading.
    return not any(body in s for s in squashed[i + 1 : i + 40])


def clean_text(text: str) -> str:
    """Remove scraping debris from plain text while keeping the article intact.

    Handles HTML entities, leftover tags and attribute fragments (``style="..."``), lines of
    boilerplate ("Advertisement", "Share this article"), bare URLs, a teaser line such as
    ``Summary:"<headline>"<first words>`` that repeats what follows, repeated lines,
    zero-width characters, typographic quotes and irregular whitespace. Paragraph breaks
    (single or blank-line separated) are kept.
    """
    text = _normalise_chars(text)
    # Entities first would turn "&lt;p&gt;" into markup; strip real markup, then unescape,
    # then strip again in case the unescaped text was markup.
    text = _strip_markup(text)
    text = _unescape_entities(text)
    if "<" in text:
        text = _strip_markup(text)
    text = _normalise_chars(text)  # entities may have produced nbsp / curly quotes
    lines = [
        re.sub(r" {2,}", " ", _SHARE_RUN_RE.sub(" ", line)).strip() for line in text.split("\n")
    ]
    while True:  # to a fixed point: a dropped duplicate can reveal a teaser above it
        kept = _drop_debris_lines(lines)
        if kept == lines:
            break
        lines = kept
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


# --------------------------------------------------------------------------------------
# HTML: pruning, main text, metadata
# --------------------------------------------------------------------------------------

_PRUNE_TAGS = (
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
    "select", "input", "textarea", "nav", "aside", "footer", "dialog", "object", "embed",
)  # fmt: skip
_BOILERPLATE_TOKEN_RE = re.compile(
    r"(?:^|[-_\s])(?:related|recommend(?:ed|ations?)?|more-?stories|more-?news|most-?read|"
    r"most-?popular|popular|trending|comments?|comment-?list|disqus|respond|replies|newsletter|"
    r"subscribe|subscription|signup|sign-?up|share|sharing|social|ad|ads|advert|adverts|"
    r"advertisement|adslot|ad-?slot|dfp|sponsor|sponsored|promo|promoted|cookie|cookies|consent|"
    r"gdpr|breadcrumbs?|sidebar|navigation|navbar|menu|outbrain|taboola|read-?more|"
    r"read-?next|further-?reading|see-?also|author-?bio|paywall|banner|modal|popup|toolbar)"
    r"(?:$|[-_\s])",
    re.IGNORECASE,
)
_BOILERPLATE_ROLES = frozenset(
    {"navigation", "complementary", "contentinfo", "banner", "search", "dialog", "alert"}
)
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
     "techarticle", "scholarlyarticle", "report", "webpage", "opinionnewsarticle",
     "backgroundnewsarticle", "pressrelease"}
)  # fmt: skip
_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.created"),
    ("name", "dcterms.date"),
    ("name", "sailthru.date"),
    ("name", "parsely-pub-date"),
    ("property", "og:published_time"),
    ("name", "citation_publication_date"),
)
_URL_DATE_RE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|-|$)"
)
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TEXT_DATE_RE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
_EN_STOPWORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "it",
        "said",
        "at",
        "from",
        "its",
        "has",
        "have",
        "be",
        "are",
        "an",
        "will",
        "this",
        "which",
        "or",
        "but",
        "not",
        "were",
        "their",
        "more",
        "than",
    ]
)


def _prune_tree(root: etree._Element) -> None:
    """Remove navigation, related-story boxes, comments, ads and giant attributes in place.

    An element is never removed when it holds most of the page's paragraph text, so a
    ``<body class="has-comments">`` cannot take the article with it.
    """
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in list(el.attrib.items()):
            if len(value) > MAX_ATTRIBUTE_CHARS:
                del el.attrib[name]
    total = sum(len(p.text_content()) for p in root.iter("p")) or 1
    doomed: list[etree._Element] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # HTML comments and processing instructions
            continue
        tag = el.tag.lower()
        if tag in ("html", "body", "head", "article", "main"):
            continue
        if tag in _PRUNE_TAGS:
            doomed.append(el)
            continue
        role = (el.get("role") or "").lower()
        tokens = " ".join(
            filter(None, (el.get("class"), el.get("id"), el.get("aria-label"), el.get("itemprop")))
        )
        if role in _BOILERPLATE_ROLES or (tokens and _BOILERPLATE_TOKEN_RE.search(tokens)):
            ptext = sum(len(p.text_content()) for p in el.iter("p"))
            if ptext < 0.4 * total or ptext < 200:
                doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # Keep the tail text (it belongs to the parent) when removing the element.
        if el.tail and el.tail.strip():
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _parse_tree(markup: str) -> etree._Element:
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}") from exc
    return root


def _fallback_text(root: etree._Element) -> str:
    """Main text without trafilatura: the densest article container's block text."""
    container = None
    for xpath in (
        "//*[@itemprop='articleBody']",
        "//article",
        "//*[@role='main']",
        "//main",
    ):
        found = root.xpath(xpath)
        if found:
            container = max(found, key=lambda e: len(e.text_content()))
            break
    if container is None:
        best, best_len = None, 0
        for el in root.iter("div", "section", "td", "body"):
            n = sum(len(p.text_content()) for p in el.findall("p"))
            if n > best_len:
                best, best_len = el, n
        container = best if best is not None else root
    parts: list[str] = []
    blocks = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd")
    for el in container.iter(*blocks):
        if any(a.tag in blocks for a in el.iterancestors() if isinstance(a.tag, str)):
            continue
        t = " ".join(el.text_content().split())
        if t:
            parts.append(t)
    if not parts:
        parts = [" ".join(container.text_content().split())]
    return "\n".join(parts)


def _trafilatura_text(root: etree._Element, url: str | None) -> str:
    import trafilatura

    try:
        out = trafilatura.extract(
            root,
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            output_format="txt",
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError) as exc:
        log.warning("trafilatura failed on %s: %s", url or "page", exc)
        return ""
    return out or ""


def _json_ld_objects(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        raw = script.string or script.get_text() or ""
        if not raw.strip() or len(raw) > 1_000_000:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _ld_types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in types if x}


def _ld_name(value: Any) -> str | None:
    """A person/organisation name from a JSON-LD value (str, dict or list)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _ld_name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _meta(soup: BeautifulSoup, attr: str, key: str) -> str | None:
    tag = soup.find("meta", attrs={attr: re.compile(f"^{re.escape(key)}$", re.I)})
    if isinstance(tag, Tag):
        value = tag.get("content") or tag.get("datetime")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _parse_date(value: str | None, *, fuzzy: bool = False) -> dt.date | None:
    """A plausible publication date from an ISO or human date string, else ``None``."""
    if not value:
        return None
    value = value.strip()[:100]
    try:
        if not fuzzy and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            parsed = date_parser.isoparse(value[:10] if len(value) < 11 else value)
        else:
            parsed = date_parser.parse(value, fuzzy=fuzzy, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        try:
            parsed = date_parser.parse(value, fuzzy=True, default=dt.datetime(1900, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None
    day = parsed.date()
    if not 1990 <= day.year <= dt.date.today().year + 1:
        return None
    return day


def _date_from_url(url: str | None) -> dt.date | None:
    if not url:
        return None
    m = _URL_DATE_RE.search(urlsplit(url).path)
    if not m:
        return None
    y, mo, d = (g for g in m.groups() if g)
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _find_date(
    soup: BeautifulSoup, ld: dict[str, Any] | None, url: str | None, text: str
) -> tuple[dt.date | None, str | None]:
    """Publication date and where it came from (JSON-LD, meta, time, url, text)."""
    if ld:
        day = _parse_date(str(ld.get("datePublished") or ld.get("dateCreated") or ""))
        if day:
            return day, "json-ld"
    for attr, key in _DATE_META:
        day = _parse_date(_meta(soup, attr, key))
        if day:
            return day, "meta"
    times = soup.find_all("time")
    times.sort(
        key=lambda t: 0 if (t.get("itemprop") == "datePublished" or t.has_attr("pubdate")) else 1
    )
    for t in times:
        if t.find_parent(class_=_BOILERPLATE_TOKEN_RE) or t.find_parent(["aside", "nav", "footer"]):
            continue
        value = t.get("datetime")
        day = _parse_date(
            value if isinstance(value, str) else t.get_text(" ", strip=True), fuzzy=not value
        )
        if day:
            return day, "time"
    day = _date_from_url(url)
    if day:
        return day, "url"
    candidates: list[str] = []
    for el in soup.find_all(
        class_=re.compile(r"date|dateline|byline|published|timestamp|posted", re.I)
    ):
        if isinstance(el, Tag) and not el.find_parent(class_=_BOILERPLATE_TOKEN_RE):
            candidates.append(el.get_text(" ", strip=True)[:200])
    candidates.append(text[:1500])
    for chunk in candidates:
        m = _TEXT_DATE_RE.search(chunk)
        if m:
            day = _parse_date(m.group(0), fuzzy=True)
            if day:
                return day, "text"
    return None, None


def _clean_title(title: str, site: str | None) -> str:
    title = " ".join(title.split())
    for sep in (" | ", " - ", " — ", " – ", " :: ", " · "):
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if site and _squash(tail) == _squash(site) or len(tail) <= 30 and len(head) > len(tail):
                title = head.strip()
                break
    return title


def _guess_language(text: str) -> str | None:
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if len(words) < 20:
        return None
    share = sum(w in _EN_STOPWORDS for w in words) / len(words)
    return "en" if share > 0.2 else None


def _metadata(soup: BeautifulSoup, url: str | None, text: str) -> dict[str, Any]:
    ld = next(
        (
            o
            for o in _json_ld_objects(soup)
            if _ld_types(o) & _ARTICLE_TYPES and (o.get("headline") or o.get("datePublished"))
        ),
        None,
    )
    site = (
        _meta(soup, "property", "og:site_name")
        or (_ld_name(ld.get("publisher")) if ld else None)
        or _meta(soup, "name", "application-name")
    )
    title = (
        _meta(soup, "property", "og:title")
        or (str(ld["headline"]).strip() if ld and ld.get("headline") else None)
        or _meta(soup, "name", "twitter:title")
    )
    if not title:
        h1 = soup.find("h1")
        if isinstance(h1, Tag) and h1.get_text(strip=True):
            title = h1.get_text(" ", strip=True)
        elif soup.title and soup.title.get_text(strip=True):
            title = soup.title.get_text(" ", strip=True)
    if title:
        title = _clean_title(html_lib.unescape(title), site)
    author = (_ld_name(ld.get("author")) if ld else None) or _meta(soup, "name", "author")
    if not author:
        a_meta = _meta(soup, "property", "article:author")
        if a_meta and not a_meta.startswith("http"):
            author = a_meta
    if not author:
        el = soup.find(attrs={"itemprop": "author"}) or soup.find(attrs={"rel": "author"})
        if isinstance(el, Tag):
            author = el.get_text(" ", strip=True) or None
    if author:
        author = re.sub(r"^\s*by\s+", "", author, flags=re.I).strip() or None
    canonical = None
    link = soup.find(
        "link", rel=lambda v: v is not None and "canonical" in (v if isinstance(v, list) else [v])
    )
    if isinstance(link, Tag) and isinstance(link.get("href"), str) and link["href"].strip():
        canonical = urljoin(url or "", str(link["href"]).strip())
    canonical = canonical or _meta(soup, "property", "og:url")
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = None
    language = None
    html_tag = soup.find("html")
    if isinstance(html_tag, Tag):
        lang = html_tag.get("lang") or html_tag.get("xml:lang")
        language = str(lang).strip() if lang else None
    language = (
        language
        or _meta(soup, "http-equiv", "content-language")
        or (str(ld.get("inLanguage")) if ld and ld.get("inLanguage") else None)
        or _meta(soup, "property", "og:locale")
    )
    if language:
        language = language.replace("_", "-").split(",")[0].strip().lower()[:2] or None
    else:
        language = _guess_language(text)
    published, date_source = _find_date(soup, ld, url, text)
    description = _meta(soup, "property", "og:description") or _meta(soup, "name", "description")
    return {
        "title": title or None,
        "site": site,
        "author": author,
        "canonical_url": canonical,
        "language": language,
        "published": published,
        "date_source": date_source,
        "description": description,
    }


def _article_id(url: str | None, text: str) -> str:
    if url:
        parts = [p for p in urlsplit(url).path.split("/") if p]
        if parts:
            slug = re.sub(r"\.(?:s?html?|php|aspx?)$", "", parts[-1], flags=re.I)
            slug = re.sub(r"[^A-Za-z0-9_-]+", "-", slug).strip("-")[:80]
            if len(slug) >= 3:
                return slug
        return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _with_headline(text: str, title: str | None) -> str:
    """Put the headline first unless the text already starts with it."""
    if not title:
        return text
    key = _squash(title)
    head = _squash("".join(text.split("\n")[:2])[: len(title) * 2 + 20])
    if not key or key in head:
        return text
    return f"{title}\n{text}" if text else title


_HTML_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_html(html: str | bytes, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page.

    The DOM is pruned of navigation, related-story boxes, comments, ads and forms, then
    trafilatura extracts the main text (paragraphs separated by ``"\\n"``); when it finds
    nothing, or much less than the page's marked-up article body, a container-based
    extractor takes over. The headline is the first line of the text. Raises
    :class:`InputError` when the page has no text.
    """
    if isinstance(html, bytes):
        html, encoding = decode_bytes(html)
    else:
        encoding = None
    # XML-incompatible control characters make lxml refuse strings later on.
    html = _HTML_CONTROL_RE.sub("", html)
    if not html.strip():
        raise InputError("empty HTML page")
    soup = BeautifulSoup(html, "lxml")
    root = _parse_tree(html)
    _prune_tree(root)
    fallback = clean_text(_fallback_text(root))
    text = clean_text(_trafilatura_text(root, url))
    extractor = "trafilatura"
    if len(text) < 0.3 * len(fallback):
        text, extractor = fallback, "fallback"
    meta = _metadata(soup, url, text)
    text = _with_headline(text, meta["title"])
    if not text.strip():
        raise InputError("no article text found in the HTML page")
    return Article(
        id=_article_id(meta["canonical_url"] or url, text),
        text=text,
        title=meta["title"],
        url=url,
        canonical_url=meta["canonical_url"],
        site=meta["site"],
        author=meta["author"],
        published=meta["published"],
        language=meta["language"],
        meta={
            k: v
            for k, v in {
                "extractor": extractor,
                "date_source": meta["date_source"],
                "description": meta["description"],
                "encoding": encoding,
            }.items()
            if v
        },
    )


# --------------------------------------------------------------------------------------
# Loading files
# --------------------------------------------------------------------------------------

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_HTML_SNIFF_RE = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<(?:!doctype\s+)?html)", re.I
)


def looks_like_html(data: bytes | str) -> bool:
    """Whether content is an HTML document (not text with a few stray tags)."""
    head = data[:2048] if isinstance(data, bytes) else data[:2048].encode("utf-8", "ignore")
    head = head.lstrip(codecs.BOM_UTF8)
    if _HTML_SNIFF_RE.match(head):
        return True
    sample = data[:20_000] if isinstance(data, bytes) else data[:20_000].encode("utf-8", "ignore")
    blocks = len(re.findall(rb"<(?:p|div|article|section|h[1-6])[\s>]", sample, re.I))
    return head.lstrip().startswith(b"<") and blocks >= 3


def _check_bytes(data: bytes, name: str) -> None:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is over the {MAX_INPUT_BYTES:,}-byte limit")
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if any(data.startswith(bom) for bom, _ in _BOMS[:2] + _BOMS[3:]):
        return  # UTF-16/32 text legitimately contains NUL bytes
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: binary file ({kind}), not an article")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(f"{name}: binary file (contains NUL bytes), not an article")
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > 0.05 * len(head):
        raise InputError(f"{name}: binary file (control bytes), not an article")


def _text_title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    if 0 < len(first) <= 200 and not first.endswith((".", ",", ";")) and "\n" in text:
        return _clean_title(first, None).strip("\"' ") or None
    return None


def _text_published(text: str) -> dt.date | None:
    """A date on a short line near the top of plain text ("Updated January 22, 2025")."""
    for line in text.split("\n")[:8]:
        if len(line) <= 80:
            m = _TEXT_DATE_RE.search(line)
            if m:
                return _parse_date(m.group(0), fuzzy=True)
    return None


def _article_from_bytes(
    data: bytes,
    *,
    name: str,
    article_id: str,
    url: str | None,
    as_html: bool | None,
    declared: str | None = None,
) -> Article:
    _check_bytes(data, name)
    text, encoding = decode_bytes(data, declared=declared)
    if as_html is None:
        as_html = looks_like_html(text)
    if as_html:
        article = clean_html(text, url=url)
        article.id = article_id
    else:
        cleaned = clean_text(text)
        if not cleaned:
            raise InputError(f"{name}: no text left after cleaning")
        article = Article(
            id=article_id,
            text=cleaned,
            title=_text_title(cleaned),
            url=url,
            published=_text_published(cleaned) or _date_from_url(url),
            language=_guess_language(cleaned),
        )
    if not article.text.strip():
        raise InputError(f"{name}: no text left after cleaning")
    article.meta.setdefault("encoding", encoding)
    return article


def _raw_record(path: Path) -> tuple[Path, dict[str, Any]] | None:
    """The (body path, sidecar) of a page saved by :mod:`pipeline.fetch`, if ``path`` is one."""
    sidecar = path if path.suffix == ".json" else path.with_suffix(".json")
    if not sidecar.is_file() or sidecar.stat().st_size > 1_000_000:
        return None
    try:
        meta = json.loads(sidecar.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(meta, dict) or "url" not in meta or "body_file" not in meta:
        return None
    body = sidecar.with_name(str(meta["body_file"]))
    return body, meta


def load_article(
    source: str | Path | bytes,
    *,
    id: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
) -> Article:
    """Read an article from a file, raw bytes, or a page saved by the crawler.

    ``.txt``/``.text``/``.md`` files go through :func:`clean_text`, HTML files (by extension
    or content) through :func:`clean_html`; a crawler sidecar (``.json``) or its raw body
    gives the page with its URL and fetch time. Raises :class:`InputError` for a missing,
    empty, binary or oversized file (over :data:`MAX_INPUT_BYTES`) and when no text is left.
    ``Article.id`` defaults to the file name without directory or extension. For bytes,
    ``content_type`` (an HTTP Content-Type header) says whether they are HTML and in which
    charset.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        aid = id or _article_id(url, hashlib.sha256(data).hexdigest())
        as_html = None
        declared = None
        if content_type:
            as_html = "html" in content_type.lower()
            m = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
            declared = m.group(1) if m else None
        return _article_from_bytes(
            data,
            name=id or url or "input",
            article_id=aid,
            url=url,
            as_html=as_html,
            declared=declared,
        )
    path = Path(source)
    name = str(path)
    try:
        if not path.is_file():
            raise InputError(f"{name}: no such file")
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if size > MAX_INPUT_BYTES:
        raise InputError(f"{name}: {size:,} bytes is over the {MAX_INPUT_BYTES:,}-byte limit")
    raw = _raw_record(path)
    if raw is not None:
        body, meta = raw
        return _load_raw_page(body, meta, article_id=id, url=url)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    suffix = path.suffix.lower()
    as_html = True if suffix in HTML_SUFFIXES else False if suffix in TEXT_SUFFIXES else None
    article = _article_from_bytes(
        data, name=name, article_id=id or path.stem, url=url, as_html=as_html
    )
    article.source_path = str(path)
    return article


def _load_raw_page(
    body: Path, meta: dict[str, Any], *, article_id: str | None, url: str | None
) -> Article:
    name = str(body)
    try:
        if body.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"{name}: over the {MAX_INPUT_BYTES:,}-byte limit")
        data = body.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read raw page ({exc.strerror or exc})") from exc
    page_url = url or meta.get("final_url") or meta.get("url")
    ctype = str(meta.get("content_type") or "")
    as_html = None if not ctype else "html" in ctype
    m = re.search(r"charset=([\w.:-]+)", ctype, re.I)
    article = _article_from_bytes(
        data,
        name=name,
        article_id=article_id or "",
        url=page_url,
        as_html=as_html,
        declared=m.group(1) if m else None,
    )
    if not article_id:
        article.id = _article_id(article.canonical_url or page_url, article.text)
    article.source_path = name
    fetched = meta.get("fetched_at")
    if isinstance(fetched, str):
        try:
            article.fetched_at = dt.datetime.fromisoformat(fetched)
        except ValueError:
            article.fetched_at = None
    if article.published is None and meta.get("published"):
        article.published = _parse_date(str(meta["published"]))
    article.meta["raw"] = {k: meta.get(k) for k in ("url", "final_url", "status", "content_hash")}
    return article


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Load many files, yielding each :class:`Article` or the :class:`InputError` it raised."""
    for p in paths:
        try:
            yield load_article(p)
        except InputError as exc:
            yield exc
