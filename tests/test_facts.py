"""Headline facts of China's export-control regime, checked against the real (packaged) rulebook.

Each test cites the instrument and clause it checks; the facts come from the shared fact sheet
(china-export-controls.md) and the later research notes. Dates are Beijing dates and every window
is inclusive: a measure is checked on the day before it starts, its first day, its last day and
the day after it ends.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mineralctl.api import Rulebook, packaged_path, parse_rulebook
from mineralctl.model import Covers, Measure, Resolution, Status, Suspension
from mineralctl.resolve import is_listed


def _packaged() -> Rulebook:
    # Parsed straight from the installed package: the parameters below are built at collection
    # time, before conftest isolates the cache, so load_rulebook() would write to ~/.cache.
    # packaged_path() is the installed copy, or data/measures.yaml in an editable install.
    with open(packaged_path(), "rb") as handle:
        data = handle.read()
    return parse_rulebook(data, "measures.yaml (packaged)")


RB = _packaged()
ONE_DAY = dt.timedelta(days=1)
LICENSE, ENHANCED, PROHIBITED, FREE = (
    Status.LICENSE_REQUIRED,
    Status.ENHANCED_REVIEW,
    Status.PROHIBITED,
    Status.NOT_CONTROLLED,
)


def ask(material: str, day: str | dt.date, dest: str | None = None, end_use: str = "civil") -> Resolution:
    return RB.status(material, day, destination=dest, end_use=end_use)


def applied(r: Resolution) -> list[str]:
    return [m.id for m in r.measures]


def held(r: Resolution) -> list[str]:
    return [s.measure.id for s in r.suspended]


def related(r: Resolution) -> list[str]:
    return [m.id for m in r.related]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --------------------------------------------------------------------------- gallium, germanium


@pytest.mark.parametrize("dest", [None, "US", "JP", "DE", "IN"])
@pytest.mark.parametrize("material", ["gallium", "germanium"])
def test_gallium_germanium_need_a_licence_everywhere_from_2023_08_01(material, dest):
    # MOFCOM/GAC Ann. No. 23 of 2023 (announced 2023-07-03), paras 1-2: no export of the 8 gallium
    # and 6 germanium items without a licence, for every destination, from 2023-08-01.
    before = ask(material, "2023-07-31", dest)
    assert before.status is FREE and applied(before) == [] and not before.projected
    first = ask(material, "2023-08-01", dest)
    assert first.status is LICENSE
    assert applied(first) == ["mofcom-gac-2023-23"]
    assert before.next_change is not None and before.next_change.date == d("2023-08-01")


def test_gallium_licence_continues_under_the_dual_use_list_from_2024_12_01():
    # MOFCOM/MIIT/GAC/SCA Ann. No. 51 of 2024 (the Dual-Use List, in force 2024-12-01) absorbed
    # No. 23 of 2023: the licence requirement continues without a break.
    assert "dual-use-list-2024" not in applied(ask("gallium", "2024-11-30"))
    r = ask("gallium", "2024-12-01")
    assert r.status is LICENSE and "dual-use-list-2024" in applied(r)


@pytest.mark.parametrize("material", ["gallium", "germanium", "antimony"])
@pytest.mark.parametrize(
    "day, status, projected",
    [
        ("2024-12-02", LICENSE, False),
        # MOFCOM Ann. No. 46 of 2024, para 2: Ga/Ge/Sb/superhard exports to the US "in principle
        # not permitted", in force on publication, 2024-12-03.
        ("2024-12-03", PROHIBITED, False),
        ("2025-11-08", PROHIBITED, False),
        # MOFCOM Ann. No. 72 of 2025 suspends para 2 of No. 46 of 2024 from 2025-11-09
        # ("自即日起至2026年11月27日"): back to the ordinary licence.
        ("2025-11-09", LICENSE, False),
        ("2026-11-27", LICENSE, True),
        # As written, para 2 of No. 46 of 2024 applies again from 2026-11-28 (projected: no
        # extension was found).
        ("2026-11-28", PROHIBITED, True),
    ],
)
def test_us_in_principle_denial_and_its_suspension(material, day, status, projected):
    r = ask(material, day, "US")
    assert r.status is status
    assert r.projected is projected
    if status is PROHIBITED:
        assert applied(r)[0] == "mofcom-2024-46-p2-deny"
    if d("2025-11-09") <= d(day) <= d("2026-11-27"):
        assert held(r) == ["mofcom-2024-46-p2-deny"]
        assert r.suspended[0].suspension.id == "mofcom-2025-72"


def test_germanium_to_the_us_names_the_next_change_and_warns_when_projected():
    # MOFCOM Ann. No. 72 of 2025 ends 2026-11-27; the denial of No. 46 of 2024, para 2, returns.
    r = ask("germanium", "2025-11-09", "US")
    assert r.next_change is not None
    assert (r.next_change.date, r.next_change.status) == (d("2026-11-28"), PROHIBITED)
    later = ask("germanium", "2026-11-28", "US")
    assert any("projected" in w for w in later.warnings)
    assert any("No. 72 of 2025" in w and "2026-11-28" in w for w in later.warnings)


# --------------------------------------------------------------------------- graphite


@pytest.mark.parametrize(
    "day, status, projected",
    [
        ("2024-12-02", LICENSE, False),
        # MOFCOM Ann. No. 46 of 2024, para 2 (second sentence): stricter end-user and end-use review
        # of graphite dual-use exports to the US, from 2024-12-03.
        ("2024-12-03", ENHANCED, False),
        ("2025-11-08", ENHANCED, False),
        # MOFCOM Ann. No. 72 of 2025 suspends para 2 *as a whole*, graphite sentence included,
        # from 2025-11-09 to 2026-11-27 (fact sheet D1: "still faces tougher review" is wrong).
        ("2025-11-09", LICENSE, False),
        ("2026-11-27", LICENSE, True),
        ("2026-11-28", ENHANCED, True),
    ],
)
def test_graphite_to_the_us(day, status, projected):
    r = ask("graphite", day, "US")
    assert r.status is status and r.projected is projected
    assert "mofcom-gac-2023-39" in applied(r)
    if status is ENHANCED:
        assert applied(r)[0] == "mofcom-2024-46-p2-graphite"
    if d("2025-11-09") <= d(day) <= d("2026-11-27"):
        assert held(r) == ["mofcom-2024-46-p2-graphite"]


def test_graphite_worldwide_licence_from_2023_12_01_replaces_the_2006_temporary_controls():
    # MOFCOM/GAC Ann. No. 39 of 2023 (announced 2023-10-20), para 1: licence for high-spec synthetic
    # and natural flake graphite from 2023-12-01; para 2 lifts the temporary controls of
    # MOFCOM/COSTIND/GAC Ann. No. 50 of 2006 on all other items from the same day. The three
    # high-sensitivity items were already under the 2006 temporary controls, so no gap.
    before = ask("graphite", "2023-11-30")
    assert before.status is LICENSE
    assert applied(before) == ["mofcom-costind-gac-2006-50"]
    # The 2006 dates were never found: the answer must say so.
    assert any("2006" in u and "not found" in u for u in before.uncertainty)
    assert ask("graphite", "2023-01-01").status is LICENSE
    first = ask("graphite", "2023-12-01")
    assert first.status is LICENSE
    assert applied(first) == ["mofcom-gac-2023-39"]


def test_graphite_aliases_cover_flake_spherical_and_expanded():
    # No. 39 of 2023 items: natural flake graphite incl. spheroidized and expanded graphite.
    for name in ("natural flake graphite", "spherical graphite", "expanded graphite", "石墨", "天然石墨", "球形石墨"):
        assert [m.id for m in RB.find_materials(name)] == ["graphite"], name


@pytest.mark.parametrize("name", ["synthetic graphite", "artificial graphite", "人造石墨", "人造石墨材料"])
def test_artificial_graphite_answers_for_both_listings(name):
    # Artificial graphite is listed twice: high-spec graphite (No. 39 of 2023) and battery anode
    # material (No. 58 of 2025). The name alone cannot say which, so both answers are given.
    assert [m.id for m in RB.find_materials(name)] == ["graphite", "artificial-graphite-anode"]
    # On No. 58's first day as written (projected) both need a licence; the day before, only graphite.
    before = {m.id: RB.status(m.id, "2026-11-10").status for m in RB.find_materials(name)}
    assert before == {"graphite": LICENSE, "artificial-graphite-anode": FREE}
    after = {m.id: RB.status(m.id, "2026-11-11").status for m in RB.find_materials(name)}
    assert after == {"graphite": LICENSE, "artificial-graphite-anode": LICENSE}


# --------------------------------------------------------------------------- antimony, W Te Bi Mo In


@pytest.mark.parametrize("material", ["antimony", "superhard-materials"])
def test_antimony_and_superhard_licence_from_2024_09_15(material):
    # MOFCOM/GAC Ann. No. 33 of 2024 (announced 2024-08-15), paras 1-2: in force 2024-09-15.
    assert ask(material, "2024-09-14").status is FREE
    r = ask(material, "2024-09-15")
    assert r.status is LICENSE and applied(r) == ["mofcom-gac-2024-33"]


@pytest.mark.parametrize("material", ["tungsten", "tellurium", "bismuth", "molybdenum", "indium"])
def test_w_te_bi_mo_in_licence_from_2025_02_04(material):
    # MOFCOM/GAC Ann. No. 10 of 2025: announced and in force on publication, 2025-02-04.
    assert ask(material, "2025-02-03").status is FREE
    r = ask(material, "2025-02-04")
    assert r.status is LICENSE and applied(r) == ["mofcom-gac-2025-10"]


# --------------------------------------------------------------------------- rare earths

SEVEN = ["samarium", "gadolinium", "terbium", "dysprosium", "lutetium", "scandium", "yttrium"]
FIVE = ["holmium", "erbium", "thulium", "europium", "ytterbium"]
LIGHT = ["lanthanum", "cerium", "praseodymium", "neodymium", "promethium"]


@pytest.mark.parametrize("material", SEVEN)
def test_seven_rare_earths_licence_from_2025_04_04(material):
    # MOFCOM/GAC Ann. No. 18 of 2025 (1C902-1C908): in force on publication, 2025-04-04.
    assert ask(material, "2025-04-03").status is FREE
    r = ask(material, "2025-04-04")
    assert r.status is LICENSE and applied(r) == ["mofcom-gac-2025-18"]


@pytest.mark.parametrize("material", SEVEN)
def test_seven_rare_earths_are_never_suspended(material):
    # No. 18 of 2025 is touched by neither MOFCOM/GAC Ann. No. 70 of 2025 nor MOFCOM Ann. No. 72 of
    # 2025, and not by the May 2026 summit either: licence required throughout, every destination.
    assert not [s.id for s in RB.suspensions if "mofcom-gac-2025-18" in s.targets]
    for day in ("2025-11-07", "2025-11-09", "2026-01-06", "2026-11-10", "2026-11-11", "2026-11-28", "2027-12-31"):
        for dest in (None, "US", "JP", "DE", "IN"):
            r = ask(material, day, dest)
            assert r.status is LICENSE, (day, dest)
            assert "mofcom-gac-2025-18" in applied(r) and "mofcom-gac-2025-18" not in held(r), (day, dest)


def suspended_by_no_70_until_it_lapses(material: str, measure_id: str) -> Resolution:
    """The Oct-2025 package: to take effect 2025-11-08, suspended by MOFCOM/GAC Ann. No. 70 of 2025
    from 2025-11-07 "至2026年11月10日" (read inclusive), so never in force through 2026-11-10; it
    applies as written from 2026-11-11 (projected, never settled). Returns that day's answer."""
    before = ask(material, "2025-11-07")
    assert before.status is FREE and applied(before) == [] and held(before) == []
    for day in ("2025-11-08", "2026-01-01", "2026-11-10"):
        r = ask(material, day)
        assert r.status is FREE and held(r) == [measure_id], day
        assert r.suspended[0].suspension.id == "mofcom-gac-2025-70"
        assert r.next_change is not None and r.next_change.date == d("2026-11-11")
    r = ask(material, "2026-11-11")
    assert r.status is LICENSE and r.projected and applied(r) == [measure_id]
    assert any("No. 70 of 2025" in w for w in r.warnings)
    return r


