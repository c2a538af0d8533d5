"""The contract between `digest/` and everything else.

Every model is frozen and forbids unknown fields, so a typo in a producer or a consumer is an
error rather than a silently missing value. Enum values are short ASCII slugs; their Vietnamese
display names live in the templates.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

Day = date  # for annotations inside Report, whose field `date` hides the type


class _Frozen(BaseModel):
    # No infinity or NaN: a digest's numbers are numbers as written, and its JSON stays JSON.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Qualifier(StrEnum):
    """How a figure is bounded in the text ("trên 1.300", "gần 11.600", "từ 80% trở lên")."""

    ABOVE = "above"  # trên, hơn, vượt
    NEARLY = "nearly"  # gần
    ABOUT = "about"  # khoảng, ước, chừng, xấp xỉ
    AT_LEAST = "at_least"  # từ ... trở lên, tối thiểu, ít nhất
    AT_MOST = "at_most"  # dưới, tối đa, không quá


class Quantity(_Frozen):
    """A number as written, with its unit.

    `value` keeps the number as written, the scale word staying in `unit`
    ("11.152 tỷ đồng" -> value 11152, unit "tỷ đồng"); `base_value` applies the scale
    (1.1152e13). Ranges fill `low`/`high` (and `value` stays None); ratios fill
    `numerator`/`denominator` ("288/825" -> value 288). `start`/`end` are character offsets
    into the text the quantity was found in, when it was found by a scan.
    """

    value: float | None = None
    base_value: float | None = None
    low: float | None = None
    high: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    unit: str | None = None
    qualifier: Qualifier | None = None
    raw: str
    start: int | None = None
    end: int | None = None


class WhenKind(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # 6 tháng đầu/cuối năm
    MONTHS = "months"  # 9 tháng, 10 tháng, 11 tháng năm ...
    YEAR = "year"
    RANGE = "range"  # giai đoạn 2021 - 2025, nhiệm kỳ 2020 - 2025
    MID_TERM = "mid_term"  # giữa nhiệm kỳ 2020 - 2025


class When(_Frozen):
    """A day or a period. `start == end` for a single day."""

    start: date
    end: date
    kind: WhenKind
    year_known: bool
    raw: str
    pos: int | None = None  # character offset of `raw`, when found by a scan


class MeetingKind(StrEnum):
    BCH = "bch"  # Hội nghị Ban Chấp hành Đảng bộ tỉnh/thành phố
    BAN_THUONG_VU = "ban_thuong_vu"
    THUONG_TRUC = "thuong_truc"
    UBND = "ubnd"  # phiên họp UBND
    HDND = "hdnd"  # kỳ họp HĐND
    OTHER = "other"


class Status(StrEnum):
    EXCEEDED = "vuot"
    MET = "dat"
    MISSED = "chua_dat"


class LeaderRole(StrEnum):
    SECRETARY = "bi_thu"
    STANDING_DEPUTY_SECRETARY = "pho_bi_thu_thuong_truc"
    DEPUTY_SECRETARY = "pho_bi_thu"
    PEOPLES_COMMITTEE_CHAIR = "chu_tich_ubnd"
    COUNCIL_CHAIR = "chu_tich_hdnd"
    VICE_PEOPLES_COMMITTEE_CHAIR = "pho_chu_tich_ubnd"


class Person(_Frozen):
    """Somebody named in a report with a provincial title."""

    name: str
    titles: str  # the titles as written around the name
    roles: tuple[LeaderRole, ...] = ()


class LeaderFact(_Frozen):
    """Who held a provincial post, and when. Known from the packaged file or learnt at run time."""

    name: str
    role: LeaderRole
    province: str  # canonical name of the province as it was then
    start_year: int | None = None
    end_year: int | None = None
    source: str | None = None


class ProvinceMethod(StrEnum):
    HINT = "hint"  # given by the caller (the source's province)
    NAMED = "named"  # "tỉnh Bắc Kạn", "Tỉnh ủy Thái Nguyên"
    PLACE = "place"  # a district, town or commune named in the text
    LEADER = "leader"  # a provincial leader named with a title


class ProvinceGuess(_Frozen):
    name: str | None  # canonical name at the time of the report, e.g. "Bắc Kạn"
    current: str | None = None  # the province it belongs to after 1 July 2025, e.g. "Thái Nguyên"
    method: ProvinceMethod | None = None
    evidence: str | None = None  # the words that decided it


class Figure(_Frozen):
    """One quantitative result or target, attached to its indicator.

    Every `*_raw` field holds words as the report wrote them; the digest prints those, so a
    baseline is never translated ("% dự toán" stays "% dự toán") and nothing is computed.
    """

    indicator: str | None  # a key of digest/data/indicators.toml, or None if unknown
    label: str  # the indicator as written
    value: float | None
    unit: str | None
    qualifier: Qualifier | None = None
    low: float | None = None
    high: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    pct_of_plan: float | None = None  # "bằng 87,8% dự toán": 87.8
    pct_raw: str | None = None  # "bằng 87,8% dự toán HĐND thành phố giao", "vượt 12% kế hoạch"
    pct_basis: str | None = None  # the baseline as written: "dự toán HĐND thành phố giao"
    over_plan_pct: float | None = None  # "vượt 12% kế hoạch": 12 (never turned into 112%)
    yoy_pct: float | None = None  # growth against the same period of last year, in %
    # Every growth and comparison as written, in order: "tăng 3,2% so với tháng trước, tăng 9%
    # so với cùng kỳ", "tăng gấp đôi", "tăng 5,3% (cùng kỳ năm trước tăng 4,6%)".
    yoy_raw: str | None = None
    share_raw: str | None = None  # "chiếm 17,7% diện tích canh tác"
    equivalent_raw: str | None = None  # "(tương đương 29.800 tỷ đồng)": the value in other units
    plan_value: float | None = None
    plan_raw: str | None = None  # "kế hoạch 7%", "KH: 7%"
    period: str | None = None  # the figure's own period when its clause gives one, else the report's
    period_raw: str | None = None  # the figure's own period as written: "lũy kế 9 tháng", "năm 2016"
    price_basis: str | None = None  # "giá so sánh 2010", "giá hiện hành"
    status: Status | None = None
    status_raw: str | None = None  # the words that gave the status: "chưa đạt kế hoạch"
    raw: str  # the clause the figure was read from (within 300 characters of it in a long clause)
    value_raw: str  # the quantity as written: "11.152 tỷ đồng", "288/825 đảng viên", "xếp thứ 7 cả nước"


class Meeting(_Frozen):
    kind: MeetingKind
    title: str | None = None
    number: str | None = None  # "lần thứ 14"
    term: str | None = None  # "khóa XX"
    chairs: tuple[Person, ...] = ()


class Report(_Frozen):
    """Everything the digest shows, as data. `extract()` builds it; `render()` prints it."""

    title: str | None
    province: str | None
    province_current: str | None = None
    province_method: ProvinceMethod | None = None
    province_evidence: str | None = None
    date: date | None  # the meeting's day, only when the text states its year
    day: int | None = None  # the meeting's day and month, stated even without a year
    month: int | None = None
    date_raw: str | None = None
    meeting_kind: MeetingKind
    meeting: Meeting
    period: str | None
    period_start: Day | None = None
    period_end: Day | None = None
    figures: tuple[Figure, ...] = ()
    shortfalls: tuple[str, ...] = ()
    targets: tuple[Figure, ...] = ()
    directives: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    chars: int = 0  # length of the cleaned text
