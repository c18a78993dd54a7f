"""The rule stage on sentences of our own: each voice and frame gives the right roles."""

from __future__ import annotations

import pytest

CASES = [
    # (text, type, {name: role}, amount value or None)
    (
        "Vantor Systems Inc said it agreed to acquire Kestrel Robotics for $1.2 billion.",
        "acquisition",
        {"Vantor Systems": "acquirer", "Kestrel Robotics": "target"},
        1.2e9,
    ),
    (
        "Kestrel Robotics was acquired by Vantor Systems Inc for $300 million in cash.",
        "acquisition",
        {"Vantor Systems": "acquirer", "Kestrel Robotics": "target"},
        3e8,
    ),
    (
        "Halvorsen Holdings said it sold its marine sensors unit to Brightwater Capital for 45 mln dlrs.",
        "acquisition",
        {"Halvorsen": "seller", "Brightwater Capital": "acquirer", "marine sensors unit": "target"},
        4.5e7,
    ),
    (
        "Orbital Compute will supply Helix AI with GPU capacity for $1 billion a year.",
        "compute",
        {"Orbital Compute": "provider", "Helix AI": "customer"},
        1e9,
    ),
    (
        "Quillon Labs has agreed to rent computing capacity from Borealis Cloud for $40 million a year.",
        "compute",
        {"Quillon Labs": "customer", "Borealis Cloud": "provider"},
        4e7,
    ),
    (
        "Larkspur AI raised $300 million in a Series C round led by Northgate Capital.",
        "investment",
        {"Larkspur AI": "investee", "Northgate Capital": "investor"},
        3e8,
    ),
    (
        "Northgate Capital and Ashgrove Ventures will invest $50 million in Pellucid Networks.",
        "investment",
        {
            "Northgate Capital": "investor",
            "Ashgrove Ventures": "investor",
            "Pellucid Networks": "investee",
        },
        5e7,
    ),
    (
        "Tessaly Cloud agreed to buy 20,000 Nvidia H100 GPUs from Nvidia for $600 million.",
        "purchase",
        {"Tessaly Cloud": "customer", "Nvidia": "provider"},
        6e8,
    ),
    (
        "Brightwater Labs signed a licensing agreement to use Orrin Data's news archive for $12 million a year.",
        "licensing",
        {"Brightwater Labs": "customer", "Orrin Data": "provider"},
        1.2e7,
    ),
    (
        "Yantra Cloud Ltd ordered 12,000 Nvidia H200 GPUs from Zentra Microsystems for $400 million.",
        "purchase",
        {"Yantra Cloud": "customer", "Zentra Microsystems": "provider"},
        4e8,
    ),
    (
        "Zentra Microsystems said it had received an order from Yantra Cloud for 5,000 servers "
        "worth $90 million.",
        "purchase",
        {"Yantra Cloud": "customer", "Zentra Microsystems": "provider"},
        9e7,
    ),
    (
        "Pellucid Networks will take a 15% stake in Fenwick Analytics for $80 million.",
        "investment",
        {"Pellucid Networks": "investor", "Fenwick Analytics": "investee"},
        8e7,
    ),
    (
        "Pellucid Networks said it bought 2.1 mln Fenwick Analytics common shares, or 51 pct of the total outstanding.",
        "acquisition",
        {"Pellucid Networks": "acquirer", "Fenwick Analytics": "target"},
        None,
    ),
    (
        # an anaphor does not point at a company named only after it
        "A partnership controlled by investor Selma Varga said it had acquired 410,000 shares, "
        "or 6.2 pct, of the common stock of Korvath Instruments Inc, and Pellucid Networks "
        "said it bought the rest.",
        "acquisition",
        {"Pellucid Networks": "acquirer", "Korvath Instruments": "target"},
        None,
    ),
    (
        "Brightwater Financial Corp said it received regulatory approval for its proposed "
        "acquisition of Ostrander Bancorp.",
        "acquisition",
        {"Brightwater Financial": "acquirer", "Ostrander Bancorp": "target"},
        None,
    ),
    (
        # a wire line cut mid-sentence in otherwise one-line-per-paragraph text
        "Halvorsen Marine Partners LP said\nit agreed to acquire Tidewell Pumps Inc for 30 mln dlrs.",
        "acquisition",
        {"Halvorsen Marine Partners": "acquirer", "Tidewell Pumps": "target"},
        3e7,
    ),
]


@pytest.mark.parametrize(("text", "typ", "roles", "value"), CASES, ids=[c[0][:40] for c in CASES])
def test_rules_read_roles_types_and_values(rules_extractor, text, typ, roles, value) -> None:
    deals = rules_extractor.extract(text)
    assert len(deals) == 1, [d.to_dict() for d in deals]
    deal = deals[0]
    assert deal.type == typ
    assert {p.name: p.role for p in deal.parties} == roles
    assert (deal.amount.value if deal.amount else None) == value


NO_DEAL = [
    "Halvorsen Semiconductor reported quarterly revenue of $3.4 billion, up 41% from a year earlier.",
    "Its investors include Northgate Capital and Ashgrove Ventures.",
    "Brightwater Capital denied a report that it was in talks to buy Pellucid Networks.",
    "Vantor Systems opened a data centre in Oslo.\n"
    "Related: Orrin Data to buy Fenwick Analytics for $800 million",
    "Vantor Systems opened a data centre in Oslo.\n\nRELATED COVERAGE\n"
    "Orrin Data to buy Fenwick Analytics for $800 million\n"
    "- Quellan agrees to acquire Tollan from Ostrava for $3.6 billion",
    "Vantor Systems said it plans to spend about $900 million on new data centres next year.",
    "Vantor Systems is racing to expand its Helios Compute supercomputer in Oslo.",
]


@pytest.mark.parametrize("text", NO_DEAL, ids=[t[:40] for t in NO_DEAL])
def test_no_deal_sentences_give_no_deal(rules_extractor, text) -> None:
    assert rules_extractor.extract(text) == []


def test_called_off_deal_is_dropped(rules_extractor) -> None:
    text = (
        "Vantor Systems agreed in March to acquire Kestrel Robotics for $1.2 billion.\n\n"
        "On Friday the two companies said they had terminated the merger agreement after regulators objected."
    )
    assert rules_extractor.extract(text) == []


def test_completed_deal_survives_an_earlier_block(rules_extractor) -> None:
    text = (
        "Vantor Systems closed its acquisition of Kestrel Robotics on Friday.\n\n"
        "A regulator had blocked the original Vantor Systems proposal for Kestrel Robotics in April."
    )
    [deal] = rules_extractor.extract(text)
    assert {p.name: p.role for p in deal.parties} == {
        "Vantor Systems": "acquirer",
        "Kestrel Robotics": "target",
    }


def test_a_named_unit_is_its_name_and_the_parent_sells(rules_extractor) -> None:
    [deal] = rules_extractor.extract(
        "Cobalt Industries Inc said it agreed to acquire the Alder Sensing division of Maplewood Corp."
    )
    target = deal.party("target")[0]
    assert target.name == "Alder Sensing"
    assert deal.party("seller")[0].name == "Maplewood"


def test_amount_in_a_later_sentence_attaches_to_the_deal(rules_extractor) -> None:
    [deal] = rules_extractor.extract(
        "Orbital Compute will supply Helix AI with GPU capacity under a five-year agreement.\n\n"
        "The contract is worth $2.5 billion over its term."
    )
    assert deal.amount is not None and deal.amount.value == 2.5e9
    assert deal.duration_months == 60


def test_respectively_gives_one_deal_per_side(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Northgate Capital and Ashgrove Ventures will invest $40 million and $10 million "
        "respectively in Pellucid Networks."
    )
    got = sorted(
        (d.party("investor")[0].name, d.party("investee")[0].name, d.amount.value)
        for d in deals
        if d.amount
    )
    assert got == [
        ("Ashgrove Ventures", "Pellucid Networks", 10e6),
        ("Northgate Capital", "Pellucid Networks", 40e6),
    ]


def test_follow_on_contracts_between_the_same_sides_are_separate_deals(rules_extractor) -> None:
    text = (
        "Helix AI and Borealis Cloud: two contracts and a stake\n\n"
        "In January, Helix AI signed a three-year contract worth up to $2.4 billion for "
        "computing capacity on Borealis Cloud's GPU platform. Under the same arrangement, "
        "Helix AI received $150 million of Borealis Cloud stock in a private placement.\n\n"
        "In June, the two companies expanded the partnership with a new contract worth "
        "$900 million.\n\n"
        "Separately, Borealis Cloud agreed to buy Tamsin Power for $300 million, but Tamsin "
        "Power shareholders rejected the merger. The failed deal leaves Borealis Cloud short "
        "of power just as Helix AI's contracts grow."
    )
    deals = {
        (d.type, d.amount.value if d.amount else None): {p.name: p.role for p in d.parties}
        for d in rules_extractor.extract(text)
    }
    sides = {"Helix AI": "customer", "Borealis Cloud": "provider"}
    assert deals == {
        ("compute", 2.4e9): sides,
        ("investment", 1.5e8): {"Helix AI": "investor", "Borealis Cloud": "investee"},
        ("compute", 9e8): sides,
    }


def test_merger_of_the_two_companies_names_both(rules_extractor) -> None:
    text = (
        "Ostrander Financial Group said its board and the board of Keel Bancorp agreed to "
        "merge the two companies in a stock swap."
    )
    (deal,) = rules_extractor.extract(text)
    assert deal.type == "acquisition"
    assert {p.name: p.role for p in deal.parties} == {
        "Ostrander Financial": "acquirer",
        "Keel Bancorp": "target",
    }


def test_every_investor_of_a_list_is_a_party(rules_extractor) -> None:
    text = (
        "Pellucid Networks raised $400 million in a Series D round. The investors include "
        "Northgate Capital, Brennan Partners, Halden Asset Management & Research, Kestrel Holdings "
        "and Ashgrove Ventures."
    )
    (deal,) = rules_extractor.extract(text)
    roles = {p.name: p.role for p in deal.parties}
    assert roles.pop("Pellucid Networks") == "investee"
    assert len(roles) == 5 and set(roles.values()) == {"investor"}, roles


def test_respectively_pairs_sides_and_amounts_after_other_figures(rules_extractor) -> None:
    text = (
        "Helix AI has agreed to buy $12 billion of computing capacity from Borealis Cloud, and in "
        "return Northgate Capital and Borealis Cloud will invest $3 billion and $1 billion "
        "respectively in the ChatGPT maker."
    )
    got = {
        (d.type, d.amount.value if d.amount else None): {p.name: p.role for p in d.parties}
        for d in rules_extractor.extract(text)
    }
    assert got[("investment", 3e9)] == {"Northgate Capital": "investor", "OpenAI": "investee"}
    assert got[("investment", 1e9)] == {"Borealis Cloud": "investor", "OpenAI": "investee"}
    assert got[("compute", 1.2e10)] == {"Helix AI": "customer", "Borealis Cloud": "provider"}