@pytest.mark.parametrize("material", FIVE)
def test_five_rare_earths_of_no_57_suspended_before_they_took_effect(material):
    # MOFCOM/GAC Ann. No. 57 of 2025 (1C909-1C913).
    suspended_by_no_70_until_it_lapses(material, "mofcom-gac-2025-57")


@pytest.mark.parametrize("material", LIGHT)
def test_light_rare_earths_are_not_controlled_with_a_note_and_related_technology(material):
    # No goods measure names La, Ce, Pr, Nd or Pm; the rare-earth technology bans of MOFCOM/MOST
    # Ann. No. 57 of 2023 (catalogue, from 2023-12-21) are shown beside the answer.
    assert "unknown" not in {s.value for s in Status}
    assert RB.materials[material].notes.strip()
    for day in ("2023-12-21", "2025-04-04", "2026-01-01", "2026-11-11", "2027-06-01"):
        r = ask(material, day)
        assert r.status is FREE and applied(r) == [] and held(r) == [], day
        assert "mofcom-most-2023-57" in related(r), day
    assert "mofcom-most-2023-57" not in related(ask(material, "2023-12-20"))
    # MOFCOM Ann. No. 62 of 2025 (1E902 technologies) in force on publication, 2025-10-09.
    assert "mofcom-2025-62" in related(ask(material, "2025-10-09"))
    assert "mofcom-2025-62" not in related(ask(material, "2025-10-08"))


