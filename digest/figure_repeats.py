"""Repeats: the same figure said twice in one report is printed once.

A news page's lead gives the headline figures ("tăng trưởng kinh tế đạt 7,5%, thu ngân sách
đạt trên 20.150 tỷ đồng") and its body the same ones with their attributes; a speaker restates
the year's goals. A repeat is known by its words and label, or by its indicator (a growth and
its level are one), number, unit and period; of two statements, the one that says more is kept.
Lookups are by key, so finding repeats stays linear in the number of figures.
"""

from __future__ import annotations

import regex

from digest.models import Figure
from digest.normalize import fold


class Seen:
    """The figures printed so far, to know a repeat: the lead of a news page says "thu ngân
    sách đạt trên 20.150 tỷ đồng", "tăng trưởng kinh tế đạt 7,5%", and its body again "Tổng
    thu ngân sách … ước đạt 20.150 tỷ đồng, bằng 49% dự toán", "GRDP ước tăng 7,5%"."""

    _MAX_PERIODS = 8  # periods kept per value: a repeat is found among the first few

    def __init__(self) -> None:
        self._written: dict[tuple, _Where] = {}
        self._periods: dict[tuple, list[tuple[str | None, _Where]]] = {}
        # An amount by its indicator and base unit: (magnitude, rounded, period, where).
        self._amounts: dict[tuple, list[tuple[float, bool, str | None, _Where]]] = {}

    def earlier(
        self, fig: Figure, out: list[Figure], index: int, *, goal: bool = False
    ) -> _Where | None:
        """Where the figure `fig` repeats was put (its list and index), or None when it
        repeats none; then it is remembered as put at `out[index]`. `goal`: a target, which
        speakers restate ("tăng trưởng cả năm từ 8,5 - 9%" in the report and the speech)."""
        written = (fig.value_raw, fold(fig.label))
        if written in self._written:
            return self._written[written]
        looked, kept_as = _value_keys(fig, goal=goal)
        period = _period_key(fig.period_raw)
        for value in looked:
            for p, where in self._periods.get(value, ()):
                if _same_period(period, p):
                    return where
        amount = _amount_key(fig)
        if amount is not None:
            for magnitude, rounded, p, where in self._amounts.get(amount[0], ()):
                if (rounded or amount[2]) and _close(magnitude, amount[1]) and _same_period(
                    period, p
                ):
                    return where
        here = (out, index)
        self._written[written] = here
        for value in kept_as:
            kept = self._periods.setdefault(value, [])
            if len(kept) < self._MAX_PERIODS:
                kept.append((period, here))
        if amount is not None:
            amounts = self._amounts.setdefault(amount[0], [])
            if len(amounts) < self._MAX_PERIODS:
                amounts.append((amount[1], amount[2], period, here))
        return None


_Where = tuple[list[Figure], int]


def better(fig: Figure, than: Figure) -> bool:
    """Of two statements of one figure, whether `fig` is the one to print: it says more, or
    as much in more exact words ("14.050 tỷ đồng" over a headline's "hơn 14 nghìn tỷ đồng")."""
    said, other = richness(fig), richness(than)
    if said != other or fig.value == than.value:
        return said > other
    return _exactness(fig) > _exactness(than)


def _exactness(fig: Figure) -> int:
    return len(_SIGNIFICANT.findall(fig.value_raw)) - (fig.qualifier is not None)


def richness(fig: Figure) -> int:
    """How much a figure says beside its value (its indicator named, its attributes): of two
    statements of one figure, the digest prints the one that says more."""
    return sum(
        x is not None
        for x in (
            fig.indicator,
            fig.pct_raw,
            fig.yoy_raw,
            fig.share_raw,
            fig.plan_raw,
            fig.status_raw,
            fig.period_raw,
        )
    )


_SIGNIFICANT = regex.compile(r"\d")
_YEAR = regex.compile(r"\b(?:19|20)\d\d\b")
_MIN_DIGITS = 3  # a count without an indicator repeats only if its number is this specific


