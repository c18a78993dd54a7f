#!/usr/bin/env python3
"""Build the labelled training corpus in ``data/train`` from scratch.

    python scripts/make_corpus.py [--out data/train] [--seed 20251129]

The corpus mixes two sources:

* generated articles: each one starts from deal *specifications* (parties and
  roles, amount, term, GPUs, date) drawn with a seeded ``random.Random``; the
  text is rendered from many hand-written sentence patterns per deal type and
  voice plus paragraph filler (background, quotes, analyst comments, market
  reaction, distractor numbers), and the gold record is written from the very
  same specification, so text and label cannot drift apart;
* hand-written articles under ``scripts/handwritten/`` with their own gold
  lines, which follow no template.

The output is deterministic for a given seed: the same command always writes
byte-identical files. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import math
import random
import re
import shutil
import string
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HANDWRITTEN = Path(__file__).resolve().parent / "handwritten"
DEFAULT_OUT = ROOT / "data" / "train"
DEFAULT_SEED = 20251129
N_GENERATED = 420
TEST_SHARE = 0.2

STYLES = ("wire", "blog", "press", "analysis", "messy", "html")
STYLE_WEIGHTS = (20, 15, 16, 14, 15, 20)


class CorpusError(Exception):
    """Raised when the generator or a hand-written gold line is inconsistent."""


# --------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Co:
    """An organisation that can appear in articles."""

    short: str
    full: str | None
    ticker: str | None
    kinds: tuple[str, ...]
    city: str
    country: str
    desc: tuple[str, ...]
    alts: tuple[str, ...] = ()  # other names (cloud brands, abbreviations)


def _co(
    short: str,
    full: str | None,
    ticker: str | None,
    kinds: str,
    city: str,
    country: str,
    desc: str,
    alts: str = "",
) -> Co:
    return Co(
        short,
        full,
        ticker,
        tuple(kinds.split()),
        city,
        country,
        tuple(d.strip() for d in desc.split("|")),
        tuple(a.strip() for a in alts.split("|") if a.strip()),
    )


COMPANIES: tuple[Co, ...] = (
    # real companies (fictional deals)
    _co(
        "Microsoft",
        "Microsoft Corp.",
        "MSFT",
        "hyper customer acquirer investor licensee",
        "Redmond",
        "US",
        "software giant|Redmond, Washington-based company|Windows maker",
        "Azure|Microsoft Azure",
    ),
    _co(
        "Google",
        "Google LLC",
        "GOOGL",
        "hyper customer acquirer investor licensee",
        "Mountain View",
        "US",
        "search giant|Alphabet-owned company",
        "Google Cloud",
    ),
    _co(
        "Amazon",
        "Amazon.com Inc.",
        "AMZN",
        "hyper customer acquirer investor",
        "Seattle",
        "US",
        "online retailer and cloud giant|Seattle-based company",
        "Amazon Web Services|AWS",
    ),
    _co(
        "Oracle",
        "Oracle Corp.",
        "ORCL",
        "hyper customer acquirer",
        "Austin",
        "US",
        "database software maker|Austin-based software company",
        "Oracle Cloud Infrastructure|OCI",
    ),
    _co(
        "Meta",
        "Meta Platforms Inc.",
        "META",
        "customer acquirer licensee investor",
        "Menlo Park",
        "US",
        "Facebook parent|social-media company",
        "",
    ),
    _co(
        "IBM",
        "International Business Machines Corp.",
        "IBM",
        "customer acquirer licensee seller",
        "Armonk",
        "US",
        "century-old computing company|Armonk, New York-based group",
        "",
    ),
    _co(
        "Nvidia",
        "Nvidia Corp.",
        "NVDA",
        "chip investor",
        "Santa Clara",
        "US",
        "chip designer|dominant maker of AI accelerators",
        "",
    ),
    _co(
        "AMD",
        "Advanced Micro Devices Inc.",
        "AMD",
        "chip investor acquirer",
        "Santa Clara",
        "US",
        "chipmaker|Santa Clara, California-based chip company",
        "",
    ),
    _co(
        "Intel",
        "Intel Corp.",
        "INTC",
        "chip seller acquirer",
        "Santa Clara",
        "US",
        "chipmaker|struggling chip giant",
        "",
    ),
    _co(
        "Dell",
        "Dell Technologies Inc.",
        "DELL",
        "server seller",
        "Round Rock",
        "US",
        "server and PC maker|Texas-based hardware company",
        "",
    ),
    _co(
        "HPE",
        "Hewlett Packard Enterprise Co.",
        "HPE",
        "server acquirer seller",
        "Houston",
        "US",
        "server maker|enterprise hardware group",
        "Hewlett Packard Enterprise",
    ),
    _co(
        "Supermicro",
        "Super Micro Computer Inc.",
        "SMCI",
        "server",
        "San Jose",
        "US",
        "server builder|San Jose-based server maker",
        "Super Micro",
    ),
    _co(
        "Cisco",
        "Cisco Systems Inc.",
        "CSCO",
        "enterprise acquirer seller",
        "San Jose",
        "US",
        "networking equipment maker|network gear company",
        "",
    ),
    _co(
        "Salesforce",
        "Salesforce Inc.",
        "CRM",
        "enterprise acquirer customer licensee",
        "San Francisco",
        "US",
        "business software company|customer-software maker",
        "",
    ),
    _co(
        "SAP",
        "SAP SE",
        "SAP",
        "enterprise acquirer customer",
        "Walldorf",
        "DE",
        "German business software group|Walldorf-based software maker",
        "",
    ),
    _co(
        "Samsung",
        "Samsung Electronics Co.",
        None,
        "chip server customer investor",
        "Suwon",
        "KR",
        "South Korean electronics giant|memory-chip maker",
        "Samsung Electronics",
    ),
    _co(
        "SoftBank",
        "SoftBank Group Corp.",
        None,
        "fund investor acquirer",
        "Tokyo",
        "JP",
        "Japanese technology investor|Tokyo-based conglomerate",
        "SoftBank Group",
    ),
    _co(
        "CoreWeave",
        "CoreWeave Inc.",
        "CRWV",
        "cloud customer",
        "Livingston",
        "US",
        "GPU cloud provider|specialist AI cloud company",
        "",
    ),
    _co(
        "OpenAI",
        None,
        None,
        "lab customer licensee",
        "San Francisco",
        "US",
        "ChatGPT maker|AI developer",
        "",
    ),
    _co(
        "Anthropic",
        None,
        None,
        "lab customer licensee",
        "San Francisco",
        "US",
        "Claude developer|AI start-up",
        "",
    ),
    _co(
        "Infosys",
        "Infosys Ltd",
        "INFY",
        "enterprise customer acquirer",
        "Bengaluru",
        "IN",
        "Indian IT services company|Bengaluru-based outsourcer",
        "",
    ),
    _co(
        "TCS",
        "Tata Consultancy Services Ltd",
        None,
        "enterprise customer acquirer",
        "Mumbai",
        "IN",
        "Indian IT services group|Mumbai-based outsourcer",
        "Tata Consultancy Services",
    ),
    _co(
        "Fujitsu",
        "Fujitsu Ltd",
        None,
        "enterprise server customer seller",
        "Tokyo",
        "JP",
        "Japanese IT group|Tokyo-based technology company",
        "",
    ),
    _co(
        "Alibaba",
        "Alibaba Group Holding Ltd",
        None,
        "hyper customer investor",
        "Hangzhou",
        "CN",
        "Chinese e-commerce group|Hangzhou-based company",
        "Alibaba Cloud",
    ),
    _co(
        "Shopify",
        "Shopify Inc.",
        "SHOP",
        "enterprise customer acquirer",
        "Ottawa",
        "CA",
        "e-commerce software company|Ottawa-based company",
        "",
    ),
    _co(
        "Telstra",
        "Telstra Group Ltd",
        None,
        "enterprise customer seller",
        "Melbourne",
        "AU",
        "Australian telecoms operator|Melbourne-based carrier",
        "",
    ),
    _co(
        "Swisscom",
        "Swisscom AG",
        None,
        "enterprise customer",
        "Bern",
        "CH",
        "Swiss telecoms group|Bern-based operator",
        "",
    ),
    _co(
        "Deutsche Telekom",
        "Deutsche Telekom AG",
        None,
        "enterprise customer seller",
        "Bonn",
        "DE",
        "German telecoms group|Bonn-based carrier",
        "",
    ),
    _co(
        "Vodafone",
        "Vodafone Group plc",
        None,
        "enterprise customer seller",
        "Newbury",
        "GB",
        "British mobile operator|telecoms group",
        "",
    ),
    _co(
        "Naver",
        "Naver Corp.",
        None,
        "hyper customer investor",
        "Seongnam",
        "KR",
        "South Korean internet company|Seongnam-based search group",
        "Naver Cloud",
    ),
    # real investors
    _co(
        "Sequoia Capital",
        None,
        None,
        "fund investor",
        "Menlo Park",
        "US",
        "venture firm",
        "Sequoia",
    ),
    _co(
        "Andreessen Horowitz",
        None,
        None,
        "fund investor",
        "Menlo Park",
        "US",
        "venture firm",
        "a16z",
    ),
    _co(
        "Lightspeed",
        "Lightspeed Venture Partners",
        None,
        "fund investor",
        "Menlo Park",
        "US",
        "venture firm",
        "",
    ),
    _co("Accel", None, None, "fund investor", "Palo Alto", "US", "venture firm", ""),
    _co("General Catalyst", None, None, "fund investor", "Cambridge", "US", "venture firm", ""),
    _co("Index Ventures", None, None, "fund investor", "London", "GB", "venture firm", ""),
    _co("Khosla Ventures", None, None, "fund investor", "Menlo Park", "US", "venture firm", ""),
    _co(
        "Temasek",
        "Temasek Holdings",
        None,
        "fund investor",
        "Singapore",
        "SG",
        "Singapore state investor",
        "",
    ),
    _co("Thrive Capital", None, None, "fund investor", "New York", "US", "venture firm", ""),
    _co(
        "BlackRock", "BlackRock Inc.", "BLK", "fund investor", "New York", "US", "asset manager", ""
    ),
    _co(
        "KKR",
        "KKR & Co. Inc.",
        "KKR",
        "fund investor acquirer pe",
        "New York",
        "US",
        "private-equity firm",
        "",
    ),
    _co(
        "Blackstone",
        "Blackstone Inc.",
        "BX",
        "fund investor acquirer pe",
        "New York",
        "US",
        "private-equity group",
        "",
    ),
    # fictional clouds / neoclouds
    _co(
        "Voltaic Cloud",
        "Voltaic Cloud Inc.",
        "VOLT",
        "cloud neo target investee",
        "Austin",
        "US",
        "Austin-based GPU cloud operator|AI infrastructure provider",
        "Voltaic",
    ),
    _co(
        "Lumenstack",
        "Lumenstack Ltd",
        "LMSK",
        "cloud neo target investee",
        "London",
        "GB",
        "London-based AI cloud company|British GPU cloud start-up",
        "",
    ),
    _co(
        "Arcturus Compute",
        "Arcturus Compute Corp.",
        "ARCC",
        "cloud neo target investee",
        "Denver",
        "US",
        "Denver-based data-centre operator|GPU hosting company",
        "Arcturus",
    ),
    _co(
        "Nordhavn Data",
        "Nordhavn Data ASA",
        "NHD",
        "cloud neo target investee",
        "Oslo",
        "NO",
        "Oslo-based operator of hydro-powered data centres|Norwegian AI cloud",
        "Nordhavn",
    ),
    _co(
        "Kiso Cloud",
        "Kiso Cloud KK",
        None,
        "cloud neo target investee",
        "Tokyo",
        "JP",
        "Tokyo-based GPU cloud provider|Japanese AI infrastructure start-up",
        "",
    ),
    _co(
        "Maplegrid",
        "Maplegrid Computing Inc.",
        "MGC",
        "cloud neo target investee",
        "Toronto",
        "CA",
        "Toronto-based AI cloud operator|Canadian GPU cloud",
        "Maplegrid Computing",
    ),
    _co(
        "Southern Cross Compute",
        "Southern Cross Compute Pty Ltd",
        None,
        "cloud neo target investee",
        "Sydney",
        "AU",
        "Sydney-based data-centre group|Australian AI cloud",
        "SCC",
    ),
    _co(
        "Alpenrechen",
        "Alpenrechen AG",
        None,
        "cloud neo target investee",
        "Zurich",
        "CH",
        "Zurich-based sovereign cloud provider|Swiss GPU cloud",
        "",
    ),
    _co(
        "Hanbit Cloud",
        "Hanbit Cloud Co.",
        None,
        "cloud neo target investee",
        "Seoul",
        "KR",
        "Seoul-based AI cloud company|South Korean GPU operator",
        "Hanbit",
    ),
    _co(
        "Yantra Cloud",
        "Yantra Cloud Ltd",
        None,
        "cloud neo target investee",
        "Bengaluru",
        "IN",
        "Bengaluru-based GPU cloud provider|Indian AI cloud start-up",
        "Yantra",
    ),
    _co(
        "Qilin Compute",
        "Qilin Compute Co.",
        None,
        "cloud neo target investee",
        "Hangzhou",
        "CN",
        "Hangzhou-based computing-power provider|Chinese AI cloud",
        "Qilin",
    ),
    _co(
        "Ferrocene",
        "Ferrocene Cloud GmbH",
        None,
        "cloud neo target investee",
        "Frankfurt",
        "DE",
        "Frankfurt-based GPU cloud|German AI infrastructure firm",
        "Ferrocene Cloud",
    ),
    _co(
        "Stratacore",
        "Stratacore Inc.",
        "STRC",
        "cloud neo target investee",
        "Phoenix",
        "US",
        "Phoenix-based colocation and GPU cloud operator|data-centre company",
        "",
    ),
    _co(
        "Tidewell",
        "Tidewell Compute Inc.",
        None,
        "cloud neo target investee",
        "Atlanta",
        "US",
        "Atlanta-based AI cloud start-up|GPU rental company",
        "Tidewell Compute",
    ),
    _co(
        "Ironbark",
        "Ironbark Compute Pty Ltd",
        None,
        "cloud neo target investee",
        "Perth",
        "AU",
        "Perth-based GPU cloud|Australian compute provider",
        "Ironbark Compute",
    ),
    # fictional AI labs / start-ups
    _co(
        "Quillmind",
        "Quillmind AI Inc.",
        None,
        "lab customer investee target licensee",
        "San Francisco",
        "US",
        "San Francisco-based AI developer|maker of the Quill chatbot",
        "Quillmind AI",
    ),
    _co(
        "Parallax Labs",
        "Parallax Labs Inc.",
        None,
        "lab customer investee target licensee",
        "Seattle",
        "US",
        "Seattle-based AI research company|foundation-model start-up",
        "Parallax",
    ),
    _co(
        "Sable Reasoning",
        "Sable Reasoning Ltd",
        None,
        "lab customer investee target licensee",
        "Cambridge",
        "GB",
        "Cambridge, England-based AI lab|British model developer",
        "Sable",
    ),
    _co(
        "Meridian Robotics",
        "Meridian Robotics Inc.",
        None,
        "lab customer investee target",
        "Pittsburgh",
        "US",
        "Pittsburgh-based robotics start-up|maker of warehouse robots",
        "Meridian",
    ),
    _co(
        "Octave Intelligence",
        "Octave Intelligence Inc.",
        None,
        "lab customer investee target licensee",
        "New York",
        "US",
        "New York-based AI company|voice-model developer",
        "Octave",
    ),
    _co(
        "Kairo AI",
        "Kairo AI GmbH",
        None,
        "lab customer investee target",
        "Berlin",
        "DE",
        "Berlin-based AI start-up|German model developer",
        "Kairo",
    ),
    _co(
        "Tessellate",
        "Tessellate AI Inc.",
        None,
        "lab customer investee target licensee",
        "Boston",
        "US",
        "Boston-based AI start-up|enterprise AI company",
        "Tessellate AI",
    ),
    _co(
        "Lyrebird Systems",
        "Lyrebird Systems Pty Ltd",
        None,
        "lab customer investee target",
        "Melbourne",
        "AU",
        "Melbourne-based speech AI company|Australian AI start-up",
        "Lyrebird",
    ),
    _co(
        "Ananta AI",
        "Ananta AI Ltd",
        None,
        "lab customer investee target",
        "Bengaluru",
        "IN",
        "Bengaluru-based AI developer|Indian language-model start-up",
        "Ananta",
    ),
    _co(
        "Hikari Intelligence",
        "Hikari Intelligence KK",
        None,
        "lab customer investee target",
        "Tokyo",
        "JP",
        "Tokyo-based AI developer|Japanese model maker",
        "Hikari",
    ),
    _co(
        "Vireo Health",
        "Vireo Health AI Inc.",
        None,
        "lab customer investee target licensee",
        "Nashville",
        "US",
        "Nashville-based medical AI company|health-care AI start-up",
        "Vireo",
    ),
    _co(
        "Nimbus Robotics",
        "Nimbus Robotics Corp.",
        None,
        "lab customer investee target",
        "Montreal",
        "CA",
        "Montreal-based robotics company|Canadian robotics start-up",
        "Nimbus",
    ),
    _co(
        "Cobalt Minds",
        "Cobalt Minds Ltd",
        None,
        "lab customer investee target",
        "Dublin",
        "IE",
        "Dublin-based AI start-up|Irish AI company",
        "Cobalt",
    ),
    _co(
        "Seoraevo",
        "Seoraevo Inc.",
        None,
        "lab customer investee target",
        "Seoul",
        "KR",
        "Seoul-based AI developer|South Korean AI start-up",
        "",
    ),
    _co(
        "Zhiyuan Minds",
        "Zhiyuan Minds Co.",
        None,
        "lab customer investee target",
        "Beijing",
        "CN",
        "Beijing-based AI developer|Chinese model start-up",
        "Zhiyuan",
    ),
    _co(
        "Glacier Labs",
        "Glacier Labs AG",
        None,
        "lab customer investee target",
        "Geneva",
        "CH",
        "Geneva-based AI company|Swiss AI start-up",
        "Glacier",
    ),
    # fictional chip / server makers
    _co(
        "Corvex",
        "Corvex Semiconductor Corp.",
        "CRVX",
        "chip target",
        "Austin",
        "US",
        "Austin-based chip designer|maker of inference chips",
        "Corvex Semiconductor",
    ),
    _co(
        "Halden Systems",
        "Halden Systems Inc.",
        "HLDN",
        "server target seller",
        "Fremont",
        "US",
        "Fremont-based server maker|builder of liquid-cooled AI racks",
        "Halden",
    ),
    _co(
        "Pacific Rim Semiconductor",
        "Pacific Rim Semiconductor Ltd",
        None,
        "chip target seller",
        "Hsinchu",
        "TW",
        "Taiwan-based chip company|contract chip designer",
        "PRS",
    ),
    _co(
        "Zentra Microsystems",
        "Zentra Microsystems AG",
        None,
        "server chip target",
        "Munich",
        "DE",
        "Munich-based hardware maker|German server company",
        "Zentra",
    ),
    _co(
        "Brightforge",
        "Brightforge Servers Inc.",
        None,
        "server target",
        "Raleigh",
        "US",
        "Raleigh-based server assembler|rack-scale systems maker",
        "Brightforge Servers",
    ),
    # fictional enterprises / acquirers / sellers
    _co(
        "Northwind Logistics",
        "Northwind Logistics plc",
        None,
        "enterprise customer acquirer seller",
        "Manchester",
        "GB",
        "British logistics group|Manchester-based freight company",
        "Northwind",
    ),
    _co(
        "Calder Bank",
        "Calder Bank plc",
        None,
        "enterprise customer acquirer seller licensee",
        "Edinburgh",
        "GB",
        "Scottish lender|Edinburgh-based bank",
        "Calder",
    ),
    _co(
        "Harbor Insurance",
        "Harbor Insurance Group",
        None,
        "enterprise customer acquirer",
        "Hartford",
        "US",
        "Hartford-based insurer|property insurer",
        "Harbor",
    ),
    _co(
        "Keystone Retail",
        "Keystone Retail Corp.",
        "KRC",
        "enterprise customer acquirer seller",
        "Columbus",
        "US",
        "Ohio-based retailer|department-store chain",
        "Keystone",
    ),
    _co(
        "Velora Telecom",
        "Velora Telecom SpA",
        None,
        "enterprise customer seller",
        "Milan",
        "IT",
        "Italian telecoms operator|Milan-based carrier",
        "Velora",
    ),
    _co(
        "Orbis Software",
        "Orbis Software Inc.",
        "ORBS",
        "enterprise acquirer seller target",
        "Boston",
        "US",
        "Boston-based enterprise software company|maker of planning software",
        "Orbis",
    ),
    _co(
        "Trident Industrial",
        "Trident Industrial Holdings",
        None,
        "enterprise acquirer seller",
        "Cleveland",
        "US",
        "Cleveland-based industrial conglomerate|diversified manufacturer",
        "Trident",
    ),
    _co(
        "Kasumi Electronics",
        "Kasumi Electronics Co.",
        None,
        "enterprise acquirer seller",
        "Osaka",
        "JP",
        "Osaka-based electronics maker|Japanese components group",
        "Kasumi",
    ),
    _co(
        "Rao Digital",
        "Rao Digital Ltd",
        None,
        "enterprise acquirer seller customer",
        "Pune",
        "IN",
        "Pune-based IT services firm|Indian digital services company",
        "",
    ),
    _co(
        "Larchmont Health",
        "Larchmont Health Systems",
        None,
        "enterprise customer licensee",
        "Philadelphia",
        "US",
        "Philadelphia-based hospital operator|health system",
        "Larchmont",
    ),
    # fictional content owners
    _co(
        "Ledger Media",
        "Ledger Media Group",
        None,
        "media target seller",
        "New York",
        "US",
        "New York-based newspaper publisher|publisher of regional dailies",
        "Ledger",
    ),
    _co(
        "Pinecrest Images",
        "Pinecrest Images Inc.",
        None,
        "media target",
        "Seattle",
        "US",
        "Seattle-based stock-photo library|image licensing company",
        "Pinecrest",
    ),
    _co(
        "Bellwether Press",
        "Bellwether Press Ltd",
        None,
        "media target",
        "London",
        "GB",
        "London-based academic publisher|book publisher",
        "Bellwether",
    ),
    _co(
        "Quorum Forums",
        "Quorum Forums Inc.",
        None,
        "media target",
        "Portland",
        "US",
        "Portland-based online community site|discussion-forum operator",
        "Quorum",
    ),
    _co(
        "Harmonia Music",
        "Harmonia Music Group",
        None,
        "media target",
        "Nashville",
        "US",
        "Nashville-based record label|independent music group",
        "Harmonia",
    ),
    _co(
        "Scribe & Quill",
        "Scribe & Quill Publishing Ltd",
        None,
        "media target",
        "Toronto",
        "CA",
        "Toronto-based publisher|Canadian book publisher",
        "",
    ),
    # fictional investors
    _co(
        "Northgate Capital",
        "Northgate Capital Partners",
        None,
        "fund investor",
        "Boston",
        "US",
        "growth investor",
        "Northgate",
    ),
    _co(
        "Bluewater Ventures",
        None,
        None,
        "fund investor",
        "San Francisco",
        "US",
        "venture firm",
        "Bluewater",
    ),
    _co(
        "Halcyon Growth",
        "Halcyon Growth Fund",
        None,
        "fund investor",
        "London",
        "GB",
        "growth fund",
        "",
    ),
    _co(
        "Kestrel Partners", None, None, "fund investor", "New York", "US", "venture firm", "Kestrel"
    ),
    _co(
        "Meridian Peak Capital",
        None,
        None,
        "fund investor",
        "Singapore",
        "SG",
        "investment firm",
        "Meridian Peak",
    ),
    _co(
        "Sunstone Ventures",
        None,
        None,
        "fund investor",
        "Bengaluru",
        "IN",
        "venture firm",
        "Sunstone",
    ),
    _co(
        "Ashgrove Capital",
        None,
        None,
        "fund investor acquirer pe",
        "Chicago",
        "US",
        "private-equity firm",
        "Ashgrove",
    ),
    _co(
        "Redfern Equity",
        "Redfern Equity Partners",
        None,
        "fund investor acquirer pe",
        "Sydney",
        "AU",
        "buyout firm",
        "Redfern",
    ),
    _co(
        "Granite Arch",
        "Granite Arch Capital",
        None,
        "fund investor acquirer pe",
        "Toronto",
        "CA",
        "private-equity firm",
        "",
    ),
    _co(
        "Oberland Kapital",
        None,
        None,
        "fund investor",
        "Munich",
        "DE",
        "German venture investor",
        "Oberland",
    ),
    # fictional utilities (for 'other' power deals)
    _co(
        "Greenline Power",
        "Greenline Power Corp.",
        None,
        "utility",
        "Houston",
        "US",
        "Houston-based power producer|renewable-energy developer",
        "Greenline",
    ),
    _co(
        "Fjordkraft Energi",
        "Fjordkraft Energi AS",
        None,
        "utility",
        "Bergen",
        "NO",
        "Norwegian hydropower producer|Bergen-based utility",
        "Fjordkraft",
    ),
    _co(
        "Sunmesa Energy",
        "Sunmesa Energy Inc.",
        None,
        "utility",
        "Phoenix",
        "US",
        "Arizona solar developer|Phoenix-based power company",
        "Sunmesa",
    ),
)

BY_SHORT = {c.short: c for c in COMPANIES}
CURRENCY_OF_COUNTRY = {
    "GB": "GBP",
    "DE": "EUR",
    "IT": "EUR",
    "IE": "EUR",
    "NO": "EUR",
    "JP": "JPY",
    "CN": "CNY",
    "IN": "INR",
    "CA": "CAD",
    "AU": "AUD",
    "KR": "KRW",
    "CH": "CHF",
}
CHIP_VENDORS = {"Nvidia", "AMD", "Intel"}

PEOPLE = (
    "Maria Okafor",
    "Daniel Brandt",
    "Priya Raman",
    "Tom Villiers",
    "Keiko Mori",
    "Arjun Mehta",
    "Elena Sokolova",
    "Marcus Bell",
    "Sofia Lindqvist",
    "Hyun-woo Park",
    "Lucas Ferreira",
    "Grace Whitaker",
    "Omar Haddad",
    "Ingrid Solberg",
    "Ravi Iyer",
    "Chloe Dubois",
    "Nathan Greer",
    "Aiko Tanaka",
    "Fiona Gallagher",
    "Mateo Ruiz",
    "Li Wen",
    "Jonas Weber",
    "Hannah Cole",
    "Vikram Nair",
    "Beatrice Lund",
    "Samuel Adeyemi",
)
ANALYST_FIRMS = (
    "Crestline Securities",
    "Harbourview Research",
    "Tallis & Co",
    "Ridgemont Capital Markets",
    "Lanterne Partners",
    "Osprey Equity Research",
    "Kingsway Analytics",
    "Beacon Street Advisors",
)
OUTLETS = ("The Ledger Daily", "Circuit Weekly", "the Capital Observer", "Datacenter Dispatch")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CITY_STATE = {
    "Redmond": "REDMOND, Wash.",
    "Mountain View": "MOUNTAIN VIEW, Calif.",
    "Seattle": "SEATTLE",
    "Austin": "AUSTIN, Texas",
    "Menlo Park": "MENLO PARK, Calif.",
    "Armonk": "ARMONK, N.Y.",
    "Santa Clara": "SANTA CLARA, Calif.",
    "Round Rock": "ROUND ROCK, Texas",
    "Houston": "HOUSTON",
    "San Jose": "SAN JOSE, Calif.",
    "San Francisco": "SAN FRANCISCO",
    "New York": "NEW YORK",
    "Denver": "DENVER",
    "Phoenix": "PHOENIX",
    "Atlanta": "ATLANTA",
    "Boston": "BOSTON",
    "Pittsburgh": "PITTSBURGH",
    "Nashville": "NASHVILLE",
    "Fremont": "FREMONT, Calif.",
    "Raleigh": "RALEIGH, N.C.",
    "Hartford": "HARTFORD, Conn.",
    "Columbus": "COLUMBUS, Ohio",
    "Cleveland": "CLEVELAND",
    "Philadelphia": "PHILADELPHIA",
    "Portland": "PORTLAND, Ore.",
    "Chicago": "CHICAGO",
    "Livingston": "LIVINGSTON, N.J.",
    "Palo Alto": "PALO ALTO, Calif.",
    "Cambridge": "CAMBRIDGE",
}

# --------------------------------------------------------------------------
# Numbers, money, terms, GPUs, dates
# --------------------------------------------------------------------------

SMALL_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
    25: "twenty-five",
    30: "thirty",
    40: "forty",
    50: "fifty",
}
SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "lakh": 10**5,
    "crore": 10**7,
}
HEDGES = (
    "about",
    "approximately",
    "roughly",
    "nearly",
    "some",
    "more than",
    "up to",
    "as much as",
    "an estimated",
    "around",
    "close to",
    "just under",
    "almost",
    "in excess of",
)
PERIOD_WORDS = {
    "month": ("a month", "per month", "monthly", "each month"),
    "year": ("a year", "per year", "annually", "per annum", "each year"),
    "quarter": ("a quarter", "per quarter", "each quarter"),
    "week": ("a week", "per week"),
    "day": ("a day", "per day"),
}
WIRE_PERIOD_WORDS = {
    "month": ("a month", "per month"),
    "year": ("a year", "annually"),
    "quarter": ("a quarter",),
    "week": ("a week",),
    "day": ("a day",),
}


def fmt_num(m: Decimal) -> str:
    """Format a mantissa with thousands separators and no trailing zeros."""
    s = format(m.normalize(), "f")
    whole, _, frac = s.partition(".")
    whole = f"{int(whole):,}"
    return f"{whole}.{frac}" if frac else whole


@dataclass
class Money:
    """A deal amount plus the way the article writes it."""

    mant: Decimal
    scale: str
    currency: str
    period: str | None = None
    hedge: str | None = None

    @property
    def value(self) -> int:
        return int(self.mant * SCALES[self.scale])

    def gold(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "currency": self.currency,
            "period": self.period,
            "approximate": self.hedge is not None,
        }


def money_core(mo: Money, style: str, rng: random.Random) -> str:
    """Render the bare money expression (no hedge, no period)."""
    n = fmt_num(mo.mant)
    sc = mo.scale
    c = mo.currency
    integer = mo.mant == mo.mant.to_integral_value()
    wire = style == "wire"
    if sc in ("lakh", "crore"):
        return rng.choice((f"Rs {n} {sc}", f"₹{n} {sc}", f"INR {n} {sc}", f"Rs. {n} {sc}"))
    if sc == "thousand":
        full = fmt_num(mo.mant * 1000)
        sym = {"USD": "$", "EUR": "€", "GBP": "£"}.get(c)
        if wire:
            word = {"USD": "dlrs", "GBP": "stg"}.get(c, {"EUR": "euros"}.get(c, c))
            return f"{full} {word}"
        if sym:
            return rng.choice(
                (f"{sym}{full}", f"{sym}{n}k", f"{sym}{n},000" if integer else f"{sym}{full}")
            )
        return f"{c} {full}"
    short = {"million": "mln", "billion": "bln", "trillion": "trillion"}[sc]
    if wire:
        word = {
            "USD": rng.choice(("dlrs", "dlrs", "U.S. dlrs")),
            "GBP": "stg",
            "EUR": "euros",
            "JPY": "yen",
            "CNY": "yuan",
            "INR": "rupees",
            "CAD": "Canadian dlrs",
            "AUD": "Australian dlrs",
            "KRW": "won",
            "CHF": "Swiss francs",
        }[c]
        scale_word = rng.choice((short, short, sc))
        return f"{n} {scale_word} {word}"
    abbrev = {
        "million": ("m", "M", "mn", " million"),
        "billion": ("bn", "B", "b", " billion"),
        "trillion": ("tn", " trillion", "T"),
    }[sc]
    if c == "USD":
        options = [
            f"${n} {sc}",
            f"${n} {sc}",
            f"${n}{rng.choice(abbrev[:3])}",
            f"US${n} {sc}",
            f"USD {n} {sc}",
            f"{n} {sc} dollars",
        ]
        if integer and int(mo.mant) in SMALL_WORDS and sc != "trillion":
            word = SMALL_WORDS[int(mo.mant)]
            options.append(f"{word} {sc} dollars")
            if int(mo.mant) == 1:
                options.append(f"a {sc} dollars")
        if mo.value < 10**10 and integer and sc == "million":
            options.append(f"${mo.value:,}")
        return rng.choice(options)
    if c == "EUR":
        return rng.choice(
            (f"€{n} {sc}", f"€{n}{rng.choice(abbrev[:2])}", f"EUR {n} {sc}", f"{n} {sc} euros")
        )
    if c == "GBP":
        return rng.choice(
            (
                f"£{n} {sc}",
                f"£{n}{rng.choice(abbrev[:1] + abbrev[2:3])}",
                f"{n} {sc} pounds",
                f"GBP {n} {sc}",
                f"{n} {sc} pounds sterling",
            )
        )
    if c == "JPY":
        return rng.choice((f"¥{n} {sc}", f"{n} {sc} yen", f"JPY {n} {sc}"))
    if c == "CNY":
        return rng.choice((f"{n} {sc} yuan", f"RMB {n} {sc}", f"CNY {n} {sc}", f"{n} {sc} yuan"))
    if c == "INR":
        return rng.choice((f"INR {n} {sc}", f"₹{n} {sc}", f"{n} {sc} rupees"))
    if c == "CAD":
        return rng.choice((f"C${n} {sc}", f"CAD {n} {sc}", f"{n} {sc} Canadian dollars"))
    if c == "AUD":
        return rng.choice((f"A${n} {sc}", f"AUD {n} {sc}", f"{n} {sc} Australian dollars"))
    if c == "KRW":
        return rng.choice((f"₩{n} {sc}", f"{n} {sc} won", f"KRW {n} {sc}"))
    if c == "CHF":
        return rng.choice((f"CHF {n} {sc}", f"{n} {sc} Swiss francs", f"SFr {n} {sc}"))
    raise CorpusError(f"no rendering for currency {c}")


def money_text(mo: Money, style: str, rng: random.Random, with_period: bool = True) -> str:
    """Render hedge + money + period."""
    core = money_core(mo, style, rng)
    if mo.hedge:
        core = f"{mo.hedge} {core}"
    if with_period and mo.period:
        words = WIRE_PERIOD_WORDS if style == "wire" else PERIOD_WORDS
        core = f"{core} {rng.choice(words[mo.period])}"
    return core


# value ranges (in USD-equivalent millions) by deal type and period
VALUE_RANGES: dict[tuple[str, str | None], tuple[float, float]] = {
    ("compute", None): (40, 30000),
    ("compute", "month"): (2, 900),
    ("compute", "year"): (15, 6000),
    ("compute", "quarter"): (10, 1500),
    ("compute", "week"): (1, 60),
    ("compute", "day"): (0.3, 8),
    ("purchase", None): (8, 20000),
    ("acquisition", None): (3, 70000),
    ("investment", None): (1, 12000),
    ("licensing", None): (1, 900),
    ("licensing", "year"): (1, 300),
    ("licensing", "month"): (0.5, 25),
    ("partnership", None): (20, 5000),
    ("other", None): (20, 8000),
    ("other", "year"): (5, 900),
}
# rough units of local currency per USD
FX = {
    "USD": 1,
    "EUR": 0.92,
    "GBP": 0.79,
    "JPY": 150,
    "CNY": 7.2,
    "INR": 83,
    "CAD": 1.36,
    "AUD": 1.52,
    "KRW": 1350,
    "CHF": 0.88,
}


def nice_mantissa(x: float, rng: random.Random) -> Decimal:
    """Round ``x`` to a mantissa an article might print (1.5, 12, 750, 1.25)."""
    if x >= 100:
        q = rng.choice((Decimal(10), Decimal(5), Decimal(1)))
        return (Decimal(x) / q).quantize(Decimal(1)) * q
    if x >= 10:
        return Decimal(x).quantize(rng.choice((Decimal(1), Decimal(1), Decimal("0.1"))))
    return Decimal(x).quantize(
        rng.choice((Decimal("0.1"), Decimal("0.01"), Decimal(1), Decimal("0.1")))
    )


def draw_money(
    kind: str, period: str | None, currency: str, hedge_p: float, rng: random.Random
) -> Money:
    """Draw a plausible amount for a deal of ``kind``."""
    lo, hi = VALUE_RANGES.get((kind, period), VALUE_RANGES.get((kind, None), (5, 5000)))
    usd_m = 10 ** rng.uniform(math.log10(lo), math.log10(hi))
    local = usd_m * 1e6 * FX[currency]
    if currency == "INR" and local < 5 * 10**11 and rng.random() < 0.75:
        scale = "crore" if local >= 10**8 or rng.random() < 0.6 else "lakh"
    elif (
        currency == "KRW"
        and local >= 10**12
        or local >= 10**12
        and currency == "JPY"
        and rng.random() < 0.3
    ):
        scale = "trillion"
    elif local >= 10**9:
        scale = "billion"
    elif local >= 10**6:
        scale = "million"
    else:
        scale = "thousand"
    mant = nice_mantissa(local / SCALES[scale], rng)
    if mant <= 0:
        mant = Decimal(1)
    if scale == "thousand" and mant >= 1000:
        mant, scale = (mant / 1000).quantize(Decimal("0.1")), "million"
    hedge = rng.choice(HEDGES) if rng.random() < hedge_p else None
    return Money(mant, scale, currency, period, hedge)


@dataclass
class Term:
    """A stated deal term in months."""

    months: int

    def _n(self, rng: random.Random, unit_years: bool) -> str:
        n = self.months // 12 if unit_years else self.months
        if n in SMALL_WORDS and n <= 12 and rng.random() < 0.6:
            return SMALL_WORDS[n]
        return str(n)

    def years(self) -> bool:
        return self.months % 12 == 0

    def adj(self, rng: random.Random) -> str:
        """'five-year', '10-year', '18-month'."""
        if self.years():
            return f"{self._n(rng, True)}-year"
        return f"{self._n(rng, False)}-month"

    def for_(self, rng: random.Random) -> str:
        """'for five years', 'for a term of 36 months'."""
        if self.years():
            n = self._n(rng, True)
            unit = "year" if n in ("one", "1") else "years"
            return rng.choice((f"for {n} {unit}", f"for a term of {n} {unit}", f"for {n} {unit}"))
        return rng.choice(
            (f"for {self._n(rng, False)} months", f"for a term of {self.months} months")
        )

    def over(self, rng: random.Random) -> str:
        """'over five years', 'over the next 10 years'."""
        if self.years():
            n = self._n(rng, True)
            unit = "year" if n in ("one", "1") else "years"
            return rng.choice(
                (f"over {n} {unit}", f"over the next {n} {unit}", f"over a {n}-year period")
            )
        return rng.choice(
            (f"over {self._n(rng, False)} months", f"over the next {self.months} months")
        )


TERM_CHOICES = (12, 18, 24, 24, 36, 36, 36, 48, 60, 60, 60, 72, 84, 96, 120, 120, 180, 30, 42)

GPU_MODELS: dict[str, tuple[str, ...]] = {
    "Nvidia": (
        "A100",
        "H100",
        "H100",
        "H200",
        "H200",
        "B200",
        "B300",
        "GB200",
        "GB200",
        "GB300",
        "GB300",
        "Rubin",
    ),
    "AMD": ("MI300X", "MI300X", "MI325X", "MI355X", "MI450"),
    "Intel": ("Gaudi 3",),
    "Google": ("TPU v5e", "TPU v5p", "TPU v6e"),
    "AWS": ("Trainium2",),
}
GPU_HEDGES = ("up to", "about", "roughly", "more than", "some", "nearly", "around")
VAGUE_COUNTS = (
    "hundreds of thousands of",
    "tens of thousands of",
    "thousands of",
    "several thousand",
)


@dataclass
class Gpu:
    """Accelerators a deal covers, plus how they are written."""

    count: int | None
    vendor: str | None
    model: str | None
    hedge: str | None = None
    vague: str | None = None
    count_style: str = "digits"

    def gold(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "vendor": self.vendor,
            "model": self.model,
            "approximate": self.hedge is not None,
        }


def draw_gpu(rng: random.Random, vendor: str | None = None, allow_vague: bool = True) -> Gpu:
    """Draw an accelerator mention."""
    vendor = vendor or rng.choice(("Nvidia",) * 7 + ("AMD", "AMD", "Intel"))
    model = rng.choice(GPU_MODELS[vendor]) if rng.random() < 0.85 else None
    if allow_vague and rng.random() < 0.12:
        return Gpu(None, vendor, model, vague=rng.choice(VAGUE_COUNTS))
    if rng.random() < 0.1:
        return Gpu(None, vendor, model or GPU_MODELS[vendor][0])  # model only, no count
    count = rng.choice(
        (
            512,
            1024,
            2048,
            4096,
            8000,
            10000,
            12000,
            16000,
            20000,
            24000,
            25000,
            32000,
            40000,
            50000,
            60000,
            72000,
            100000,
            110000,
            128000,
            150000,
            200000,
            3500,
            6400,
            18000,
            36000,
            64000,
        )
    )
    hedge = rng.choice(GPU_HEDGES) if rng.random() < 0.35 else None
    cs = rng.choice(("digits", "digits", "digits", "k")) if count % 1000 == 0 else "digits"
    return Gpu(count, vendor, model, hedge, count_style=cs)


def gpu_text(g: Gpu, rng: random.Random) -> str:
    """Render an accelerator mention such as '50,000 Nvidia H100 GPUs'."""
    v, m = g.vendor, g.model
    if m and m.startswith("TPU"):
        nouns = (f"{m} chips", f"Google {m} chips", f"{m} accelerators")
    elif m == "Trainium2":
        nouns = ("Trainium2 chips", "AWS Trainium2 accelerators")
    elif m == "Gaudi 3":
        nouns = ("Intel Gaudi 3 accelerators", "Gaudi 3 chips")
    elif m and v == "AMD":
        nouns = (f"AMD {m} accelerators", f"{m} GPUs", f"AMD Instinct {m} chips", f"{m}s")
    elif m:
        nouns = (
            f"Nvidia {m} GPUs",
            f"{m}s",
            f"{m} chips",
            f"Nvidia {m} processors",
            f"{m} GPUs",
            f"{m} graphics processors",
        )
    else:
        nouns = (f"{v} GPUs", f"{v} graphics processing units", f"{v} accelerators")
    noun = rng.choice(nouns)
    if g.vague:
        return f"{g.vague} {noun}"
    if g.count is None:
        if m:
            return rng.choice(
                (f"{m}-based systems", f"{v}'s {m} chips" if v in CHIP_VENDORS else f"{m} chips")
            )
        return f"{v}-based systems"
    if g.count_style == "k":
        cnt = f"{g.count // 1000}{rng.choice(('k', 'K', ',000'))}"
    else:
        cnt = f"{g.count:,}"
    if m and v == "Nvidia" and rng.random() < 0.2:
        text = f"{cnt} of Nvidia's {m} graphics processors"
    else:
        text = f"{cnt} {noun}"
    return f"{g.hedge} {text}" if g.hedge else text


@dataclass
class When:
    """A deal date and how the article states it."""

    iso: str
    text: str  # ' on Monday', ' on March 3, 2025', ' today', ' in March 2024'


def date_text(d: dt.date, rng: random.Random, dateline: dt.date, style: str) -> str:
    """Explicit date phrase, e.g. ' on March 3, 2025'."""
    m = MONTHS[d.month - 1]
    same_year = d.year == dateline.year
    options = [
        f" on {m} {d.day}, {d.year}",
        f" on {d.day} {m} {d.year}",
        f" on {WEEKDAYS[d.weekday()]}, {m} {d.day}, {d.year}",
    ]
    if same_year:
        options.append(f" on {m} {d.day}")
    if style == "wire":
        options = [f" on {m} {d.day}", f" on {m} {d.day}, {d.year}"] if same_year else options[:1]
    return rng.choice(options)


def draw_when(
    rng: random.Random, dateline: dt.date, style: str, press: bool = False
) -> When | None:
    """Draw the main deal's date: none, relative weekday, explicit, or 'today'."""
    r = rng.random()
    if press and r < 0.7:
        return When(dateline.isoformat(), " today")
    if r < 0.38:
        return None
    if r < 0.68:
        back = rng.choice((0, 1, 1, 2, 3, 4))
        d = dateline - dt.timedelta(days=back)
        if back == 1 and rng.random() < 0.25:
            return When(d.isoformat(), " yesterday")
        return When(d.isoformat(), f" on {WEEKDAYS[d.weekday()]}")
    if r < 0.93:
        d = dateline - dt.timedelta(days=rng.choice((0, 1, 2, 3, 7, 14)))
        return When(d.isoformat(), date_text(d, rng, dateline, style))
    d = dateline - dt.timedelta(days=rng.randint(35, 400))
    return When(f"{d.year:04d}-{d.month:02d}", f" in {MONTHS[d.month - 1]} {d.year}")