NDFEB = ["cerium", "dysprosium", "gadolinium", "holmium", "neodymium", "praseodymium", "terbium"]


@pytest.mark.parametrize("name", ["NdFeB", "钕铁硼", "釹鐵硼", "neodymium magnets", "NdFeB magnets", "sintered NdFeB"])
def test_ndfeb_never_resolves_to_neodymium_alone(name):
    # MOFCOM/GAC Ann. No. 18 of 2025 (in force 2025-04-04) lists terbium-containing (1C904.a) and
    # dysprosium-containing (1C905.a) NdFeB magnets. A magnet name answers for every rare earth
    # the magnet may contain, so a licence answer is never hidden behind "neodymium".
    assert sorted(m.id for m in RB.find_materials(name)) == NDFEB
    before = {m: ask(m, "2025-04-03").status for m in NDFEB}
    assert set(before.values()) == {FREE}
    after = {m: ask(m, "2025-04-04").status for m in NDFEB}
    assert after == {
        "cerium": FREE,
        "neodymium": FREE,
        "praseodymium": FREE,
        "gadolinium": LICENSE,
        "terbium": LICENSE,
        "dysprosium": LICENSE,
        "holmium": FREE,
    }
    # Holmium (No. 57 of 2025) only from 2026-11-11, as written.
    assert ask("holmium", "2026-11-10").status is FREE and ask("holmium", "2026-11-11").status is LICENSE


def test_the_magnet_items_no_18_lists():
    # No. 18 of 2025: 1C902.a samarium-cobalt magnets, 1C904.a Tb-containing NdFeB, 1C905.a
    # Dy-containing NdFeB; the group notes say why every possible rare earth is answered.
    def magnet_items(material: str) -> list[str]:
        return [i.control_code for i in RB.materials[material].items if "permanent magnet" in i.name.lower()]

    assert magnet_items("samarium") == ["1C902.a"]
    assert magnet_items("terbium") == ["1C904.a"]
    assert magnet_items("dysprosium") == ["1C905.a (unverified)"]
    assert magnet_items("neodymium") == []
    # No. 57 of 2025 lists holmium-containing permanent magnets (1C909.a.4), and no europium magnets.
    assert magnet_items("holmium") == ["1C909.a"]
    assert magnet_items("europium") == []
    assert "NdFeB" not in RB.materials["neodymium"].aliases
    assert [m.id for m in RB.find_materials("SmCo")] == ["samarium"]
    assert sorted(m.id for m in RB.find_materials("rare earth magnets")) == sorted([*NDFEB, "samarium"])
    assert sorted(m.id for m in RB.find_materials("稀土永磁")) == sorted([*NDFEB, "samarium"])
    group = next(g for g in RB.groups.values() if g.id == "ndfeb-magnets")
    notes = " ".join(group.notes.split())
    assert "terbium or dysprosium" in notes and "not magnets" in notes


def test_rare_earth_group_names_all_seventeen():
    symbols = {m.symbol for m in RB.find_materials("rare earths")}
    assert symbols == {
        "Sc",
        "Y",
        "La",
        "Ce",
        "Pr",
        "Nd",
        "Pm",
        "Sm",
        "Eu",
        "Gd",
        "Tb",
        "Dy",
        "Ho",
        "Er",
        "Tm",
        "Yb",
        "Lu",
    }
    assert RB.find_materials("REE") == RB.find_materials("rare earths") == RB.find_materials("稀土")
    # Traditional and other forms people type name the same seventeen.
    assert RB.find_materials("稀土金屬") == RB.find_materials("稀土金属") == RB.find_materials("rare earths")
    twelve = {m.id for m in RB.find_materials("重稀土")}
    assert twelve == {m.id for m in RB.find_materials("中重稀土")} == set(SEVEN) | set(FIVE)


def test_no_62_and_no_61_para_1_3_applied_from_9_october_until_the_suspension():
    # MOFCOM Ann. No. 61 of 2025, para 1(3) and MOFCOM Ann. No. 62 of 2025: in force on publication
    # (2025-10-09) until MOFCOM/GAC Ann. No. 70 of 2025 suspended them from 2025-11-07.
    for day in ("2025-10-09", "2025-11-06"):
        r = ask("samarium", day)
        assert {"mofcom-2025-61-p1-3", "mofcom-2025-62"} <= set(related(r)), day
    assert not {"mofcom-2025-61-p1-3", "mofcom-2025-62"} & set(related(ask("samarium", "2025-10-08")))
    # No. 61 paras 1(1)-(2) (0.1 % de minimis) were scheduled for 2025-12-01 and never took effect.
    assert RB.measure("mofcom-2025-61-p1-1-2").start == d("2025-12-01")


@pytest.mark.parametrize("material, day", [("lanthanum", "2026-01-01"), ("samarium", "2025-11-07")])
def test_suspended_technology_and_equipment_measures_are_not_shown_as_in_force(material, day):
    # MOFCOM/GAC Ann. No. 70 of 2025 suspends Nos. 56, 61 and 62 of 2025 from 2025-11-07 to
    # 2026-11-10: on those dates they are not in force.
    suspended = {"mofcom-gac-2025-56", "mofcom-2025-61-p1-3", "mofcom-2025-61-p1-1-2", "mofcom-2025-62"}
    assert not suspended & set(related(ask(material, day)))