def test_buying_a_computing_unit_is_an_acquisition(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Brightwater Capital to buy Orrin Data's cloud computing unit from Orrin Data for $2 billion"
    )
    assert deal.type == "acquisition"
    assert {p.name: p.role for p in deal.parties}["Brightwater Capital"] == "acquirer"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Halvorsen Dynamics Corp of America said it agreed to acquire Tidewell Pumps Inc.",
            "Halvorsen Dynamics Corp of America",
        ),
        (
            "British and Continental Shipping Plc said it agreed to acquire Tidewell Pumps Inc.",
            "British and Continental Shipping",
        ),
        ("Keel Bancorp of Portland said it agreed to acquire Tidewell Pumps Inc.", "Keel Bancorp"),
    ],
)
def test_names_cut_at_of_or_and_are_grown_back(rules_extractor, text, name) -> None:
    (deal,) = rules_extractor.extract(text)
    assert {p.name: p.role for p in deal.parties} == {name: "acquirer", "Tidewell Pumps": "target"}


def test_a_company_ner_took_for_a_place_is_read_from_context(rules_extractor) -> None:
    (deal,) = rules_extractor.extract("Tessera bought photonics start-up Lumio for $350 million.")
    assert {p.name: p.role for p in deal.parties} == {"Tessera": "acquirer", "Lumio": "target"}


def test_investors_including_a_list(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Nimbus Labs has raised $600 million from investors including Sequoia Capital and "
        "Index Ventures."
    )
    assert {p.name: p.role for p in deal.parties} == {
        "Nimbus Labs": "investee",
        "Sequoia Capital": "investor",
        "Index Ventures": "investor",
    }


@pytest.mark.parametrize(
    "text",
    [
        "LONDON (Reuters) - Vantor Systems agreed to buy Kestrel Robotics for $2 billion.",
        "Vantor Systems agreed to buy Kestrel Robotics for $2 billion, according to Bloomberg.",
        "Vantor Systems told Reuters it agreed to buy Kestrel Robotics for $2 billion.",
        "Vantor Systems agreed to buy Kestrel Robotics. The Financial Times valued the deal at "
        "$2 billion.",
    ],
)
def test_a_news_outlet_that_reports_is_not_a_party(rules_extractor, text) -> None:
    (deal,) = rules_extractor.extract(text)
    assert {p.name: p.role for p in deal.parties} == {
        "Vantor Systems": "acquirer",
        "Kestrel Robotics": "target",
    }
    assert deal.amount is not None and deal.amount.value == 2e9


def test_a_news_outlet_that_licenses_its_archive_is_a_party(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Zephyr AI said it had licensed Reuters' news archive to train its models, in a deal "
        "worth $12 million a year."
    )
    assert deal.type == "licensing"
    assert {p.name: p.role for p in deal.parties} == {
        "Zephyr AI": "customer",
        "Reuters": "provider",
    }
    assert (deal.amount.value, deal.amount.period) == (1.2e7, "year")


def test_a_place_that_describes_the_next_company_is_not_a_party(rules_extractor) -> None:
    doc = rules_extractor.nlp(
        "Helix AI and Abu Dhabi investment firm Qorvane Capital agreed to invest $10 billion in "
        "Tessellate AI."
    )
    names = {m.name for m in doc._.orgs}
    assert "Qorvane Capital" in names and "Abu Dhabi" not in names
    for deal in doc._.deals:
        assert "Abu Dhabi" not in {p.name for p in deal.parties}


def test_an_adverb_further_does_not_split_a_deal(rules_extractor) -> None:
    text = (
        "Vantor Systems to buy Kestrel Robotics for $1.2 billion\n\n"
        "Vantor Systems said it had agreed to acquire Kestrel Robotics for $1.2 billion in cash, "
        "as the software group pushes further into robots. It also signed another deal worth "
        "$1.2 billion with Kestrel Robotics last year."
    )
    deals = rules_extractor.extract(text)
    acquisitions = [d for d in deals if d.type == "acquisition"]
    assert len(acquisitions) == 1, [d.to_dict() for d in deals]


@pytest.mark.parametrize(
    "name",
    [
        "google-spacex",
        "sample-borealis-quillon",
        "sample-larkspur-funding",
        "sample-vantor-kestrel",
    ],
)
def test_each_deal_sample_gives_exactly_one_deal(rules_extractor, name) -> None:
    from pathlib import Path

    from pipeline.clean import load_article

    (path,) = (Path(__file__).resolve().parent.parent / "data" / "raw").glob(name + ".*")
    assert len(rules_extractor.extract_article(load_article(path))) == 1


def test_a_round_co_led_by_two_investors(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Helios Robotics said on Thursday it had raised $220 million in a Series C round "
        "co-led by Atlas Ventures and Northwind Capital."
    )
    assert deal.type == "investment" and deal.amount.value == 2.2e8
    assert {p.name: p.role for p in deal.parties} == {
        "Helios Robotics": "investee",
        "Atlas Ventures": "investor",
        "Northwind Capital": "investor",
    }


def test_a_group_led_by_someone_is_no_round(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "A shareholder group led by Northwind Capital said it bought 208,800 shares of "
        "Kestrel Robotics Inc, or 13.7 pct of the total outstanding."
    )
    assert [d.type for d in deals] == ["acquisition"]


def test_participants_of_a_round_are_investors(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Pellucid Networks said it had raised $90 million in a Series B round led by Northgate "
        "Capital, with participation from existing investors Ashgrove Ventures and Brennan "
        "Partners."
    )
    assert {p.name: p.role for p in deal.parties} == {
        "Pellucid Networks": "investee",
        "Northgate Capital": "investor",
        "Ashgrove Ventures": "investor",
        "Brennan Partners": "investor",
    }


def _roles_by_type(extractor, text: str) -> dict[str, dict[str, str]]:
    return {d.type: {p.name: p.role for p in d.parties} for d in extractor.extract(text)}


def test_a_full_frame_outvotes_a_background_mention(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Orrin Media Corp said it has completed the acquisition of Tamsin Cable Inc from "
        "Halden Inc. Orrin Media was spun off from Halden in 1986.",
    )
    assert deals["acquisition"]["Orrin Media"] == "acquirer"


def test_named_targets_fill_in_described_ones(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Vantor Systems Inc said it signed a letter of intent to buy two subsidiaries of Halden "
        "Inc. The company said it plans to acquire Tidewell Pumps Corp and Kestrel Robotics Inc."
    )
    assert len(deals) == 1, [d.to_dict() for d in deals]
    roles = {p.name: p.role for p in deals[0].parties}
    assert roles["Vantor Systems"] == "acquirer" and roles["Tidewell Pumps"] == "target"


def test_an_offer_launched_by_a_bidder_is_for_the_company_that_answers(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Keel Bancorp said its board would study the tender offer launched by Ostrander "
        "Financial Corp for all its shares.",
    )
    assert deals["acquisition"] == {"Ostrander Financial": "acquirer", "Keel Bancorp": "target"}


def test_datelines_and_currency_codes_are_not_parties(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "SAN JOSE, Calif. - Vantor Systems Inc said it will buy capacity from Borealis Cloud, "
        "committing KRW 3.35 trillion over eight years."
    )
    assert {p.name for p in deal.parties} == {"Vantor Systems", "Borealis Cloud"}


def test_a_hedge_on_the_same_figure_in_the_body_makes_the_headline_amount_approximate(
    rules_extractor,
) -> None:
    (deal,) = rules_extractor.extract(
        "Borealis Cloud signs $1.5bn GPU lease with Helix AI\n\n"
        "Helix AI has agreed to rent GPUs from Borealis Cloud. The contract is worth roughly "
        "$1.5 billion over four years."
    )
    assert deal.amount.value == 1.5e9 and deal.amount.approximate is True


def test_a_suffix_before_and_ends_a_name(rules_extractor) -> None:
    doc = rules_extractor.nlp(
        "Halden Development Corp and Tidewell Inc said they agreed to terms for the sale."
    )
    names = {m.name for m in doc._.orgs}
    assert {"Halden Development", "Tidewell"} <= names


def test_the_buyer_of_a_sale_can_hang_on_the_governing_verb(rules_extractor) -> None:
    # "to Y" attaches to "completed", not to "sale"; "raised its offer to ..." names no side
    (deal,) = rules_extractor.extract(
        "Pemberton Industries said its Corvel Media unit completed the sale of KTLX Radio "
        "to Ashdown Broadcasting Inc for 120 mln dlrs."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert roles.get("Ashdown Broadcasting") == "acquirer"
    assert roles.get("KTLX Radio") == "target"
    (offer,) = rules_extractor.extract(
        "Marlow Petroleum Inc said Tennant Energy Corp has raised its offer for Marlow stock "
        "to one Tennant share for each Marlow share."
    )
    assert {p.name: p.role for p in offer.parties}.get("Tennant Energy") != "target"


def test_a_named_asset_is_one_target_and_a_savings_and_loan_is_one_name(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Harwick Leisure Corp said it completed the acquisition of the Silver Crest Resort Hotel "
        "in Reno from Crestline Inc."
    )
    assert {p.name: p.role for p in deal.parties}.get("Silver Crest Resort Hotel") == "target"
    (bank,) = rules_extractor.extract(
        "Pinewood Financial LP said it acquired Harbor Point Savings and Loan Association of "
        "Tacoma for 30 mln dlrs."
    )
    (target,) = [p.name for p in bank.parties if p.role == "target"]
    assert target.startswith("Harbor Point Savings and Loan Association")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Fairmont Tools Inc said it agreed to sell its retail hardware division to Norcross "
            "Supply Co for 18 mln dlrs.",
            "retail hardware division",
        ),
        (
            "Calloway Brands Inc said it completed the acquisition of the Belmont Snack Foods "
            "Division from Pickering Mills Co for 90 mln dlrs.",
            "Belmont Snack Foods Division",
        ),
        (
            "Harlan Systems Inc said it agreed to sell its Corvex Instruments unit to Tamsin "
            "Holdings for 40 mln dlrs.",
            "Corvex Instruments",
        ),
    ],
)
def test_a_unit_is_named_as_the_text_names_it(rules_extractor, text: str, target: str) -> None:
    (deal,) = rules_extractor.extract(text)
    assert [p.name for p in deal.parties if p.role == "target"] == [target]