def draw_dateline(rng: random.Random) -> dt.date:
    """A weekday between 2023 and late 2025."""
    start = dt.date(2023, 1, 2)
    while True:
        d = start + dt.timedelta(days=rng.randint(0, 1060))
        if d.weekday() < 5 or rng.random() < 0.1:
            return d


# --------------------------------------------------------------------------
# Mentions: every name form an article uses is recorded for the gold aliases
# --------------------------------------------------------------------------

CLOUD_BRANDS = {
    "Azure",
    "Microsoft Azure",
    "Google Cloud",
    "Amazon Web Services",
    "AWS",
    "Oracle Cloud Infrastructure",
    "OCI",
    "Alibaba Cloud",
    "Naver Cloud",
}
UNIT_NAMES = (
    "Corvid Storage",
    "Brightline Networks",
    "Atlas Edge",
    "Pellucid Analytics",
    "Sentinel Security",
    "Quarry Data Services",
    "Marlin Payments",
    "Helios Imaging",
    "Tundra Networks",
    "Opal Workforce Software",
    "Cinder Video",
    "Kite Mapping",
    "Ember Semiconductors",
    "Riverbend Data Centers",
    "Foxglove Health IT",
    "Lattice Print Solutions",
    "Rowan Field Services",
    "Silverline Optics",
    "Basalt Cloud Services",
    "Juniper Learning",
)
UNIT_NOUNS = ("unit", "division", "business", "subsidiary")