# --------------------------------------------------------------------------- No. 56 of 2025 goods

NO_56_GOODS = ["rare-earth-ore", "rare-earth-flotation-reagents", "rare-earth-extractants"]


@pytest.mark.parametrize("material", [*NO_56_GOODS, "P507", "P204", "naphthenic acid", "N235", "C272", "2530902000"])
def test_no_56_goods_suspended_before_they_took_effect(material):
    # MOFCOM/GAC Ann. No. 56 of 2025, 1C914.a-c (ore, flotation reagents, extractants), announced
    # 2025-10-09; suspended with the whole announcement. The revived answer carries the open
    # questions on the item lines.
    r = suspended_by_no_70_until_it_lapses(material, "mofcom-gac-2025-56-goods")
    assert any("1C914" in u for u in r.uncertainty)


def test_no_56_goods_names_codes_and_group():
    assert sorted(m.id for m in RB.find_materials("rare earth raw and auxiliary materials")) == sorted(NO_56_GOODS)
    assert [m.id for m in RB.find_materials("稀土矿")] == ["rare-earth-ore"]
    assert [m.id for m in RB.find_materials("2530.90.20")] == ["rare-earth-ore"]
    for name in ("P507", "PC-88A", "P204", "D2EHPA", "Cyanex 272", "环烷酸"):
        assert [m.id for m in RB.find_materials(name)] == ["rare-earth-extractants"], name
    codes = {i.control_code for m in NO_56_GOODS for i in RB.materials[m].items}
    assert codes == {"1C914.a", "1C914.b", "1C914.c"}
    # The goods are not rare-earth elements: the element group stays at seventeen.
    assert not set(NO_56_GOODS) & {m.id for m in RB.find_materials("rare earths")}
    # The equipment (2B902) stays a related measure, with the same dates and suspension.
    eq, goods = RB.measure("mofcom-gac-2025-56"), RB.measure("mofcom-gac-2025-56-goods")
    assert eq.covers is Covers.EQUIPMENT and goods.covers is Covers.GOODS
    assert (eq.announced, eq.start, eq.end) == (goods.announced, goods.start, goods.end)


def test_no_56_goods_reach_the_us_military_ban_only_once_listed():
    # MOFCOM Ann. No. 46 of 2024 para 1 covers all listed dual-use items; the ore is listed only
    # from 2026-11-11, as written.
    assert ask("rare-earth-ore", "2026-11-10", "US", "military").status is FREE
    r = ask("rare-earth-ore", "2026-11-11", "US", "military")
    assert r.status is PROHIBITED and r.projected and "mofcom-2024-46-p1" in applied(r)


# --------------------------------------------------------------------------- lithium batteries

BATTERY = [
    "lithium-iron-phosphate",
    "cathode-precursors",
    "lithium-rich-manganese-cathode",
    "lithium-ion-cells",
    "artificial-graphite-anode",
]


@pytest.mark.parametrize("material", ["LFP", "LiFePO4", *BATTERY])
def test_lithium_battery_materials_suspended_before_they_took_effect(material):
    # MOFCOM/GAC Ann. No. 58 of 2025 (3A001, 3C901, artificial-graphite anodes) was to take effect
    # 2025-11-08; MOFCOM/GAC Ann. No. 70 of 2025 suspended it from 2025-11-07 to 2026-11-10.
    suspended_by_no_70_until_it_lapses(material, "mofcom-gac-2025-58")


def test_lfp_aliases_and_cathode_technology_restriction():
    assert [m.id for m in RB.find_materials("LFP")] == ["lithium-iron-phosphate"]
    assert [m.id for m in RB.find_materials("LiFePO4")] == ["lithium-iron-phosphate"]
    assert {m.id for m in RB.find_materials("lithium battery materials")} == set(BATTERY)
    # MOFCOM/MOST Ann. No. 28 of 2025 (catalogue revision, 2025-07-15): battery cathode-material
    # preparation technology restricted from export.
    assert "mofcom-most-2025-28" not in related(ask("LFP", "2025-07-14"))
    assert "mofcom-most-2025-28" in related(ask("LFP", "2025-07-15"))


# --------------------------------------------------------------------------- military end use


def test_us_military_ban_from_2024_12_03_only_for_listed_items():
    # MOFCOM Ann. No. 46 of 2024, para 1: no dual-use item to US military users or uses, from
    # 2024-12-03; never suspended (No. 72 of 2025 suspends para 2 only).
    assert ask("gallium", "2024-12-02", "US", "military").status is LICENSE
    for day in ("2024-12-03", "2025-11-09", "2026-06-01", "2026-11-28"):
        r = ask("gallium", day, "US", "military")
        assert r.status is PROHIBITED and "mofcom-2024-46-p1" in applied(r), day
    assert not [s.id for s in RB.suspensions if "mofcom-2024-46-p1" in s.targets]
    # Tungsten is not a dual-use item until MOFCOM/GAC Ann. No. 10 of 2025 (2025-02-04).
    early = ask("tungsten", "2025-01-01", "US", "military")
    assert early.status is FREE and "mofcom-2024-46-p1" not in applied(early)
    listed = ask("tungsten", "2025-02-04", "US", "military")
    assert listed.status is PROHIBITED and "mofcom-2024-46-p1" in applied(listed)
    # A civil answer says military end use is stricter.
    assert ask("tungsten", "2025-02-04", "US").military_status is PROHIBITED
    # Holmium is not listed while No. 57 of 2025 is suspended, so the ban does not reach it.
    assert ask("holmium", "2026-01-01", "US", "military").status is FREE


def test_japan_military_ban_from_2026_01_06():
    # MOFCOM Ann. No. 1 of 2026, para 1: no dual-use item to Japanese military users, military uses
    # or uses that enhance Japan's military capability, from publication on 2026-01-06.
    assert ask("gallium", "2026-01-05", "JP", "military").status is LICENSE
    r = ask("gallium", "2026-01-06", "JP", "military")
    assert r.status is PROHIBITED and "mofcom-2026-1" in applied(r)
    # Civilian users are not affected (MOFCOM), and no other destination is.
    civil = ask("gallium", "2026-01-06", "JP")
    assert civil.status is LICENSE and civil.military_status is PROHIBITED
    assert ask("gallium", "2026-01-06", "DE", "military").status is LICENSE
    assert ask("lanthanum", "2026-01-06", "JP", "military").status is FREE


