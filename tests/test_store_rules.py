"""The pure rules of the store: name normalisation, the same-deal rule, FX conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.store.dedup import DATE_WINDOW_DAYS, Report, date_span, same_deal
from pipeline.store.fx import fx_table, to_usd
from pipeline.store.names import display_name, normalise_name

PARTIES = frozenset({("1", "customer"), ("2", "provider")})


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("Microsoft Corp.", "microsoft"),
        ("microsoft", "microsoft"),
        ("Google's", "google"),
        ("The Walt Disney Company", "waltdisney"),
        ("Nestlé AG", "nestle"),
        ("Nestlé S.A.", "nestlesa"),  # as score.py: dotted "S.A." is two words
        ("Arm Holdings plc", "arm"),
        ("SoftBank Group Corp", "softbank"),
        ("Group", "group"),  # a lone suffix word is kept
        ("X.AI", "xai"),
        ("!!!", ""),
    ],
)
def test_normalise_name(raw: str, norm: str) -> None:
    assert normalise_name(raw) == norm


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Lumen Labs Inc.", "Lumen Labs"),
        ("  Orbital Compute's ", "Orbital Compute"),
        ("Foo Co., Ltd.", "Foo"),
        ("The Inc", "The Inc"),  # stripping would change its key
        ("IBM", "IBM"),
    ],
)
def test_display_name(raw: str, shown: str) -> None:
    assert display_name(raw) == shown


@given(st.text(max_size=40))
def test_display_name_keeps_the_matching_key(name: str) -> None:
    assert normalise_name(display_name(name)) == normalise_name(name)


def _r(**kw) -> Report:  # type: ignore[no-untyped-def]
    base = {"type": "compute", "parties": PARTIES}
    return Report(**{**base, **kw})


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (_r(), _r(), True),
        (_r(), _r(type="purchase"), False),
        (_r(parties=frozenset()), _r(parties=frozenset()), False),
        (_r(), _r(parties=frozenset({("1", "customer")})), False),
        (_r(amount=(1e9, "USD", None)), _r(amount=(1.009e9, "USD", None)), True),
        (_r(amount=(1e9, "USD", None)), _r(amount=(1.02e9, "USD", None)), False),
        (_r(amount=(1e9, "USD", None)), _r(amount=(1e9, "EUR", None)), False),
        (_r(amount=(1e9, "USD", "year")), _r(amount=(1e9, "USD", None)), False),
        (_r(amount=(1e9, "USD", None)), _r(), True),
        (_r(gpu_count=10_000), _r(gpu_count=10_050), True),
        (_r(gpu_count=10_000), _r(gpu_count=12_000), False),
        (_r(gpu_count=10_000), _r(), True),
        (_r(dates=("2024-03-01",)), _r(dates=("2024-04-10",)), True),
        (_r(dates=("2024-03-01",)), _r(dates=("2024-05-01",)), False),
        (_r(dates=("2024-03",)), _r(dates=("2024-05-10",)), True),  # 40 days after March
        (_r(dates=("2024-01-01",)), _r(dates=("2024-09-01", "2024-01-20")), True),
        (_r(dates=("2024-03-01",)), _r(), True),
    ],
)
def test_same_deal_rule(a: Report, b: Report, same: bool) -> None:
    assert same_deal(a, b) is same
    assert same_deal(b, a) is same


def test_date_window_is_configurable() -> None:
    a, b = _r(dates=("2024-03-01",)), _r(dates=("2024-03-11",))
    assert same_deal(a, b, window_days=10)
    assert not same_deal(a, b, window_days=9)
    assert DATE_WINDOW_DAYS == 45


def test_date_span() -> None:
    assert [d.isoformat() for d in date_span("2024-02")] == ["2024-02-01", "2024-02-29"]
    assert [d.isoformat() for d in date_span("2024-02-10")] == ["2024-02-10", "2024-02-10"]
    for bad in ("2024", "2024-13", "2024-02-30", "10/02/2024", ""):
        with pytest.raises(ValueError):
            date_span(bad)


def test_fx_conversion() -> None:
    table = fx_table()
    assert "Federal Reserve" in table.source and "Approximate" in table.source
    usd, year = to_usd(1000.0, "eur", 2024)  # type: ignore[misc]
    assert year == 2024 and usd == pytest.approx(1000 * table.rates[2024]["EUR"])
    assert to_usd(5.0, "USD", 2024) == (5.0, 2024)
    assert to_usd(1.0, "EUR", 1999)[1] == min(table.rates)  # type: ignore[index]
    assert to_usd(1.0, "EUR", 2031)[1] == max(table.rates)  # type: ignore[index]
    assert to_usd(1.0, "EUR", None)[1] == max(table.rates)  # type: ignore[index]
    assert to_usd(1.0, "XTS", 2024) is None
    # Sanity of the shipped table: every year has the main currencies, rates are plausible.
    for rates in table.rates.values():
        assert {"USD", "EUR", "GBP", "JPY", "CNY", "INR"} <= set(rates)
        assert rates["USD"] == 1.0 and 0.9 < rates["EUR"] < 1.3 and 0.005 < rates["JPY"] < 0.01


@pytest.mark.parametrize(
    ("surface", "shown"),
    [
        ("Harris Associates L.P.", "Harris Associates L.P."),  # "L.P." keys as "l p": kept
        ("Philips N.V.", "Philips N.V."),
        ("Eli Lilly and Co", "Eli Lilly and Co"),  # not "Eli Lilly and"
        ("Pesch & Co.", "Pesch & Co"),
        ("Microsoft Corp.", "Microsoft"),
        ("Acme Holdings Inc", "Acme"),
    ],
)
def test_article_names_drop_only_suffixes_the_matching_key_drops(surface: str, shown: str) -> None:
    from pipeline.nlp.orgs import display_name as article_name
    from pipeline.nlp.orgs import org_key

    assert article_name(surface) == shown
    assert org_key(article_name(surface)) == org_key(surface)
