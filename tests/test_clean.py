"""The cleaner: main text and metadata from HTML, debris removal, file loading and checks."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.clean import clean_html, clean_text, decode_bytes, load_article, looks_like_html
from pipeline.errors import InputError

SITE = Path(__file__).parent / "fixtures" / "site" / "articles"


# -- clean_html ----------------------------------------------------------------------------


def test_article_text_without_boilerplate_and_json_ld_metadata() -> None:
    url = "https://news.circuitledger.test/2024/04/09/lumora-kestrel-gpu-lease?utm_source=x"
    a = clean_html((SITE / "lumora-kestrel.html").read_bytes(), url=url)
    lines = a.text.split("\n")
    assert lines[0] == "Lumora signs $40 million GPU lease with Kestrel Cloud"
    assert lines[1].startswith("Lumora, the robotics-simulation start-up based in Rotterdam")
    for needle in (
        "4,000 accelerators from Kestrel Cloud",
        'physics models "ten times faster" than',  # curly quotes normalised
        "Lumora's chief executive",  # &rsquo;
        "Morrow & Finch estimate",  # &amp;
        "Neither company disclosed the hourly rate behind the agreement.",
    ):
        assert needle in a.text
    # navigation, newsletter box, related stories, comments, sidebar, footer, scripts
    for leak in (
        "Funding rounds",
        "morning briefing",
        "Tarnwick",
        "Brightfjord",
        "Quillon",
        "9,000 GPUs",
        "Vantora",
        "cookies",
        "All rights reserved",
        "$999 billion",
        "Related stories",
    ):
        assert leak not in a.text, leak
    assert len([ln for ln in lines if ln.strip()]) == 5  # headline + four paragraphs
    assert a.title == "Lumora signs $40 million GPU lease with Kestrel Cloud"
    assert a.published == dt.date(2024, 4, 9)
    assert a.meta["date_source"] == "json-ld"
    assert a.author == "Ines Calloway"
    assert a.site == "Circuit Ledger"
    assert a.canonical_url == "https://news.circuitledger.test/2024/04/09/lumora-kestrel-gpu-lease"
    assert a.language == "en"
    assert a.id == "lumora-kestrel-gpu-lease"
    assert a.url == url


def test_meta_tag_date_title_suffix_and_guessed_language() -> None:
    a = clean_html((SITE / "harbor-merger.html").read_text("utf-8"))
    assert a.title == "Harbor Analytics agrees to buy Quayside Robotics"
    assert a.text.split("\n")[0] == a.title  # headline put first
    assert "acquire Quayside Robotics for $310 million" in a.text
    assert "Quayside's founders will stay on" in a.text
    for leak in ("Flintmail", "Gannet", "Ostrava", "Share on LinkedIn", "About Dockside", "People"):
        assert leak not in a.text, leak
    assert a.published == dt.date(2023, 11, 2)
    assert a.meta["date_source"] == "meta"
    assert a.author == "Rafe Okonkwo"
    assert a.canonical_url == "https://docksidetech.test/deals/harbor-quayside"
    assert a.language == "en"  # no lang attribute: guessed from the text


def _page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


ARTICLE = (
    "<article><h1>Tolland Rail orders forty trains</h1>"
    "<p>Tolland Rail has ordered forty regional trains from Vester Works in a deal the two "
    "companies valued at 600 million euros, with deliveries starting in two years.</p>"
    "<p>The trains will replace a fleet that first entered service in the nineteen-eighties "
    "and will run on the coastal lines.</p>{extra}</article>"
)


@pytest.mark.parametrize(
    ("extra", "head", "url", "expected", "source"),
    [
        (
            "<time datetime='2022-06-30T09:00:00Z'>30 June</time>",
            "",
            None,
            dt.date(2022, 6, 30),
            "time",
        ),
        ("", "", "https://r.test/news/2021/03/15/tolland-orders", dt.date(2021, 3, 15), "url"),
        ("", "", "https://r.test/news/20210315-tolland", dt.date(2021, 3, 15), "url"),
        ("<p class='dateline'>Published March 3, 2020</p>", "", None, dt.date(2020, 3, 3), "text"),
        ("", "<meta name='date' content='2019-12-01'>", None, dt.date(2019, 12, 1), "meta"),
        ("", "", None, None, None),
    ],
)
def test_publication_date_sources(
    extra: str, head: str, url: str | None, expected: dt.date | None, source: str | None
) -> None:
    a = clean_html(_page(ARTICLE.format(extra=extra), head), url=url)
    assert a.published == expected
    assert a.meta.get("date_source") == source
    assert "forty regional trains from Vester Works" in a.text


def test_dates_in_related_boxes_are_not_the_publication_date() -> None:
    related = "<aside class='related'><time datetime='2018-01-01'>1 Jan</time></aside>"
    a = clean_html(_page(ARTICLE.format(extra="") + related))
    assert a.published is None


def test_html_bytes_with_meta_charset_are_decoded() -> None:
    a = clean_html((SITE / "cafe-cp1252.html").read_bytes())
    assert a.title == "Café Numérique rachète Légende Logiciels"
    assert "18 millions d'euros – une opération « stratégique »" in a.text
    assert a.language == "fr"
    assert a.meta["encoding"] == "cp1252"


def test_page_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        clean_html(_page("<script>" + "var a = 1;" * 5000 + "</script><div></div>"))
    with pytest.raises(InputError, match="empty"):
        clean_html("   ")


def test_deeply_nested_truncated_and_giant_attribute_pages() -> None:
    deep = _page("<div>" * 20_000 + "<p>Hidden deep, Orrin Labs sold its sensor unit.</p>")
    try:
        a = clean_html(deep)
        assert "Orrin Labs" in a.text
    except InputError:
        pass  # refusing is fine; crashing or hanging is not
    truncated = ARTICLE.format(extra="")[:260]
    a = clean_html(_page(truncated)[:-20])
    assert "Tolland Rail has ordered forty regional trains" in a.text
    giant = _page(ARTICLE.format(extra=f"<p data-x='{'x' * 3_000_000}'>Tail line of text.</p>"))
    a = clean_html(giant)
    assert "xxxxxxxxxx" not in a.text and "Vester Works" in a.text


def test_fallback_extractor_finds_the_container_text() -> None:
    root = clean._parse_tree(_page("<nav>Menu</nav>" + ARTICLE.format(extra="")))
    clean._prune_tree(root)
    text = clean._fallback_text(root)
    assert text.split("\n") == [
        "Tolland Rail orders forty trains",
        "Tolland Rail has ordered forty regional trains from Vester Works in a deal the two "
        "companies valued at 600 million euros, with deliveries starting in two years.",
        "The trains will replace a fleet that first entered service in the nineteen-eighties "
        "and will run on the coastal lines.",
    ]


# -- clean_text ----------------------------------------------------------------------------

DEBRIS = (
    'Summary:"Orbital Foundry lands Tidewater launch deal"Orbital Foundry said on Thursday th\n'
    'referrerpolicy="no-referrer"\n'
    'style="max-width:100%;height:auto;display:block;margin:0 auto;">\n'
    '"Orbital Foundry lands Tidewater launch deal"\n'
    "Orbital Foundry said on Thursday that it had signed a $75 million agreement with Tidewater "
    "Aerospace to launch twelve satellites over three years.\n"
    "Advertisement\n"
    "The company&#8217;s chief executive called it &ldquo;a turning point&rdquo; &amp; said "
    "more orders were close.\u200b\n"
    "https://cdn.example.test/img/orbital-foundry-hero.jpg\n"
    '<img src="/a.jpg" class="wp-image"\n'
    'alt="Rocket on the pad" loading="lazy"\n'
    'width="800">\n'
    "Tidewater\u00a0said the first launch would take place in the spring.\n"
    "Orbital Foundry said on Thursday that it had signed a $75 million agreement with Tidewater "
    "Aerospace to launch twelve satellites over three years.\n"
    "Share this article\n"
)


def test_clean_text_removes_debris_and_keeps_the_article() -> None:
    out = clean_text(DEBRIS)
    assert [line for line in out.split("\n") if line] == [
        '"Orbital Foundry lands Tidewater launch deal"',
        "Orbital Foundry said on Thursday that it had signed a $75 million agreement with "
        "Tidewater Aerospace to launch twelve satellites over three years.",
        'The company\'s chief executive called it "a turning point" & said more orders were close.',
        "Tidewater said the first launch would take place in the spring.",
    ]


def test_clean_text_on_the_seed_style_teaser_keeps_headline_and_lede() -> None:
    text = (
        'Summary:"Ferrow and Kilnstone: a surprising alliance"In a move few expected, Ferr\n'
        '"Ferrow and Kilnstone: a surprising alliance"\n'
        "In a move few expected, Ferrow has agreed to rent computing capacity from Kilnstone."
    )
    assert clean_text(text).split("\n") == [
        '"Ferrow and Kilnstone: a surprising alliance"',
        "In a move few expected, Ferrow has agreed to rent computing capacity from Kilnstone.",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AT&T and S&P 500 &notice R&D", "AT&T and S&P 500 &notice R&D"),  # no bare-entity guessing
        ("double &amp;#8217;escaped&amp;amp;", "double 'escaped&"),
        ("dash&#x2014;here &nbsp;and&hellip;", "dash—here and…"),
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("<div class='x'>Kept <b>bold</b> and <a href='/y'>link</a>.</div>", "Kept bold and link."),
        ("<script>var deal = '$5bn';</script>Real text.", "Real text."),
        ("<!-- $9bn comment -->Real text.", "Real text."),
        ("a < b and c > d, 3<4", "a < b and c > d, 3<4"),
        ('Text with class="lead" inline attribute.', "Text with inline attribute."),
        ("line\r\nbreaks\rhere", "line\nbreaks\nhere"),
        ("“Smart” ‘quotes’ and spaces\u2009\u00a0 here", "\"Smart\" 'quotes' and spaces here"),
        ("soft\u00adhyphen zero\u200bwidth\ufeff", "softhyphen zerowidth"),
        ("para one\n\n\n\n\npara two", "para one\n\npara two"),
        ("Short\nShort\nShort", "Short\nShort\nShort"),  # short repeats are kept
    ],
)
def test_clean_text_cases(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_keeps_hard_wrapped_words_that_look_like_boilerplate() -> None:
    wrapped = "The company paid 12 dlrs per\nshare.\nIt said the sale would\nclose\nin June."
    assert clean_text(wrapped) == wrapped


def test_unlabelled_repeated_heading_is_kept_once() -> None:
    text = "Quarterly results of the Penhallow Group\nBody paragraph one.\nQuarterly results of the Penhallow Group"
    assert clean_text(text) == "Quarterly results of the Penhallow Group\nBody paragraph one."


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_clean_text_never_fails_and_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert "\r" not in once and "\u200b" not in once and "\x00" not in once
    assert clean_text(once) == once


MARKUP = st.sampled_from(
    ["<p>", "</p>", "<div class='related'>", "</div>", "<br>", "&amp;", "&#8217;", "<script>", "</script>",
     "<article>", "</article>", "<!--", "-->", "<nav>", "Deal worth $5 million.", "style=\"x\"", "\n", " "]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKUP, st.text(max_size=20)), max_size=60))
def test_clean_html_raises_only_input_error(parts: list[str]) -> None:
    try:
        a = clean_html("".join(parts))
    except InputError:
        return
    assert a.text.strip()


# -- decoding and loading ------------------------------------------------------------------


def test_decode_bytes_order() -> None:
    text = (
        "Café Numérique buys Légende for €18 million – a “strategic” step, its chairman said today."
    )
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))[0] == text
    assert decode_bytes(text.encode("utf-16"))[0] == text
    assert decode_bytes(text.encode("utf-8"), declared="iso-8859-1")[1] == "utf-8"  # wrong label
    assert decode_bytes("é".encode("latin-1"), declared="latin-1") == ("é", "cp1252")
    assert decode_bytes(b"plain", declared="no-such-charset") == ("plain", "utf-8")


def test_load_article_text_file(tmp_path: Path) -> None:
    f = tmp_path / "ferrow-kilnstone.txt"
    f.write_text(
        'Summary:"Ferrow and Kilnstone agree compute deal"Ferrow said\n'
        "Ferrow and Kilnstone agree compute deal\n"
        "Updated March 4, 2024\n"
        "Ferrow said on Monday it would rent 2,000 GPUs from Kilnstone for a year.\n",
        "utf-8",
    )
    a = load_article(f)
    assert a.id == "ferrow-kilnstone"
    assert a.title == "Ferrow and Kilnstone agree compute deal"
    assert a.text.startswith("Ferrow and Kilnstone agree compute deal\nUpdated March 4, 2024\n")
    assert "Summary" not in a.text
    assert a.published == dt.date(2024, 3, 4)
    assert a.source_path == str(f)
    assert load_article(f, id="custom").id == "custom"


def test_load_article_html_by_extension_and_by_content(tmp_path: Path) -> None:
    src = (SITE / "harbor-merger.html").read_bytes()
    (tmp_path / "page.htm").write_bytes(src)
    (tmp_path / "page.dat").write_bytes(src)
    for name in ("page.htm", "page.dat"):
        a = load_article(tmp_path / name, url="https://docksidetech.test/x")
        assert a.id == "page"
        assert "Harbor Analytics has agreed to acquire Quayside Robotics" in a.text
        assert "Flintmail" not in a.text
    assert looks_like_html(src)
    assert not looks_like_html(b'A text with a stray <img src="x"> tag.')


def test_load_article_bytes() -> None:
    a = load_article(b"Brask Oy sold its ferry unit to Norrline for 40 million euros.\nMore text.")
    assert a.id.startswith("doc-")
    assert a.text.startswith("Brask Oy sold its ferry unit")


def test_load_article_invalid_utf8_is_decoded_by_detection(tmp_path: Path) -> None:
    text = (
        "Café Numérique said on Monday it would buy Légende for €18 million – a “strategic” step.\n"
    )
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode("cp1252") * 3)
    a = load_article(f)
    assert (
        'Café Numérique said on Monday it would buy Légende for €18 million – a "strategic" step.'
        in a.text
    )
    assert a.meta["encoding"] == "cp1252"
    u16 = tmp_path / "wide.txt"
    u16.write_bytes(text.encode("utf-16"))
    assert "Légende" in load_article(u16).text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binary file \\(PNG image\\)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file \\(PDF document\\)"),
        (b"text then \x00\x00\x00 nul bytes", "NUL bytes"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "control bytes"),
        (b"<html><body><script>var x = 1;</script></body></html>", "no (article )?text"),
        (b"<!-- only a comment -->\n&nbsp;\n", "no text left"),
    ],
)
def test_load_article_bad_inputs(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_article(f)


def test_load_article_size_limit_and_missing_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (clean.MAX_INPUT_BYTES // 5 + 1))
    with pytest.raises(InputError, match="over the 5,242,880-byte limit"):
        load_article(big)
    with pytest.raises(InputError, match="over the"):
        load_article(b"x" * (clean.MAX_INPUT_BYTES + 1))
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path)  # a directory


def test_iter_articles_yields_errors_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Vellum Corp bought Ink Ltd for $3 million on Tuesday.\n")
    (tmp_path / "b.txt").write_bytes(b"")
    results = list(clean.iter_articles([tmp_path / "b.txt", tmp_path / "a.txt"]))
    assert isinstance(results[0], InputError)
    assert results[1].id == "a"  # type: ignore[union-attr]


def test_share_buttons_glued_into_a_line_are_removed_but_company_names_stay() -> None:
    from pipeline.clean import clean_text

    text = (
        "Published: July 4, 2025 Share this article: Facebook Twitter LinkedIn Email Brightforge "
        "won a large order.\nFacebook said it would buy Orrin Data. Twitter | LinkedIn | Email "
        "| Print\nThe deal with LinkedIn was signed by email."
    )
    assert clean_text(text) == (
        "Published: July 4, 2025 Brightforge won a large order.\n"
        "Facebook said it would buy Orrin Data.\n"
        "The deal with LinkedIn was signed by email."
    )


@pytest.mark.parametrize("text", ["<A<A<A", "x <A<A<A y", "Deal signed <b <i <u"])
def test_clean_text_is_idempotent_on_stacked_unclosed_tags(text: str) -> None:
    from pipeline.clean import clean_text

    once = clean_text(text)
    assert clean_text(once) == once
    assert "<" not in once


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("&ampampampap;", ""),  # escaped four times: a lone symbol, no text
        ("AT&amp;amp;amp;amp;T signed", "AT&T signed"),
        ("Vantor&amp;amp;#8217;s deal", "Vantor's deal"),
    ],
)
def test_clean_text_unescapes_to_a_fixed_point(text: str, want: str) -> None:
    from pipeline.clean import clean_text

    once = clean_text(text)
    assert once == want
    assert clean_text(once) == once


def test_clean_text_is_idempotent_when_a_duplicate_hid_a_glued_teaser() -> None:
    from pipeline.clean import clean_text

    line = "Orrin Data said on Monday it agreed to buy Pellwick Labs for 2 billion in cash"
    text = f"{line}\nOr<p>{line[2:]}\n{line}"  # the tag splits a second copy in two
    once = clean_text(text)
    assert clean_text(once) == once
    assert once.endswith(line[2:]) and once.count("Pellwick") == 1


def test_clean_text_drops_lists_of_links_to_other_stories() -> None:
    text = (
        "Quellan agreed to buy Tollan Data for $2 billion, the companies said.\n\n"
        "RELATED COVERAGE\n"
        "Orrin Data to buy Fenwick Analytics for $800 million\n"
        "- Ostrava agrees to acquire Brindle from Kestrel for $3.6 billion\n\n"
        "Related: Harrowgate opens new data centre | Vantor cuts jobs\n"
        "Read more: Why GPU rental prices keep falling\n\n"
        "Related companies said the deal would close in the third quarter.\n"
    )
    out = clean_text(text)
    assert "Quellan agreed to buy Tollan Data" in out
    assert "Related companies said the deal would close" in out  # a sentence, not a label
    for gone in ("Orrin", "Ostrava", "Harrowgate", "GPU rental", "RELATED COVERAGE"):
        assert gone not in out
