"""digest/data/leaders.toml: every leader entry is well-formed, every title example works."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from digest.models import LeaderRole
from digest.province import canonical_province, find_people, load_leaders

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


def test_coverage() -> None:
    assert len(LEADERS) >= 150
    assert len({row["province"] for row in LEADERS}) >= 40


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