def _value_keys(fig: Figure, *, goal: bool = False) -> tuple[list[tuple], list[tuple]]:
    """What a repeat of `fig` has in common with it (the keys to look up, and those to keep it
    under): its indicator (a growth and its level are one: "tăng trưởng kinh tế đạt 7,5%",
    "GRDP tăng 7,5%"), its number and unit. A figure without an indicator only when its number
    is specific enough not to recur by chance. A goal's bounded or ranged number ("trên 9,5%",
    "từ 8,5 - 9%") restated without a name repeats any goal of that number; two goals named
    for two indicators ("chỉ số PCI tăng từ 1 bậc trở lên", "chỉ số PAR …") stay two."""
    number = fig.value if fig.value is not None else (fig.low, fig.high)
    family = fig.indicator.removesuffix("_growth") if fig.indicator is not None else None
    if goal and (fig.qualifier is not None or fig.value is None):
        bound = (number, fig.low, fig.high, fig.qualifier, fig.unit)
        named, anyone = ("goal", family, *bound), ("goal", "*", *bound)
        if family is None:
            return [anyone], [named, anyone]
        return [named, ("goal", None, *bound)], [named, anyone]
    if family is not None:
        key: tuple = (family, number, fig.unit)
        return [key], [key]
    if goal and fig.yoy_raw:
        # "phấn đấu năm 2025 tăng trưởng 10%" and the chair's "quyết tâm đạt mục tiêu tăng
        # trưởng 10%": one goal restated in the same words, its indicator unnamed in both
        said = ("goal", " ".join(fold(fig.yoy_raw).lower().split()), fig.unit)
        return [said], [said]
    digits = "".join(_SIGNIFICANT.findall(fig.value_raw)).strip("0")
    if fig.unit != "%" and len(digits) >= _MIN_DIGITS:  # "20.150 tỷ đồng", not "1.000 hộ"
        key = (None, number, fig.unit)
        return [key], [key]
    return [], []


def _period_key(period: str | None) -> str | None:
    """A period without its year or a leading "trong": "trong 6 tháng cuối năm" is "6 tháng
    cuối năm 2017", "9 tháng" is "9 tháng năm 2024"."""
    if not period:
        return None
    words = [w for w in _YEAR.sub(" ", fold(period).lower()).split() if w != "nam"]
    return " ".join(words[1:] if words[:1] == ["trong"] else words) or None


def _same_period(a: str | None, b: str | None) -> bool:
    """Periods that may name one period: one unsaid, or the same but for the year ("6 tháng
    đầu năm" and "6 tháng đầu năm 2024"); "quý I" is not "quý II"."""
    return a is None or b is None or a == b


# Scale words of an amount's unit, and what they multiply by: "nghìn tỷ đồng" is 1.000 "tỷ
# đồng"s, so a headline's "hơn 14 nghìn tỷ đồng" is the body's "14.050 tỷ đồng" rounded.
_SCALES = {"nghin": 1e3, "ngan": 1e3, "van": 1e4, "trieu": 1e6, "ty": 1e9, "ti": 1e9}
_ROUNDING = 0.04  # how far a rounded statement of an amount may stand from the exact one


def _amount_key(fig: Figure) -> tuple[tuple, float, bool] | None:
    """An amount of a named indicator, in its base unit: its key (indicator, base unit), its
    magnitude, and whether it is said rounded ("hơn", "gần", "khoảng"; a scale word such as
    "nghìn tỷ" that leaves few digits). None for a share or growth, or an unnamed count."""
    if fig.indicator is None or fig.value is None or not fig.unit or fig.unit.startswith("%"):
        return None
    words = fold(fig.unit).lower().split()
    scale, base = 1.0, list[str]()
    for w in words:
        if not base and w in _SCALES:
            scale *= _SCALES[w]
        else:
            base.append(w)
    if not base:
        return None
    family = fig.indicator.removesuffix("_growth")
    rounded = fig.qualifier is not None or len(_SIGNIFICANT.findall(fig.value_raw)) <= 2
    return (family, " ".join(base)), fig.value * scale, rounded


def _close(a: float, b: float) -> bool:
    return a != b and abs(a - b) <= _ROUNDING * max(abs(a), abs(b))