# --------------------------------------------------------------------------- materials and names

REQUIRED = {
    # The critical minerals the rulebook must know (brief, and fact-sheet sections 3-10).
    "gallium": "gallium",
    "germanium": "germanium",
    "antimony": "antimony",
    "graphite": "graphite",
    "natural flake graphite": "graphite",
    "spherical graphite": "graphite",
    "expanded graphite": "graphite",
    "artificial graphite anode": "artificial-graphite-anode",
    "superhard materials": "superhard-materials",
    "synthetic diamond": "synthetic-diamond",
    "tungsten": "tungsten",
    "tellurium": "tellurium",
    "bismuth": "bismuth",
    "molybdenum": "molybdenum",
    "indium": "indium",
    "LFP": "lithium-iron-phosphate",
    "LiFePO4": "lithium-iron-phosphate",
    "cathode precursor": "cathode-precursors",
    "lithium-ion cells": "lithium-ion-cells",
    "APT": "tungsten",
    # Traditional characters, compounds and forms, and spellings in trade documents.
    "鎵": "gallium",
    "鍺": "germanium",
    "銻": "antimony",
    "鎢": "tungsten",
    "鏑": "dysprosium",
    "鋱": "terbium",
    "鑥": "lutetium",
    "鎦": "lutetium",
    "氧化镓": "gallium",
    "gallium ingot": "gallium",
    "二氧化锗": "germanium",
    "antimony trioxide": "antimony",
    "三氧化二锑": "antimony",
    "天然石墨": "graphite",
    "球形石墨": "graphite",
    "碲化镉": "tellurium",
    "磷化铟": "indium",
    "scandium oxide": "scandium",
    "氧化镝": "dysprosium",
}


@pytest.mark.parametrize("name, material", sorted(REQUIRED.items()))
def test_required_materials_and_aliases_resolve(name, material):
    assert [m.id for m in RB.find_materials(name)] == [material]


@pytest.mark.parametrize("name", ["rare earth", "rare-earth", "NCM", "cathode materials", "high-energy cells"])
def test_aliases_a_user_would_expect(name):
    assert RB.find_materials(name)


NAMES = [(m.id, name) for m in RB.materials.values() for name in m.names]


@pytest.mark.parametrize("material, name", NAMES, ids=[f"{m}:{n}" for m, n in NAMES])
def test_every_material_resolves_by_every_name(material, name):
    # id, English name, symbol, Chinese name and each alias; case-insensitive.
    assert [m.id for m in RB.find_materials(name)] == [material]
    assert [m.id for m in RB.find_materials(name.upper())] == [material]
    assert RB.status(name, "2026-01-01").material.id == material


# --------------------------------------------------------------------------- citations

ENTRIES: list[Measure | Suspension] = [*RB.measures, *RB.suspensions]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_every_measure_and_suspension_is_cited(entry):
    assert entry.sources, "no source"
    assert all(re.match(r"https?://\S+$", s.url) for s in entry.sources), [s.url for s in entry.sources]
    assert all(s.title.strip() for s in entry.sources)
    found = re.search(r"\bAnnouncement No\. (\d+) of (\d{4})\b", entry.instrument)
    assert found, entry.instrument
    number, year = found.groups()
    assert f"公告{year}年第{number}号" in entry.instrument_zh, entry.instrument_zh


# Announced vs first day in force (and last day of the suspensions), per the fact sheet's table.
DATES = {
    "mofcom-gac-2023-23": ("2023-07-03", "2023-08-01", None),
    "mofcom-gac-2023-39": ("2023-10-20", "2023-12-01", None),
    "mofcom-most-2023-57": ("2023-12-21", "2023-12-21", None),
    "mofcom-gac-2024-33": ("2024-08-15", "2024-09-15", None),
    "dual-use-list-2024": ("2024-11-15", "2024-12-01", None),
    "mofcom-2024-46-p1": ("2024-12-03", "2024-12-03", None),
    "mofcom-2024-46-p2-deny": ("2024-12-03", "2024-12-03", None),
    "mofcom-2024-46-p2-graphite": ("2024-12-03", "2024-12-03", None),
    "mofcom-2024-46-p2-deny-later-items": ("2024-12-03", "2024-12-03", None),
    "mofcom-2024-46-p2-graphite-later-items": ("2024-12-03", "2024-12-03", None),
    "mofcom-gac-2025-10": ("2025-02-04", "2025-02-04", None),
    "mofcom-gac-2025-18": ("2025-04-04", "2025-04-04", None),
    "mofcom-most-2025-28": ("2025-07-15", "2025-07-15", None),
    "mofcom-gac-2025-55": ("2025-10-09", "2025-11-08", None),
    "mofcom-gac-2025-56": ("2025-10-09", "2025-11-08", None),
    "mofcom-gac-2025-56-goods": ("2025-10-09", "2025-11-08", None),
    "mofcom-gac-2025-57": ("2025-10-09", "2025-11-08", None),
    "mofcom-gac-2025-58": ("2025-10-09", "2025-11-08", None),
    "mofcom-2025-61-p1-3": ("2025-10-09", "2025-10-09", None),
    "mofcom-2025-61-p1-1-2": ("2025-10-09", "2025-12-01", None),
    "mofcom-2025-62": ("2025-10-09", "2025-10-09", None),
    "mofcom-2026-1": ("2026-01-06", "2026-01-06", None),
    "mofcom-gac-2025-70": ("2025-11-07", "2025-11-07", "2026-11-10"),
    "mofcom-2025-72": ("2025-11-09", "2025-11-09", "2026-11-27"),
}


@pytest.mark.parametrize("entry_id, dates", sorted(DATES.items()))
def test_announced_and_effective_dates(entry_id, dates):
    entry = RB.measure(entry_id) or RB.suspension(entry_id)
    assert entry is not None, f"{entry_id} is not in the rulebook"
    announced, start, end = (d(x) if x else None for x in dates)
    assert (entry.announced, entry.start, entry.end) == (announced, start, end)