def test_a_merger_approved_into_a_buyer_and_a_conditional_termination(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Tolland Instruments Inc said its shareholders approved a merger into Brackley PLC "
        "for 32 dlrs per share."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert roles == {"Brackley": "acquirer", "Tolland Instruments": "target"}
    # "either party may terminate": a possibility, not a deal called off
    (kept,) = rules_extractor.extract(
        "Corwin Freight Inc said it agreed to acquire Delmar Logistics for 60 mln dlrs.\n\n"
        "If the acquisition does not close by June 30, either party may terminate the agreement."
    )
    assert kept.type == "acquisition"
    assert (
        rules_extractor.extract(
            "Corwin Freight Inc said it agreed to acquire Delmar Logistics for 60 mln dlrs.\n\n"
            "The two companies later terminated the agreement."
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "typ", "roles"),
    [
        (
            "Marrick Oil Plc said it paid about 4.1 mln dlrs for 7.5 pct of Tenbury Energy Corp.",
            "investment",
            {"Marrick Oil": "investor", "Tenbury Energy": "investee"},
        ),
        (
            "Ostrava Holdings will pay 210 mln dlrs for the frozen foods business of Pellam "
            "Brands Inc.",
            "acquisition",
            {
                "Ostrava": "acquirer",
                "frozen foods business": "target",
                "Pellam Brands": "seller",
            },
        ),
        (
            "Helix AI will pay Borealis Cloud $2 billion for GPU capacity over five years.",
            "compute",
            {"Helix AI": "customer", "Borealis Cloud": "provider"},
        ),
    ],
)
def test_paying_for_a_stake_a_unit_or_capacity(rules_extractor, text, typ, roles) -> None:
    (deal,) = rules_extractor.extract(text)
    assert deal.type == typ
    assert {p.name: p.role for p in deal.parties} == roles


def test_a_unit_with_a_proper_name_is_that_name(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Keswick Partners is paying $640 million for the Larch Storage business of Halden Corp."
    )
    assert {p.name: p.role for p in deal.parties}.get("Larch Storage") == "target"


def test_a_limited_partnership_and_a_deal_told_again_are_no_new_deals(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Tamsin Capital LP said it completed the sale of Orrin Foods Inc to Vesper Group for "
        "300 mln dlrs.\n\nTamsin Capital is a limited partnership led by Tamsin Holdings Inc.\n\n"
        "Analysts said Orrin had been for sale for months before a deal was struck with Vesper."
    )
    assert [d.type for d in deals] == ["acquisition"]


def test_names_opened_by_a_corporate_word_and_suffix_runs(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Banco Ribeira signed a letter of intent with Halstead Bank to purchase its Portuguese "
        "affiliate Credimar SA, the bank said."
    )
    assert {p.name: p.role for p in deal.parties}.get("Banco Ribeira") == "acquirer"
    doc = rules_extractor.nlp(
        "Tarrant Holdings Ltd said it sold 30 mln shares in the Kelso Printing Corp Plc and "
        "10 mln in Dunmore Plc."
    )
    names = {m.text for m in doc._.orgs}
    assert "Kelso Printing Corp Plc" in names and "Plc" not in names


def test_shares_sold_in_a_company_named_on_the_verb(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Marwick Group Plc has sold 6.1 mln shares in Tolland Stores Plc through a broker."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert roles.get("Tolland Stores") == "target" and roles.get("Marwick") == "seller"


def test_the_other_side_of_an_agreement_to_buy_sells(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Wexford Engineering Plc said it reached agreement with Calder Industries Inc to acquire "
        "the whole share capital of Penrith Castings Co for 9.5 mln dlrs cash."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert roles == {
        "Wexford Engineering": "acquirer",
        "Penrith Castings": "target",
        "Calder Industries": "seller",
    }


def test_a_possible_sale_is_no_deal_and_a_passive_subject_is_bought(rules_extractor) -> None:
    assert (
        rules_extractor.extract(
            "Additional common shares of Tarvin Mining may be sold or purchased by Ostlund "
            "Holdings, depending upon market conditions, Ostlund said."
        )
        == []
    )
    (deal,) = rules_extractor.extract(
        "Garnet Steel Corp's rolling mill in Fresno has been purchased by Wrenfield Metals Inc "
        "for 16 mln dlrs."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert roles.get("Wrenfield Metals") == "acquirer" and roles.get("Garnet Steel") == "seller"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # boards act for their companies; sides of "agree to merge" named alike
            "Orrin Data said that its board and the board of Pellwick Corp have approved a "
            "definitive agreement to merge.",
            {"Orrin Data": "acquirer", "Pellwick": "target"},
        ),
        (  # the possessor of a proposal to merge proposes it
            "Halden Tool Co said its counter proposal to merge with Brightforge Corp was still "
            "under consideration.",
            {"Halden Tool": "acquirer", "Brightforge": "target"},
        ),
        (  # a disposition is a sale
            "Vantor Systems said it completed the disposition of its robotics division to "
            "Kestrel Partners Inc.",
            {
                "Kestrel Partners": "acquirer",
                "robotics division": "target",
                "Vantor Systems": "seller",
            },
        ),
        (  # merging one's own unit into another company sells it
            "Larkspur Group said it merged its wholly owned subsidiary, Tidewell Pumps Inc, into "
            "Orrin Data Corp.",
            {"Orrin Data": "acquirer", "Tidewell Pumps": "target", "Larkspur": "seller"},
        ),
        (  # "the merger of X with Y": the one named first is the acquirer
            "Pellwick Corp said its shareholders approved the merger of Pellwick with "
            "Brightforge Inc.",
            {"Pellwick": "acquirer", "Brightforge": "target"},
        ),
        (  # "the company" that "it" would acquire is not "it"
            "Ostrander Financial Corp said it already holds 9 pct of Keel Bancorp and hopes to "
            "succeed in acquiring the company.",
            {"Ostrander Financial": "acquirer", "Keel Bancorp": "target"},
        ),
    ],
)
def test_merger_and_sale_sides(rules_extractor, text: str, want: dict[str, str]) -> None:
    deals = _roles_by_type(rules_extractor, text)
    got = deals.get("acquisition", {})
    assert {n: got.get(n) for n in want} == want, deals


def test_a_rejected_offer_is_still_an_offer(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Keel Bancorp said its board rejected a 28 dlr a share takeover offer by Ostrander "
        "Financial Corp as inadequate.",
    )
    assert deals == {"acquisition": {"Ostrander Financial": "acquirer", "Keel Bancorp": "target"}}


def test_a_board_that_studies_an_offer_answers_it(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Keel Bancorp said its board would study the tender offer launched by Ostrander "
        "Financial Corp for all its shares.",
    )
    assert deals["acquisition"] == {"Ostrander Financial": "acquirer", "Keel Bancorp": "target"}


def test_a_name_after_initials_is_one_company() -> None:
    from pipeline.nlp.orgs import cluster_names, default_gazetteer

    clusters = cluster_names(["J.R. Halden Co", "Halden", "Brightforge Inc"], default_gazetteer())
    assert clusters["halden"] is clusters["jrhalden"]
    assert clusters["jrhalden"].name == "J.R. Halden"
    # the last word of one two-word name is that company; of two, neither; a generic word
    # ("Pacific", "Energy") stands for none
    two = cluster_names(["Eastman Halden Co", "Halden"], default_gazetteer())
    assert two["halden"] is two["eastmanhalden"]
    kg = cluster_names(["Kurt A. Halden GmbH and Co", "Halden"], default_gazetteer())
    assert kg["halden"] is kg["kurtahaldengmbhand"]
    both = cluster_names(
        ["Orrin Pacific Corp", "Tamsin Pacific Inc", "Pacific"], default_gazetteer()
    )
    assert both["pacific"] not in (both["orrinpacific"], both["tamsinpacific"])
    amb = cluster_names(["Orrin Halden Corp", "Tamsin Halden Inc", "Halden"], default_gazetteer())
    assert amb["halden"] not in (amb["orrinhalden"], amb["tamsinhalden"])


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # the governor of "an agreement to purchase" sits behind a preposition
            "Tidewell Travel Corp said it has entered into an agreement to purchase Orrin Life "
            "Insurance Co for about 400,000 dlrs.",
            {"Tidewell Travel": "acquirer", "Orrin Life Insurance": "target"},
        ),
        (  # "its" is its own clause's subject, not the reporting company
            "Keel Petroleum Services Inc said Halden International Inc has doubled its offer for "
            "Keel stock.",
            {"Halden International": "acquirer", "Keel Petroleum Services": "target"},
        ),
        (  # a buyer acting through its unit
            "Brightforge Industries Inc said the sale of its pump unit to a subsidiary of "
            "Pellwick Engineering Group PLC will close this month.",
            {"Pellwick Engineering": "acquirer", "Brightforge Industries": "seller"},
        ),
        (  # names with "Bank of <place>" and "... Works" are companies
            "Bank of Halden Corp said it agreed to acquire Larkspur Works.",
            {"Bank of Halden": "acquirer", "Larkspur Works": "target"},
        ),
    ],
)
def test_buyers_behind_clauses_and_units(rules_extractor, text: str, want: dict[str, str]) -> None:
    deals = _roles_by_type(rules_extractor, text)
    got = deals.get("acquisition", {})
    assert {n: got.get(n) for n in want} == want, deals


def test_a_title_case_headline_verb_ends_a_bank_name(rules_extractor) -> None:
    doc = rules_extractor.nlp("Bank of Halden Signs Deal With Orrin")
    assert "Bank of Halden" in {m.name for m in doc._.orgs}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # a line that ends in "of" goes on in the next, capital or not
            "Pellwick Bancshares Inc\nsaid it has completed the acquisitions of\n"
            "Orrin Bancorp of West Virginia Inc and Halden Bancorp Inc.\n",
            {
                "Pellwick Bancshares": "acquirer",
                "Orrin Bancorp of West Virginia": "target",
                "Halden Bancorp": "target",
            },
        ),
        (  # "to the newly formed Y": the parse lost the preposition's object
            "Larkspur Line Corp said it agreed to sell its Tidewell Transportation Division to the "
            "newly formed Orrin Central Ltd.",
            {"Orrin Central": "acquirer", "Larkspur Line": "seller"},
        ),
        (
            "Halden Oil Corp is apparently the successful bidder for debt-laden Pellwick "
            "Petroleum Ltd, according to a published report.",
            {"Halden Oil": "acquirer", "Pellwick Petroleum": "target"},
        ),
    ],
)
def test_lines_names_and_bidders(rules_extractor, text: str, want: dict[str, str]) -> None:
    deals = _roles_by_type(rules_extractor, text)
    got = deals.get("acquisition", {})
    assert {n: got.get(n) for n in want} == want, deals