def unit_co(name: str) -> Co:
    """A business unit that can be sold; it has no legal-name variant."""
    return Co(name, None, None, ("unit",), "", "US", ("business",))


LEGAL_SUFFIX = re.compile(
    r",?\s+(?:Inc\.?|Corp\.?|Ltd\.?|LLC|plc|AG|GmbH|SE|Co\.?|KK|ASA|AS|SpA|Pty Ltd)$"
)


def strip_suffix(name: str) -> str:
    """'Samsung Electronics Co.' -> 'Samsung Electronics'; 'Ironbark Compute Pty Ltd' -> 'Ironbark Compute'."""
    prev = None
    while prev != name:
        prev, name = name, LEGAL_SUFFIX.sub("", name).rstrip(" &")
    return name


class Ctx:
    """Per-article state: the style, the dateline, and name forms used."""

    def __init__(self, rng: random.Random, style: str, dateline: dt.date) -> None:
        self.rng = rng
        self.style = style
        self.dateline = dateline
        self.used: dict[str, list[str]] = defaultdict(list)
        self.cos: dict[str, Co] = {}

    def _record(self, co: Co, form: str) -> str:
        self.cos[co.short] = co
        if form not in self.used[co.short]:
            self.used[co.short].append(form)
        return form

    def first_form(self, co: Co) -> str:
        rng = self.rng
        if co.full and rng.random() < (0.75 if self.style in ("wire", "press") else 0.45):
            full = co.full.rstrip(".") if self.style == "wire" else co.full
            self._record(co, full)
            if co.ticker and self.style == "press" and rng.random() < 0.6:
                exch = rng.choice(("NASDAQ", "NYSE", "Nasdaq"))
                return f"{full} ({exch}: {co.ticker})"
            if co.ticker and self.style == "wire" and rng.random() < 0.5:
                return f"{full} <{co.ticker}>"
            return full
        return self._record(co, co.short)

    def m(self, co: Co, cloud: bool = False) -> str:
        """A mention of ``co``: a full name first, short or other names later."""
        rng = self.rng
        brands = [a for a in co.alts if a in CLOUD_BRANDS]
        others = [a for a in co.alts if a not in CLOUD_BRANDS]
        if cloud and brands and rng.random() < 0.45:
            return self._record(co, rng.choice(brands))
        if co.short not in self.used:
            return self.first_form(co)
        if others and rng.random() < 0.25:
            return self._record(co, rng.choice(others))
        return self._record(co, co.short)

    def poss(self, co: Co, cloud: bool = False) -> str:
        return self.m(co, cloud) + "'s"

    def short(self, co: Co) -> str:
        """The short name, recorded (for headlines and later mentions)."""
        return self._record(co, co.short)

    def party(self, co: Co, role: str) -> dict[str, Any]:
        """The gold party record with aliases from every form used."""
        forms = self.used.get(co.short) or [co.short]
        name = co.short if co.short in forms else strip_suffix(forms[0])
        aliases = [f for f in forms if f != name]
        out: dict[str, Any] = {"name": name, "role": role}
        if aliases:
            out["aliases"] = aliases
        return out


def join_names(names: Sequence[str], rng: random.Random) -> str:
    if len(names) == 1:
        return names[0]
    comma = "," if rng.random() < 0.3 and len(names) > 2 else ""
    return ", ".join(names[:-1]) + f"{comma} and {names[-1]}"


# --------------------------------------------------------------------------
# Deal specifications
# --------------------------------------------------------------------------

PARTY_FIELDS = {
    "compute": {"customer": "C", "provider": "P"},
    "purchase": {"customer": "C", "provider": "P"},
    "licensing": {"customer": "C", "provider": "P"},
    "acquisition": {"acquirer": "A", "target": "T", "seller": "S"},
    "partnership": {"partner": "X"},
    "other": {"customer": "C", "provider": "P", "partner": "X"},
}