def test_suspension_targets():
    # MOFCOM/GAC Ann. No. 70 of 2025: Nos. 55, 56, 57, 58 of 2025 and MOFCOM Nos. 61, 62 of 2025, whole.
    no70 = RB.suspension("mofcom-gac-2025-70")
    numbers = {re.search(r"No\. (\d+) of 2025", RB.measure(t).instrument).group(1) for t in no70.targets}
    assert numbers == {"55", "56", "57", "58", "61", "62"}
    assert {m.id for m in RB.measures if re.search(r"No\. (55|56|57|58|61|62) of 2025", m.instrument)} == set(
        no70.targets
    )
    # MOFCOM Ann. No. 72 of 2025: para 2 of No. 46 of 2024 (denial and graphite review), not para 1.
    targets = set(RB.suspension("mofcom-2025-72").targets)
    assert targets == {m.id for m in RB.measures if m.instrument.endswith("No. 46 of 2024") and "para 2" in m.clause}
    assert "mofcom-2024-46-p1" not in targets


# --------------------------------------------------------------------------- every window

PREFERRED = ("gallium", "graphite", "antimony", "tungsten", "samarium", "holmium", "lithium-iron-phosphate")


def _subject(m: Measure) -> tuple[str, str | None, str]:
    """A material the measure touches, a destination it covers and an end use it reaches."""
    material = "gallium" if m.all_dual_use else next((p for p in PREFERRED if p in m.materials), min(m.materials))
    scope = m.destinations
    if scope.kind == "only":
        dest: str | None = min(scope.codes)
    elif scope.kind == "except":
        dest = next(c for c in ("DE", "IN", "JP", "US") if c not in scope.codes)
    else:
        dest = None
    return material, dest, "military" if m.end_use == "military" else "civil"


def _held_by(measure_id: str, day: dt.date) -> list[str]:
    return [s.id for s in RB.suspensions if measure_id in s.targets and s.in_window(day)]


def _window_cases() -> list[object]:
    cases = []
    for m in RB.measures:
        days = [("day-before", m.start - ONE_DAY), ("first-day", m.start)]
        if m.end is not None:
            days += [("last-day", m.end), ("day-after", m.end + ONE_DAY)]
        for label, day in days:
            cases.append(pytest.param(m, day, id=f"{m.id}:{label}"))
    return cases


@pytest.mark.parametrize("measure, day", _window_cases())
def test_every_measure_window(measure, day):
    material, dest, use = _subject(measure)
    r = ask(material, day, dest, use)
    # A listed-only measure (No. 46 para 2) reaches a material only while it is a listed dual-use item.
    inside = measure.in_window(day) and (not measure.listed_only or is_listed(RB, RB.materials[material], day))
    suspended_by = _held_by(measure.id, day)
    if measure.covers is Covers.GOODS:
        assert (measure.id in applied(r)) is (inside and not suspended_by)
        assert (measure.id in held(r)) is (inside and bool(suspended_by))
    else:
        assert (measure.id in related(r)) is (inside and not suspended_by)  # suspended ones are left out


def _suspension_cases() -> list[object]:
    cases = []
    for s in RB.suspensions:
        for target_id in s.targets:
            target = RB.measure(target_id)
            if target is None or target.covers is not Covers.GOODS:
                continue  # related measures carry no suspension in a Resolution; see the window test
            days = {
                "day-before": s.start - ONE_DAY,
                "first-day": s.start,
                "first-day-in-force": max(s.start, target.start),
                "last-day": s.end,
                "day-after": s.end + ONE_DAY,
            }
            for label, day in days.items():
                cases.append(pytest.param(s, target, day, id=f"{s.id}:{target_id}:{label}"))
    return cases


@pytest.mark.parametrize("suspension, target, day", _suspension_cases())
def test_every_suspension_window(suspension, target, day):
    material, dest, use = _subject(target)
    r = ask(material, day, dest, use)
    listed = not target.listed_only or is_listed(RB, RB.materials[material], day)
    if not listed:
        assert target.id not in held(r) and target.id not in applied(r)
    elif suspension.in_window(day) and target.in_window(day):
        assert target.id in held(r) and target.id not in applied(r)
        assert any(h.suspension.id == suspension.id for h in r.suspended if h.measure.id == target.id)
    else:
        assert target.id not in held(r)
        assert (target.id in applied(r)) is target.in_window(day)


# --------------------------------------------------------------------------- what the rulebook is


def test_as_of_is_the_last_day_the_sources_cover_and_the_version_is_not_a_date():
    # The newest source found is a stored copy dated 2026-10-08 of MOFCOM's readout of 28 Sep 2026;
    # searches on 2026-11-29 found nothing later. The version is a release label, never a date.
    assert RB.as_of == d("2026-10-08")
    assert not re.search(r"\d{4}[-./]\d{1,2}", RB.version), RB.version
    assert "2026-10-08" in RB.notes
    on = ask("gallium", "2026-10-08", "US")
    after = ask("gallium", "2026-10-09", "US")
    assert (on.projected, after.projected) == (False, True)
    assert on.status is after.status is LICENSE


def test_the_packaged_notes_admit_nothing_was_found_after_early_october():
    text = " ".join(RB.notes.split())
    assert "No. 70 of 2025" in text and "No. 72 of 2025" in text and "nothing dated after early October 2026" in text


# --------------------------------------------------------------------------- reference HS codes


def _by_code(code: str) -> list[str]:
    return sorted(m.id for m in RB.find_materials(code))


SEVEN_SORTED = sorted(SEVEN)