def test_of_a_city_without_a_suffix_is_where_a_bank_is(rules_extractor) -> None:
    doc = rules_extractor.nlp(
        "Orrin Financial Corp said it agreed to buy Halden Bancorp of Portland."
    )
    names = {m.name for m in doc._.orgs}
    assert "Halden Bancorp" in names and "Halden Bancorp of Portland" not in names


def test_a_line_ending_mid_phrase_is_joined() -> None:
    from pipeline.nlp.components import unwrap_hard_wraps

    text = "Acme Corp\nsaid it bought all of\nHalden Inc.\nA new paragraph"
    out = unwrap_hard_wraps(text)
    assert out == "Acme Corp said it bought all of Halden Inc.\nA new paragraph"
    assert len(out) == len(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # "und" joins a German name as "and" does
            "Halden KGaA said it agreed to sell Brunner und Kessel GmbH, its machine tools unit, "
            "to Orrin Hamburg AG.",
            {"Orrin Hamburg": "acquirer", "Brunner und Kessel": "target", "Halden": "seller"},
        ),
        (  # "its" in the offer Y accepted is the bidder
            "Tidewell Corp said Pellwick Housing Corp has accepted its previously announced "
            "acquisition offer.",
            {"Tidewell": "acquirer", "Pellwick Housing": "target"},
        ),
        (  # "their merger": both subjects
            "Orrin Data Corp and Larkspur Systems Inc said their merger will be completed "
            "tomorrow.",
            {"Orrin Data": "acquirer", "Larkspur Systems": "target"},
        ),
    ],
)
def test_possessives_of_offers_and_mergers(
    rules_extractor, text: str, want: dict[str, str]
) -> None:
    deals = _roles_by_type(rules_extractor, text)
    got = deals.get("acquisition", {})
    assert {n: got.get(n) for n in want} == want, deals


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # "offer N dlrs a share for Y" is a bid
            "Orrin Tasman Ltd said it will offer 4.15 dlrs a share cash for all the issued capital "
            "of Halden Ltd.",
            {"Orrin Tasman": "acquirer", "Halden": "target"},
        ),
        (
            "Pellwick Capital Inc said it had offered 145 dlrs for each of Larkspur "
            "Broadcasting's 9.2 mln outstanding shares.",
            {"Pellwick Capital": "acquirer", "Larkspur Broadcasting": "target"},
        ),
    ],
)
def test_bids_by_verb(rules_extractor, text: str, want: dict[str, str]) -> None:
    deals = _roles_by_type(rules_extractor, text)
    got = deals.get("acquisition", {})
    assert {n: got.get(n) for n in want} == want, deals


@pytest.mark.parametrize(
    "text",
    [
        "Orrin Data offers GPU capacity to startups for $2 an hour.",  # no bid: a sale
        "Halden Inc on Tuesday rejected a newspaper report that Pellwick Corp had offered "
        "about $2.6 billion for the company, saying it had received no proposal.",
    ],
)
def test_offers_that_are_no_bids(rules_extractor, text: str) -> None:
    assert "acquisition" not in _roles_by_type(rules_extractor, text)


def test_short_wire_lines_cut_mid_clause_are_hard_wrapped() -> None:
    from pipeline.nlp.components import is_hard_wrapped

    wire = [
        "Orrin Technology Ltd said it",
        "exchanged 4.5 mln common shares for 21 pct of privately owned",
        "Halden Semiconductor Corp of Santa Clara, Calif.",
        "    Following the acquisition, an Orrin spokesman said, the",
        "company has 6.5 mln shares outstanding.",
        " Reuter",
    ]
    page = [
        "Orrin signs cloud deal with Halden",
        "Image: company handout",
        "Orrin has committed to spend $2 billion with Halden over five years.",
        "Continue reading below",
        "Shares of Halden rose 1.2% in early trading.",
    ]
    assert is_hard_wrapped(wire) and not is_hard_wrapped(page)


def test_a_unit_named_right_after_its_unit_word_is_the_target(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Orrin International Inc said it has completed the sale of its South African "
        "subsidiary Halden Pty Ltd to a consortium of European investors.",
    )
    assert deals["acquisition"].get("Halden") == "target", deals
    assert deals["acquisition"].get("Orrin International") == "seller", deals


def test_bodies_that_rule_on_deals_are_not_parties() -> None:
    from pipeline.nlp.orgs import default_gazetteer

    gaz = default_gazetteer()
    assert gaz.is_not_party("Interstate Commerce Commission")
    assert gaz.is_not_party("New Hampshire Supreme Court")
    assert not gaz.is_not_party("Orrin Commission Inc")  # a company with a suffix
    assert not gaz.is_not_party("Commission")  # a lone word is left to the other rules


def test_a_stake_and_share_purchases_by_one_buyer_are_one_deal(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Orrin Capital Inc said it raised its stake in Halden Corp to 9.1 pct of the total "
        "outstanding. Orrin said it bought 235,750 Halden shares in the open market."
    )
    assert len(deals) == 1, [d.to_dict() for d in deals]
    assert {p.name: p.role for p in deals[0].parties} == {
        "Orrin Capital": "acquirer",
        "Halden": "target",
    }


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Pellwick Life's 538 mln dlr purchase of a 13 pct stake in Orrin Data Inc was "
         "approved.", "investment"),
        ("Pellwick Life's purchase of a 51 pct stake in Orrin Data Inc was approved.",
         "acquisition"),
        # a working interest in a field is an asset bought, not a stake in a company
        ("Halden Oil said it closed the acquisition of a 47 pct working interest in the Tamsin "
         "oil field from Orrin Petroleum Co for 22.5 mln dlrs.", "acquisition"),
    ],
)  # fmt: skip
def test_a_noun_purchase_of_a_minority_stake_is_an_investment(
    rules_extractor, text: str, typ: str
) -> None:
    assert [d.type for d in rules_extractor.extract(text)] == [typ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # the other side of the pact beside an acquisition sells
            "Halden Group Inc said it and Orrin Air Corp agreed to move up the completion date "
            "of Orrin's acquisition of Tamsin Airways to April 30.",
            {"Orrin Air": "acquirer", "Tamsin Airways": "target", "Halden": "seller"},
        ),
        (  # a buyout by X: the subject that agrees to it is bought
            "Larkspur Industries agreed to a leveraged buyout by Pellwick Capital Partners.",
            {"Pellwick Capital Partners": "acquirer", "Larkspur Industries": "target"},
        ),
        (  # passive: "its" is the doer in the by-phrase
            "Tidewell Candies was acquired by Orrin Foods in its acquisition of Halden Grain Co "
            "in 1986.",
            {"Orrin Foods": "acquirer", "Halden Grain": "target"},
        ),
    ],
)
def test_pacts_buyouts_and_passive_possessives(
    rules_extractor, text: str, want: dict[str, str]
) -> None:
    deals = rules_extractor.extract(text)
    got = [{p.name: p.role for p in d.parties} for d in deals if d.type == "acquisition"]
    assert any({n: g.get(n) for n in want} == want for g in got), got


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Orrin Bancorp and Halden Financial Group agreed to merge in a transaction which "
         "would create a 23 billion dlr asset bank holding company.", None),
        ("Pellwick Corp agreed to buy ten restaurants from Tamsin Foods Inc. The price includes "
         "1.25 mln dlrs in cash and company stock.", 1_250_000),
    ],
)  # fmt: skip
def test_money_that_sizes_a_company_is_no_deal_value(rules_extractor, text, value) -> None:
    deals = rules_extractor.extract(text)
    assert [d.amount.value if d.amount else None for d in deals] == [value]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # "into Z" hung on the parent's name
            "Orrin International Inc set a date for holders to vote on the proposed merger of "
            "Tamsin Acquiring Corp, a wholly-owned subsidiary of Tamsin Holdings Inc into Orrin.",
            {"Orrin International": "acquirer", "Tamsin Acquiring": "target"},
        ),
        (  # an apposition's conjuncts are targets too
            "Pellwick Union Corp said it completed the acquisition of two Florida-based banks, "
            "North Halden Bank, based in North Halden, and City Larkspur Bank, based in Sarasota.",
            {
                "Pellwick Union": "acquirer",
                "North Halden Bank": "target",
                "City Larkspur Bank": "target",
            },
        ),
    ],
)
def test_mergers_into_and_listed_targets(rules_extractor, text: str, want: dict[str, str]) -> None:
    deals = _roles_by_type(rules_extractor, text)
    got = deals.get("acquisition", {})
    assert {n: got.get(n) for n in want} == want, deals


def test_warrants_to_purchase_shares_are_no_deal(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Halden Industries Inc said it agreed to sell its Orrin unit to Tamsin PLC for 400 mln "
        "dlrs and warrants to purchase two mln Tamsin ordinary shares."
    )
    assert (
        len(deals) == 1 and {p.name: p.role for p in deals[0].parties}.get("Tamsin") == "acquirer"
    )


def test_a_share_price_told_again_as_a_total_is_the_deal_value(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Orrin Corp said it agreed to buy five mln shares, or 56 pct, of Halden Lace Co Ltd for "
        "3.28 dlrs a share, or 16.5 mln dlrs."
    )
    assert [d.amount.value if d.amount else None for d in deals] == [16_500_000]


def test_the_offer_told_of_later_carries_the_value(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Orrin Holdings Ltd said it proposed to make a formal takeover offer for all the issued "
        "capital of Halden Ltd. Orrin said it would offer one share for every two Halden shares. "
        "The scrip offer values Halden at about 110 mln dlrs, based on Orrin's current price."
    )
    assert [d.amount.value if d.amount else None for d in deals] == [110_000_000]


def test_an_abbreviation_in_brackets_is_the_same_company(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Orrin Tasman Ltd (OTL) said it will offer 4.15 dlrs a share cash for all the issued "
        "capital of Halden Ltd. Alternatively, OTL will offer three shares plus 82 cents cash "
        "for each Halden share."
    )
    assert len(deals) == 1, [d.to_dict() for d in deals]
    assert {p.name: p.role for p in deals[0].parties} == {
        "Orrin Tasman": "acquirer",
        "Halden": "target",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Orrin Acquisition Corp said Halden Banks Inc has committed to lend it 100 mln dlrs "
        "for the acquisition.",
        "Orrin also said it received 310 mln dlrs pursuant to a credit agreement with Halden "
        "Industrial Credit Inc and the Bank of Tamsin.",
    ],
)
def test_lending_is_no_deal(rules_extractor, text: str) -> None:
    assert rules_extractor.extract(text) == []