@dataclass
class Spec:
    """One deal: what the text must say and what the gold records."""

    type: str
    roles: list[tuple[Co, str]]
    money: Money | None = None
    term: Term | None = None
    gpu: Gpu | None = None
    when: When | None = None
    extra: dict[str, str] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    def cos(self, role: str) -> list[Co]:
        return [c for c, r in self.roles if r == role]

    def gold(self, ctx: Ctx) -> dict[str, Any]:
        return {
            "type": self.type,
            "parties": [ctx.party(c, r) for c, r in self.roles],
            "amount": self.money.gold() if self.money else None,
            "duration_months": self.term.months if self.term else None,
            "gpus": self.gpu.gold() if self.gpu else None,
            "date": self.when.iso if self.when else None,
            "evidence": " ... ".join(self.evidence),
        }


def party_keys(spec: Spec) -> set[str]:
    """Pattern field names for the spec's parties."""
    keys: set[str] = set()
    if spec.type == "investment":
        inv = spec.cos("investor")
        keys |= {"E"} if spec.cos("investee") else set()
        keys.add("I")
        if len(inv) >= 2:
            keys |= {"L", "Ps"}
        return keys
    if spec.type in ("partnership",) or (spec.type == "other" and spec.cos("partner")):
        return {"X", "Y"}
    table = PARTY_FIELDS[spec.type]
    for _, r in spec.roles:
        keys.add(table[r])
    return keys


def available(spec: Spec) -> set[str]:
    """Every field a pattern may use for this spec."""
    keys = set(party_keys(spec))
    for k in list(keys):
        if k in ("C", "P", "A", "T", "S", "E", "X", "Y", "L"):
            keys |= {k + "p", k + "d"}
    mo = spec.money
    if mo:
        keys.add("amt")
        keys.add("amtT" if mo.period is None else "amtR")
        if mo.period == "year":
            keys.add("amtY")
        if mo.period == "month":
            keys.add("amtM")
    if spec.term:
        keys |= {"durA", "durF", "durO"}
    if spec.gpu:
        keys.add("gpus")
    if spec.when:
        keys.add("on")
    keys |= set(spec.extra)
    return keys


FORMATTER = string.Formatter()


def fields_of(pattern: str) -> list[str]:
    return [f for _, f, _, _ in FORMATTER.parse(pattern) if f]


PARTY_BASES = {"C", "P", "A", "T", "S", "E", "X", "Y", "I", "L", "Ps"}


def base(f: str) -> str:
    return f[:-1] if len(f) == 2 and f[-1] in "pd" and f[0] in "CPATSEXYL" else f


def pattern_ok(pattern: str, spec: Spec, require_all_parties: bool = True) -> bool:
    fs = fields_of(pattern)
    avail = available(spec)
    if not set(fs) <= avail:
        return False
    if not require_all_parties:
        return True
    used_parties = {base(f) for f in fs if base(f) in PARTY_BASES}
    need = party_keys(spec)
    if spec.type == "investment":
        if "I" in used_parties:
            return used_parties - {"I"} <= {"E"} and ("E" in used_parties) == ("E" in need)
        return {"L", "Ps"} <= used_parties and ("E" in used_parties) == ("E" in need)
    return used_parties == need


class Renderer:
    """Fills pattern fields from a spec, lazily and left to right."""

    def __init__(self, ctx: Ctx, spec: Spec) -> None:
        self.ctx = ctx
        self.spec = spec

    def party_of(self, key: str) -> Co:
        s = self.spec
        if key in ("X", "Y"):
            ps = s.cos("partner")
            return ps[0] if key == "X" else ps[1]
        if key == "E":
            return s.cos("investee")[0]
        if key == "L":
            return s.cos("investor")[0]
        role = {v: k for k, v in PARTY_FIELDS.get(s.type, {}).items() if k != "partner"}.get(key)
        if role is None:
            role = {
                "C": "customer",
                "P": "provider",
                "A": "acquirer",
                "T": "target",
                "S": "seller",
            }[key]
        return s.cos(role)[0]

    def __getitem__(self, key: str) -> str:
        ctx, s, rng = self.ctx, self.spec, self.ctx.rng
        cloud = s.type == "compute"
        if key == "I":
            return join_names([ctx.m(c) for c in s.cos("investor")], rng)
        if key == "Ps":
            return join_names([ctx.m(c) for c in s.cos("investor")[1:]], rng)
        if key in ("C", "P", "A", "T", "S", "E", "X", "Y", "L"):
            return ctx.m(self.party_of(key), cloud=cloud and key == "P")
        if len(key) == 2 and key[1] == "p":
            return ctx.poss(self.party_of(key[0]), cloud=cloud and key[0] == "P")
        if len(key) == 2 and key[1] == "d":
            co = self.party_of(key[0])
            return "the " + rng.choice(co.desc)
        mo = s.money
        if key in ("amt", "amtT", "amtR"):
            assert mo is not None
            return money_text(mo, ctx.style, rng)
        if key in ("amtY", "amtM"):
            assert mo is not None
            return money_text(mo, ctx.style, rng, with_period=False)
        if key == "durA":
            assert s.term is not None
            return s.term.adj(rng)
        if key == "durF":
            assert s.term is not None
            return s.term.for_(rng)
        if key == "durO":
            assert s.term is not None
            return s.term.over(rng)
        if key == "gpus":
            assert s.gpu is not None
            return gpu_text(s.gpu, rng)
        if key == "on":
            assert s.when is not None
            return s.when.text
        if key in s.extra:
            return s.extra[key]
        raise CorpusError(f"unknown pattern field {key!r}")


def fill(pattern: str, ctx: Ctx, spec: Spec) -> str:
    if spec.money and spec.money.hedge and re.search(r"(?:\b[Aa]|\bits|\bthe) \{amt", pattern):
        spec.money.hedge = None  # "a some $5m deal" is not English
    text = pattern.format_map(Renderer(ctx, spec))
    text = re.sub(r"\.\.(?=\s|$)", ".", text)
    if text[:1].islower() and not text.startswith(("a16z", "xAI", "eBay", "iP")):
        text = text[0].upper() + text[1:]
    return text


# --------------------------------------------------------------------------
# Sentence patterns (hand-written, many voices per deal type)
# --------------------------------------------------------------------------

CORE: dict[str, list[str]] = {
    "compute": [
        "{P} will supply {C} with dedicated GPU capacity under a {durA} agreement worth {amt}.",
        "{C} has agreed to buy {amtT} of computing capacity from {P}.",
        "{C} agreed to buy capacity from {P}{on}, committing {amtT} {durO}.",
        "{P} said{on} it had signed a {durA} contract to provide {C} with AI computing capacity.",
        "{P} will rent {gpus} to {C} under a deal announced{on}.",
        "{C} will pay {P} {amtR} for access to its GPU cloud.",
        "Under the agreement, {C} will rent capacity from {P} at {amtR} {durF}.",
        "{C} is to spend {amtT} on {Pp} cloud services {durO}.",
        "The {durA} lease gives {C} access to {gpus} in {Pp} data centres.",
        "{P} signed {C} as a customer{on} in a deal valued at {amt}.",
        "Capacity worth {amtT} will be provided to {C} by {P} {durO}.",
        "{C} turned to {P} for extra computing power{on}, agreeing to a contract worth {amt}.",
        "{C} has committed to spend {amtT} with {P} {durO}, people familiar with the matter said.",
        "{P} landed a deal to provide {gpus} to {C}.",
        "{C}, which already runs workloads on several clouds, signed a {durA} agreement to lease {gpus} from {P}.",
        "{P}, {Pd}, said{on} that {C} had agreed to pay {amt} for dedicated AI infrastructure.",
        "{C} will lease {gpus} from {P} {durF}, the companies said{on}.",
        "{P} is to host {Cp} model training under a contract worth {amt}.",
        "Computing capacity for {C} will be supplied by {P} under a {durA} deal.",
        "{P} and {C} have signed a {durA} cloud agreement under which {C} will pay {amt}.",
        "{C} said{on} it would buy {amtT} worth of cloud capacity from {P}.",
        "{Pp} cloud arm will provide {C} with {gpus} under a new agreement.",
        "A {durA} agreement announced{on} will see {P} dedicate {gpus} to {C}.",
        "{C} agreed to rent {gpus} from {P} at a cost of {amtR}.",
        "{P} has won a {amtT} contract to supply {C} with inference capacity.",
        "{P} said it agreed to provide computing services to {C} for {amt}.",
        "{C} said it signed an agreement with {P} to buy cloud computing capacity valued at {amt}.",
        "{C} is paying {P} {amtR} to reserve {gpus}.",
        "{C}, {Cd}, has signed up for {amtT} of capacity on {Pp} platform.",
        "{P} said{on} it had agreed a multiyear capacity deal with {C}{undisc}.",
        "{P} will provide GPU capacity to {C} under a new agreement.",
        "{C} has signed up as a customer of {Pp} AI cloud.",
        "{C} agreed to move part of its model training to {P}, the companies said.",
    ],
    "purchase": [
        "{C} will buy {gpus} from {P} in an order worth {amtT}.",
        "{P} said{on} it had received an order from {C} for {gpus}.",
        "{C} placed an order worth {amtT} for {Pp} AI servers.",
        "{P} will sell {gpus} to {C} in a deal valued at {amtT}.",
        "{P} agreed to supply {C} with {gpus}, the companies said{on}.",
        "An order for {gpus} was placed with {P} by {C}.",
        "{C} is buying {amtT} worth of servers from {P}.",
        "{C} has agreed to purchase {gpus} from {P}.",
        "{P} won a {amtT} order from {C} for liquid-cooled GPU racks.",
        "{C}, which operates one of the region's largest clouds, ordered {gpus} from {P}.",
        "{P} disclosed{on} that {C} had committed to buy {amtT} of its hardware {durO}.",
        "{C} signed a {durA} supply agreement to buy {gpus} from {P}.",
        "Servers worth {amtT} will be delivered to {C} by {P} {durO}.",
        "{P} is to ship {gpus} to {C} under a purchase agreement announced{on}.",
        "{C} will purchase {hw} from {P} for {amtT}.",
        "{P} said{on} that {C} had ordered {hw} worth {amtT}.",
        "{C} said it bought {hw} from {P}{undisc}.",
        "{C} has chosen {P} to supply {gpus} for its new data centre.",
        "{Pp} biggest order of the year came from {C}, which is buying {gpus}.",
        "{C} agreed{on} to buy {hw} from {P} in a deal worth {amtT}.",
        "{P}, {Pd}, will supply {C} with {gpus} for {amtT}.",
    ],
    "acquisition": [
        "{A} agreed to acquire {T} for {amtT}.",
        "{A} will buy {T} in a deal valued at {amtT}, the companies said{on}.",
        "{T} was bought by {A} for {amtT}.",
        "{T} has agreed to be acquired by {A} for {amtT}.",
        "{A} said{on} it had completed its acquisition of {T}{undisc}.",
        "{A} has agreed to take over {T} in an all-cash deal worth {amtT}.",
        "{T} agreed to sell itself to {A} for {amtT}.",
        "{A} is in advanced talks to buy {T}, people familiar with the matter said{undisc}.",
        "{A} will pay {amtT} in cash and stock for {T}.",
        "{A} said it would buy {stake} in {T} for {amtT}, giving it control of the company.",
        "{A} said it agreed to acquire {T} for {amtT} in cash.",
        "{T}, {Td}, is being acquired by {A} for {amtT}.",
        "{A} announced{on} a definitive agreement to acquire {T}{undisc}.",
        "{A} snapped up {T} for {amtT}.",
        "{Ap} offer for {T} values the company at {amtT}.",
        "{T} is to be taken over by {A} after the two sides agreed terms{on}.",
        "{A} has bought {T}, {Td}, for an undisclosed sum{undisc}.",
        "{A} made a {amtT} offer for {T}, which the board accepted{on}.",
        "{A} agreed to buy {Sp} {T} {unit} for {amtT}.",
        "{S} will sell its {T} {unit} to {A} for {amtT}.",
        "{S} said it sold its {T} {unit} to {A}{undisc}.",
        "{A} acquired the {T} {unit} from {S} for {amtT}.",
        "{T}, a {unit} of {S}, is being sold to {A} in a deal valued at {amtT}.",
        "{S} has agreed to divest {T} to {A}, the companies said{on}.",
        "{A} is buying {T} from {S} for {amtT}.",
        "{S} said it agreed to sell its {T} {unit} to {A} for {amtT}.",
        "{S} said it is seeking to sell its {T} {unit}{undisc}.",
        "{S} is in talks to sell its {T} {unit}, the company said{on}.",
        "{S} said it is in talks to sell its {T} {unit} for {amtT}.",
        "{S} said{on} it is seeking to sell its {T} {unit} for {amtT}.",
        "{A} said it acquired a controlling interest of {stake2} in {T} for {amtT}.",
    ],
    "investment": [
        "{I} will invest {amtT} in {E}.",
        "{I} took a minority stake in {E} for {amtT}.",
        "{E} said{on} it had raised {amtT} from {I}.",
        "{I} has agreed to buy {stake} in {E} for {amtT}.",
        "{E} received an investment of {amtT} from {I}.",
        "{E} has raised {amtT} in a {round} round from investors including {I}.",
        "{I} invested {amtT} in {E}{on}.",
        "{E}, {Ed}, secured {amtT} in new funding from {I}.",
        "{E} closed a {amtT} {round} round backed by {I}.",
        "{I} will put {amtT} into {E}, the companies said{on}.",
        "A {amtT} investment in {E} by {I} was announced{on}.",
        "{E} sold {stake} to {I} for {amtT}.",
        "{E} raised {amtT} in a {round} round led by {L} with participation from {Ps}.",
        "{E} has closed a {amtT} funding round led by {L}; {Ps} also took part.",
        "{L} led a {amtT} {round} in {E}, joined by {Ps}.",
        "{E} said{on} it had raised {amtT} in a round led by {L}, with {Ps} participating.",
        "The {amtT} round in {E} was led by {L}, and {Ps} joined.",
        "{L} and {Ps} put {amtT} into {Ep} {round} round.",
        "{E} raised {amtT} from {L}, which led the round, and existing backers {Ps}.",
        "Investors including {I} poured {amtT} into {E}.",
        "{E} landed {amtT} in {round} financing; {L} led, and {Ps} participated.",
        "{E} said it raised {amtT} in a private placement with {I}.",
        "{I} is investing in {E} as part of a {round} round that values the company at {val}.",
        "{E} has taken a strategic investment from {I}{undisc}.",
    ],
    "partnership": [
        "{X} and {Y} announced a partnership{on} to develop AI tools for {sector}.",
        "{X} is teaming up with {Y} to build {thing}.",
        "{X} has formed a strategic alliance with {Y} focused on {thing}.",
        "{X} and {Y} will jointly develop {thing} under a {durA} partnership.",
        "{X} said{on} it would collaborate with {Y} on {thing}.",
        "{X} and {Y} have agreed to work together on {thing}, the companies said{on}.",
        "{Y} and {X} signed a memorandum of understanding to co-develop {thing}.",
        "{X} has partnered with {Y} to bring {thing} to customers in {region}.",
        "Under a multiyear partnership, {X} and {Y} will pool engineering teams to work on {thing}.",
        "{X} and {Y} expanded their partnership{on} with a plan to build {thing} together.",
        "{X} and {Y} said they would invest a combined {amtT} in a joint effort to build {thing}.",
    ],
    "licensing": [
        "{P} has agreed to license its {what} to {C} for {amt}.",
        "{C} will pay {P} {amt} to use its {what} in training AI models.",
        "{C} signed a licensing deal with {P} for access to its {what}, worth {amt}.",
        "{P} granted {C} rights to its {what} {durF}.",
        "{C} licensed {Pp} {what} in a deal valued at {amt}.",
        "Under the licence, {C} gains access to {Pp} {what}.",
        "{Pp} {what} will be licensed to {C} under a {durA} agreement.",
        "{C} has agreed to pay {amtR} for the right to use {Pp} {what}.",
        "{P} said{on} it had struck a licensing agreement with {C} covering its {what}.",
        "{C} obtained a licence to {Pp} {what} for {amtT}.",
        "{P} will receive {amt} from {C} for the use of its {what}.",
        "{C} said{on} that it had licensed {Pp} {what}.",
        "{P} will give {C} access to its {data} so that {C} can train its AI models, for {amt}.",
        "{C} gets to feed {Pp} {data} into its language models under the agreement, worth {amt}.",
        "{P} agreed to allow {C} to use its {data} for building AI systems, in a pact worth {amt}.",
        "{C} has signed up for access to {Pp} {data}, paying {amtR}.",
        "{P} is letting {C} train AI models on its {data} under a {durA} contract.",
        "In exchange for {amt}, {C} can draw on {Pp} {data} to improve its chatbot.",
    ],
}
OTHER_CORE: dict[str, list[str]] = {
    "power": [
        "{P} will supply up to {mw} megawatts of electricity to {Cp} data centres under a {durA} power purchase agreement.",
        "{C} signed a {durA} power purchase agreement with {P} worth {amt}.",
        "{C} agreed to buy renewable electricity from {P} {durO}.",
        "{P} said{on} it would sell power to {C} from a new solar farm, in a contract valued at {amt}.",
        "Electricity for {Cp} new campus will come from {P} under a {durA} supply contract{undisc}.",
        "{C} agreed to buy electricity for its data centres from {P}.",
        "{P} will power {Cp} new data-centre campus with up to {mw} megawatts.",
        "{C} will pay {P} {amt} for electricity from a new wind farm.",
    ],
    "jv": [
        "{X} and {Y} agreed to form a joint venture to build data centres in {region}.",
        "{X} will set up a joint venture with {Y}{on} to operate {thing}.",
        "The joint venture between {X} and {Y}, announced{on}, will be owned equally by the two companies.",
        "{X} and {Y} are creating a jointly owned company to run {thing} in {region}{undisc}.",
    ],
    "reseller": [
        "{X} will resell {Yp} software to its corporate customers under a distribution agreement.",
        "{X} and {Y} signed a distribution agreement{on} covering {region}.",
        "{Y} appointed {X} as its exclusive reseller in {region}{undisc}.",
    ],
}

