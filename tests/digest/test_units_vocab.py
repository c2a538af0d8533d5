# ruff: noqa: E501  (tables keep one row per line)
"""Every entry of digest/data/units.toml does what it says: its example sentence, run through
find_quantities, yields the unit, bound or silence the entry stands for."""

from __future__ import annotations

from collections import Counter

import pytest

from digest.models import Qualifier
from digest.normalize import fold
from digest.numbers import RANK_UNIT, find_quantities
from digest.unit_vocabulary import VocabEntry, load_vocabulary

VOCAB = load_vocabulary()
SKIP_ROLES = {"ordinal", "document", "time", "name"}


def _id(entry: VocabEntry) -> str:
    return f"{entry.section}:{entry.canonical}"


@pytest.mark.parametrize("entry", VOCAB.scales + VOCAB.units + VOCAB.pers, ids=_id)
def test_unit_example(entry: VocabEntry) -> None:
    assert entry.example, "every entry carries an example sentence"
    found = find_quantities(entry.example)
    if entry.role == "time":
        assert found == [], "a duration is not a quantity"
        return
    expected = entry.expect or entry.canonical
    assert expected in [q.unit for q in found]


@pytest.mark.parametrize("entry", VOCAB.cues, ids=lambda e: f"cue:{e.role}:{e.canonical}")
def test_cue_example(entry: VocabEntry) -> None:
    found = find_quantities(entry.example)
    if entry.role in SKIP_ROLES:
        assert found == [], "the number after this cue is no quantity"
        return
    if entry.role == "neutral" and entry.expect is None:
        assert not any(q.raw.lower().startswith(v.lower()) for q in found for v in entry.variants)
        return  # "sắp xếp 12 thôn" is no rank: the cue it ends like does not apply
    assert len(found) == 1
    q = found[0]
    if entry.role == "neutral":
        assert q.qualifier is None and q.unit == entry.expect
    elif entry.role == "rank":
        assert q.unit == RANK_UNIT and q.value is not None
        assert any(q.raw.lower().startswith(v.lower()) for v in entry.variants)
    elif entry.role == "from":
        assert q.raw.lower().startswith("từ")
    else:
        assert q.qualifier == Qualifier(entry.role)
        assert any(q.raw.lower().startswith(v.lower()) for v in entry.variants)


@pytest.mark.parametrize("entry", VOCAB.scopes, ids=lambda e: f"scope:{e.canonical}")
def test_scope_example(entry: VocabEntry) -> None:
    """A rank ends after its scope; an open scope takes the group it names with it."""
    found = [q for q in find_quantities(entry.example) if q.unit == RANK_UNIT]
    assert len(found) == 1
    raw = found[0].raw.lower()
    assert any(v.lower() in raw for v in entry.variants)
    if entry.open:
        assert not any(raw.endswith(v.lower()) for v in entry.variants), "the group is named"


@pytest.mark.parametrize("entry", VOCAB.tails, ids=lambda e: f"tail:{e.role}")
def test_tail_example(entry: VocabEntry) -> None:
    found = find_quantities(entry.example)
    assert [q.qualifier for q in found] == [Qualifier(entry.role)]
    assert found[0].raw.endswith(entry.canonical)