def test_a_savings_and_loan_merger_is_still_a_deal(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Orrin Federal Savings and Loan Association said it and Halden Savings and Loan "
        "Association reached a definitive merger agreement."
    )
    assert [d.type for d in deals] == ["acquisition"]


def test_the_seller_hung_on_the_thing_bought(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Tamsin Commodities announced the acquisition of Halden Metals of New York from "
        "Orrin Finance Ltd, a unit of the Bank of Larkspur.",
    )
    assert deals["acquisition"].get("Orrin Finance") == "seller", deals


def test_a_supplier_inside_a_clause_on_the_target_is_no_seller(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Tamsin Corp completed the acquisition of Halden Labs, which buys its chips from Orrin "
        "Semiconductor Inc.",
    )
    assert "Orrin Semiconductor" not in deals.get("acquisition", {}), deals


def test_an_acquisition_has_no_term(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Orrin Bancorp said it will acquire the three-branch Halden Bank in a stock swap. "
        "Halden's president agreed to a five-year employment contract with Orrin."
    )
    acq = [d for d in deals if d.type == "acquisition"]
    assert acq and all(d.duration_months is None for d in acq)


@pytest.mark.parametrize(
    "text",
    [
        "Orrin Inc said it acquired the Measurement Division of Halden Corp for an undisclosed "
        "amount. Orrin said the acquisition is expected to increase its annual revenues by about "
        "10 mln dlrs.",
        "Orrin Industries Inc said it agreed to sell its pump business, Halden Engineering Co, "
        "plus a release of Orrin from liability on approximately three mln dlrs of subsidiary "
        "indebtedness.",
    ],
)
def test_revenue_and_debt_figures_are_no_deal_value(rules_extractor, text: str) -> None:
    deals = rules_extractor.extract(text)
    assert deals and all(d.amount is None for d in deals)


def test_selling_all_its_assets_sells_the_company(rules_extractor) -> None:
    deals = _roles_by_type(
        rules_extractor,
        "Orrin Communication Systems Inc said it has tentatively agreed to sell substantially "
        "all its assets to Halden Corp for about 79 mln dlrs in cash.",
    )
    assert deals["acquisition"] == {"Halden": "acquirer", "Orrin Communication Systems": "target"}


def test_a_bureau_of_something_is_not_a_party() -> None:
    from pipeline.nlp.orgs import default_gazetteer

    assert default_gazetteer().is_not_party("Maine Bureau of Banking")


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Under the agreement, Orrin also said it would supply Halden with 250,000 dlrs of "
         "operating funds.", []),
        ("Orrin Cloud will provide Halden AI with $11.9 billion worth of compute over five "
         "years.", ["compute"]),
        ("Orrin Cloud will supply Halden AI with $2 billion of GPU capacity.", ["compute"]),
    ],
)  # fmt: skip
def test_supplying_money_is_financing_not_compute(rules_extractor, text: str, types) -> None:
    assert [d.type for d in rules_extractor.extract(text)] == types