AMOUNT_DETAILS: dict[str, list[str]] = {
    "*": [
        "The deal is valued at {amt}.",
        "The agreement is worth {amt}, according to a person familiar with the terms.",
        "Financial terms put its value at {amt}.",
    ],
    "compute": [
        "The contract is worth {amt}.",
        "{C} will pay {amt} for the capacity.",
        "The commitment is valued at {amt}.",
        "A filing by {P} put the value of the contract at {amt}.",
        "The contract carries an annual value of {amtY}.",
        "{C} will pay a monthly fee of {amtM}.",
    ],
    "purchase": ["The order is worth {amt}.", "{C} will pay {amt} for the hardware."],
    "acquisition": [
        "The purchase price is {amt}.",
        "{A} will pay {amt} in cash.",
        "The price tag is {amt}, including debt.",
    ],
    "investment": [
        "The investment totals {amt}.",
        "The round raised {amt}.",
        "{E} said the new money amounts to {amt}.",
    ],
    "licensing": [
        "{C} will pay {amt} for the rights.",
        "The licence is worth {amt}.",
        "The licence carries an annual fee of {amtY}.",
    ],
}
TERM_DETAILS = [
    "The agreement runs {durF}.",
    "The contract has a {durA} term.",
    "The commitment extends {durO}.",
    "It is a {durA} arrangement.",
]
GPU_DETAILS = {
    "compute": [
        "The capacity will run on {gpus}.",
        "The deal covers {gpus}.",
        "{P} will dedicate {gpus} to the contract.",
    ],
    "purchase": ["The order includes {gpus}.", "{C} will receive {gpus} as part of the agreement."],
}
DATE_DETAILS = [
    "The companies announced the agreement{on}.",
    "The deal was signed{on}.",
    "The agreement was disclosed{on}.",
]

BACKGROUND: dict[str, list[str]] = {
    "acquisition": [
        "{A} bought {T} for {amtT}{on}.",
        "{T}, which was acquired by {A}{on}, now handles much of the group's data-centre work.",
        "{A} completed its {amtT} purchase of {T}{on}.",
        "{T} has been part of {A} since a {amtT} takeover{on}.",
        "{A} bought the {T} {unit} from {S} for {amtT}{on}.",
    ],
    "investment": [
        "{I} invested {amtT} in {E}{on}.",
        "{E} counts {I} among its backers after a {amtT} round{on}.",
        "{L} led a {amtT} round in {E}{on}, with {Ps} taking part.",
    ],
    "compute": [
        "{C} already rents capacity from {P} under a {durA} contract signed{on}.",
        "{P} has supplied {C} with GPU capacity since a {amtT} deal{on}.",
        "{C} agreed{on} to spend {amtT} on {Pp} cloud {durO}.",
    ],
    "purchase": ["{C} bought {gpus} from {P}{on}.", "{C} ordered {amtT} of servers from {P}{on}."],
    "licensing": ["{C} already licenses {Pp} {what} under a deal struck{on}."],
}

THINGS = (
    "AI agents for customer service",
    "chips for edge inference",
    "a sovereign AI cloud",
    "software for training large models",
    "medical imaging models",
    "robotics controllers",
    "a liquid-cooling system for AI racks",
    "speech models for call centres",
    "an AI assistant for bank branches",
    "fraud-detection models",
    "a supercomputer for climate research",
)
SECTORS = (
    "banking",
    "insurance",
    "health care",
    "logistics",
    "retail",
    "manufacturing",
    "the public sector",
    "telecoms",
    "energy",
)
REGIONS = (
    "Europe",
    "Japan",
    "India",
    "Southeast Asia",
    "the Nordic countries",
    "Latin America",
    "the Middle East",
    "Canada",
    "Australia and New Zealand",
    "South Korea",
)
CONTENT_WHAT = (
    "user-generated posts",
    "question-and-answer archive",
    "stock-image collection",
    "news archive",
    "photo library",
    "forum posts",
    "recorded-music catalogue",
    "academic back catalogue",
    "video library",
    "book catalogue",
)
TECH_WHAT = (
    "chip interconnect designs",
    "speech-recognition models",
    "memory-packaging patents",
    "inference software",
    "compression technology",
    "model weights",
)
HARDWARE = (
    "networking switches",
    "storage arrays",
    "AI servers",
    "optical transceivers",
    "rack-scale systems",
    "liquid-cooled server racks",
)
ROUNDS = ("Series A", "Series B", "Series C", "Series D", "Series E", "seed", "growth", "pre-IPO")


# --------------------------------------------------------------------------
# Drawing deal specifications
# --------------------------------------------------------------------------


def pick(rng: random.Random, kind: str, exclude: set[str], pool: Iterable[Co] = COMPANIES) -> Co:
    options = [c for c in pool if kind in c.kinds and c.short not in exclude]
    if not options:
        raise CorpusError(f"no company of kind {kind!r} left")
    co = rng.choice(options)
    exclude.add(co.short)
    return co


def pick_any(rng: random.Random, kinds: Sequence[str], exclude: set[str]) -> Co:
    return pick(rng, rng.choice(list(kinds)), exclude)


def currency_for(rng: random.Random, cos: Sequence[Co]) -> str:
    for co in cos:
        cur = CURRENCY_OF_COUNTRY.get(co.country)
        if cur and rng.random() < 0.7:
            return cur
    r = rng.random()
    return "USD" if r < 0.8 else ("EUR" if r < 0.9 else "GBP")


def draw_spec(
    dtype: str,
    rng: random.Random,
    ctx: Ctx,
    used: set[str],
    *,
    background: bool = False,
    fixed: dict[str, Co] | None = None,
) -> Spec:
    """Draw one deal of type ``dtype`` with parties not in ``used``."""
    fixed = fixed or {}
    hedge_p = 0.3
    press = ctx.style == "press" and not background
    spec: Spec
    if dtype == "compute":
        c = fixed.get("customer") or pick_any(rng, ("lab", "lab", "customer", "enterprise"), used)
        p = fixed.get("provider") or pick_any(rng, ("cloud", "cloud", "cloud", "hyper"), used)
        used |= {c.short, p.short}
        r = rng.random()
        period = (
            None
            if r < 0.5
            else rng.choice(("month",) * 5 + ("year",) * 4 + ("quarter", "week", "day"))
        )
        spec = Spec("compute", [(c, "customer"), (p, "provider")])
        if rng.random() < 0.85:
            spec.money = draw_money("compute", period, currency_for(rng, [p, c]), hedge_p, rng)
        if rng.random() < 0.5:
            spec.term = Term(rng.choice(TERM_CHOICES))
        if rng.random() < 0.55:
            vendor = None
            if p.short == "Google" and rng.random() < 0.6:
                vendor = "Google"
            elif p.short == "Amazon" and rng.random() < 0.5:
                vendor = "AWS"
            spec.gpu = draw_gpu(rng, vendor)
    elif dtype == "purchase":
        c = fixed.get("customer") or pick_any(rng, ("cloud", "hyper", "lab", "enterprise"), used)
        p = fixed.get("provider") or pick_any(rng, ("chip", "server", "server"), used)
        used |= {c.short, p.short}
        spec = Spec("purchase", [(c, "customer"), (p, "provider")])
        if rng.random() < 0.72:
            vendor = (
                p.short
                if p.short in CHIP_VENDORS
                else rng.choice(("Nvidia", "Nvidia", "Nvidia", "AMD"))
            )
            if p.short == "Intel":
                vendor = "Intel"
            spec.gpu = draw_gpu(rng, vendor)
        else:
            spec.extra["hw"] = rng.choice(HARDWARE)
        if rng.random() < 0.75:
            spec.money = draw_money("purchase", None, currency_for(rng, [c, p]), hedge_p, rng)
        if rng.random() < 0.2:
            spec.term = Term(rng.choice((12, 24, 36, 48, 60)))
    elif dtype == "acquisition":
        r = rng.random()
        if r < 0.28:
            s = fixed.get("seller") or pick_any(rng, ("seller",), used)
            t = unit_co(rng.choice([u for u in UNIT_NAMES if u not in used]))
            used |= {s.short, t.short}
            spec = Spec("acquisition", [])
            if rng.random() < 0.12 and not background:
                spec.roles = [(s, "seller"), (t, "target")]
            else:
                a = fixed.get("acquirer") or pick_any(rng, ("acquirer", "acquirer", "pe"), used)
                used.add(a.short)
                spec.roles = [(a, "acquirer"), (t, "target"), (s, "seller")]
            spec.extra["unit"] = rng.choice(UNIT_NOUNS)
        else:
            a = fixed.get("acquirer") or pick_any(rng, ("acquirer", "acquirer", "pe"), used)
            t = fixed.get("target") or pick_any(rng, ("target",), used)
            used |= {a.short, t.short}
            spec = Spec("acquisition", [(a, "acquirer"), (t, "target")])
            if rng.random() < 0.12:
                pct = rng.choice((51, 55, 60, 65, 70, 75, 80))
                spec.extra["stake"] = rng.choice(
                    (f"a {pct}% stake", f"a controlling {pct}% stake", f"{pct}%")
                )
                spec.extra["stake2"] = f"{pct}%"
        if rng.random() < 0.8:
            spec.money = draw_money(
                "acquisition", None, currency_for(rng, [c for c, _ in spec.roles]), 0.25, rng
            )
    elif dtype == "investment":
        e = fixed.get("investee") or pick_any(rng, ("investee",), used)
        used.add(e.short)
        n = 1 if rng.random() < 0.5 else rng.choice((2, 2, 3, 3, 4, 5))
        investors = [fixed["investor"]] if "investor" in fixed else []
        used |= {i.short for i in investors}
        while len(investors) < n:
            investors.append(pick_any(rng, ("investor", "fund", "fund"), used))
        spec = Spec("investment", [(i, "investor") for i in investors] + [(e, "investee")])
        cur = currency_for(rng, [e])
        if rng.random() < 0.94:
            spec.money = draw_money("investment", None, cur, 0.2, rng)
        spec.extra["round"] = rng.choice(ROUNDS)
        if n == 1 and rng.random() < 0.5:
            spec.extra["stake"] = rng.choice(
                (
                    "a 4.9% stake",
                    "a 10% stake",
                    "a 15% stake",
                    "a 20% stake",
                    "a minority stake",
                    "a 7% stake",
                    "a 25% stake",
                    "a 33% stake",
                )
            )
        if spec.money:
            val = Money(
                (spec.money.mant * rng.choice((4, 5, 8, 10, 12))).normalize(), spec.money.scale, cur
            )
            if val.mant >= 1000 and val.scale == "million":
                val = Money((val.mant / 1000).normalize(), "billion", cur)
            spec.extra["val"] = money_text(val, ctx.style, rng)
    elif dtype == "partnership":
        x = fixed.get("partner") or pick_any(
            rng, ("hyper", "lab", "enterprise", "chip", "cloud", "server"), used
        )
        y = pick_any(rng, ("hyper", "lab", "enterprise", "chip", "cloud", "media"), used)
        used |= {x.short, y.short}
        spec = Spec("partnership", [(x, "partner"), (y, "partner")])
        if rng.random() < 0.1:
            spec.money = draw_money("partnership", None, currency_for(rng, [x, y]), 0.3, rng)
        if rng.random() < 0.2:
            spec.term = Term(rng.choice((24, 36, 60)))
        spec.extra |= {
            "thing": rng.choice(THINGS),
            "sector": rng.choice(SECTORS),
            "region": rng.choice(REGIONS),
        }
    elif dtype == "licensing":
        c = fixed.get("customer") or pick_any(rng, ("licensee", "lab"), used)
        content = rng.random() < 0.65
        p = pick(rng, "media", used) if content else pick_any(rng, ("chip", "lab"), used)
        used |= {c.short, p.short}
        spec = Spec("licensing", [(c, "customer"), (p, "provider")])
        spec.extra["what"] = rng.choice(CONTENT_WHAT if content else TECH_WHAT)
        if content:  # content a licensee may train its models on
            spec.extra["data"] = spec.extra["what"]
        if rng.random() < 0.75:
            period = "year" if rng.random() < 0.4 else (None if rng.random() < 0.85 else "month")
            spec.money = draw_money("licensing", period, currency_for(rng, [c, p]), 0.35, rng)
        if rng.random() < 0.35:
            spec.term = Term(rng.choice((12, 24, 36, 48, 60, 84)))
    elif dtype == "other":
        sub = rng.choice(("power", "power", "jv", "jv", "reseller"))
        spec = Spec("other", [])
        spec.extra["sub"] = sub
        if sub == "power":
            c = pick_any(rng, ("cloud", "hyper"), used)
            p = pick(rng, "utility", used)
            spec.roles = [(c, "customer"), (p, "provider")]
            spec.extra["mw"] = str(rng.choice((50, 120, 200, 300, 450, 600, 800)))
            if rng.random() < 0.55:
                period = "year" if rng.random() < 0.4 else None
                spec.money = draw_money("other", period, currency_for(rng, [p, c]), 0.3, rng)
            if rng.random() < 0.8:
                spec.term = Term(rng.choice((60, 120, 144, 180, 240)))
        else:
            x = pick_any(rng, ("hyper", "enterprise", "cloud", "lab"), used)
            y = pick_any(rng, ("enterprise", "cloud", "lab", "chip"), used)
            spec.roles = [(x, "partner"), (y, "partner")]
            spec.extra |= {"thing": rng.choice(THINGS), "region": rng.choice(REGIONS)}
            if rng.random() < 0.12:
                spec.money = draw_money("other", None, currency_for(rng, [x, y]), 0.3, rng)
    else:
        raise CorpusError(f"unknown deal type {dtype}")
    if not spec.money:
        spec.extra["undisc"] = ""
    if background:
        if rng.random() < 0.6:
            d = ctx.dateline - dt.timedelta(days=rng.randint(60, 900))
            spec.when = When(f"{d.year:04d}-{d.month:02d}", f" in {MONTHS[d.month - 1]} {d.year}")
    else:
        spec.when = draw_when(rng, ctx.dateline, ctx.style, press=press)
    return spec


def core_patterns(spec: Spec) -> list[str]:
    if spec.type == "other":
        return OTHER_CORE[spec.extra["sub"]]
    return CORE[spec.type]


def render_deal(ctx: Ctx, spec: Spec, max_details: int = 4) -> list[str]:
    """Render a deal's core sentence plus detail sentences; record evidence."""
    rng = ctx.rng
    options = [p for p in core_patterns(spec) if pattern_ok(p, spec)]
    if not options:
        raise CorpusError(f"no pattern for {spec.type} with fields {sorted(available(spec))}")
    # prefer patterns that carry more of the facts
    weights = [
        1
        + sum(
            k in fields_of(p) or k + "T" in fields_of(p) or k + "R" in fields_of(p)
            for k in ("amt", "gpus", "on", "durA", "durF", "durO")
        )
        for p in options
    ]
    pattern = rng.choices(options, weights=weights)[0]
    fs = set(fields_of(pattern))
    sentences = [fill(pattern, ctx, spec)]
    todo: list[list[str]] = []
    if spec.money and not fs & {"amt", "amtT", "amtR", "amtY", "amtM"}:
        todo.append(AMOUNT_DETAILS.get(spec.type, []) + AMOUNT_DETAILS["*"])
    if spec.term and not fs & {"durA", "durF", "durO"}:
        todo.append(TERM_DETAILS)
    if spec.gpu and "gpus" not in fs:
        todo.append(GPU_DETAILS.get(spec.type, GPU_DETAILS["compute"]))
    if spec.when and "on" not in fs:
        todo.append(DATE_DETAILS)
    for group in todo[:max_details]:
        ok = [p for p in group if pattern_ok(p, spec, require_all_parties=False)]
        sentences.append(fill(rng.choice(ok), ctx, spec))
    spec.evidence.extend(sentences)
    return sentences


