"""The indicator taxonomy: its data file, the label matcher and the user-query resolver."""

from __future__ import annotations

import tomllib
import unicodedata

import pytest
import regex

from digest.indicators import (
    DATA_FILE,
    UNIT_KINDS,
    Indicator,
    _canonical,
    _indicator_from_entry,
    find_indicator_mentions,
    get_indicator,
    indicator_importance,
    indicator_name,
    load_indicators,
    match_indicator,
    resolve_user_indicator,
)

INDICATORS = load_indicators()
RAW = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
NOT_AN_INDICATOR = RAW.get("not_an_indicator", [])

_FIRST_DIGIT = regex.compile(r"\d")


def label_of(sentence: str) -> str:
    """What the figure extractor passes as a label: the text before the first number."""
    return _FIRST_DIGIT.split(sentence, maxsplit=1)[0]


def filled(phrase: str) -> str:
    """A synonym with its gap ("kết nạp … đảng viên") filled by a number, as in a report."""
    return phrase.replace("…", "1.200").replace("...", "1.200")


# --- The data file ------------------------------------------------------------------------


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.key)
def test_example_sentence_names_its_indicator(ind: Indicator) -> None:
    assert ind.example, "every entry carries an example sentence"
    assert _FIRST_DIGIT.search(ind.example), "the example states a figure"
    assert ind.key in {k for _, _, k in find_indicator_mentions(ind.example)}
    assert match_indicator(label_of(ind.example)) == ind.key


@pytest.mark.parametrize(
    ("key", "synonym"),
    [(ind.key, syn) for ind in INDICATORS for syn in ind.synonyms],
    ids=lambda v: v,
)
def test_every_synonym_matches_its_own_key(key: str, synonym: str) -> None:
    assert match_indicator(filled(synonym)) == key


def test_keys_are_unique_snake_case() -> None:
    keys = [i.key for i in INDICATORS]
    assert len(keys) == len(set(keys))
    assert all(regex.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys)


def test_the_brief_list_of_indicators_is_covered() -> None:
    required = [
        "grdp",
        "grdp_growth",
        "grdp_per_capita",
        "income_per_capita",
        "budget_revenue",
        "budget_revenue_domestic",
        "budget_spending",
        "public_investment_disbursement",
        "total_investment",
        "export",
        "import_export",
        "industrial_output",
        "iip",
        "agri_output",
        "construction_output",
        "retail_sales",
        "tourists",
        "tourism_revenue",
        "jobs",
        "vocational_training",
        "trained_labour_rate",
        "party_admission",
        "new_rural",
        "ocop",
        "afforestation",
        "forest_cover",
        "timber",
        "food_output",
        "rice",
        "aquaculture",
        "livestock",
        "poverty_reduction",
        "new_enterprises",
        "cooperatives",
        "investment_attraction",
        "health_insurance",
        "social_insurance",
        "doctors_per_capita",
        "hospital_beds",
        "school_standard",
        "electricity_access",
        "clean_water",
        "urbanisation",
        "online_public_services",
        "par_index",
        "pci",
        "dti",
        "sipas",
        "targets_met",
        "housing",
        "traffic_accidents",
        "crime",
        "land_clearance",
        "consumer_price_index",
        "credit",
        "mobilised_capital",
    ]
    assert set(required) <= {i.key for i in INDICATORS}


def test_no_phrase_names_two_indicators() -> None:
    """Synonyms, user terms and names, folded, each belong to one key only."""
    owner: dict[str, str] = {}
    for ind in INDICATORS:
        for phrase in {ind.name, *ind.synonyms, *ind.user_terms}:
            canon = _canonical(phrase)
            assert owner.setdefault(canon, ind.key) == ind.key, (
                f"{phrase!r} of {ind.key} is already {owner[canon]}"
            )


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.key)
def test_entry_fields_are_well_formed(ind: Indicator) -> None:
    assert 0 <= ind.importance <= 100
    assert set(ind.units) <= UNIT_KINDS
    assert ind.name and not ind.name.isascii(), "display names carry their diacritics"
    assert ind.user_terms, "users need a short term to ask for it"
    assert all(t.isascii() and t == t.lower() for t in ind.user_terms)


def test_headline_figures_lead_by_importance() -> None:
    ranked = [i.key for i in sorted(INDICATORS, key=lambda i: -i.importance)]
    assert ranked[:2] == ["grdp_growth", "budget_revenue"]
    assert {"grdp", "public_investment_disbursement", "export"} <= set(ranked[:8])
    assert not {"timber", "livestock", "cultural_families"} & set(ranked[:20])