def test_the_company_it_is_bought_from_sells_not_the_units_brand(rules_extractor) -> None:
    """ "buy X's unit from Y": Y sells; X names the unit (a brand or former parent)."""
    (deal,) = rules_extractor.extract(
        "Harrowgate Partners agreed to buy Quellan Corp's payments unit from Ostrava "
        "Holdings for $900 million."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert roles.get("Harrowgate Partners") == "acquirer"
    assert roles.get("Ostrava") == "seller"
    assert "Quellan" not in roles
    # with no "from", the possessor still sells
    (deal,) = rules_extractor.extract(
        "Harrowgate Partners agreed to buy Quellan Corp's payments unit for $900 million."
    )
    assert {p.name: p.role for p in deal.parties}.get("Quellan") == "seller"


def test_selling_named_products_is_no_acquisition(rules_extractor) -> None:
    """ "the business that sells the Oracle Atlas and Workspace ONE products": goods, so the
    product's maker is no target (the parse hangs "products" as a conjunct of the name)."""
    (deal,) = rules_extractor.extract(
        "Tamberly Capital has agreed to acquire Quellan Corp's Field Services division, the "
        "business that sells the Oracle Atlas and Workspace ONE products, for about $700 million."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert deal.type == "acquisition"
    assert roles.get("Tamberly Capital") == "acquirer" and roles.get("Quellan") == "seller"
    assert roles.get("Field Services") == "target"
    assert "Oracle" not in roles


def test_a_unit_named_and_described_is_one_party(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Orrick Partners to buy Calloway's industrial sensing unit for $1.1 billion\n\n"
        "Orrick Partners has agreed to acquire Calloway's Industrial Sensing division for "
        "$1.1 billion, the companies said on Tuesday."
    )
    (deal,) = deals
    targets = [p for p in deal.parties if p.role == "target"]
    assert len(targets) == 1, [p.name for p in deal.parties]
    assert targets[0].name[:1].isupper()
    assert {p.name: p.role for p in deal.parties}.get("Calloway") == "seller"


# -- articles of a scraped page, contracts told over several sentences ---------------------


def test_a_scraped_page_with_long_paragraph_lines_is_not_hard_wrapped(rules_extractor) -> None:
    """Menus, a headline and a byline stop without a full stop, but paragraphs are one long
    line each: a line break still ends a sentence, so the byline is no acquirer."""
    from pipeline.nlp.components import is_hard_wrapped

    body = (
        "Brindlewood announced on Monday that it had agreed to acquire Tollan Data in an "
        "all-stock transaction that values the company at about $2 billion, the companies said."
    )
    page = "\n".join(
        [
            "Markets | Tech | Energy | Opinion | Podcasts",
            "Subscribe  Sign in",
            "TECH",
            "Brindlewood to buy Tollan Data in $2 billion all-stock deal",
            "By Staff Reporter | June 3, 2025 8:14 AM ET | Updated 11:02 AM ET",
            "Share this article  Facebook  LinkedIn  Email  Copy link",
            "",
            body,
            "",
            "The purchase gives Brindlewood direct ownership of about 1.3 gigawatts of power "
            "capacity across Tollan's sites, with a further gigawatt of potential expansion.",
            "",
            "Tollan shares fell about 15% in premarket trading, as investors had hoped for a "
            "richer premium, while Brindlewood stock slipped 3% in early trade on Monday.",
            "",
            "Related: Harrowgate opens new data centre in Ohio | Quellan cuts jobs",
        ]
    )
    assert not is_hard_wrapped(page.split("\n"))
    (deal,) = rules_extractor.extract(page)
    assert {p.name: p.role for p in deal.parties} == {
        "Brindlewood": "acquirer",
        "Tollan Data": "target",
    }


def test_revenue_a_contract_brings_is_its_value(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Brindlewood has agreed to lease 200 megawatts of data-centre capacity from Tollan "
        "Power for 15 years. Tollan expects the lease to generate about $1 billion of revenue "
        "a year on average over its term."
    )
    assert deal.type == "compute"
    assert deal.amount is not None
    assert (deal.amount.value, deal.amount.period, deal.amount.approximate) == (1e9, "year", True)


def test_revenue_an_acquisition_adds_is_not_its_price(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Brindlewood Software agreed to acquire Tollan Analytics. Brindlewood said the deal "
        "would add about $45 million to annual revenue."
    )
    assert deal.type == "acquisition" and deal.amount is None


def test_chips_a_contract_covers_are_read_past_their_maker(rules_extractor) -> None:
    """ "It covers ... Nvidia GB200 chips": the chip maker named there is not another deal."""
    (deal,) = rules_extractor.extract(
        "Harrowgate AI has agreed to rent computing power from Oracle. The agreement is "
        "expected to bring Oracle more than $3 billion a year over four years. It covers "
        "enough capacity to run more than 40,000 Nvidia GB200 chips, the people said."
    )
    assert deal.type == "compute"
    assert deal.amount is not None and (deal.amount.value, deal.amount.period) == (3e9, "year")
    assert deal.gpus is not None and (deal.gpus.count, deal.gpus.model) == (40_000, "GB200")
    assert {p.name for p in deal.parties} == {"Harrowgate AI", "Oracle"}


def test_goods_bought_from_a_reseller_are_sold_by_it_not_their_maker(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Tollan Cloud said it had agreed to buy about $800 million of Nvidia GB300 GPUs and "
        "related equipment from Dell Technologies."
    )
    (deal,) = deals
    assert deal.type == "purchase"
    assert {p.name: p.role for p in deal.parties} == {
        "Tollan Cloud": "customer",
        "Dell": "provider",
    }


def test_access_to_chips_in_a_hosts_data_centres(rules_extractor) -> None:
    """ "gives X access to AMD GPUs in Y's data centres": Y supplies them, AMD is no side."""
    (deal,) = rules_extractor.extract(
        "The five-year lease gives Quellan Labs access to 18,000 AMD accelerators in "
        "Brindlewood Compute Inc's data centres."
    )
    assert {p.name: p.role for p in deal.parties} == {
        "Quellan Labs": "customer",
        "Brindlewood Compute": "provider",
    }
    assert deal.duration_months == 60


def test_a_term_goes_to_the_nearer_of_two_deals_in_a_sentence(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Tollan Cloud said it had signed a five-year, $900 million contract to provide "
        "Microsoft with AI cloud capacity, and had agreed to buy about $500 million of Nvidia "
        "GPUs from Dell to deliver it."
    )
    by_type = {d.type: d for d in deals}
    assert set(by_type) == {"compute", "purchase"}
    assert by_type["compute"].duration_months == 60
    assert by_type["purchase"].duration_months is None


def test_every_short_form_a_bracket_defines_is_the_same_company(rules_extractor) -> None:
    """ "X ASA ("X" or "XH")", "Y LLC ("Y")": each form is the company, even where another
    name shares its first word ("Y Communications" in the media contacts)."""
    from pipeline.extractor import to_article

    text = (
        'OSLO, March 19, 2025 - Halvorsen Holdings ASA ("Halvorsen" or "HHA") today '
        "announced that it has entered into a definitive agreement to acquire Ostrava "
        'Computing LLC ("Ostrava"), a designer of server processors, for $1.5 billion.\n\n'
        "HHA said Ostrava would keep its name and its headquarters.\n\n"
        "Media contacts\nOstrava Communications\npress@ostrava.example\n"
    )
    ((doc, _),) = rules_extractor.docs([to_article(text)])
    names = {m.name for m in doc._.orgs}
    assert {"Halvorsen", "Ostrava Computing"} <= names
    assert not names & {"HHA", "Ostrava", "Media"}


def test_owners_selling_their_stakes_are_sellers_of_the_same_deal(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Kestrel Group agreed to acquire Ostrava Devices in an all-cash transaction valued at "
        "$1.5 billion. Under the terms of the agreement, Ostrava's lead investors, Carlyle and "
        "Harrowgate Capital, have agreed to sell their respective positions in Ostrava."
    )
    roles = {p.name: p.role for p in deal.parties}
    assert roles.get("Kestrel") == "acquirer"
    assert roles.get("Ostrava Devices") == "target"
    assert roles.get("Carlyle") == roles.get("Harrowgate Capital") == "seller"


def test_a_unit_of_one_company_bought_from_another(rules_extractor) -> None:
    """ "the manufacturing business of X from Y": Y sells, X only names the unit."""
    deals = rules_extractor.extract(
        "Sorrento Manufacturing today announced a definitive agreement to acquire the "
        "server manufacturing business of Ostrava Systems from Quellan Corp for $3 billion."
    )
    (deal,) = deals
    roles = {p.name: p.role for p in deal.parties}
    assert roles.get("Sorrento Manufacturing") == "acquirer"
    assert roles.get("Quellan") == "seller"
    assert roles.get("Ostrava Systems") != "seller"


def test_a_title_case_headline_verb_is_not_part_of_a_name(rules_extractor) -> None:
    from pipeline.extractor import to_article

    text = "Sorrento to Acquire Ostrava Systems' Server Business from Quellan"
    ((doc, _),) = rules_extractor.docs([to_article(text)])
    assert "Acquire Ostrava Systems" not in {m.name for m in doc._.orgs}


@pytest.mark.parametrize("title", ["Staff Reporter", "Chief Executive Officer", "Media Relations"])
def test_bylines_titles_and_departments_are_not_parties(rules_extractor, title) -> None:
    from pipeline.nlp.orgs import default_gazetteer

    assert default_gazetteer().is_not_party(title)
    assert default_gazetteer().is_not_party(f"Brindlewood {title}") == (title == "Media Relations")


def test_a_relative_pronoun_is_the_noun_it_tells_of(rules_extractor) -> None:
    """ "a break fee that Google would have to pay": "that" is the fee, no company."""
    deals = rules_extractor.extract(
        "Google agreed to buy Tollan Security for $3 billion. Shares of rivals such as Palo "
        "Alto Networks were mixed. The transaction includes a break fee that Google would have "
        "to pay if the deal fails to win approval."
    )
    assert [(d.type, sorted(p.name for p in d.parties)) for d in deals] == [
        ("acquisition", ["Google", "Tollan Security"])
    ]


@pytest.mark.parametrize(
    ("headline", "customer", "provider"),
    [
        ("Cohere to tap up to 50,000 Google TPUs in expanded cloud deal", "Cohere", "Google"),
        ("Mistral to rent 18,000 Nvidia GPUs from CoreWeave in new cloud deal", "Mistral AI",
         "CoreWeave"),
    ],
)  # fmt: skip
def test_a_headlines_subject_before_to_verb(rules_extractor, headline, customer, provider) -> None:
    """ "X to tap ...": the parse makes X the root the verb hangs on; X is still its doer."""
    (deal,) = rules_extractor.extract(headline)
    assert {p.name: p.role for p in deal.parties} == {customer: "customer", provider: "provider"}


def test_licensing_an_owners_content_named_before_it(rules_extractor) -> None:
    """ "X will license Getty Images photos": the owner of the content provides it."""
    (deal,) = rules_extractor.extract(
        "Perplexity will license Getty Images photos in a multi-year deal."
    )
    assert {p.name: p.role for p in deal.parties} == {
        "Perplexity": "customer",
        "Getty Images": "provider",
    }


def test_an_analysts_quotation_tells_no_deal_terms(rules_extractor) -> None:
    """ "X is effectively renting a brain," said Y, an analyst: commentary, so the
    licensing deal the article reports keeps its type."""
    deals = rules_extractor.extract(
        "Samsung is finalising an agreement to pay Anthropic roughly $1 billion a year for "
        "access to a custom version of its Claude AI model.\n\n"
        '"Samsung is effectively renting a brain while it builds its own," said Ana Ruiz, an '
        'analyst at Tollan Research. "A billion dollars a year is small money for Samsung if it '
        'buys time."'
    )
    assert [(d.type, {p.name: p.role for p in d.parties}) for d in deals] == [
        ("licensing", {"Samsung": "customer", "Anthropic": "provider"})
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Lambda competes with Crusoe for customers that want large clusters without signing up "
        "with Amazon, Microsoft or Google.",
        "A new law requires Ostrava Holdings to divest Tollan Media's U.S. business or face a ban.",
        "Rivals Palo Alto Networks, CrowdStrike and Microsoft have all been expanding their "
        "security platforms.",
    ],
)
def test_a_deal_done_without_or_required_or_a_platform_expanded_is_none(
    rules_extractor, text
) -> None:
    assert rules_extractor.extract(text) == []


def test_a_company_that_is_not_an_investor_is_none(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Ostrava AI raised EUR 600 million in a funding round led by General Catalyst. "
        '"Ostrava is the obvious candidate," said Jonas Berg, a partner at Nordhavn Capital, '
        "which is not an investor."
    )
    assert {p.name for p in deal.parties} == {"Ostrava AI", "General Catalyst"}


def test_a_rounds_valuation_is_not_its_size(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Ostrava AI raised EUR 600 million in a funding round led by General Catalyst. The "
        "round values the Paris-based company at about EUR 5.8 billion."
    )
    assert deal.amount is not None and deal.amount.value == 600e6
    (deal,) = rules_extractor.extract(
        "Ostrava AI has closed a new funding round led by General Catalyst. The round values "
        "the Paris-based company at about EUR 5.8 billion."
    )
    assert deal.type == "investment" and deal.amount is None


def test_backers_named_again_are_the_round_told_again(rules_extractor) -> None:
    deals = rules_extractor.extract(
        "Ostrava AI said it had raised EUR 600 million in a funding round led by General "
        "Catalyst, with participation from Lightspeed and Nvidia. Lightspeed was among "
        "Ostrava's earliest backers."
    )
    assert len(deals) == 1, [[p.name for p in d.parties] for d in deals]


def test_a_name_known_as_an_abbreviation(rules_extractor) -> None:
    from pipeline.extractor import to_article

    text = (
        "Synthra agreed to sell its Software Integrity Group to Clearlake Capital. The "
        "Software Integrity Group, known as SIG, makes security testing tools. SIG will "
        "operate as an independent company."
    )
    ((doc, _),) = rules_extractor.docs([to_article(text)])
    assert "SIG" not in {m.name for m in doc._.orgs}


def test_the_same_figure_in_headline_and_body_is_one_deal(rules_extractor) -> None:
    """Two tellings typed differently ("cloud capacity", "a licence to its models") but with
    the same sides and the same value are the same deal."""
    deals = rules_extractor.extract(
        "Samsung nears deal to pay Anthropic $2 billion a year for cloud capacity\n\n"
        "Samsung is finalising an agreement to pay Anthropic $2 billion a year for a licence "
        "to its Claude AI models, people familiar with the matter said."
    )
    assert len(deals) == 1
    assert deals[0].amount is not None and deals[0].amount.value == 2e9


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "Ostrava Data agreed to buy renewable electricity from Greenline Power over a "
            "15-year period.",
            {"Ostrava Data": "customer", "Greenline Power": "provider"},
        ),
        (
            "Constellation Energy said it had signed a 20-year power purchase agreement with "
            "Microsoft, under which the software company will buy the electricity from a "
            "reactor that Constellation plans to restart.",
            {"Microsoft": "customer", "Constellation Energy": "provider"},
        ),
        (
            "Greenline Power will supply up to 120 megawatts of electricity to Microsoft's "
            "data centres under a 10-year contract worth $300 million.",
            {"Microsoft": "customer", "Greenline Power": "provider"},
        ),
        (
            "Kiso Cloud agreed to form a joint venture with Sable Reasoning to build data "
            "centres in Europe.",
            {"Kiso Cloud": "partner", "Sable Reasoning": "partner"},
        ),
    ],
)
def test_power_purchases_and_joint_ventures_are_other(rules_extractor, text, roles) -> None:
    """SCHEMA.md's "other": power bought from a generator (customer, provider), a joint
    venture (partners); never a compute deal or a partnership."""
    (deal,) = rules_extractor.extract(text)
    assert deal.type == "other"
    assert {p.name: p.role for p in deal.parties} == roles


def test_joint_ventures_a_company_already_has_are_no_deal(rules_extractor) -> None:
    assert (
        rules_extractor.extract(
            "Eastman Kodak and W.R. Grace both have joint ventures with Quellan Biotech, "
            "analysts said."
        )
        == []
    )


def test_computing_power_is_still_capacity(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "Tollan Cloud will supply computing power to Quellan Labs under a $200 million deal."
    )
    assert deal.type == "compute"
    assert {p.name: p.role for p in deal.parties} == {
        "Tollan Cloud": "provider",
        "Quellan Labs": "customer",
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # a deal's own terms oblige: still the deal
            "Microsoft agreed to a deal that will require it to buy $10 billion of capacity "
            "from Nebius.",
            [("compute", {"Microsoft": "customer", "Nebius": "provider"})],
        ),
        (  # "instead of buying": no purchase from Nvidia
            "Meta will rent chips from Google instead of buying chips from Nvidia.",
            [("compute", {"Meta": "customer", "Google": "provider"})],
        ),
        (  # "not only an investor but also": still an investor
            "Microsoft is not only an investor in OpenAI but also its cloud provider.",
            [("investment", {"Microsoft": "investor", "OpenAI": "investee"})],
        ),
        (  # a joint venture told in passing is no new deal
            "Stargate, a joint venture between OpenAI and SoftBank, will build a data centre "
            "in Texas.",
            [],
        ),
        (  # "electric" in a name makes no power deal of a joint venture
            "General Electric and Safran agreed to form a joint venture to make jet engines.",
            [("other", {"General Electric": "partner", "Safran": "partner"})],
        ),
        (  # electricity mentioned is no power purchase; a reseller described is no reseller deal
            "xAI signed a $5 billion deal with Dell, the largest reseller of Nvidia servers.",
            [("purchase", {"xAI": "customer", "Dell": "provider"})],
        ),
    ],
)
def test_review_cases_keep_their_reading(rules_extractor, text, want) -> None:
    got = [(d.type, {p.name: p.role for p in d.parties}) for d in rules_extractor.extract(text)]
    assert got == want


