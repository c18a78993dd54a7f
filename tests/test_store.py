"""The deal store on a real SQLite file and a real PostgreSQL server (same tests on both)."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pyarrow.parquet as pq
import pytest
from dbfixtures import compute_deal, db_url, make_article  # noqa: F401
from sqlalchemy import event, text

from pipeline.errors import StoreError
from pipeline.schema import Amount, Deal, Gpus, Party
from pipeline.store import SUMMARY_COLUMNS, Store
from pipeline.store.migrate import head_revision


@pytest.fixture
def store(db_url: str):  # noqa: F811
    with Store(db_url) as s:
        yield s


def _save(store: Store, article, deals, version: str = "v1"):  # type: ignore[no-untyped-def]
    return store.save(article, deals, run_id=None, extractor_version=version)


def test_open_creates_latest_schema(store: Store) -> None:
    assert store.revision() == head_revision()
    counts = store.counts()
    assert {k: v for k, v in counts.items() if k != "fx_rates"} == dict.fromkeys(
        [k for k in counts if k != "fx_rates"], 0
    )
    assert counts["fx_rates"] > 20
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_reopen_is_harmless(db_url: str) -> None:  # noqa: F811
    with Store(db_url) as s:
        _save(s, make_article(1), [compute_deal()])
        before = s.counts()
    with Store(db_url) as s:
        assert s.counts() == before


def test_save_is_idempotent(store: Store) -> None:
    article = make_article(1)
    first = _save(store, article, [compute_deal()])
    counts = store.counts()
    again = _save(store, article, [compute_deal()])
    assert first.status == "inserted" and first.new_deals == 1
    assert again.status == "unchanged" and again.deal_ids == first.deal_ids
    assert store.counts() == counts
    assert counts["articles"] == 1 and counts["deals"] == 1 and counts["deal_mentions"] == 1


def test_two_articles_same_deal_give_one_deal_two_mentions(store: Store) -> None:
    a = make_article(1, published=dt.date(2024, 3, 1))
    b = make_article(2, published=dt.date(2024, 3, 4))
    ra = _save(store, a, [compute_deal("Lumen Labs Inc.", "Orbital Compute", 1_200_000_000)])
    rb = _save(
        store,
        b,
        [compute_deal("lumen labs", "Orbital Compute's", 1_205_000_000, gpus=None)],
    )
    assert rb.deal_ids == ra.deal_ids and rb.merged == 1 and rb.new_deals == 0
    counts = store.counts()
    assert counts["deals"] == 1 and counts["deal_mentions"] == 2
    assert counts["organisations"] == 2
    [row] = store.query()
    assert row["n_sources"] == 2
    assert row["amount_value"] == 1_200_000_000  # from the earliest report
    assert row["gpu_count"] == 20_000  # only the first report states it
    assert row["buyer_side"] == "Lumen Labs"  # display form, suffix dropped
    assert row["seller_side"] == "Orbital Compute"
    assert row["first_article_date"] == "2024-03-01"
    assert row["last_article_date"] == "2024-03-04"


def test_different_deals_are_kept_apart(store: Store) -> None:
    base = compute_deal(date="2024-03-01")
    variants = [
        compute_deal(value=2_000_000_000, date="2024-03-01"),  # amount 67 % higher
        compute_deal(currency="EUR", date="2024-03-01"),  # other currency
        compute_deal(period="month", date="2024-03-01"),  # other period
        compute_deal(deal_type="purchase", date="2024-03-01"),  # other type
        compute_deal("Orbital Compute", "Lumen Labs", date="2024-03-01"),  # roles swapped
        compute_deal(provider="Northwind Cloud", date="2024-03-01"),  # other provider
        compute_deal(date="2024-09-01"),  # six months later
        compute_deal(gpus=50_000, date="2024-03-01"),  # other GPU count
    ]
    ids = {_save(store, make_article(0), [base]).deal_ids[0]}
    for i, deal in enumerate(variants, start=1):
        ids.add(_save(store, make_article(i), [deal]).deal_ids[0])
    assert len(ids) == len(variants) + 1
    assert store.counts()["deals"] == len(variants) + 1


def test_deals_without_parties_are_never_merged(store: Store) -> None:
    lone = Deal(type="investment", amount=Amount(5e6, "USD"))
    _save(store, make_article(1), [lone])
    _save(store, make_article(2), [lone])
    assert store.counts()["deals"] == 2


def test_alias_links_names_of_one_organisation(store: Store) -> None:
    d1 = Deal(
        type="investment",
        parties=[
            Party("Kestrel", "investor", aliases=["Kestrel Ventures Group"]),
            Party("Pebble AI", "investee"),
        ],
        amount=Amount(3e7, "USD"),
    )
    d2 = Deal(
        type="investment",
        parties=[Party("Kestrel Ventures", "investor"), Party("Pebble AI", "investee")],
        amount=Amount(3e7, "USD"),
    )
    r1 = _save(store, make_article(1), [d1])
    r2 = _save(store, make_article(2), [d2])
    assert r1.deal_ids == r2.deal_ids
    assert [r["deal_id"] for r in store.query(org="Kestrel Ventures Group Holdings")] == list(
        r1.deal_ids
    )


def test_reextract_with_newer_version_replaces_facts(store: Store) -> None:
    article = make_article(1)
    old = _save(store, article, [compute_deal(value=1_000_000_000)], "v1")
    new = _save(store, article, [compute_deal(value=7_000_000_000, period=None)], "v2")
    assert new.status == "replaced" and new.removed_deals == 1
    assert new.deal_ids != old.deal_ids
    counts = store.counts()
    assert counts["articles"] == 1 and counts["deals"] == 1 and counts["deal_mentions"] == 1
    [row] = store.query()
    assert row["amount_value"] == 7_000_000_000 and row["period"] is None
    assert store.done_sources("v2") == {article.source_path}
    assert store.done_sources("v1") == set()
    # Saving v2 again is a no-op.
    assert _save(store, article, [compute_deal(value=7e9, period=None)], "v2").status == "unchanged"


def test_reextract_keeps_deal_reported_elsewhere(store: Store) -> None:
    a, b = make_article(1), make_article(2)
    ra = _save(store, a, [compute_deal(gpus=30_000)])
    _save(store, b, [compute_deal(gpus=None)])
    # The newer extractor finds nothing in article 1: the deal stays, with b's facts only.
    rn = _save(store, a, [], "v2")
    assert rn.removed_deals == 0
    counts = store.counts()
    assert counts["deals"] == 1 and counts["deal_mentions"] == 1
    [row] = store.query()
    assert row["deal_id"] == ra.deal_ids[0]
    assert row["n_sources"] == 1 and row["gpu_count"] is None


def test_new_text_for_same_article_replaces_it(store: Store) -> None:
    first = make_article(1, "Quillfeather signed with Lumen Labs. " * 3)
    _save(store, first, [compute_deal()])
    second = make_article(1, "Marigold Systems signed with Lumen Labs. " * 3)
    result = _save(store, second, [compute_deal(provider="Marigold Systems")])
    assert result.status == "replaced"
    assert store.counts()["articles"] == 1
    assert store.search("Marigold")[0]["ext_id"] == "art-1"
    assert store.search("Quillfeather") == []
    [row] = store.query()
    assert row["seller_side"] == "Marigold Systems"


def test_same_file_with_new_text_and_no_url_replaces_it(store: Store) -> None:
    _save(store, make_article(1, "Version one of the text.", url=None), [])
    r = _save(store, make_article(1, "Version two of the text.", url=None), [])
    assert r.status == "replaced"
    assert store.counts()["articles"] == 1 and store.counts()["article_sources"] == 1


def test_exception_mid_save_leaves_nothing_of_the_article(store: Store) -> None:
    _save(store, make_article(0), [compute_deal(customer="Zephyr Data")])
    before = store.counts()
    engine = store._write  # the real engine the store writes with
    seen = {"mentions": 0}

    def fail_on_second_mention(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO DEAL_MENTIONS"):
            seen["mentions"] += 1
            if seen["mentions"] == 2:
                raise RuntimeError("power cut")

    event.listen(engine, "before_cursor_execute", fail_on_second_mention)
    deals = [compute_deal(), compute_deal(customer="Other Buyer")]
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            _save(store, make_article(1), deals)
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_second_mention)
    assert store.counts() == before
    assert store.search("Story") and all(r["ext_id"] == "art-0" for r in store.search("Story"))
    # The same article saves cleanly afterwards.
    assert _save(store, make_article(1), deals).status == "inserted"


@pytest.mark.parametrize(
    ("deal", "message"),
    [
        (compute_deal(value=float("inf")), "not a finite number"),
        (compute_deal(value=float("nan")), "not a finite number"),
        (compute_deal(value=-5), "not a finite number"),
        (compute_deal(currency="dollars"), "not ISO 4217"),
        (compute_deal(period="fortnight"), "unknown period"),
        (compute_deal(deal_type="merger"), "unknown type"),
        (compute_deal(date="March 2024"), "not a YYYY-MM-DD"),
        (compute_deal(date="2024-02-30"), "day is out of range"),
        (compute_deal(span=(10, 99_999)), "outside the text"),
        (compute_deal(confidence=1.5), "confidence"),
        (compute_deal(gpus=-1), "gpu count"),
        (compute_deal(customer="!!!"), "not an organisation name"),
        (compute_deal(evidence="bad\x00byte"), "NUL"),
        (compute_deal(duration_months=2**40), "duration_months"),
    ],
)
def test_bad_deal_is_refused_and_nothing_written(store: Store, deal: Deal, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        _save(store, make_article(1), [compute_deal(), deal])
    assert store.counts()["articles"] == 0 and store.counts()["deals"] == 0


def test_bad_article_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="NUL"):
        _save(store, make_article(1, "text with \x00 inside"), [])
    with pytest.raises(StoreError, match="not valid Unicode"):
        _save(store, make_article(1, "lone \udc80 surrogate"), [])
    with pytest.raises(StoreError, match="extractor_version"):
        _save(store, make_article(1), [], version="")
    assert store.counts()["articles"] == 0


def test_huge_numbers_are_stored_exactly(store: Store) -> None:
    deal = compute_deal(value=9.999999999999999e27, period=None, gpus=2**62)
    _save(store, make_article(1), [deal])
    [row] = store.query()
    assert row["amount_value"] == pytest.approx(9.999999999999999e27)
    assert row["gpu_count"] == 2**62


def test_usd_and_annualised_values(store: Store) -> None:
    _save(
        store,
        make_article(1, published=dt.date(2024, 6, 1)),
        [compute_deal(value=100_000_000, currency="EUR", period="month", gpus=None)],
    )
    _save(
        store,
        make_article(2),
        [
            compute_deal(
                customer="Tallis Bank",
                value=600_000_000,
                period=None,
                duration_months=24,
                gpus=None,
            )
        ],
    )
    _save(
        store,
        make_article(3),
        [compute_deal(customer="Ruby Robotics", value=5e9, currency="XTS", gpus=None)],
    )
    rows = {r["buyer_side"]: r for r in store.query()}
    eur = rows["Lumen Labs"]
    assert eur["annualised_value"] == pytest.approx(1.2e9)
    assert eur["fx_year"] == 2024
    with store.engine.connect() as conn:
        rate = conn.execute(
            text("SELECT usd_per_unit FROM fx_rates WHERE year = 2024 AND currency = 'EUR'")
        ).scalar_one()
    assert eur["amount_usd"] == pytest.approx(1e8 * rate)
    assert eur["annualised_usd"] == pytest.approx(1.2e9 * rate)
    assert eur["usd_per_year"] == pytest.approx(1.2e9 * rate)
    total = rows["Tallis Bank"]
    assert total["annualised_usd"] is None
    assert total["usd_per_year"] == pytest.approx(3e8)  # $600M over 24 months
    unknown = rows["Ruby Robotics"]
    assert unknown["amount_value"] == 5e9 and unknown["amount_usd"] is None


def _three_deals(store: Store) -> None:
    _save(
        store,
        make_article(1, published=dt.date(2024, 1, 10)),
        [compute_deal(value=2e9, period="year", date="2024-01-09")],
    )
    _save(
        store,
        make_article(2, published=dt.date(2024, 5, 2)),
        [
            Deal(
                type="acquisition",
                parties=[Party("Granite Corp", "acquirer"), Party("Pebble AI", "target")],
                amount=Amount(4.5e8, "USD"),
                evidence="Granite Corp bought Pebble AI.",
            )
        ],
    )
    _save(
        store,
        make_article(3, published=dt.date(2024, 8, 20)),
        [
            compute_deal(
                customer="Granite Corp", value=3e7, period="month", gpus=4_096, date="2024-08"
            )
        ],
    )


def test_query_filters(store: Store) -> None:
    _three_deals(store)
    assert len(store.query()) == 3
    assert [r["month"] for r in store.query()] == ["2024-08", "2024-05", "2024-01"]
    granite = store.query(org="granite corporation")
    assert {r["type"] for r in granite} == {"acquisition", "compute"}
    assert store.query(org="Nobody Known") == []
    assert [r["type"] for r in store.query(type="acquisition")] == ["acquisition"]
    assert [r["amount_value"] for r in store.query(min_usd=1e8)] == [4.5e8, 2e9]
    assert [r["amount_value"] for r in store.query(max_usd=5e8)] == [3e7, 4.5e8]
    per_year = store.query(type="compute", min_usd=1e8, per_year=True)
    assert [r["usd_per_year"] for r in per_year] == [pytest.approx(3.6e8), pytest.approx(2e9)]
    assert [r["month"] for r in store.query(since=dt.date(2024, 5, 1))] == ["2024-08", "2024-05"]
    assert [r["month"] for r in store.query(until="2024-05-01")] == ["2024-01"]
    assert [r["month"] for r in store.query(since="2024-05", until="2024-08")] == [
        "2024-08",
        "2024-05",
    ]
    assert len(store.query(limit=1)) == 1
    with pytest.raises(StoreError, match="unknown deal type"):
        store.query(type="merger")
    with pytest.raises(StoreError, match="since"):
        store.query(since="last week")
    with pytest.raises(StoreError, match="not an organisation name"):
        store.query(org="...")


def test_research_sql_runs(store: Store) -> None:
    """The example queries of the README, on both databases."""
    _three_deals(store)
    with store.engine.connect() as conn:
        big = conn.execute(
            text(
                "SELECT deal_id, buyer_side, seller_side, usd_per_year FROM deal_summary "
                "WHERE type = 'compute' AND usd_per_year >= 1e9 ORDER BY usd_per_year DESC"
            )
        ).all()
        suppliers = conn.execute(
            text(
                "SELECT p.organisation AS supplier, c.organisation AS customer, "
                "d.gpu_vendor, d.gpu_model, SUM(d.gpu_count) AS gpus, COUNT(*) AS deals "
                "FROM deals d "
                "JOIN deal_parties_v p ON p.deal_id = d.id AND p.role = 'provider' "
                "JOIN deal_parties_v c ON c.deal_id = d.id AND c.role = 'customer' "
                "WHERE d.type IN ('compute', 'purchase') "
                "AND (d.gpu_count IS NOT NULL OR d.gpu_model IS NOT NULL) "
                "GROUP BY p.organisation, c.organisation, d.gpu_vendor, d.gpu_model "
                "ORDER BY gpus DESC NULLS LAST"
            )
        ).all()
        per_month = conn.execute(
            text(
                "SELECT month, type, COUNT(*) AS deals FROM deal_summary "
                "GROUP BY month, type ORDER BY month, type"
            )
        ).all()
    assert [(r.buyer_side, r.seller_side) for r in big] == [("Lumen Labs", "Orbital Compute")]
    assert [(r.supplier, r.customer, int(r.gpus)) for r in suppliers] == [
        ("Orbital Compute", "Lumen Labs", 20_000),
        ("Orbital Compute", "Granite", 4_096),
    ]
    assert [tuple(r) for r in per_month] == [
        ("2024-01", "compute", 1),
        ("2024-05", "acquisition", 1),
        ("2024-08", "compute", 1),
    ]


def test_exports_read_back(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _three_deals(store)
    _save(store, make_article(9, "An article with no deal in it."), [])
    expected = sorted(store.query(), key=lambda r: r["deal_id"])

    assert store.export(tmp_path / "d.csv", "csv") == 3
    with (tmp_path / "d.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(SUMMARY_COLUMNS)
    assert [int(r["deal_id"]) for r in rows] == [r["deal_id"] for r in expected]
    assert [float(r["amount_value"]) for r in rows] == [r["amount_value"] for r in expected]

    assert store.export(tmp_path / "d.parquet", "parquet") == 3
    table = pq.read_table(tmp_path / "d.parquet")
    assert table.column_names == list(SUMMARY_COLUMNS)
    assert table.to_pylist() == expected

    assert store.export(tmp_path / "d.jsonl", "jsonl") == 4
    lines = [json.loads(x) for x in (tmp_path / "d.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["art-1", "art-2", "art-3", "art-9"]
    assert lines[3]["deals"] == []
    first = lines[0]["deals"][0]
    want = compute_deal(value=2e9, period="year", date="2024-01-09").to_dict()
    assert {k: first[k] for k in want} == want
    assert first["deal_id"] == expected[0]["deal_id"]

    with pytest.raises(StoreError, match="unknown export format"):
        store.export(tmp_path / "d.xml", "xml")  # type: ignore[arg-type]


def test_full_text_search(store: Store) -> None:
    _save(store, make_article(1, "Saffron Grid leases turbines to a data centre in Oslo."), [])
    _save(store, make_article(2, "Nothing to see: a quiet week for chip makers."), [])
    assert [r["ext_id"] for r in store.search("turbines")] == ["art-1"]
    assert [r["ext_id"] for r in store.search("OSLO data")] == ["art-1"]
    assert [r["ext_id"] for r in store.search('chip "makers" (OR) zeppelin*')] == []
    assert [r["ext_id"] for r in store.search("quiet chip")] == ["art-2"]
    assert store.search("zeppelin") == []
    with pytest.raises(StoreError, match="nothing to search"):
        store.search("!!")


def test_runs_errors_and_resume(store: Store) -> None:
    run = store.start_run(extractor_version="v1", models={"ner": "sm-3.8"}, args={"n": 2})
    done = make_article(1)
    store.save(done, [compute_deal()], run_id=run, extractor_version="v1")
    err_id = store.record_error(
        run_id=run, source="/inputs/broken.html", error="binary file\x00", kind="InputError"
    )
    store.finish_run(run, ok=1, failed=1, deals=1)
    assert store.done_sources("v1") == {done.source_path}
    assert store.is_done(done.source_path, "v1")
    assert not store.is_done("/inputs/broken.html", "v1")
    assert not store.is_done(done.source_path, "v2")
    [err] = store.errors(run)
    assert err["id"] == err_id and err["kind"] == "InputError"
    assert err["error"] == "binary file\\x00"
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT ok, failed, deals, finished_at FROM runs")).one()
    assert tuple(row[:3]) == (1, 1, 1) and row[3] is not None
    with pytest.raises(StoreError, match="no run with id"):
        store.finish_run(run + 100, ok=0, failed=0, deals=0)


def test_same_text_from_two_sources_is_one_article(store: Store) -> None:
    a = make_article(1, url=None)
    b = make_article(1, url=None)
    b.source_path = "/mirror/art-1.html"
    _save(store, a, [compute_deal()])
    assert _save(store, b, [compute_deal()]).status == "unchanged"
    assert store.counts()["articles"] == 1
    assert store.done_sources("v1") == {a.source_path, b.source_path}


def test_pages(store: Store) -> None:
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    pid = store.record_page(
        "https://news.example/p", status=200, etag='"abc"', fetched_at=when, raw_path="raw/1"
    )
    again = store.record_page("https://news.example/p", status=304, etag='"abc"')
    assert again == pid and store.counts()["pages"] == 1
    page = store.get_page("https://news.example/p")
    assert page is not None and page["status"] == 304 and page["etag"] == '"abc"'
    assert store.get_page("https://news.example/other") is None
    with pytest.raises(StoreError, match="must not be empty"):
        store.record_page("")


def test_gpu_facts_merge(store: Store) -> None:
    d1 = compute_deal(gpus=None)
    d2 = compute_deal(gpus=None)
    d2.gpus = Gpus(None, "AMD", "MI300X", approximate=True)
    _save(store, make_article(1), [d1])
    _save(store, make_article(2), [d2])
    [row] = store.query()
    assert (row["gpu_count"], row["gpu_vendor"], row["gpu_model"], row["gpu_approximate"]) == (
        None,
        "AMD",
        "MI300X",
        True,
    )


def test_bad_urls_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="unsupported database"):
        Store("mysql://u:p@localhost/x")
    with pytest.raises(StoreError, match="not a database URL"):
        Store("not a url")