@pytest.mark.parametrize("entry", NOT_AN_INDICATOR, ids=lambda e: e["phrases"][0])
def test_non_indicator_phrases_shadow_a_synonym(entry: dict) -> None:
    assert match_indicator(entry["example"]) is None
    for phrase in entry["phrases"]:
        assert match_indicator(filled(phrase)) is None
        words = f" {_canonical(phrase)} "
        assert any(
            f" {_canonical(syn)} " in words for ind in INDICATORS for syn in ind.synonyms
        ), f"{phrase!r} contains no synonym, so it shadows nothing"


@pytest.mark.parametrize(
    "entry",
    [
        {"key": "Bad-Key", "name": "X", "synonyms": ["x"], "importance": 1},
        {"key": "ok", "name": "X", "synonyms": ["x"], "importance": 120},
        {"key": "ok", "name": "X", "synonyms": [], "importance": 1},
        {"key": "ok", "name": "X", "synonyms": ["x"], "importance": 1, "units": ["furlong"]},
        {"key": "ok", "name": "X", "synonyms": ["x"], "importance": 1, "user_terms": ["thu ngân"]},
        {"key": "ok", "synonyms": ["x"], "importance": 1},
    ],
    ids=["key", "importance", "synonyms", "units", "user_terms", "name"],
)
def test_malformed_entries_fail_the_load(entry: dict) -> None:
    with pytest.raises(ValueError):
        _indicator_from_entry(entry)


def test_indicator_name_and_lookup() -> None:
    assert indicator_name("grdp_per_capita") == "GRDP bình quân đầu người"
    assert get_indicator("budget_revenue").importance >= 90
    assert indicator_importance("budget_revenue") == get_indicator("budget_revenue").importance
    with pytest.raises(KeyError):
        indicator_name("no_such_indicator")
    with pytest.raises(KeyError):
        indicator_importance("no_such_indicator")


# --- Labels as the figure extractor passes them -------------------------------------------