def test_a_bracket_that_mentions_a_company_does_not_name_the_one_before_it(
    rules_extractor,
) -> None:
    from pipeline.extractor import to_article

    text = "Alphabet (which has invested in Anthropic and AMD) agreed to buy Wiz for $32 billion."
    ((doc, _),) = rules_extractor.docs([to_article(text)])
    assert "AMD" in {m.name for m in doc._.orgs}


def test_a_sentence_starting_related_dash_is_text() -> None:
    from pipeline.clean import clean_text

    line = "Related-party transactions with Microsoft totalled $2 billion, the filing showed."
    assert clean_text(line + "\n").strip() == line


def _deals(extractor, text: str) -> list[tuple[str, dict[str, str], float | None]]:
    return [
        (d.type, {p.name: p.role for p in d.parties}, d.amount.value if d.amount else None)
        for d in extractor.extract(text)
    ]


def test_a_dateline_place_is_no_party_and_its_date_is_the_deals(rules_extractor) -> None:
    text = (
        "ESPOO, Finland, June 27, 2024 - Vantor Systems said on Thursday that it had agreed to "
        "buy optical equipment maker Kelbrook Labs for about $2.3 billion.\n\n"
        "Kelbrook shares jumped 23%.\n"
    )
    (deal,) = rules_extractor.extract(text)
    assert {p.name: p.role for p in deal.parties} == {
        "Vantor Systems": "acquirer",
        "Kelbrook Labs": "target",
    }
    assert deal.date == "2024-06-27"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # money poured into research names no investee: no investor of the round
            "Halden Capital invested $50 million in Corvane Robotics. Halden's rival Ostrava "
            "Partners has poured money into similar research.",
            [("investment", {"Halden Capital": "investor", "Corvane Robotics": "investee"}, 5e7)],
        ),
        (  # a supplier's own unnamed customers: the lessee does not become the supplier
            "Hanover Data said it has signed a 12-year lease with Brightline Cloud for 100 MW at "
            "its campus. The lease is expected to generate about $2 billion in revenue. "
            "Brightline Cloud will use the capacity to deliver AI services to its customers.",
            [("compute", {"Brightline Cloud": "customer", "Hanover Data": "provider"}, 2e9)],
        ),
        (  # the sum of two deals is neither one's value; indefinite "two makers" are new
            "Halden Capital to buy Kelbrook Labs as Ostrava Partners snaps up Corvane Robotics\n\n"
            "NEW YORK, Nov. 15, 2021 -- Two U.S. storage makers agreed to be taken over on "
            "Monday, in deals worth a combined $9 billion, as investors bet on demand.\n\n"
            "Halden Capital will buy Kelbrook Labs for $6 billion, the companies said.\n\n"
            "Separately, Ostrava Partners said it would acquire Corvane Robotics for $3 billion.",
            [
                ("acquisition", {"Halden Capital": "acquirer", "Kelbrook Labs": "target"}, 6e9),
                (
                    "acquisition",
                    {"Ostrava Partners": "acquirer", "Corvane Robotics": "target"},
                    3e9,
                ),
            ],
        ),
        (  # "as C snaps up D" in A's headline: C's own deal takes it
            "Brightwater Capital to buy Kelbrook Labs for $5 billion as Ostrava Partners snaps "
            "up Corvane Robotics\n\n"
            "Ostrava Partners said it would acquire Corvane Robotics for $2 billion.",
            [
                (
                    "acquisition",
                    {"Brightwater Capital": "acquirer", "Kelbrook Labs": "target"},
                    5e9,
                ),
                (
                    "acquisition",
                    {"Ostrava Partners": "acquirer", "Corvane Robotics": "target"},
                    2e9,
                ),
            ],
        ),
        (  # a price beats the valuation it implies
            "Halvorsen sells 51% of Kelbrook to Brightwater Capital, valuing the unit at "
            "$8.8 billion\n\n"
            "Halvorsen Holdings will sell a 51% stake in its sensor unit Kelbrook to Brightwater "
            "Capital for about $4.5 billion.",
            [
                (
                    "acquisition",
                    {
                        "Brightwater Capital": "acquirer",
                        "Kelbrook": "target",
                        "Halvorsen": "seller",
                    },
                    4.5e9,
                )
            ],
        ),
    ],
)
def test_session8_rules(rules_extractor, text, want) -> None:
    assert _deals(rules_extractor, text) == want


def test_a_word_that_starts_with_invest_states_no_investment(rules_extractor) -> None:
    from pipeline.relate.rules import _stated_type

    assert _stated_type("the publisher behind Investopedia signed a content agreement") != (
        "investment"
    )
    assert _stated_type("stakeholders signed an agreement") != "investment"
    assert _stated_type("it took stakes in two start-ups") == "investment"


def test_a_trending_list_is_dropped() -> None:
    from pipeline.clean import clean_text

    text = (
        "Vantor Systems agreed to buy Kelbrook Labs for $40 million.\n\n"
        "TRENDING NOW\n1. Ostrava wins $14 billion contract from Halden\n"
        "2. Corvane shares slide after weak forecast\n"
    )
    out = clean_text(text)
    assert "Kelbrook" in out and "Ostrava" not in out and "Corvane" not in out


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # a colon brand is one name; a headline's description before it is no name
            "Nvidia Agrees To Acquire GPU Orchestration Startup Run:ai\n\n"
            "Nvidia said it has signed an agreement to acquire Run:ai for about $700 million.",
            [("acquisition", {"Nvidia": "acquirer", "Run:ai": "target"}, 7e8)],
        ),
        (  # the gazetteer's "CoreSite" with its full name's tail: one company
            "Cell-tower owner American Tower said it would acquire CoreSite Realty for about "
            "$10 billion.",
            [("acquisition", {"American Tower": "acquirer", "CoreSite": "target"}, 1e10)],
        ),
        (  # the short form of a gazetteer name joins it
            "Galaxy Digital signs 15-year lease with CoreWeave\n\n"
            "CoreWeave has agreed to lease 133 megawatts of capacity at Galaxy's campus in "
            "Texas. Galaxy expects the lease to generate about $1 billion of revenue a year.",
            [("compute", {"CoreWeave": "customer", "Galaxy Digital": "provider"}, 1e9)],
        ),
        (  # "received an order from Y": Y buys; servers supplied are goods
            "Brightforge to supply servers to Halden Telecom\n\n"
            "BERN, June 2, 2023 -- Brightforge Servers Inc. said on Friday it had received an "
            "order from Halden Telecom AG for 6,000 Nvidia graphics processing units.\n\n"
            "The agreement is worth 840 million dollars.",
            [
                (
                    "purchase",
                    {"Halden Telecom": "customer", "Brightforge Servers": "provider"},
                    8.4e8,
                )
            ],
        ),
        (  # "supply Y with 16,000 GB300s": accelerators, so a purchase
            "Dell agreed to supply Microsoft with 16,000 GB300s for $5.4 billion.",
            [("purchase", {"Microsoft": "customer", "Dell": "provider"}, 5.4e9)],
        ),
        (  # one round, its lead and the others taking part
            "Groq said it had raised $640 million in a round led by BlackRock, with Neuberger "
            "Berman and Cisco Investments also taking part.",
            [
                (
                    "investment",
                    {
                        "BlackRock": "investor",
                        "Neuberger Berman": "investor",
                        "Cisco Investments": "investor",
                        "Groq": "investee",
                    },
                    6.4e8,
                )
            ],
        ),
        (  # "the image-sharing site" is the company; "$750 million of capacity from AWS"
            "Lyft has agreed to spend at least $300 million on AWS cloud services over three "
            "years.\n\n"
            "Pinterest's filing reveals an even bigger tab. The image-sharing site has "
            "committed to buy at least $750 million of capacity from AWS over four years.",
            [
                ("compute", {"Lyft": "customer", "Amazon": "provider"}, 3e8),
                ("compute", {"Pinterest": "customer", "Amazon": "provider"}, 7.5e8),
            ],
        ),
        (  # a company's own customers make it no provider: it buys the cloud services
            "Vodafone signed a $1 billion cloud deal with Google.\n\nThe deal will bring "
            "Google cloud services to Vodafone's customers across Europe and Africa.",
            [("compute", {"Vodafone": "customer", "Google": "provider"}, 1e9)],
        ),
    ],
)
def test_session8_names_and_goods(rules_extractor, text, want) -> None:
    assert sorted(_deals(rules_extractor, text), key=str) == sorted(want, key=str)


@pytest.mark.parametrize(
    "text",
    [
        "Kelbrook Labs pushed back against a report that Vantor Systems had considered making "
        "an offer for the start-up.",
        "The report said Vantor executives had discussed whether a bid for Kelbrook Labs "
        "could help the company.",
        "A Vantor Systems spokesperson said the company was not in discussions to acquire "
        "Kelbrook Labs.",
    ],
)
def test_a_deal_only_thought_over_is_none(rules_extractor, text) -> None:
    assert rules_extractor.extract(text) == []


def test_building_jointly_is_a_partnership_with_its_gpus(rules_extractor) -> None:
    # the repeated headline before the body once made the parser cut "Halden" off its line
    text = (
        "Halden Telekom and Nvidia to build AI cloud in Munich\n"
        "Halden Telekom and Nvidia to build €1 billion AI cloud in Munich\n"
        "Berlin, 4 November 2025\n"
        "Halden Telekom and Nvidia said on Tuesday that they will jointly build an industrial "
        "AI cloud in Munich, an investment of about €1 billion that will house about 10,000 "
        "Nvidia Blackwell GPUs.\n"
        "The facility is due to open in 2026.\n"
    )
    (deal,) = rules_extractor.extract(text)
    assert deal.type == "partnership"
    assert {p.name: p.role for p in deal.parties} == {
        "Halden Telekom": "partner",
        "Nvidia": "partner",
    }
    assert (deal.amount.value, deal.amount.currency) == (1e9, "EUR")
    assert deal.gpus is not None and deal.gpus.count == 10000


def test_a_headline_of_two_deals_and_a_name_tail(rules_extractor) -> None:
    from pipeline.extractor import to_article

    text = (
        "Samsung wins 22.8 trillion won Tesla chip contract; Halden Energy Solution adds "
        "battery deal\n\n"
        "SEOUL, July 30, 2025 - Samsung Electronics said on Monday that it had signed a 22.8 "
        "trillion won contract to make chips for Tesla.\n\n"
        "Halden Energy Solution said on Wednesday it would supply batteries worth 5.9 trillion "
        "won to Tesla over three years.\n"
    )
    ((doc, _),) = rules_extractor.docs([to_article(text)])
    deals = doc._.deals
    assert "Halden Energy Solution" in {m.name for m in doc._.orgs}
    assert "Solution" not in {m.name for m in doc._.orgs}
    samsung = [d for d in deals if "Samsung" in {p.name for p in d.parties}]
    assert [{p.name: p.role for p in d.parties} for d in samsung] == [
        {"Tesla": "customer", "Samsung": "provider"}
    ]