def render_background(ctx: Ctx, spec: Spec) -> str:
    """Render a deal mentioned in passing; facts the chosen pattern omits are dropped."""
    rng = ctx.rng
    full = Spec(spec.type, spec.roles, spec.money, spec.term, spec.gpu, spec.when, dict(spec.extra))
    if full.money is None or full.money.period is not None:
        cos = [c for c, _ in spec.roles]
        full.money = draw_money(spec.type, None, currency_for(rng, cos), 0.25, rng)
    full.term = full.term or Term(rng.choice(TERM_CHOICES))
    full.gpu = full.gpu or draw_gpu(rng, allow_vague=False)
    if full.when is None:
        d = ctx.dateline - dt.timedelta(days=rng.randint(60, 900))
        full.when = When(f"{d.year:04d}-{d.month:02d}", f" in {MONTHS[d.month - 1]} {d.year}")
    full.extra.pop("undisc", None)
    options = [p for p in BACKGROUND[spec.type] if pattern_ok(p, full)]
    if not options:
        raise CorpusError(f"no background pattern for {spec.type}")
    pattern = rng.choice(options)
    fs = set(fields_of(pattern))
    spec.money = full.money if fs & {"amt", "amtT"} else None
    spec.term = full.term if fs & {"durA", "durF", "durO"} else None
    spec.gpu = full.gpu if "gpus" in fs else None
    spec.when = full.when if "on" in fs else None
    spec.extra = full.extra
    text = fill(pattern, ctx, spec)
    spec.evidence.append(text)
    return text


# --------------------------------------------------------------------------
# Filler paragraphs (distractor numbers, quotes, context) — no deals in here
# --------------------------------------------------------------------------

QUOTES_EXEC = (
    "Demand from customers building and running large models keeps rising, and this agreement lets us plan years ahead",
    "We want capacity that is available now, not in eighteen months",
    "This is a long-term bet on the people and the technology",
    "Our customers asked for more choice, and this gives it to them",
    "We have been working with their team for some time and this makes it formal",
    "It gives us the scale to compete for the largest workloads",
    "We will keep investing in our own infrastructure as well",
    "This is the right partner at the right moment",
)
QUOTES_ANALYST = (
    "Contracts like this tell you that demand for inference is still running ahead of supply",
    "The price looks full, but strategic buyers are paying for time to market",
    "Investors will want to see how much of this turns into revenue next year",
    "It is a sensible move, although execution risk is high",
    "Everyone is scrambling for power and chips, and long contracts are how you lock them in",
    "The headline number is large, but it is spread over many years",
    "This confirms the trend of large buyers spreading their bets across several suppliers",
    "The market has been expecting a deal of this kind for months",
)
MARKET_LINES = (
    "Demand for AI computing has outstripped supply for much of the past two years, pushing buyers to sign long-term contracts.",
    "Power has become the scarcest input for new data centres, and grid connections can take years to secure.",
    "Specialist cloud providers have grown quickly by renting out clusters of accelerators to model developers.",
    "Interest rates and the cost of debt financing remain a concern for companies building data centres at this pace.",
    "Large technology groups have spent heavily on infrastructure this year, and investors are watching for returns.",
    "Regulators in several countries have been looking more closely at tie-ups between large technology groups and start-ups.",
    "Inference, rather than training, now accounts for a growing share of demand for accelerators.",
    "Competition for engineers who can run large clusters remains fierce.",
)


def pct(rng: random.Random) -> str:
    return f"{rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 17, 21, 23, 28, 34, 41))}.{rng.randint(0, 9)}"


def usd(rng: random.Random, lo: float, hi: float) -> str:
    v = 10 ** rng.uniform(math.log10(lo), math.log10(hi))
    if v >= 1000:
        return f"${v / 1000:.1f} billion"
    return f"${v:.0f} million"


def filler(ctx: Ctx, kind: str, cos: Sequence[Co], others: Sequence[Co]) -> str:
    """One filler paragraph of ``kind`` about ``cos`` (parties) or ``others`` (rivals).

    Mentions are written as markers first and resolved after the choice, so only
    the name forms that end up in the text are recorded.
    """
    rng = ctx.rng
    x = rng.choice(list(cos)) if cos else rng.choice(list(others))
    text = _filler_raw(ctx, kind, x, others)
    for marker, fn in (("⟨Xp⟩", ctx.poss), ("⟨Xs⟩", ctx.short), ("⟨X⟩", ctx.m)):
        while marker in text:
            text = text.replace(marker, fn(x), 1)
    return text


def _filler_raw(ctx: Ctx, kind: str, x: Co, others: Sequence[Co]) -> str:
    rng = ctx.rng
    person = rng.choice(PEOPLE)
    firm = rng.choice(ANALYST_FIRMS)
    months = MONTHS[(ctx.dateline.month - 2) % 12]
    if kind == "revenue":
        return rng.choice(
            (
                f"⟨X⟩ reported revenue of {usd(rng, 80, 60000)} for the quarter ended in {months}, up {pct(rng)}% from a year earlier.",
                f"For its latest fiscal year, ⟨X⟩ reported sales of {usd(rng, 200, 200000)} and an operating margin of {pct(rng)}%.",
                f"⟨Xp⟩ annualised revenue has passed {usd(rng, 50, 20000)}, the company said last month.",
            )
        )
    if kind == "shares":
        price = f"${rng.randint(8, 900)}.{rng.randint(10, 99)}"
        return rng.choice(
            (
                f"Shares of ⟨X⟩ rose {pct(rng)}% to {price} in early trading.",
                f"⟨Xp⟩ shares closed down {pct(rng)}% at {price}, giving it a market value of about {usd(rng, 1000, 900000)}.",
                f"The stock has gained {pct(rng)}% so far this year.",
            )
        )
    if kind == "capex":
        return rng.choice(
            (
                f"⟨X⟩ has said it expects capital spending of about {usd(rng, 2000, 90000)} this year, much of it on data centres.",
                f"⟨X⟩ plans to spend {usd(rng, 500, 40000)} on new facilities over the next two years, it told investors in {months}.",
            )
        )
    if kind == "fleet":
        n = rng.choice(("40,000", "65,000", "120,000", "200,000", "18,000", "9,000"))
        model = rng.choice(("H100", "H200", "GB200", "MI300X", "A100"))
        return rng.choice(
            (
                f"⟨X⟩ already operates more than {n} GPUs in its own facilities, mostly {model} chips.",
                f"The company said its own fleet passed {n} accelerators in {months}.",
                f"⟨X⟩ runs a cluster of about {n} {model}s that it built for internal research.",
            )
        )
    if kind == "exec_quote":
        return (
            f'"{rng.choice(QUOTES_EXEC)}," {person}, chief executive of ⟨X⟩, said in a statement.'
        )
    if kind == "analyst":
        return rng.choice(
            (
                f'"{rng.choice(QUOTES_ANALYST)}," said {person}, an analyst at {firm}.',
                f"{person} of {firm} said the agreement was in line with expectations and kept a price target of ${rng.randint(20, 600)} on the stock.",
            )
        )
    if kind == "market":
        return " ".join(rng.sample(MARKET_LINES, 2))
    if kind == "price":
        return rng.choice(
            (
                f"Rental prices for H100 GPUs have fallen to around ${rng.randint(1, 3)}.{rng.randint(10, 95)} an hour in recent months, according to brokers.",
                f"A single GB200 rack can cost more than ${rng.randint(2, 4)} million, according to industry estimates.",
            )
        )
    if kind == "rivals" and len(others) >= 2:
        r1, r2 = rng.sample(list(others), 2)
        return rng.choice(
            (
                f"Rivals including {r1.short} and {r2.short} have announced similar arrangements this year.",
                f"{r1.short} and {r2.short} are chasing the same customers.",
            )
        )
    if kind == "noise_deal" and len(others) >= 2:
        r1, r2 = rng.sample(list(others), 2)
        return rng.choice(
            (
                f"Separately, {r1.short} and {r2.short} called off a planned merger last month after failing to win regulatory approval.",
                f"{r1.short} denied a report that it was in talks to buy {r2.short}.",
                f"Some analysts have speculated that {r1.short} could eventually make an offer for ⟨Xs⟩, though neither company has commented.",
                f"Earlier this year {r1.short} walked away from a proposed takeover of {r2.short}.",
                f"A planned sale of {r1.short} to {r2.short} collapsed in {months} when financing fell through.",
            )
        )
    return rng.choice(MARKET_LINES)


FILLER_KINDS = (
    "revenue",
    "shares",
    "capex",
    "fleet",
    "exec_quote",
    "analyst",
    "market",
    "price",
    "rivals",
    "noise_deal",
)


def about_block(ctx: Ctx, co: Co) -> str:
    """Press-release boilerplate; mentions backers but reports no deal."""
    rng = ctx.rng
    backers = [c.short for c in rng.sample([c for c in COMPANIES if "fund" in c.kinds], 2)]
    return (
        f"About {ctx.short(co)}\n{ctx.m(co)} is a {rng.choice(co.desc)} founded in {rng.randint(1985, 2022)}. "
        f"The company employs about {rng.randint(40, 9000):,} people and serves customers in "
        f"{rng.randint(3, 60)} countries. "
        + rng.choice(
            (
                f"{ctx.short(co)} is backed by {backers[0]} and {backers[1]}.",
                f"Its investors include {backers[0]} and {backers[1]}.",
                f"For more information, visit www.{re.sub(r'[^a-z]', '', co.short.lower())}.example.",
            )
        )
    )


# --------------------------------------------------------------------------
# Headlines
# --------------------------------------------------------------------------


def headline(ctx: Ctx, spec: Spec) -> str:
    """A headline naming the deal's parties by their short names."""
    rng = ctx.rng
    s = {
        k: c.short
        for k, c in (
            ("A", spec.cos("acquirer")),
            ("T", spec.cos("target")),
            ("S", spec.cos("seller")),
            ("C", spec.cos("customer")),
            ("P", spec.cos("provider")),
            ("E", spec.cos("investee")),
        )
        for c in c[:1]
    }
    partners = [c.short for c in spec.cos("partner")]
    investors = [c.short for c in spec.cos("investor")]
    amt = money_text(spec.money, ctx.style, rng) if spec.money else None
    t = spec.type
    if t == "compute":
        opts = [
            f"{s['P']} to supply {s['C']} with AI computing capacity",
            f"{s['C']} turns to {s['P']} for more compute",
            f"{s['P']} wins {s['C']} as GPU cloud customer",
        ]
        if amt:
            opts += [
                f"{s['C']} signs {amt} cloud deal with {s['P']}",
                f"{s['P']} lands {amt} contract from {s['C']}",
            ]
    elif t == "purchase":
        opts = [
            f"{s['C']} places big hardware order with {s['P']}",
            f"{s['P']} to supply servers to {s['C']}",
        ]
        if amt:
            opts.append(f"{s['P']} lands {amt} order from {s['C']}")
    elif t == "acquisition":
        if "A" not in s:
            opts = [f"{s['S']} puts {s['T']} {spec.extra['unit']} up for sale"]
        elif "S" in s:
            opts = [
                f"{s['S']} sells {s['T']} {spec.extra['unit']} to {s['A']}",
                f"{s['A']} buys {s['T']} from {s['S']}",
            ]
        else:
            opts = [f"{s['A']} to buy {s['T']}", f"{s['T']} agrees to {s['A']} takeover"]
        if amt and "A" in s:
            opts.append(f"{s['A']} to acquire {s['T']} for {amt}")
    elif t == "investment":
        opts = [
            f"{s['E']} raises new funding from {investors[0]}"
            if len(investors) == 1
            else f"{s['E']} raises new money in round led by {investors[0]}"
        ]
        if amt:
            opts.append(f"{s['E']} raises {amt}")
    elif t == "partnership":
        opts = [
            f"{partners[0]} and {partners[1]} team up on AI",
            f"{partners[0]}, {partners[1]} form strategic partnership",
        ]
    elif t == "licensing":
        opts = [
            f"{s['C']} licenses {s['P']} content for AI"
            if spec.extra.get("what") in CONTENT_WHAT
            else f"{s['C']} licenses {s['P']} technology",
            f"{s['P']} signs licensing deal with {s['C']}",
        ]
        if spec.extra.get("what") in CONTENT_WHAT:
            opts += [
                f"{s['P']} strikes AI content pact with {s['C']}",
                f"{s['C']} to pay {s['P']} for data to train AI",
            ]
    else:
        sub = spec.extra.get("sub")
        if sub == "power":
            opts = [f"{s['C']} signs power supply deal with {s['P']}"]
        elif sub == "jv":
            opts = [f"{partners[0]} and {partners[1]} form joint venture"]
        else:
            opts = [f"{partners[0]} to resell {partners[1]} software"]
    head = rng.choice(opts)
    for co, _ in spec.roles:
        if co.short in head:
            ctx.short(co)
    return head


RELATED_DEALS = (
    "{a} to buy {b} for ${n} million",
    "{a} raises ${n} million from {b}",
    "{a} signs ${n} million cloud deal with {b}",
    "{a} and {b} agree ${n} million licensing pact",
)
RELATED_NODEAL = (
    "{a} shares slide after profit warning",
    "{a} opens new data centre in {r}",
    "{a} names new chief financial officer",
    "Why GPU rental prices keep falling",
    "{a} unveils faster inference chip",
)


def related_headlines(ctx: Ctx, exclude: set[str]) -> list[str]:
    """Headlines of other stories; one reports a different deal (not this article's)."""
    rng = ctx.rng
    pool = [c for c in COMPANIES if c.short not in exclude]
    a, b, c = rng.sample(pool, 3)
    out = [
        rng.choice(RELATED_DEALS).format(a=a.short, b=b.short, n=rng.randint(20, 900)),
        rng.choice(RELATED_NODEAL).format(a=c.short, r=rng.choice(REGIONS)),
    ]
    out.append(rng.choice(RELATED_NODEAL).format(a=b.short, r=rng.choice(REGIONS)))
    rng.shuffle(out)
    return out


# --------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------