@pytest.mark.parametrize(
    "code, materials",
    [
        # Mixed rare-earth oxides containing Sm, Gd, Tb, Dy, Lu, Sc or Y: one tariff line, seven materials.
        ("2846901993", SEVEN_SORTED),
        ("2846.90.19.93", SEVEN_SORTED),
        # Chlorides and carbonates of Sm, Gd, Lu and Sc share a line each (2026 tariff and catalogue).
        ("2846902910", ["gadolinium", "lutetium", "samarium", "scandium"]),
        ("2846904910", ["gadolinium", "lutetium", "samarium", "scandium"]),
        # The 2026 licence catalogue prints the fluoride line 2846903910 (it also covers mixed fluorides),
        # the mixed-compound lines and the alloy and target lines on the rows of all seven of No. 18.
        ("2846903910", SEVEN_SORTED),
        ("2846902810", SEVEN_SORTED),
        ("2846904810", SEVEN_SORTED),
        ("2846909910", SEVEN_SORTED),
        ("2846909920", SEVEN_SORTED),
        ("3824999922", SEVEN_SORTED),
        ("8486909110", SEVEN_SORTED),
        # The metal line of Sm, Gd and Lu lies under the eight-digit line No. 57 of 2025 prints for its
        # five, so either code returns all eight.
        ("2805301910", sorted(["gadolinium", "lutetium", "samarium", *FIVE])),
        ("28053019", sorted(["gadolinium", "lutetium", "samarium", *FIVE])),
        ("2805301800", ["scandium"]),
        # Oxide lines that were missing: scandium, erbium and ytterbium oxide.
        ("2846901980", ["scandium"]),
        ("2846901920", ["erbium"]),
        ("2846901970", ["ytterbium"]),
        # Each element's own lines of the 2026 licence catalogue answer for that element alone.
        ("2805301200", ["dysprosium"]),
        ("2846901500", ["dysprosium"]),
        ("2846909400", ["dysprosium"]),
        ("2846901600", ["terbium"]),
        ("2846901800", ["lutetium"]),
        ("2805301700", ["yttrium"]),
        ("2846904600", ["yttrium"]),
        ("2846909690", ["yttrium"]),
        # Yttrium chloride and fluoride.
        ("2846902600", ["yttrium"]),
        ("2846903600", ["yttrium"]),
        # No. 55 of 2025: DCPCVD equipment, eight-digit line; the cubic presses of No. 33 of 2024
        # (8479899956) lie under it.
        # No. 58 of 2025 prints the same line for winding, stacking and filling machines.
        ("84798999", ["lithium-ion-cells", "superhard-materials", "synthetic-diamond"]),
        ("8479899956", ["lithium-ion-cells", "superhard-materials", "synthetic-diamond"]),
        # Cadmium telluride: the 2026 catalogue's line and the 2024 tariff's own line.
        ("2842909025", ["tellurium"]),
        ("2842902000", ["tellurium"]),
        # Shared gallium/germanium wafer and doped forms in the 2026 catalogue.
        ("3818009020", ["gallium", "germanium"]),
        # 2026 catalogue: gallium phosphide and zinc germanium phosphide share 2853904050; GaAs, InGaAs
        # and GaSb share 2853909040; No. 23 of 2023's own lines stay as aliases of their year.
        ("2853904050", ["gallium", "germanium"]),
        ("2853904030", ["gallium"]),
        ("2853904040", ["germanium"]),
        ("2853909040", ["gallium"]),
        ("2853909028", ["gallium"]),
        ("8541410010", ["gallium"]),
        ("9002201010", ["germanium"]),
        # Organo-antimony (No. 33 of 2024), organo-bismuth and organo-indium (No. 10 of 2025) compounds:
        # one line in the 2026 catalogue.
        ("2931900032", ["antimony", "bismuth", "indium"]),
        # A line the catalogue prints for tungsten's 1C117.d rows and for tellurium compounds.
        ("3824999923", ["tellurium", "tungsten"]),
        ("3824300010", ["tungsten"]),
        # MPCVD equipment (No. 33 of 2024) in the 2026 catalogue, under the eight-digit line of No. 55
        # and No. 58 of 2025.
        ("8479899957", ["lithium-ion-cells", "superhard-materials", "synthetic-diamond"]),
    ],
)
def test_reference_codes_return_every_material_that_lists_them(code, materials):
    assert _by_code(code) == materials


@pytest.mark.parametrize("code, material", [("2846901100", "yttrium"), ("2846901500", "dysprosium")])
def test_an_oxide_line_of_the_2026_catalogue_answers_with_no_18_from_its_first_day(code, material):
    # Pure yttrium oxide and dysprosium oxide: MOFCOM/GAC Ann. No. 18 of 2025, in force 2025-04-04.
    before = RB.status(code, "2025-04-03")
    assert before.material.id == material and before.status is FREE
    r = RB.status(code, "2025-04-04")
    assert r.material.id == material and r.status is LICENSE and applied(r) == ["mofcom-gac-2025-18"]


def test_codes_no_text_was_read_for_are_not_invented():
    # No. 57 of 2025 prints only the eight-digit metal line; no oxide or compound code of its own, and
    # the 2026 catalogue has no 1C909-1C913 rows, so the ytterbium compound lines stay unlisted.
    ytterbium = {c for i in RB.materials["ytterbium"].items for c in i.hs_codes}
    assert ytterbium == {"28053019", "2846901970"}
    # Rare-earth ore: one tariff line, its notes saying it is not confirmed from No. 56 of 2025.
    (ore,) = RB.materials["rare-earth-ore"].items
    assert ore.hs_codes == ("2530902000",) and "not confirmed" in " ".join(ore.notes.split())


def test_a_scandium_oxide_code_answers_with_no_18_from_its_first_day():
    # MOFCOM/GAC Ann. No. 18 of 2025 (1C907), in force on publication 2025-04-04.
    assert RB.status("2846901980", "2025-04-03").status is FREE
    r = RB.status("2846901980", "2025-04-04")
    assert r.material.id == "scandium" and r.status is LICENSE and applied(r) == ["mofcom-gac-2025-18"]


# --------------------------------------------------------------------------- specs that decide scope


def _items(material: str) -> dict[str, str]:
    return {i.name: f"{i.name} {i.notes}" for i in RB.materials[material].items}


def test_specs_that_decide_scope_are_carried_on_the_items():
    diamond = " ".join(_items("synthetic-diamond").values())
    # No. 55 of 2025: grinding wheels only with all three of hardness, grain size and working speed.
    wheels = [i for i in RB.materials["synthetic-diamond"].items if i.control_code == "2C902.d"]
    assert [i.name for i in wheels] == [
        "Diamond grinding wheels (hardness 30 HRB or less, average diamond grain 5 micrometres or less, "
        "maximum working speed 40 m/s or more)"
    ]
    assert "all three" in " ".join(wheels[0].notes.split())
    assert "50 micrometres or less" in diamond and "45 micrometres or less" in diamond
    assert "over 99.9 %" in " ".join(_items("graphite"))
    assert "99.99 %" in " ".join(_items("antimony"))
    assert "50 micrometres or less" in " ".join(_items("molybdenum"))
    assert "300 Wh/kg" in " ".join(_items("lithium-ion-cells"))