@pytest.mark.parametrize(
    "text",
    [
        # content sold for use is a licence, not a company sold
        "Shutterstock just sold six years of its image archive to OpenAI.",
    ],
)
def test_content_sold_is_licensed(rules_extractor, text) -> None:
    assert _deals(rules_extractor, text) == [
        ("licensing", {"OpenAI": "customer", "Shutterstock": "provider"}, None)
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # "any acquisition of X would": none in particular
            "Any foreign acquisition of Kelbrook Labs would also face scrutiny from the "
            "government.",
            [],
        ),
        (  # the one who sells a unit, not its owner inside the group; the parent's own
            # takeover told after it is a deal of its own
            "Broadcom has agreed to sell VMware's end-user computing business to KKR for "
            "$4 billion, three months after closing its VMware takeover.\n\n"
            "Broadcom completed its $69 billion takeover of VMware in November.",
            [
                (
                    "acquisition",
                    {
                        "KKR": "acquirer",
                        "end user computing business": "target",
                        "Broadcom": "seller",
                    },
                    4e9,
                ),
                ("acquisition", {"Broadcom": "acquirer", "VMware": "target"}, 6.9e10),
            ],
        ),
        (  # generating capacity bought is power ("other"), not a data centre's capacity
            'Halden Renewable Partners L.P. ("Halden Renewable") today announced that it has '
            "signed an agreement with Microsoft Corp. under which Halden Renewable will "
            "deliver more than 10.5 gigawatts of new renewable energy capacity to Microsoft "
            "over five years.",
            [
                (
                    "other",
                    {"Microsoft": "customer", "Halden Renewable Partners L.P.": "provider"},
                    None,
                )
            ],
        ),
        (  # processors measured in gigawatts are still processors: a purchase
            "AMD will supply OpenAI with six gigawatts of its Instinct graphics processors "
            "over several years.",
            [("purchase", {"OpenAI": "customer", "AMD": "provider"}, None)],
        ),
        (  # servers among services: a cloud service, not goods
            "Under the agreement, Google Cloud will provide Meta with servers, storage, "
            "networking and other infrastructure services worth $10 billion.",
            [("compute", {"Meta": "customer", "Google": "provider"}, 1e10)],
        ),
    ],
)
def test_session8_tech_f_rules(rules_extractor, text, want) -> None:
    assert _deals(rules_extractor, text) == want


def test_a_known_name_grows_into_the_longer_name_of_the_article(rules_extractor) -> None:
    from pipeline.extractor import to_article

    text = (
        'Brookfield Renewable Partners L.P. ("Brookfield Renewable") said that Brookfield '
        "Renewable will deliver 10.5 gigawatts of renewable energy capacity to Microsoft."
    )
    ((doc, _),) = rules_extractor.docs([to_article(text)])
    assert "Brookfield" not in {m.name for m in doc._.orgs}


def test_a_list_hung_on_an_apposition_is_one_list() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.relate.rules import _with_conjuncts

    words = ["SAP", ",", "Christ", "Consulting", ",", "HPE", "and", "Burda", "took", "part"]
    heads = [8, 0, 3, 0, 3, 3, 5, 5, 8, 8]
    deps = ["nsubj", "punct", "compound", "appos", "punct", "conj", "cc", "conj", "ROOT", "dobj"]
    pos = ["PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "VERB", "NOUN"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    assert [t.text for t in _with_conjuncts(doc[0])] == ["SAP", "Consulting", "HPE", "Burda"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # a partnership agreed "also", beside a stake: a deal of its own
            "Halden Systems to invest $1 billion in Kelbrook Labs as the pair team up on AI\n\n"
            "Halden Systems will invest $1 billion in Kelbrook Labs, taking a stake of about "
            "2.9 percent, the companies said on Tuesday.\n\n"
            "The two companies also agreed a strategic partnership to develop radio network "
            "technology for 6G networks.",
            [
                ("investment", {"Halden Systems": "investor", "Kelbrook Labs": "investee"}, 1e9),
                ("partnership", {"Halden Systems": "partner", "Kelbrook Labs": "partner"}, None),
            ],
        ),
        (  # a partnership formed is one, whatever chips it tunes
            "Kelbrook Labs and Halden Systems have also formed a technology partnership under "
            "which the two companies will tune future Halden chips for Kelbrook's workloads.",
            [("partnership", {"Kelbrook Labs": "partner", "Halden Systems": "partner"}, None)],
        ),
        (  # "taken private by X": X buys
            "Kelbrook Corp said on Monday it would be taken private by government-backed "
            "Halden Investment Corp in a deal worth about 909 billion yen.",
            [("acquisition", {"Halden Investment": "acquirer", "Kelbrook": "target"}, 9.09e11)],
        ),
        (  # "agrees to takeover by X", "by X" hung on the verb: the subject is bought
            "Kelbrook agrees to 909 billion yen takeover by state-backed fund Halden Capital",
            [("acquisition", {"Halden Capital": "acquirer", "Kelbrook": "target"}, 9.09e11)],
        ),
    ],
)
def test_session8_partnerships_and_buyouts(rules_extractor, text, want) -> None:
    assert _deals(rules_extractor, text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (  # a deal told as a fact inside "whether" is still the deal
            "Regulators will decide whether Microsoft's $69 billion acquisition of Activision "
            "Blizzard can proceed.",
            [("acquisition", {"Microsoft": "acquirer", "Activision Blizzard": "target"}, 6.9e10)],
        ),
        (  # "considered X its largest deal": regarded as, not weighed
            "Cisco considered the $28 billion acquisition of Splunk its largest deal ever.",
            [("acquisition", {"Cisco": "acquirer", "Splunk": "target"}, 2.8e10)],
        ),
        (  # a name, a comma and an aside closed by a dash is no dateline
            "SAP, the German software giant — agreed to buy Signavio for about $1.2 billion, "
            "people familiar said.",
            [("acquisition", {"SAP": "acquirer", "Signavio": "target"}, 1.2e9)],
        ),
        (  # "the video-sharing site YouTube" names the site: no reference back to Google
            "Google agreed to buy the video-sharing site YouTube for $1.65 billion in stock.",
            [("acquisition", {"Google": "acquirer"}, 1.65e9)],
        ),
        (  # a partnership beside a stated investment: the investment
            "Amazon formed a partnership with Anthropic, agreeing to invest up to $4 billion in "
            "the startup.",
            [("investment", {"Amazon": "investor", "Anthropic": "investee"}, 4e9)],
        ),
        (  # a partnership that pays for use is a licence
            "Reddit signed a partnership with Google that lets Google train its AI models on "
            "Reddit posts for $60 million a year.",
            [("licensing", {"Google": "customer", "Reddit": "provider"}, 6e7)],
        ),
        (  # lobbying jointly is no deal
            "Meta and Google jointly lobbied against the EU's AI Act last year.",
            [],
        ),
        (  # "customers of X": X provides
            "Meta and OpenAI signed on as customers of Oracle Cloud Infrastructure, Oracle said "
            "on Tuesday.",
            [("compute", {"Meta": "customer", "OpenAI": "customer", "Oracle": "provider"}, None)],
        ),
        (  # one round of two investors "a combined" sum: its value
            "Microsoft and Nvidia will invest a combined $15 billion in Anthropic, the "
            "companies said on Tuesday.",
            [
                (
                    "investment",
                    {"Microsoft": "investor", "Nvidia": "investor", "Anthropic": "investee"},
                    1.5e10,
                )
            ],
        ),
        (  # a cloud supplying GPUs rents them out: compute
            "AWS, Amazon's cloud arm — and the world's biggest — signed a $38 billion deal to "
            "supply OpenAI with Nvidia GPUs.",
            [("compute", {"OpenAI": "customer", "Amazon": "provider"}, 3.8e10)],
        ),
    ],
)
def test_review_of_session8_rules(rules_extractor, text, want) -> None:
    assert _deals(rules_extractor, text) == want


def test_a_typed_partnership_keeps_its_type(rules_extractor) -> None:
    (deal,) = rules_extractor.extract(
        "News Corp signed a content licensing partnership with OpenAI worth more than "
        "$250 million over five years."
    )
    assert deal.type == "licensing"


def test_a_ticker_in_a_bracket_is_no_party(rules_extractor) -> None:
    text = (
        "SAN JOSE and PALO ALTO, Calif., May 26, 2022 -- Halden Systems Inc. (NASDAQ: HLDN) "
        "and Kelbrook Labs, Inc. (NYSE: KLB) today announced that Halden Systems has agreed "
        "to acquire Kelbrook Labs for about $6 billion."
    )
    (deal,) = rules_extractor.extract(text)
    assert {p.name: p.role for p in deal.parties} == {
        "Halden Systems": "acquirer",
        "Kelbrook Labs": "target",
    }
    assert deal.date == "2022-05-26"


def test_the_one_chosen_to_supply_supplies(rules_extractor) -> None:
    text = "Oracle Corp. has chosen AMD to supply 128,000 AMD accelerators for its new data centre."
    assert [roles for _, roles, _ in _deals(rules_extractor, text)] == [
        {"Oracle": "customer", "AMD": "provider"}
    ]


def test_a_chain_of_headline_descriptions_resolves_to_the_name() -> None:
    from pipeline.nlp.orgs import cluster_names, default_gazetteer

    clusters = cluster_names(
        ["AI Startup Maker Kelbrook", "Maker Kelbrook", "Kelbrook"], default_gazetteer()
    )
    assert {c.name for c in clusters.values()} == {"Kelbrook"}


def test_a_generic_party_keeps_roles_compatible() -> None:
    from pipeline.assemble import _same_roles
    from pipeline.relate.rules import Candidate

    deal = Candidate("acquisition", sent=0, trigger="acquire", trigger_char=0)
    deal.add("seller", "Monsanto")
    talks = Candidate("acquisition", sent=1, trigger="enter", trigger_char=0, generic=True)
    talks.add("party", "Ball")
    talks.add("party", "Monsanto")
    bought = Candidate("acquisition", sent=1, trigger="takeover", trigger_char=0)
    bought.add("acquirer", "Monsanto")
    assert _same_roles(talks, deal)
    assert not _same_roles(bought, deal)


@pytest.mark.parametrize("name", ["Series B", "IP", "Worth", "At Least"])
def test_round_labels_and_headline_words_are_no_parties(name) -> None:
    from pipeline.nlp.orgs import default_gazetteer

    assert default_gazetteer().is_not_party(name)
