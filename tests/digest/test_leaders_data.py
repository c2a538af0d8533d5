"""digest/data/leaders.toml: every leader entry is well-formed, every title example works."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from digest.leaders import load_leaders
from digest.models import LeaderRole
from digest.people import find_people
from digest.provinces import canonical_province

DATA = tomllib.loads(
    (Path(__file__).resolve().parents[2] / "digest" / "data" / "leaders.toml").read_text(
        encoding="utf-8"
    )
)
LEADERS = DATA["leader"]
ROLES = {role.value for role in LeaderRole}


def _id(row: dict) -> str:
    return f"{row['name']}-{row['role']}-{row['province']}"


@pytest.mark.parametrize("row", LEADERS, ids=_id)
def test_leader_entry_is_well_formed(row: dict) -> None:
    assert set(row) <= {"name", "role", "province", "start_year", "end_year", "source"}
    assert len(row["name"].split()) >= 2
    assert row["name"] == row["name"].strip()
    assert row["role"] in ROLES
    assert canonical_province(row["province"]) == row["province"]
    start, end = row.get("start_year"), row.get("end_year")
    for year in (start, end):
        assert year is None or 2010 <= year <= 2030
    if start is not None and end is not None:
        assert start <= end
    urls = row["source"].split()
    assert urls
    assert all(url.startswith(("http://", "https://")) for url in urls)


def test_no_duplicate_entries() -> None:
    keys = Counter((row["name"], row["role"], row["province"]) for row in LEADERS)
    assert [key for key, n in keys.items() if n > 1] == []


PROVINCES = tomllib.loads(
    (Path(__file__).resolve().parents[2] / "digest" / "data" / "provinces.toml").read_text(
        encoding="utf-8"
    )
)["province"]
BEFORE_MERGER = [
    p["name"] for p in PROVINCES if p.get("kind_before")
]  # the 63 of 2010 - June 2025
AFTER_MERGER = [p["name"] for p in PROVINCES if p.get("kind_after")]  # the 34 from 1 July 2025
MERGED_AWAY = set(BEFORE_MERGER) - set(AFTER_MERGER)


def _in_term(row: dict, first: int, last: int) -> bool:
    """Whether an entry places its holder in the post during a term [first, last).

    Taken up during the term, or shown in office strictly inside it: a 2015-2020 secretary
    whose last year is 2020 does not count for 2020-2025.
    """
    start, end = row.get("start_year"), row.get("end_year")
    if start is not None and first <= start < last:
        return True
    if start is None and end is None:
        return False
    return (start if start is not None else 0) <= last - 1 and (
        end if end is not None else 9999
    ) >= first + 1


def _covered(role: str, first: int, last: int, provinces: list[str]) -> set[str]:
    return {
        row["province"]
        for row in LEADERS
        if row["role"] == role and row["province"] in provinces and _in_term(row, first, last)
    }


def test_posts_in_merged_away_provinces_end_by_2025() -> None:
    for row in LEADERS:
        if row["province"] in MERGED_AWAY:
            assert row.get("end_year") is not None and row["end_year"] <= 2025, _id(row)
            assert (row.get("start_year") or 2010) <= 2025, _id(row)


def test_coverage() -> None:
    # what the sourced compilation reached (March 2026); raise these as entries are added
    assert len(LEADERS) >= 900
    provinces = {row["province"] for row in LEADERS}
    assert set(BEFORE_MERGER) <= provinces and set(AFTER_MERGER) <= provinces
    # every province of 2010 - June 2025 has at least one Bí thư on file
    assert {row["province"] for row in LEADERS if row["role"] == "bi_thu"} >= set(BEFORE_MERGER)
    # every province from July 2025 has its Bí thư and Chủ tịch UBND of 2025-2026
    assert _covered("bi_thu", 2025, 2027, AFTER_MERGER) == set(AFTER_MERGER)
    assert _covered("chu_tich_ubnd", 2025, 2027, AFTER_MERGER) == set(AFTER_MERGER)
    assert len(_covered("chu_tich_hdnd", 2025, 2027, AFTER_MERGER)) >= 30
    assert len(_covered("pho_bi_thu_thuong_truc", 2025, 2027, AFTER_MERGER)) >= 28
    assert len(_covered("pho_chu_tich_ubnd", 2025, 2027, AFTER_MERGER)) >= 10
    # the 63: party terms 2010-2015, 2015-2020, 2020-2025; council terms 2011-2016 ... 2021-2026
    for role, term, at_least in [
        ("bi_thu", (2010, 2015), 35),
        ("bi_thu", (2015, 2020), 29),
        ("bi_thu", (2020, 2025), 55),
        ("pho_bi_thu_thuong_truc", (2020, 2025), 26),
        ("chu_tich_ubnd", (2011, 2016), 47),
        ("chu_tich_ubnd", (2016, 2021), 51),
        ("chu_tich_ubnd", (2021, 2026), 55),
        ("chu_tich_hdnd", (2011, 2016), 33),
        ("chu_tich_hdnd", (2021, 2026), 46),
        ("pho_chu_tich_ubnd", (2016, 2021), 27),
        ("pho_chu_tich_ubnd", (2021, 2026), 18),
    ]:
        assert len(_covered(role, *term, BEFORE_MERGER)) >= at_least, (role, term)


@pytest.mark.parametrize(
    ("name", "role", "province"),
    [
        ("Nguyễn Đức Thanh", "bi_thu", "Ninh Thuận"),
        ("Phạm Văn Hậu", "pho_bi_thu_thuong_truc", "Ninh Thuận"),
        ("Phạm Văn Hậu", "chu_tich_hdnd", "Ninh Thuận"),
        ("Trần Quốc Nam", "chu_tich_ubnd", "Ninh Thuận"),
        ("Lâm Minh Đằng", "pho_bi_thu", "Trà Vinh"),
        ("Hoàng Duy Chinh", "bi_thu", "Bắc Kạn"),
        ("Phương Thị Thanh", "pho_bi_thu_thuong_truc", "Bắc Kạn"),
        ("Phương Thị Thanh", "chu_tich_hdnd", "Bắc Kạn"),
        ("Nguyễn Đăng Bình", "chu_tich_ubnd", "Bắc Kạn"),
    ],
)
def test_seed_leaders_are_known(name: str, role: str, province: str) -> None:
    assert any(
        f.name == name and f.role == role and f.province == province for f in load_leaders()
    )


def test_load_leaders_matches_the_file() -> None:
    facts = load_leaders()
    assert len(facts) == len(LEADERS)
    assert {f.source for f in facts} == {row["source"] for row in LEADERS}


@pytest.mark.parametrize("row", DATA["title"], ids=lambda row: row["phrases"][0])
def test_every_title_example(row: dict) -> None:
    people = find_people(row["example"])
    assert [p.name for p in people] == [row["expect"]]
    assert any(phrase in people[0].titles for phrase in row["phrases"])
    if row.get("role"):
        assert LeaderRole(row["role"]) in people[0].roles


@pytest.mark.parametrize(
    "example", DATA["names"]["examples"], ids=lambda example: example["text"][:30]
)
def test_every_name_example(example: dict) -> None:
    assert [p.name for p in find_people(example["text"])] == example["names"]