LABELS = [
    # budget
    ("thu ngân sách nhà nước trên địa bàn ước đạt", "budget_revenue"),
    ("Tổng thu NSNN 6 tháng đầu năm", "budget_revenue"),
    ("tổng thu ngân sách Nhà nước đạt gần", "budget_revenue"),
    ("thu ngân sách", "budget_revenue"),
    ("Trong đó thu nội địa đạt", "budget_revenue_domestic"),
    ("Tổng chi ngân sách địa phương ước thực hiện", "budget_spending"),
    ("chi ngân sách", "budget_spending"),
    # size and growth of the economy
    ("Tổng sản phẩm nội tỉnh 6 tháng đầu năm ước đạt", "grdp"),
    ("tổng sản phẩm trên địa bàn (GRDP) theo giá so sánh", "grdp"),
    ("Quy mô nền kinh tế năm nay ước đạt", "grdp"),
    ("GRDP bình quân đầu người/năm đạt", "grdp_per_capita"),
    ("GRDP bình quân đầu người", "grdp_per_capita"),
    ("Tổng sản phẩm bình quân đầu người đạt từ", "grdp_per_capita"),
    ("thu nhập bình quân đầu người khu vực nông thôn", "income_per_capita"),
    ("tốc độ tăng trưởng GRDP", "grdp_growth"),
    ("Tăng trưởng kinh tế (GRDP) quý I đạt", "grdp_growth"),
    ("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn tỉnh (GRDP) dự kiến đạt", "grdp_growth"),
    ("GRDP bình quân hằng năm tăng", "grdp_growth"),
    # investment
    ("tỷ lệ giải ngân vốn đầu tư công", "public_investment_disbursement"),
    ("tỉ lệ giải ngân kế hoạch vốn năm nay đạt", "public_investment_disbursement"),
    ("Tổng kế hoạch vốn đầu tư công năm nay, đã giải ngân đạt", "public_investment_disbursement"),
    ("tổng vốn đầu tư phát triển toàn xã hội 9 tháng", "total_investment"),
    ("Thu hút đầu tư trực tiếp nước ngoài (FDI) được", "investment_attraction"),
    ("tỉnh đã cấp mới cho 46 dự án", "investment_attraction"),
    # trade and production
    ("kim ngạch xuất nhập khẩu", "import_export"),
    ("Giá trị xuất, nhập khẩu ước đạt", "import_export"),
    ("Kim ngạch xuất khẩu hàng hóa ước đạt", "export"),
    ("kim ngạch nhập khẩu ước đạt trên", "import"),
    ("số lao động đi làm việc ở nước ngoài theo hợp đồng", "labour_export"),
    ("giá trị sản xuất công nghiệp 9 tháng", "industrial_output"),
    ("Chỉ số sản xuất toàn ngành công nghiệp (IIP) tăng", "iip"),
    ("giá trị sản xuất ngành xây dựng giảm", "construction_output"),
    ("Giá trị sản xuất nông - lâm nghiệp và thủy sản", "agri_output"),
    ("tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "retail_sales"),
    ("Toàn tỉnh đón và phục vụ", "tourists"),
    ("tổng lượt khách du lịch đến tỉnh", "tourists"),
    ("tổng thu từ khách du lịch", "tourism_revenue"),
    ("tổng doanh thu từ dịch vụ du lịch đạt", "tourism_revenue"),
    ("chỉ số giá tiêu dùng (CPI) bình quân", "consumer_price_index"),
    ("tổng dư nợ tín dụng trên địa bàn", "credit"),
    ("tổng nguồn vốn huy động", "mobilised_capital"),
    ("số doanh nghiệp đăng ký thành lập mới", "new_enterprises"),
    ("thành lập mới ... hợp tác xã", "cooperatives"),
    # agriculture, forestry, rural
    ("có thêm xã đạt chuẩn nông thôn mới nâng cao", "new_rural"),
    ("sản phẩm OCOP từ 3 sao trở lên", "ocop"),
    ("toàn tỉnh trồng rừng mới", "afforestation"),
    ("tỷ lệ che phủ rừng", "forest_cover"),
    ("sản lượng khai thác gỗ các loại", "timber"),
    ("sản lượng lương thực có hạt", "food_output"),
    ("sản lượng lương thực có hạt bình quân đầu người", "food_per_capita"),
    ("Sản lượng lúa vụ Đông Xuân", "rice"),
    ("tổng sản lượng thủy sản", "aquaculture"),
    ("tổng đàn gia súc", "livestock"),
    # social
    ("giải quyết việc làm mới cho", "jobs"),
    ("đào tạo nghề cho", "vocational_training"),
    ("tỷ lệ lao động qua đào tạo nghề", "trained_labour_rate"),
    ("tỷ lệ hộ nghèo theo chuẩn đa chiều", "poverty_reduction"),
    ("tỷ lệ dân số tham gia bảo hiểm y tế", "health_insurance"),
    ("tỷ lệ lao động tham gia BHXH", "social_insurance"),
    ("Tỉ lệ bác sỹ trên vạn dân", "doctors_per_capita"),
    ("số giường bệnh trên vạn dân", "hospital_beds"),
    ("tỷ lệ trường học đạt chuẩn quốc gia", "school_standard"),
    ("tỷ lệ hộ được sử dụng điện lưới quốc gia", "electricity_access"),
    ("tỷ lệ dân cư nông thôn được sử dụng nước sinh hoạt hợp vệ sinh", "clean_water"),
    ("Tỷ lệ đô thị hoá", "urbanisation"),
    ("chương trình xóa nhà tạm, nhà dột nát", "housing"),
    # government and party
    ("dự kiến có 20/29 chỉ tiêu đạt và vượt kế hoạch", "targets_met"),
    ("tỷ lệ dịch vụ công trực tuyến toàn trình", "online_public_services"),
    ("Chỉ số cải cách hành chính (PAR Index)", "par_index"),
    ("chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "pci"),
    ("chỉ số chuyển đổi số cấp tỉnh (DTI)", "dti"),
    ("chỉ số SIPAS", "sipas"),
    ("đã kết nạp được", "party_admission"),
    ("toàn Đảng bộ tỉnh chỉ kết nạp được", "party_admission"),
    ("kết nạp được trên 1.300 đảng viên mới", "party_admission"),
    ("phát triển đảng viên mới", "party_admission"),
    # public order, land
    ("tai nạn giao thông đường bộ", "traffic_accidents"),
    ("phạm pháp hình sự", "crime"),
    ("công tác giải phóng mặt bằng", "land_clearance"),
    # nothing to match
    ("công tác cán bộ", None),
    ("an sinh xã hội", None),
    ("Giá trị sản xuất ước đạt", None),
    ("tiến độ các dự án đầu tư công trọng điểm", None),
    ("Tổng sản phẩm trong nước", None),
    ("Đoàn Thanh niên kết nạp đoàn viên", None),
    ("chính sách hỗ trợ doanh nghiệp", None),
    ("tăng trưởng", None),
]


@pytest.mark.parametrize(("label", "key"), LABELS, ids=[label for label, _ in LABELS])
def test_match_indicator(label: str, key: str | None) -> None:
    assert match_indicator(label) == key


def test_match_indicator_ignores_unicode_form() -> None:
    nfd = unicodedata.normalize("NFD", "thu ngân sách nhà nước")
    assert match_indicator(nfd) == "budget_revenue"


# --- Mentions in running text --------------------------------------------------------------


def test_mentions_point_into_the_original_text() -> None:
    text = (
        "Tổng sản phẩm nội tỉnh ước đạt 11.152 tỷ đồng; thu ngân sách nhà nước trên địa bàn "
        "ước đạt 2.099 tỷ đồng; Đoàn Thanh niên kết nạp 3.200 đoàn viên; kim ngạch xuất nhập "
        "khẩu chỉ đạt 72,7%."
    )
    mentions = find_indicator_mentions(text)
    assert [(text[s:e], k) for s, e, k in mentions] == [
        ("Tổng sản phẩm nội tỉnh", "grdp"),
        ("thu ngân sách nhà nước trên địa bàn", "budget_revenue"),
        ("kim ngạch xuất nhập khẩu", "import_export"),
    ]


def test_mentions_are_sorted_and_disjoint() -> None:
    text = " ".join(ind.example for ind in INDICATORS)
    mentions = find_indicator_mentions(text)
    assert mentions == sorted(mentions)
    assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in zip(mentions, mentions[1:], strict=False))
    assert {k for _, _, k in mentions} == {i.key for i in INDICATORS}


def test_spelling_variants_match_at_word_boundaries() -> None:
    text = "tỉ lệ hộ nghèo; nông, lâm nghiệp; trồng rừng; thuế thu nhập; GRDPs"
    keys = [k for _, _, k in find_indicator_mentions(text)]
    assert keys == ["poverty_reduction", "afforestation"]


# --- What users type -------------------------------------------------------------------

CONFIDENT_QUERIES = [
    ("thu ngan sach", "budget_revenue"),
    ("Thu ngân sách", "budget_revenue"),
    ("THU NGÂN SÁCH", "budget_revenue"),
    ("thu ngân sach", "budget_revenue"),
    ("thu ngan sch", "budget_revenue"),
    ("thu ngan sach 6 thang dau nam 2024", "budget_revenue"),
    ("ngan sach", "budget_revenue"),
    ("chi ngan sach", "budget_spending"),
    ("grdp", "grdp"),
    (" GRDP? ", "grdp"),
    ("grdp binh quan dau nguoi", "grdp_per_capita"),
    ("tang truong", "grdp_growth"),
    ("toc do tang truong kinh te", "grdp_growth"),
    ("giai ngan von", "public_investment_disbursement"),
    ("giai ngn", "public_investment_disbursement"),
    ("giai ngan von dau tu cong tinh bac kan", "public_investment_disbursement"),
    ("khach du lich", "tourists"),
    ("khach du lch", "tourists"),
    ("doanh thu du lich", "tourism_revenue"),
    ("xuat nhap khau", "import_export"),
    ("xuat khau lao dong", "labour_export"),
    ("fdi", "investment_attraction"),
    ("bhyt", "health_insurance"),
    ("ti le ho ngheo", "poverty_reduction"),
    ("giam ngeo", "poverty_reduction"),
    ("bac sy", "doctors_per_capita"),
    ("ntm", "new_rural"),
    ("ket nap dang vien", "party_admission"),
    ("lam phat", "consumer_price_index"),
    ("par index", "par_index"),
]


@pytest.mark.parametrize(
    ("query", "key"), CONFIDENT_QUERIES, ids=[q for q, _ in CONFIDENT_QUERIES]
)
def test_resolve_confident(query: str, key: str) -> None:
    found, candidates = resolve_user_indicator(query)
    assert found == key
    assert candidates[0] == key


AMBIGUOUS_QUERIES = [
    ("du lich", {"tourists", "tourism_revenue"}),
    (
        "von dau tu",
        {"total_investment", "investment_attraction", "public_investment_disbursement"},
    ),
    ("bao hiem", {"health_insurance", "social_insurance"}),
    ("kim ngach", {"export", "import", "import_export"}),
    ("binh quan dau nguoi", {"grdp_per_capita", "income_per_capita"}),
    ("doanh thu", {"retail_sales", "tourism_revenue"}),
    ("gdrp", {"grdp"}),
    ("thời tiết", set()),
    ("công tác cán bộ", set()),
    ("", set()),
    ("???", set()),
]


@pytest.mark.parametrize(
    ("query", "expected"), AMBIGUOUS_QUERIES, ids=[q or "empty" for q, _ in AMBIGUOUS_QUERIES]
)
def test_resolve_not_confident(query: str, expected: set[str]) -> None:
    found, candidates = resolve_user_indicator(query)
    assert found is None
    assert expected <= set(candidates)
    assert len(candidates) <= 5
    if not expected:
        assert candidates == []


@pytest.mark.parametrize(
    ("key", "term"),
    [(ind.key, t) for ind in INDICATORS for t in (ind.name, *ind.user_terms)],
    ids=lambda v: v,
)
def test_every_name_and_user_term_resolves_to_its_key(key: str, term: str) -> None:
    assert resolve_user_indicator(term)[0] == key