def long_date(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def wrap_wire(par: str) -> str:
    return textwrap.fill(
        par,
        width=66,
        initial_indent="    ",
        subsequent_indent="",
        break_long_words=False,
        break_on_hyphens=False,
    )


def style_wire(ctx: Ctx, head: str, paras: list[str], place: str) -> str:
    d = ctx.dateline
    rng = ctx.rng
    stamp = f"{d.day}-{MONTHS[d.month - 1][:3].upper()}-{d.year} {rng.randint(6, 19):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(10, 99)}"
    line = CITY_STATE.get(place, place.upper())
    first = f"{line}, {MONTHS[d.month - 1][:3] if rng.random() < 0.3 else MONTHS[d.month - 1]} {d.day} - {paras[0]}"
    first_wrapped = textwrap.fill(first, width=66, break_long_words=False, break_on_hyphens=False)
    body = "\n".join([first_wrapped] + [wrap_wire(p) for p in paras[1:]])
    return f"{stamp}\n\n{head.upper()}\n\n{body}\n Reuter\n"


def style_blog(ctx: Ctx, head: str, paras: list[str], place: str) -> str:
    rng = ctx.rng
    d = ctx.dateline
    by = rng.choice(
        (
            f"Posted by {rng.choice(PEOPLE)} on {long_date(d)}",
            f"{long_date(d)} · {rng.randint(3, 9)} min read · {rng.choice(PEOPLE)}",
            f"by {rng.choice(PEOPLE).split()[0].lower()} | {d.isoformat()}",
        )
    )
    opener = rng.choice(
        (
            "Big news in GPU land.",
            "Another week, another giant AI infrastructure deal.",
            "Quick post today because this one is worth flagging.",
            "Okay, this one surprised me.",
            "File this under 'the AI build-out continues'.",
        )
    )
    closer = rng.choice(
        (
            "What do you think? Let me know in the comments.",
            "More when I have it.",
            "I'll update this post if the companies share more detail.",
            "Subscribe for the weekly infrastructure newsletter.",
        )
    )
    tags = "Tags: " + ", ".join(
        rng.sample(["AI", "cloud", "GPUs", "deals", "data centers", "M&A", "startups"], 3)
    )
    return "\n\n".join([head, by, opener] + paras + [closer, tags]) + "\n"


PR_WIRES = ("GlobeLine Newswire", "Business Signal Wire", "PressPoint", "NewsDirect Wire")


def style_press(ctx: Ctx, head: str, paras: list[str], place: str, about: list[str]) -> str:
    rng = ctx.rng
    d = ctx.dateline
    line = (
        CITY_STATE.get(place, place).upper() if rng.random() < 0.5 else CITY_STATE.get(place, place)
    )
    first = f"{line}, {long_date(d)} /{rng.choice(PR_WIRES)}/ -- {paras[0]}"
    fls = (
        "Forward-Looking Statements\nThis press release contains forward-looking statements, including statements "
        "about the expected benefits of the agreement. Actual results may differ materially. The company "
        "undertakes no obligation to update these statements."
    )
    contact = f"Media contact:\n{rng.choice(PEOPLE)}\npress@{re.sub(r'[^a-z]', '', place.lower()) or 'news'}.example\n+1 555 01{rng.randint(10, 99)}"
    parts = ["FOR IMMEDIATE RELEASE", head, first] + paras[1:] + about
    if rng.random() < 0.6:
        parts.append(fls)
    parts += [contact, "###"]
    return "\n\n".join(parts) + "\n"


def style_analysis(ctx: Ctx, head: str, paras: list[str], place: str) -> str:
    rng = ctx.rng
    d = ctx.dateline
    title = rng.choice((f"ANALYSIS: {head}", f"Analysis | {head}", f"{head}: what it means"))
    by = f"By {rng.choice(PEOPLE)}"
    return "\n\n".join([title, by, long_date(d)] + paras) + "\n"


DEBRIS = (
    '<div class="article-body" data-track="story">',
    'data-src="/img/placeholder-16x9.jpg" alt=""',
    "Advertisement",
    "Share this article: Facebook Twitter LinkedIn Email",
    "&nbsp;",
    'class="share-bar__item" aria-label="Copy link"',
    "Continue reading below",
    "ADVERTISEMENT",
    "Sign up for our free newsletter",
    "Image: company handout",
    "{{ story.caption }}",
)


def style_messy(
    ctx: Ctx,
    head: str,
    paras: list[str],
    place: str,
    summary: str,
    related: list[str],
    protect: set[str],
) -> str:
    rng = ctx.rng
    d = ctx.dateline
    out = [
        rng.choice(DEBRIS[:2]),
        head,
        summary,
        f"Published: {long_date(d)} {rng.randint(6, 21):02d}:{rng.randint(0, 59):02d} GMT"
        if rng.random() < 0.6
        else f"Updated {d.day:02d}/{d.month:02d}/{d.year} - {long_date(d)}",
        DEBRIS[3],
        summary,
    ]
    for i, p in enumerate(paras):
        if p in protect:
            p = p.replace("&", "&amp;")
            if rng.random() < 0.3:
                p = p.replace(" ", "&nbsp;", 1)
        else:
            p = p.replace("&", "&amp;").replace("'", "&#8217;").replace('"', "&quot;")
        out.append(p)
        if rng.random() < 0.35:
            out.append(rng.choice(DEBRIS))
        if i == 1 and related:
            out.append(f"Read more: {related[0]}")
    out += [
        "Related: " + " | ".join(related[1:]),
        "We use cookies to improve your experience. Accept all",
        "© " + str(d.year) + " " + rng.choice(("TechPulse", "The Compute Report", "Wirecast News")),
        "</div>",
    ]
    return "\n".join(out) + "\n"


SITES = (
    "TechWire Daily",
    "Circuit Weekly",
    "The Compute Report",
    "Infra Insider",
    "Datacenter Dispatch",
)


def style_html(
    ctx: Ctx,
    head: str,
    paras: list[str],
    place: str,
    summary: str,
    related: list[str],
    comments: list[str],
) -> str:
    rng = ctx.rng
    d = ctx.dateline
    site = rng.choice(SITES)
    author = rng.choice(PEOPLE)
    stamp = f"{d.isoformat()}T{rng.randint(5, 20):02d}:{rng.randint(0, 59):02d}:00Z"
    slug = re.sub(r"[^a-z0-9]+", "-", head.lower()).strip("-")[:80]
    e = html.escape
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": head,
            "datePublished": stamp,
            "dateModified": stamp,
            "author": {"@type": "Person", "name": author},
            "publisher": {"@type": "Organization", "name": site},
        },
        indent=2,
    )
    body = "\n".join(f"      <p>{e(p, quote=False)}</p>" for p in paras)
    rel = "\n".join(
        f'        <li><a href="/news/{re.sub(r"[^a-z0-9]+", "-", h.lower())[:60]}">{e(h, quote=False)}</a></li>'
        for h in related
    )
    com = "\n".join(
        f'      <div class="comment"><span class="user">{e(u, quote=False)}</span><p>{e(c, quote=False)}</p></div>'
        for u, c in zip(
            ("gpu_watcher", "dc_ops_guy", "marketmaven", "skeptic42"), comments, strict=False
        )
    )
    nav = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>'
        for s in ("Cloud", "Chips", "Deals", "Startups", "Policy")
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(head)} | {site}</title>
  <meta name="description" content="{e(summary)}">
  <meta property="og:title" content="{e(head)}">
  <meta property="article:published_time" content="{stamp}">
  <link rel="canonical" href="https://www.{site.lower().replace(" ", "")}.example/news/{slug}">
  <style>body {{ font-family: sans-serif; }} .related {{ float: right; width: 30%; }}</style>
  <script type="application/ld+json">
{ld}
  </script>
  <script>window.dataLayer = window.dataLayer || []; var adSlots = ["top", "mid"];</script>
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">{site}</a>
    <nav><ul>{nav}</ul></nav>
  </header>
  <main>
    <article>
      <h1>{e(head)}</h1>
      <p class="byline">By {author} | <time datetime="{stamp}">{long_date(d)}</time></p>
      <p class="standfirst">{e(summary, quote=False)}</p>
{body}
    </article>
    <aside class="related">
      <h2>Related stories</h2>
      <ul>
{rel}
      </ul>
    </aside>
    <section class="newsletter"><p>Get the daily briefing in your inbox.</p><form><input type="email"><button>Subscribe</button></form></section>
    <section class="comments">
      <h2>Comments</h2>
{com}
    </section>
  </main>
  <footer>
    <p>&copy; {d.year} {site}. All rights reserved.</p>
    <p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a> · <a href="/contact">Contact</a></p>
  </footer>
</body>
</html>
"""


COMMENTS = (
    "Bet {a} buys them outright within two years.",
    "These numbers never include power costs.",
    "Who is actually making money here apart from the chip vendor?",
    "I'd love to see the margins on this.",
    "Remember when everyone said the GPU shortage was over?",
    "{a} should have done this a year ago.",
)


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------


@dataclass
class Doc:
    """One corpus article with its gold deals."""

    id: str
    style: str
    ext: str
    text: str
    deals: list[dict[str, Any]]
    kind: str
    source: str = "generated"


def finish(
    ctx: Ctx,
    head: str,
    paras: list[str],
    place: str,
    parties: Sequence[Co],
    evidence_paras: set[str],
    summary: str,
) -> tuple[str, str]:
    """Wrap paragraphs in the article's style; returns (text, extension)."""
    rng = ctx.rng
    exclude = {c.short for c in parties}
    if ctx.style == "wire":
        return style_wire(ctx, head, paras, place), "txt"
    if ctx.style == "blog":
        return style_blog(ctx, head, paras, place), "txt"
    if ctx.style == "press":
        about = [
            about_block(ctx, c)
            for c in list(parties)[: rng.choice((1, 2))]
            if "fund" not in c.kinds
        ]
        return style_press(ctx, head, paras, place, about), "txt"
    if ctx.style == "analysis":
        return style_analysis(ctx, head, paras, place), "txt"
    related = related_headlines(ctx, exclude)
    if ctx.style == "messy":
        return style_messy(ctx, head, paras, place, summary, related, evidence_paras), "txt"
    others = [c.short for c in COMPANIES if c.short not in exclude]
    comments = [c.format(a=rng.choice(others)) for c in rng.sample(COMMENTS, rng.randint(1, 3))]
    return style_html(ctx, head, paras, place, summary, related, comments), "html"


def add_fillers(
    ctx: Ctx, paras: list[str], parties: Sequence[Co], n: int, kinds: Sequence[str] = FILLER_KINDS
) -> None:
    rng = ctx.rng
    exclude = {c.short for c in parties}
    others = [c for c in COMPANIES if c.short not in exclude and "utility" not in c.kinds]
    for kind in rng.sample(list(kinds), min(n, len(kinds))):
        pos = rng.randint(1, len(paras))
        paras.insert(pos, filler(ctx, kind, parties, others))


def summary_of(ctx: Ctx, spec: Spec) -> str:
    names = [c.short for c, _ in spec.roles]
    return ctx.rng.choice(
        (
            f"The agreement involving {' and '.join(names[:2])} is the latest in a run of AI infrastructure deals.",
            f"What the {spec.type} deal means for {names[0]}.",
            f"{names[0]} and {names[-1]} disclosed the terms in a statement.",
        )
    )


def place_of(parties: Sequence[Co]) -> str:
    for c in parties:
        if c.city:
            return c.city
    return "New York"


def single_deal_article(rng: random.Random, doc_id: str, style: str, dtype: str) -> Doc:
    ctx = Ctx(rng, style, draw_dateline(rng))
    used: set[str] = set()
    spec = draw_spec(dtype, rng, ctx, used)
    parties = [c for c, _ in spec.roles]
    if style == "analysis" and rng.random() < 0.6:
        paras = [filler(ctx, "market", parties, [])]
    else:
        paras = []
    sents = render_deal(ctx, spec)
    split_at = rng.randint(1, len(sents))
    paras.append(" ".join(sents[:split_at]))
    if sents[split_at:]:
        paras.append(" ".join(sents[split_at:]))
    evidence_paras = set(paras)
    specs = [spec]
    if rng.random() < 0.18:
        btype = rng.choice(
            ("acquisition", "investment", "compute", "compute", "purchase", "licensing")
        )
        anchor = rng.choice(parties)
        fixed = {}
        role_for = {
            "acquisition": "acquirer",
            "investment": "investee",
            "compute": "customer",
            "purchase": "customer",
            "licensing": "customer",
        }[btype]
        if (btype == "investment" and "investee" in anchor.kinds) or (
            btype != "investment" and role_for in anchor.kinds
        ):
            fixed[role_for] = anchor
        bg = draw_spec(btype, rng, ctx, used, background=True, fixed=fixed)
        paras.append(render_background(ctx, bg))
        evidence_paras.add(paras[-1])
        specs.append(bg)
    add_fillers(ctx, paras, parties + [c for s in specs[1:] for c, _ in s.roles], rng.randint(2, 5))
    head = headline(ctx, spec)
    text, ext = finish(
        ctx, head, paras, place_of(parties), parties, evidence_paras, summary_of(ctx, spec)
    )
    return Doc(
        doc_id,
        style,
        ext,
        text,
        [s.gold(ctx) for s in specs],
        "single" if len(specs) == 1 else "single+background",
    )


def multi_deal_article(rng: random.Random, doc_id: str, style: str) -> Doc:
    """Round-ups and paired deals: several deals, roles in both directions."""
    ctx = Ctx(rng, style, draw_dateline(rng))
    used: set[str] = set()
    mode = rng.choice(("roundup", "roundup", "pivot", "circular"))
    specs: list[Spec] = []
    if mode == "pivot":
        hub = pick_any(rng, ("cloud", "hyper"), used)
        specs.append(draw_spec("compute", rng, ctx, used, fixed={"customer": hub}))
        specs.append(draw_spec("compute", rng, ctx, used, fixed={"provider": hub}))
        if rng.random() < 0.5:
            specs.append(
                draw_spec(
                    rng.choice(("purchase", "investment")),
                    rng,
                    ctx,
                    used,
                    fixed={"customer": hub} if rng.random() < 0.5 else {},
                )
            )
    elif mode == "circular":
        big = pick(
            rng, "investor", used, [c for c in COMPANIES if "hyper" in c.kinds or "chip" in c.kinds]
        )
        lab = pick(rng, "investee", used, [c for c in COMPANIES if "lab" in c.kinds])
        inv = draw_spec("investment", rng, ctx, set(used), fixed={"investor": big, "investee": lab})
        inv.roles = [(big, "investor"), (lab, "investee")]
        inv.extra.pop("stake", None)
        specs.append(inv)
        if "hyper" in big.kinds:
            specs.append(
                draw_spec("compute", rng, ctx, used, fixed={"customer": lab, "provider": big})
            )
        else:
            specs.append(
                draw_spec("purchase", rng, ctx, used, fixed={"customer": lab, "provider": big})
            )
    else:
        for t in rng.sample(
            [
                "compute",
                "investment",
                "acquisition",
                "purchase",
                "licensing",
                "partnership",
                "other",
                "compute",
            ],
            rng.randint(2, 4),
        ):
            specs.append(draw_spec(t, rng, ctx, used))
    parties = list(dict.fromkeys(c for s in specs for c, _ in s.roles))
    paras: list[str] = []
    evidence_paras: set[str] = set()
    intro = rng.choice(
        (
            "A busy week for AI infrastructure deals. Here is what was signed.",
            "Several agreements were disclosed in the past few days.",
            "The race for computing power produced another cluster of deals.",
            "Dealmaking in the AI supply chain showed no sign of slowing.",
        )
    )
    paras.append(intro)
    for i, spec in enumerate(specs):
        sents = render_deal(ctx, spec, max_details=3)
        if mode == "roundup" and style in ("blog", "analysis", "messy", "html"):
            sents[0] = f"{i + 1}. {sents[0]}" if rng.random() < 0.5 else sents[0]
        p = " ".join(sents)
        paras.append(p)
        evidence_paras.add(p)
        if rng.random() < 0.5:
            paras.append(
                filler(
                    ctx,
                    rng.choice(("analyst", "exec_quote", "revenue", "shares", "fleet")),
                    [c for c, _ in spec.roles],
                    [],
                )
            )
    others = [c for c in COMPANIES if c not in parties and "utility" not in c.kinds]
    if rng.random() < 0.5:
        paras.append(filler(ctx, "noise_deal", parties, others))
    paras.append(filler(ctx, "market", parties, others))
    if mode == "roundup":
        head = rng.choice(
            (
                "Deals roundup: compute, chips and capital",
                "The week in AI infrastructure deals",
                "AI deal tracker: who signed what",
                "Infrastructure deals of the week",
            )
        )
    else:
        head = headline(ctx, specs[0]) + rng.choice(
            ("", " as ties deepen", "; second agreement also disclosed")
        )
    text, ext = finish(
        ctx,
        head,
        paras,
        place_of(parties),
        parties,
        evidence_paras,
        rng.choice(("A roundup of the latest agreements.", "Several deals, one theme: capacity.")),
    )
    return Doc(doc_id, style, ext, text, [s.gold(ctx) for s in specs], f"multi:{mode}")


# --------------------------------------------------------------------------
# No-deal articles
# --------------------------------------------------------------------------

NO_DEAL_KINDS = (
    "earnings",
    "forecast",
    "capex",
    "gpu_prices",
    "own_cluster",
    "denial",
    "called_off",
    "blocked",
    "rumour",
    "product",
    "lawsuit",
    "people",
)