UNVERIFIED_CODES = [
    # Graphite 1C108 and the No. 58 of 2025 codes come from secondary summaries only.
    "graphite",
    "lithium-iron-phosphate",
    "cathode-precursors",
    "lithium-ion-cells",
    # Items absorbed into the List on 2024-12-01 (Nos. 23 of 2023, 33 of 2024), and the Te, Bi, Mo
    # and In lines of No. 10 of 2025: codes as reported for the 2026 catalogue, no primary text seen.
    "gallium",
    "germanium",
    "antimony",
    "superhard-materials",
    "tellurium",
    "bismuth",
    "molybdenum",
    "indium",
    # No. 18 of 2025: 1C905-1C908 follow the numbering, not read from the text.
    "dysprosium",
    "lutetium",
    "scandium",
    "yttrium",
]


@pytest.mark.parametrize("material", UNVERIFIED_CODES)
def test_control_codes_not_seen_in_a_primary_text_are_marked_unverified(material):
    codes = [i.control_code for i in RB.materials[material].items if i.control_code]
    assert codes and all(c.endswith("(unverified)") for c in codes), codes


@pytest.mark.parametrize(
    "material",
    ["samarium", "gadolinium", "terbium", "holmium", "synthetic-diamond", "rare-earth-ore", "rare-earth-extractants"],
)
def test_control_codes_printed_in_the_announcements_are_not_marked(material):
    # No. 18 (1C902-1C904), No. 57 (1C909), No. 55 (2C902, 2B005.b, 2E902), No. 56 (1C914) of 2025.
    codes = [i.control_code for i in RB.materials[material].items if i.control_code]
    assert codes and not any("unverified" in c for c in codes), codes
    # Tungsten's 1C117 lines are in No. 10 of 2025's text; its 1C004 line is not.
    tungsten = {i.control_code for i in RB.materials["tungsten"].items}
    assert {"1C117.c", "1C117.d", "1C004 (unverified)"} == tungsten


# --------------------------------------------------------------------------- interpretations


def test_in_principle_denial_rendered_as_prohibited_says_it_is_an_interpretation():
    # MOFCOM Ann. No. 46 of 2024, para 2: "原则上不予许可" from 2024-12-03.
    before = ask("gallium", "2024-12-02", "US")
    assert not any("原则上不予许可" in u for u in before.uncertainty)
    r = ask("gallium", "2024-12-03", "US")
    assert r.status is PROHIBITED
    assert any("interpretation" in u.lower() and "原则上不予许可" in u for u in r.uncertainty)


def test_no_46_para_2_reaching_later_items_is_an_interpretation_shown_with_the_answer():
    # Synthetic diamond (No. 55 of 2025) is listed from 2026-11-11 as written; the US denial of
    # No. 46 of 2024 para 2 stays suspended by No. 72 of 2025 to 2026-11-27.
    held_day = ask("synthetic-diamond", "2026-11-27", "US")
    assert held_day.status is LICENSE and held(held_day) == ["mofcom-2024-46-p2-deny-later-items"]
    r = ask("synthetic-diamond", "2026-11-28", "US")
    assert r.status is PROHIBITED and r.projected
    assert applied(r)[0] == "mofcom-2024-46-p2-deny-later-items"
    assert any("interpretation" in u.lower() and "No. 55 of 2025" in u for u in r.uncertainty)
    anode = ask("artificial-graphite-anode", "2026-11-28", "US")
    assert anode.status is ENHANCED and anode.projected
    assert any("interpretation" in u.lower() for u in anode.uncertainty)
    assert ask("artificial-graphite-anode", "2026-11-27", "US").status is LICENSE


def test_japan_capability_clause_read_as_military_is_an_interpretation():
    # MOFCOM Ann. No. 1 of 2026, from 2026-01-06.
    assert not any("Japan" in u for u in ask("gallium", "2026-01-05", "JP", "military").uncertainty)
    r = ask("gallium", "2026-01-06", "JP", "military")
    assert r.status is PROHIBITED and any("interpretation" in u.lower() for u in r.uncertainty)


# --------------------------------------------------------------------------- news since June 2026


@pytest.mark.parametrize(
    "code, names",
    [
        # 24 Apr 2026: seven EU entities on the control list (Xinhua, dpa, Global Times).
        ("DE", ["HENSOLDT AG", "24 Apr 2026"]),
        ("BE", ["FN Herstal", "FN Browning", "24 Apr 2026"]),
        ("CZ", ["OMNIPOL", "EXCALIBUR ARMY", "VZLU", "24 Apr 2026"]),
        # 22 Jun 2026: ten US entities; the 2025 suspension for 16 entities: one year from
        # 2025-11-10, read as ending 2026-11-09 (as MOFCOM wrote the US one-year suspension).
        ("US", ["MP Materials", "USA Rare Earth", "22 Jun 2026", "2026-11-09", "2026-11-10"]),
        # 29 Jun 2026: 20 Japanese entities on the control list and 20 on the watch list.
        ("JP", ["29 Jun 2026", "National Institute for Defense Studies", "watch list"]),
    ],
)
def test_destination_notes_carry_the_listings_confirmed_since_june(code, names):
    note = RB.destination_notes[code]
    text = " ".join(note.notes.split())
    for name in names:
        assert name in text, (code, name)
    # Numbers no text confirmed are said to be unconfirmed; the note points to --end-user.
    assert "not confirmed" in text and "--end-user" in text
    assert note.sources and all(re.match(r"https?://\S+$", s.url) for s in note.sources)


def test_unconfirmed_reports_after_june_are_named_and_not_modelled():
    text = " ".join(RB.notes.split())
    for item in ("helium", "Order No. 2 of 2026", "No. 30 of 2026"):
        assert item in text, item
    assert "helium" not in {m.id for m in RB.materials.values()}
    assert not any("2026" in m.instrument and "Order" in m.instrument for m in RB.measures)


@pytest.mark.parametrize("suspension", ["mofcom-gac-2025-70", "mofcom-2025-72"])
def test_suspensions_say_an_extension_would_not_have_been_seen(suspension):
    entry = RB.suspension(suspension)
    text = " ".join(entry.uncertainty.split())
    assert "2027-01-10" in text and "early October 2026" in text


def test_the_open_question_travels_with_answers_on_both_sides_of_the_no_70_boundary():
    # Last day of the No. 70 suspension and the first day after it: both carry the question.
    for day in ("2026-11-10", "2026-11-11"):
        r = ask("holmium", day)
        assert any("2027-01-10" in u for u in r.uncertainty), day
    assert ask("holmium", "2026-11-10").status is FREE and ask("holmium", "2026-11-11").status is LICENSE