# The units the brief asks the vocabulary to cover, each in a sentence of report style.
# fmt: off
REQUIRED_FORMS = [
    ("Thu ngân sách ước đạt 2.099 tỷ đồng.", "tỷ đồng"),
    ("Thu nhập tăng 4,7 triệu đồng so với năm trước.", "triệu đồng"),
    ("Mức hỗ trợ 500 nghìn đồng mỗi tháng.", "nghìn đồng"),
    ("Giá vé 20.000 đồng một lượt.", "đồng"),
    ("GRDP bình quân 51 triệu đồng/người.", "triệu đồng/người"),
    ("Thu nhập bình quân 62 triệu đồng/người/năm.", "triệu đồng/người/năm"),
    ("Kim ngạch xuất khẩu 850 USD mỗi lao động.", "USD"),
    ("Giá trị xuất khẩu đạt 350 triệu đô la Mỹ.", "triệu USD"),
    ("Kim ngạch đạt 1,2 tỷ USD.", "tỷ USD"),
    ("Giá trị xuất khẩu đạt 50 triệu USD.", "triệu USD"),
    ("Xuất khẩu đạt trên 21 tỷ đô la Mỹ.", "tỷ USD"),
    ("Tỷ lệ hộ nghèo còn 2,4%.", "%"),
    ("Độ che phủ rừng tăng 0,5 điểm phần trăm.", "điểm phần trăm"),
    ("Trồng rừng mới 5.177 ha.", "ha"),
    ("Khai thác 337.914 m3 gỗ rừng trồng.", "m3"),
    ("Khai thác 12.000 m³ cát sỏi.", "m3"),
    ("Nâng cấp 45 km đường huyện.", "km"),
    ("Sản lượng lúa đạt 250.000 tấn.", "tấn"),
    ("Sản lượng thủy sản đạt 12,5 nghìn tấn.", "nghìn tấn"),
    ("Lương thực bình quân 521kg/người/năm.", "kg/người/năm"),
    ("Đón 900.000 lượt khách trong năm.", "lượt khách"),
    ("Cổng thông tin có 45.000 lượt truy cập.", "lượt"),
    ("Khu du lịch đón 30.000 khách.", "khách"),
    ("Giải quyết việc làm cho 10.707 lao động.", "lao động"),
    ("Đào tạo nghề cho 4.682 người.", "người"),
    ("Hỗ trợ 1.250 hộ thoát nghèo.", "hộ"),
    ("Kết nạp 1.300 đảng viên mới.", "đảng viên"),
    ("Thành lập mới 110 doanh nghiệp.", "doanh nghiệp"),
    ("Thành lập mới 65 hợp tác xã.", "hợp tác xã"),
    ("Có thêm 5 xã đạt chuẩn nông thôn mới.", "xã"),
    ("Giảm nghèo ở 2 huyện nghèo.", "huyện"),
    ("Phát triển mới 20 sản phẩm OCOP.", "sản phẩm"),
    ("Thu hút 10 dự án đầu tư.", "dự án"),
    ("Có 20/29 chỉ tiêu đạt và vượt.", "chỉ tiêu"),
    ("Khánh thành 35 công trình.", "công trình"),
    ("Điện mặt trời công suất 50 MW.", "MW"),
    ("Sản lượng điện đạt 650 kWh mỗi hộ.", "kWh"),
    ("Tổng đàn trâu có 40.000 con.", "con"),
    ("Bổ sung 200 giường bệnh.", "giường bệnh"),
    ("Tuyển dụng thêm 45 bác sĩ.", "bác sĩ"),
    ("Có 215 trường đạt chuẩn quốc gia.", "trường"),
    ("Chỉ số năng lực cạnh tranh tăng 1 bậc.", "bậc"),
    ("Doanh thu tăng gấp 2 lần.", "lần"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "unit"), REQUIRED_FORMS, ids=[r[1] for r in REQUIRED_FORMS])
def test_required_unit(sentence: str, unit: str) -> None:
    assert unit in [q.unit for q in find_quantities(sentence)]


@pytest.mark.parametrize("section", ["scales", "units", "pers", "cues", "tails"])
def test_no_variant_means_two_things(section: str) -> None:
    """A written variant, or its folded form, belongs to one entry of a section only."""
    entries: tuple[VocabEntry, ...] = getattr(VOCAB, section)
    written = Counter(v.lower() for e in entries for v in set(e.variants))
    assert [v for v, n in written.items() if n > 1] == []
    folded = Counter(fold(v) for e in entries if e.folded for v in {fold(x) for x in e.variants})
    assert [v for v, n in folded.items() if n > 1] == []


def test_entries_are_well_formed() -> None:
    kinds = {e.role for e in VOCAB.units}
    assert {"money", "percent", "area", "volume", "mass", "count", "people", "time"} <= kinds
    for entry in VOCAB.entries():
        assert entry.canonical in entry.variants
        assert entry.example and entry.example == entry.example.strip()
    assert all(s.factor > 1 for s in VOCAB.scales)