def no_deal_article(rng: random.Random, doc_id: str, style: str, kind: str) -> Doc:
    """An article that reports no deal (SCHEMA: ``"deals": []``)."""
    ctx = Ctx(rng, style, draw_dateline(rng))
    used: set[str] = set()
    x = pick_any(rng, ("hyper", "cloud", "chip", "server", "enterprise"), used)
    y = pick_any(rng, ("target", "cloud", "lab"), used)
    X, Y = ctx.m(x), ctx.m(y)
    q = f"Q{rng.randint(1, 4)}"
    d = ctx.dateline
    wd = WEEKDAYS[d.weekday()]
    amount = money_text(draw_money("acquisition", None, "USD", 0.2, rng), style, rng)
    paras: list[str]
    if kind == "earnings":
        head = rng.choice(
            (
                f"{x.short} beats estimates as AI demand lifts sales",
                f"{x.short} {q} profit rises",
                f"{x.short} results: cloud growth slows",
            )
        )
        paras = [
            f"{X} on {wd} reported {q} revenue of {usd(rng, 300, 90000)}, up {pct(rng)}% from a year earlier, "
            f"ahead of the {usd(rng, 300, 90000)} analysts had expected.",
            f"Net income rose to {usd(rng, 20, 20000)}, or ${rng.randint(0, 9)}.{rng.randint(10, 99)} a share. "
            f"Revenue from its data-centre business grew {pct(rng)}%.",
            f"The company said its backlog of contracted but unrecognised revenue stood at {usd(rng, 1000, 400000)} at the end of the quarter.",
            filler(ctx, "capex", [x], []),
            filler(ctx, "shares", [x], []),
        ]
    elif kind == "forecast":
        head = rng.choice(
            (f"{x.short} raises full-year outlook", f"{x.short} cuts forecast on weaker demand")
        )
        paras = [
            f"{X} now expects annual revenue of {usd(rng, 500, 90000)} to {usd(rng, 600, 95000)}, it said on {wd}.",
            f"The company previously forecast growth of about {pct(rng)}%. Analysts polled by {rng.choice(ANALYST_FIRMS)} "
            f"had expected {usd(rng, 500, 90000)}.",
            filler(ctx, "analyst", [x], []),
            filler(ctx, "market", [x], []),
        ]
    elif kind == "capex":
        head = f"{x.short} to spend heavily on new data centres"
        paras = [
            f"{X} plans to spend {usd(rng, 2000, 80000)} on data centres and equipment next year, up from "
            f"{usd(rng, 1000, 60000)} this year, the company said.",
            f"The money will go toward new campuses in {rng.choice(REGIONS)} and toward expanding existing sites, "
            f"which together need about {rng.choice((300, 500, 900, 1200))} megawatts of power.",
            f"{x.short} did not say which suppliers it would use.",
            filler(ctx, "market", [x], []),
        ]
    elif kind == "gpu_prices":
        head = rng.choice(("GPU rental prices keep sliding", "Why renting an H100 got cheaper"))
        paras = [
            f"The cost of renting an Nvidia H100 by the hour has fallen to about ${rng.randint(1, 2)}.{rng.randint(10, 95)} "
            f"on the spot market, down from more than ${rng.randint(4, 8)} a year ago, according to brokers.",
            f"Providers such as {X} and {Y} have added capacity quickly, and long-term contract prices have followed spot prices down.",
            f"A new GB200 system still sells for well over ${rng.randint(2, 4)} million per rack, {rng.choice(PEOPLE)} of "
            f"{rng.choice(ANALYST_FIRMS)} said.",
            filler(ctx, "market", [x, y], []),
        ]
    elif kind == "own_cluster":
        n = rng.choice(("50,000", "100,000", "24,000", "16,384", "200,000"))
        model = rng.choice(("H100", "H200", "GB200", "MI300X"))
        head = f"{x.short} switches on in-house AI supercomputer"
        paras = [
            f"{X} said on {wd} it had switched on a cluster of {n} {model} chips at its own data centre in {rng.choice(REGIONS)}, "
            f"which it will use to train its own models.",
            f"The company designed the facility itself and said it had spent about {usd(rng, 500, 9000)} on the project over two years.",
            f"{x.short} expects the system to deliver {rng.randint(2, 9)} exaflops of AI performance.",
            filler(ctx, "fleet", [x], []),
            filler(ctx, "market", [x], []),
        ]
    elif kind == "denial":
        head = rng.choice(
            (
                f"{x.short} denies report of {y.short} deal",
                f"{x.short} says it is not in talks with {y.short}",
            )
        )
        paras = [
            f"{X} on {wd} denied a report that it had agreed to buy {Y} for {amount}.",
            f'"There are no discussions and no agreement," a spokesperson for {x.short} said. {y.short} also said it was not in talks.',
            f"{rng.choice(OUTLETS).capitalize() if rng.random() < 0.5 else rng.choice(OUTLETS)} had reported, citing unnamed sources, that the two companies were close to terms.",
            filler(ctx, "shares", [y], []),
        ]
    elif kind == "called_off":
        head = rng.choice(
            (f"{x.short} and {y.short} scrap merger", f"{x.short} walks away from {y.short} deal")
        )
        paras = [
            f"{X} and {Y} said on {wd} they had terminated the agreement under which {x.short} would have bought {y.short} for {amount}.",
            f"The deal, first announced {rng.choice(('last year', 'in the spring', 'eighteen months ago'))}, had faced opposition from "
            f"shareholders and regulators. {x.short} will pay a termination fee of {usd(rng, 20, 900)}.",
            f"{y.short} said it would remain independent and continue to work with customers as before.",
            filler(ctx, "shares", [x, y], []),
        ]
    elif kind == "blocked":
        head = f"Regulator blocks {x.short} bid for {y.short}"
        paras = [
            f"Competition authorities on {wd} blocked {ctx.poss(x)} proposed {amount} takeover of {Y}, saying it would reduce competition in cloud services.",
            f"{x.short} said it was disappointed and had abandoned the transaction. {y.short} said it would pursue its plan as a standalone company.",
            filler(ctx, "analyst", [x], []),
            filler(ctx, "market", [x, y], []),
        ]
    elif kind == "rumour":
        head = f"Is {y.short} the next takeover target?"
        paras = [
            f"Shares of {Y} jumped {pct(rng)}% on {wd} on speculation that a larger rival could bid for the company.",
            f"Analysts named {X} as a possible buyer, but there is no sign that talks have taken place, and {y.short} said it does not comment on market rumours.",
            f"{x.short} said it had no plans to make an offer.",
            filler(ctx, "market", [x, y], []),
        ]
    elif kind == "product":
        head = rng.choice(
            (
                f"{x.short} unveils new AI chip",
                f"{x.short} launches GPU cloud service in {rng.choice(REGIONS)}",
            )
        )
        paras = [
            f"{X} on {wd} launched a new service that lets customers rent clusters of accelerators by the hour, "
            f"starting at ${rng.randint(1, 4)}.{rng.randint(10, 99)} per GPU-hour.",
            f"The company said the product offers {rng.randint(2, 4)} times the performance of its previous generation "
            f"and will be generally available from {MONTHS[(d.month + 1) % 12]}.",
            filler(ctx, "exec_quote", [x], []),
            filler(ctx, "price", [x], []),
        ]
    elif kind == "lawsuit":
        head = f"{x.short} sues {y.short} over patents"
        paras = [
            f"{X} has sued {Y} in federal court, accusing it of copying technology used in its data-centre software.",
            f"The complaint, filed on {wd}, seeks damages of at least {amount}. {y.short} said the claims were without merit.",
            "The two companies had previously discussed a licensing arrangement, but those talks ended without an agreement, according to the filing.",
            filler(ctx, "revenue", [x], []),
        ]
    else:  # people
        head = rng.choice(
            (
                f"{x.short} names new chief executive",
                f"{x.short} to cut {rng.randint(3, 12)}% of jobs",
            )
        )
        paras = [
            f"{X} said on {wd} that {rng.choice(PEOPLE)} will become chief executive next month, replacing {rng.choice(PEOPLE)}, who is retiring.",
            f"The company also said it would reduce its workforce by about {rng.randint(200, 4000):,} people as it shifts spending toward AI infrastructure.",
            filler(ctx, "shares", [x], []),
            filler(ctx, "capex", [x], []),
        ]
    text, ext = finish(ctx, head, paras, x.city or "New York", [x, y], set(), head + ".")
    return Doc(doc_id, style, ext, text, [], f"nodeal:{kind}")


# --------------------------------------------------------------------------
# Hand-written articles, split, output
# --------------------------------------------------------------------------

EMPTY_DEAL = {
    "type": None,
    "parties": [],
    "amount": None,
    "duration_months": None,
    "gpus": None,
    "date": None,
    "evidence": "",
}


def normalise_deal(deal: dict[str, Any]) -> dict[str, Any]:
    """Fill omitted fields with null, in the schema's key order."""
    out = {k: deal.get(k, v) for k, v in EMPTY_DEAL.items()}
    if out["amount"] is not None:
        a = out["amount"]
        out["amount"] = {
            "value": a["value"],
            "currency": a["currency"],
            "period": a.get("period"),
            "approximate": bool(a.get("approximate", False)),
        }
    if out["gpus"] is not None:
        g = out["gpus"]
        out["gpus"] = {
            "count": g.get("count"),
            "vendor": g.get("vendor"),
            "model": g.get("model"),
            "approximate": bool(g.get("approximate", False)),
        }
    return out


def load_handwritten(folder: Path = HANDWRITTEN) -> list[Doc]:
    """Hand-written articles: ``<id>.txt|html`` plus one line each in ``gold.jsonl``."""
    gold_path = folder / "gold.jsonl"
    if not gold_path.exists():
        return []
    docs = []
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{gold_path}:{n}: {exc}") from exc
        matches = [
            p for p in (folder / f"{row['id']}.txt", folder / f"{row['id']}.html") if p.exists()
        ]
        if len(matches) != 1:
            raise CorpusError(f"{gold_path}:{n}: expected one document for id {row['id']!r}")
        path = matches[0]
        deals = [normalise_deal(d) for d in row["deals"]]
        kind = "nodeal" if not deals else ("single" if len(deals) == 1 else "multi")
        docs.append(
            Doc(
                row["id"],
                row["style"],
                path.suffix[1:],
                path.read_text(encoding="utf-8"),
                deals,
                kind,
                source="handwritten",
            )
        )
    return docs


def primary_type(doc: Doc) -> str:
    if not doc.deals:
        return "none"
    if len(doc.deals) > 1 and doc.kind.startswith("multi"):
        return "multi"
    return doc.deals[0]["type"]


def assign_splits(docs: list[Doc], seed: int) -> dict[str, str]:
    """About 80/20 train/test, stratified by (primary type, style)."""
    rng = random.Random(seed + 1)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in docs:
        groups[(primary_type(d), d.style)].append(d.id)
    split: dict[str, str] = {}
    carry = 0.0
    for key in sorted(groups):
        ids = sorted(groups[key])
        rng.shuffle(ids)
        want = len(ids) * TEST_SHARE + carry
        n_test = int(want)
        carry = want - n_test
        for i, doc_id in enumerate(ids):
            split[doc_id] = "test" if i < n_test else "train"
    return split


SINGLE_TYPES = (
    "compute",
    "investment",
    "acquisition",
    "purchase",
    "licensing",
    "partnership",
    "other",
)
SINGLE_WEIGHTS = (24, 18, 20, 12, 14, 9, 7)


def generate(seed: int, n: int = N_GENERATED) -> list[Doc]:
    """Draw ``n`` generated articles."""
    rng = random.Random(seed)
    docs = []
    n_none = round(n * 0.225)
    n_multi = round(n * 0.14)
    plan = ["none"] * n_none + ["multi"] * n_multi + ["single"] * (n - n_none - n_multi)
    rng.shuffle(plan)
    for i, what in enumerate(plan, 1):
        style = rng.choices(STYLES, weights=STYLE_WEIGHTS)[0]
        doc_id = f"gen-{i:04d}"
        if what == "none":
            docs.append(no_deal_article(rng, doc_id, style, NO_DEAL_KINDS[i % len(NO_DEAL_KINDS)]))
        elif what == "multi":
            docs.append(multi_deal_article(rng, doc_id, style))
        else:
            dtype = rng.choices(SINGLE_TYPES, weights=SINGLE_WEIGHTS)[0]
            docs.append(single_deal_article(rng, doc_id, style, dtype))
    return docs


def counts_table(title: str, counter: Counter[str]) -> str:
    rows = "\n".join(
        f"| {k} | {v} |" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"| {title} | count |\n| --- | --- |\n{rows}\n"


README_HEAD = """# Training corpus (`data/train`)

Labelled tech-news articles in the gold format of `shared/eval/SCHEMA.md`, for
training and checking the transformer stage (issue 4) and for developing the
extraction rules (issue 3). **Do not edit by hand**: everything here is written
by `python scripts/make_corpus.py` (seed {seed}), which deletes and rebuilds the
folder; `tests/test_corpus.py` checks that the committed files equal a fresh build.

All text is our own writing. Company names mix real technology companies (in
fictional deals) with invented ones; every figure, date and quote is invented.

## Layout

* `docs/<id>.txt` or `docs/<id>.html`: one article per file.
* `gold.jsonl`: one line per article, sorted by id:
  `{{"id", "deals": [...], "split": "train"|"test", "style", "source", "kind"}}`.
  `deals` follows SCHEMA.md exactly (every field present, `null` where not
  stated; `aliases` on a party lists the other names the article uses for it;
  `evidence` joins the deal's sentences with ` ... `, each piece verbatim after
  whitespace normalisation and entity decoding; for HTML, in the visible text).
  The extra keys are ignored by `score.py`.

## How it is made

* **Generated articles ({n_gen})**: a seeded `random.Random` draws deal
  specifications (type, parties and roles, amount with currency, scale, hedge and
  period, term, accelerators, date) and renders them through hand-written
  sentence patterns: about thirty per deal type in several voices ("X will supply
  Y", "Y agreed to buy capacity from X", "T was bought by A", appositives,
  passives, rounds "led by L with participation from ..."), detail sentences for
  facts the pattern leaves out, paragraph filler with distractor numbers
  (revenue, share prices, capex, a company's own GPU fleet, rental prices,
  valuations), quotes, and non-deals mentioned in passing (called-off mergers,
  denied reports, speculation). The gold is written from the same
  specification, so text and label agree by construction.
* **Hand-written articles ({n_hand})**: `scripts/handwritten/*.txt|html` with
  their own `gold.jsonl`, written one by one and following no template.

## Labelling conventions

* A deal is every distinct deal the article reports as agreed, announced,
  completed, or being negotiated ("in advanced talks", "seeking to sell its X
  unit"). **Background deals mentioned in passing count** when the text reports
  them as done ("T, which was acquired by A in March 2023, ..."), with the facts
  stated there (date `YYYY-MM` for "in March 2023").
* Not deals: deals called off, terminated, blocked or rejected; denied reports;
  speculation and rumours; a company's own spending, capex or cluster; earnings,
  forecasts, prices, product launches, lawsuits; press-release "About X"
  boilerplate ("X is backed by Y"); links in related-story boxes, "Read more"
  lines and reader comments of scraped or HTML pages (they belong to other
  articles).
* Party `name` is the short common name (`Microsoft`, not `Microsoft Corp.`);
  `aliases` list every other form used (legal name, cloud brand such as
  `Azure`, abbreviation). A chip maker whose GPUs are used is not a party; it is
  the `provider` when it sells the chips itself (type `purchase`).
* Roles: `acquirer`/`target`/`seller` for control (including a controlling
  stake of 51% or more); `investor`/`investee` for minority stakes and funding
  rounds (every named investor); `customer`/`provider` for compute, purchase,
  licensing and power supply (who pays, who supplies); `partner` otherwise.
* `amount`: the deal's stated value (total or per-period rate with `period`);
  valuations, revenue, market values and termination fees are not deal amounts.
  `approximate` is true for hedges (about, roughly, up to, more than, some, an
  estimated, ...). INR lakh = 1e5, crore = 1e7.
* `duration_months` from stated terms ("over five years" = 60); `gpus` only for
  accelerators the deal covers (vague counts such as "tens of thousands of"
  give `count: null`).
* `date`: the announcement/signing date when stated. Relative dates ("on
  Monday", "yesterday", "today") resolve against the article's own date
  (dateline, byline, `datePublished`): "on Monday" is the latest Monday on or
  before that date. A month alone gives `YYYY-MM`; no stated date gives `null`.
* Split: `split` assigns about 20% of articles to `test`, stratified by
  (primary deal type, style); seed-stable.

## Counts

Articles: {n_all}; deals: {n_deals}; no-deal articles: {n_none} ({share:.1%}).

"""


def write_corpus(out: Path, seed: int) -> list[Doc]:
    """Delete ``out`` and write docs, gold.jsonl and README.md."""
    docs = generate(seed) + load_handwritten()
    ids = [d.id for d in docs]
    if len(ids) != len(set(ids)):
        raise CorpusError("duplicate article ids")
    split = assign_splits(docs, seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    lines = []
    for d in sorted(docs, key=lambda d: d.id):
        (out / "docs" / f"{d.id}.{d.ext}").write_text(d.text, encoding="utf-8")
        row = {
            "id": d.id,
            "deals": d.deals,
            "split": split[d.id],
            "style": d.style,
            "source": d.source,
            "kind": d.kind,
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    (out / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    n_none = sum(1 for d in docs if not d.deals)
    deal_types = Counter(x["type"] for d in docs for x in d.deals)
    readme = README_HEAD.format(
        seed=seed,
        n_gen=sum(d.source == "generated" for d in docs),
        n_hand=sum(d.source == "handwritten" for d in docs),
        n_all=len(docs),
        n_deals=sum(deal_types.values()),
        n_none=n_none,
        share=n_none / len(docs),
    )
    readme += "\n".join(
        [
            counts_table("deal type (deals)", deal_types),
            counts_table("primary type (articles)", Counter(primary_type(d) for d in docs)),
            counts_table("style", Counter(d.style for d in docs)),
            counts_table("split", Counter(split.values())),
            counts_table("source", Counter(d.source for d in docs)),
            counts_table(
                "currency (deal amounts)",
                Counter(x["amount"]["currency"] for d in docs for x in d.deals if x["amount"]),
            ),
            counts_table(
                "period (deal amounts)",
                Counter(str(x["amount"]["period"]) for d in docs for x in d.deals if x["amount"]),
            ),
            counts_table(
                "role", Counter(p["role"] for d in docs for x in d.deals for p in x["parties"])
            ),
            counts_table(
                "article kind",
                Counter(
                    d.kind.split(":")[0] if d.source == "handwritten" else d.kind for d in docs
                ),
            ),
        ]
    )
    (out / "README.md").write_text(readme, encoding="utf-8")
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (deleted and rebuilt)"
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    docs = write_corpus(args.out, args.seed)
    print(f"wrote {len(docs)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
