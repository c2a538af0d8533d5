"""Measure the engine on real reports (`make eval-real`): tests/data/real, dev and test halves.

The gold annotations are in git, the texts are not (tests/data/real/README.md); a report whose
text is missing or changed is counted as absent and said so. The matching rules are those of
`make eval` (tests/eval.py), read from gold offsets instead of quotes, plus three checks the
written corpus could not make: the baseline words of a share ("% dự toán" is not "% kế
hoạch"), the year of the meeting (never printed when the text does not give it), and the
province only where the text supports one.

    python -m tests.eval_real                 # the table, both halves
    python -m tests.eval_real --misses dev    # per report: what was missed (dev half only)
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from digest.extract import extract
from digest.models import Figure, Report
from digest.normalize import fold, normalize_text
from digest.render import figure_line, render
from tests.eval import (
    _NUM,
    _ratio,
    _unit,
    digest_numbers_faithful,
    phrase_found,
    words_found,
)
from tests.real_corpus import Entry, entries


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _units_agree(gold: dict, pred: Figure) -> bool:
    gu, pu = _unit(gold.get("unit")), _unit(pred.unit)
    return gu is None or pu is None or gu == pu or gu in pu or pu in gu


def figure_matches(pred: Figure, gold: dict) -> bool:
    """Same value (or the same range ends) and a compatible unit.

    Gold signs a fall ("giảm 2%" is -2); the engine keeps the number as written and carries
    the fall in its growth, so values are compared without their sign.
    """
    if gold.get("value") is not None:
        return (
            pred.value is not None
            and _close(abs(pred.value), abs(gold["value"]))
            and _units_agree(gold, pred)
        )
    if gold.get("low") is not None:
        return (
            _close(pred.low, gold["low"])
            and _close(pred.high, gold.get("high"))
            and _units_agree(gold, pred)
        )
    return False


def _attribute_matches(pred: Figure, gold: dict) -> bool:
    """A gold growth or share given as a figure of its own, printed as an attribute of a
    predicted figure ("GRDP ước đạt 92,3 nghìn tỷ đồng, tăng 10,02%": the digest shows both)."""
    value = gold.get("value")
    if value is None or _unit(gold.get("unit")) != "%":
        return False
    if any(x is not None and _close(abs(x), abs(value)) for x in (pred.yoy_pct, pred.pct_of_plan)):
        return True
    written = {
        float(n.replace(".", "").replace(",", "."))
        for n in _NUM.findall(pred.yoy_raw or "")
        if n.replace(".", "").replace(",", "").isdigit()
    }
    return any(_close(w, abs(value)) for w in written)


def match(preds: list[Figure], golds: list[dict]) -> tuple[list[tuple[Figure, dict]], list[dict]]:
    """Gold figures matched by a predicted figure's value (pairs), then those matched only by
    an attribute of one (recall only: they add no predicted figure)."""
    pairs, used = [], set()
    for g in golds:
        for i, p in enumerate(preds):
            if i not in used and figure_matches(p, g):
                used.add(i)
                pairs.append((p, g))
                break
    paired = {id(g) for _, g in pairs}
    by_attribute, used_attr = [], set()
    for g in golds:
        if id(g) in paired:
            continue
        for i, p in enumerate(preds):
            if i not in used_attr and _attribute_matches(p, g):
                used_attr.add(i)
                by_attribute.append(g)
                break
    return pairs, by_attribute


_BASIS_WORDS = ("ke hoach", "du toan", "nghi quyet", "chi tieu", "muc tieu")


def basis_kept(pred: Figure, gold: dict) -> bool:
    """The printed line names the baseline the text names ("dự toán", "Nghị quyết", …)."""
    want = next((w for w in _BASIS_WORDS if w in fold(gold["pct_basis"])), None)
    line = fold(figure_line(pred))
    if want is None:
        return True
    return want in line and not any(
        w in line for w in _BASIS_WORDS if w != want and w not in fold(gold["pct_basis"])
    )


LINE_SUPPORT = 0.5  # share of a predicted line's words that must stand in one gold span


def line_supported(line: str, spans: list[str]) -> bool:
    """Whether a predicted shortfall or directive says what some gold span says."""
    return words_found(line, spans, LINE_SUPPORT) is True


def date_right(report: Report, gold: dict | None) -> bool:
    """Day and month right; the year right where the text gives it, absent where it does not."""
    if gold is None:
        return report.day is None
    if (report.day, report.month) != (gold["day"], gold["month"]):
        return False
    if gold["year"] is None:
        return report.date is None
    return report.date is not None and report.date.year == gold["year"]


@dataclass
class Tally:
    reports: int = 0
    absent: int = 0
    province_supported: int = 0
    province_right: int = 0
    province_wrong: list[str] = field(default_factory=list)
    date_right: int = 0
    kind_right: int = 0
    fig_pred: int = 0
    fig_gold: int = 0
    fig_match: int = 0  # predicted figures matched by value
    fig_found: int = 0  # gold figures found, by value or as an attribute
    tgt_pred: int = 0
    tgt_gold: int = 0
    tgt_match: int = 0
    tgt_found: int = 0
    basis_gold: int = 0
    basis_kept: int = 0
    short_gold: int = 0
    short_found: int = 0
    short_pred: int = 0
    short_pred_ok: int = 0
    dir_gold: int = 0
    dir_found: int = 0
    dir_pred: int = 0
    dir_pred_ok: int = 0
    digest_numbers: int = 0
    unfaithful: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def score(e: Entry, report: Report, t: Tally) -> None:
    g = e.gold
    t.reports += 1
    if g["province"] is not None:
        t.province_supported += 1
        t.province_right += report.province == g["province"]
    if report.province is not None and report.province != g["province"]:
        t.province_wrong.append(f"{e.id}: {report.province} (gold {g['province']})")
    ok_date = date_right(report, g["date"])
    t.date_right += ok_date
    t.kind_right += report.meeting_kind.value == g["meeting_kind"]
    figs, tgts = list(report.figures), list(report.targets)
    (fm, f_attr), (tm, t_attr) = match(figs, g["figures"]), match(tgts, g["targets"])
    t.fig_pred += len(figs)
    t.fig_gold += len(g["figures"])
    t.fig_match += len(fm)
    t.fig_found += len(fm) + len(f_attr)
    t.tgt_pred += len(tgts)
    t.tgt_gold += len(g["targets"])
    t.tgt_match += len(tm)
    t.tgt_found += len(tm) + len(t_attr)
    for p, gq in fm:
        if gq.get("pct_basis") and p.pct_of_plan is not None:
            t.basis_gold += 1
            kept = basis_kept(p, gq)
            t.basis_kept += kept
            if not kept:
                t.misses.append(
                    f"{e.id} basis: {figure_line(p)!r} (gold basis {gq['pct_basis']!r})"
                )
    matched = {id(gq) for _, gq in fm} | {id(gq) for gq in f_attr}
    for gq in g["figures"]:
        if id(gq) not in matched:
            t.misses.append(
                f"{e.id} figure missed: {e.span(gq['span'])!r} {gq.get('value')} {gq.get('unit')}"
            )
    hit = {id(p) for p, _ in fm}
    for p in figs:
        if id(p) not in hit:
            t.misses.append(f"{e.id} figure extra: {p.value_raw!r} ({p.label[:50]!r})")
    for key, found_attr, gold_attr, pred_attr, lines in (
        ("shortfall", "short_found", "short_gold", "short_pred", list(report.shortfalls)),
        ("directive", "dir_found", "dir_gold", "dir_pred", list(report.directives)),
    ):
        setattr(t, pred_attr, getattr(t, pred_attr) + len(lines))
        spans = [e.span(s) or "" for s in g[key + "s"]]
        for line in lines:
            supported = line_supported(line, spans)
            setattr(t, pred_attr + "_ok", getattr(t, pred_attr + "_ok") + supported)
            if not supported:
                t.misses.append(f"{e.id} {key} extra: {line!r}")
        for s in g[key + "s"]:
            setattr(t, gold_attr, getattr(t, gold_attr) + 1)
            found = phrase_found(e.span(s) or "", lines)
            setattr(t, found_attr, getattr(t, found_attr) + found)
            if not found:
                t.misses.append(f"{e.id} {key} missed: {e.span(s)!r}")
    if not ok_date:
        t.misses.append(
            f"{e.id} date: {report.date} {report.day}/{report.month} "
            f"raw={report.date_raw!r} (gold {g['date']})"
        )
    if report.province != g["province"]:
        t.misses.append(f"{e.id} province: {report.province} (gold {g['province']})")
    digest = render(report, "text")
    t.digest_numbers += len(_NUM.findall(digest))
    source = normalize_text(e.text or "") + "\n" + (e.text or "")
    t.unfaithful += [f"{e.id}: {n}" for n in digest_numbers_faithful(digest, source)]


def evaluate() -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for e in entries():
        split = e.gold["split"] or "unsplit"
        if e.text is None:
            tallies[split].absent += 1
            continue
        report = extract(e.text)
        score(e, report, tallies[split])
    return tallies


ROWS = [
    ("reports measured (absent)", lambda t: f"{t.reports} ({t.absent})"),
    ("province right (text supports)", lambda t: _ratio(t.province_right, t.province_supported)),
    ("province wrong (must be 0)", lambda t: str(len(t.province_wrong))),
    ("date right", lambda t: _ratio(t.date_right, t.reports)),
    ("meeting kind right", lambda t: _ratio(t.kind_right, t.reports)),
    ("figures precision", lambda t: _ratio(t.fig_match, t.fig_pred)),
    ("figures recall", lambda t: _ratio(t.fig_found, t.fig_gold)),
    ("targets precision", lambda t: _ratio(t.tgt_match, t.tgt_pred)),
    ("targets recall", lambda t: _ratio(t.tgt_found, t.tgt_gold)),
    ("baseline words kept", lambda t: _ratio(t.basis_kept, t.basis_gold)),
    ("shortfalls recall", lambda t: _ratio(t.short_found, t.short_gold)),
    ("shortfalls precision", lambda t: _ratio(t.short_pred_ok, t.short_pred)),
    ("directives recall", lambda t: _ratio(t.dir_found, t.dir_gold)),
    ("directives precision", lambda t: _ratio(t.dir_pred_ok, t.dir_pred)),
    (
        "digest numbers in source",
        lambda t: _ratio(t.digest_numbers - len(t.unfaithful), t.digest_numbers),
    ),
]


def print_table(tallies: dict[str, Tally]) -> None:
    splits = [s for s in ("dev", "test", "unsplit") if s in tallies]
    print(f"{'metric':34}" + "".join(f"{s:>20}" for s in splits))
    for label, fn in ROWS:
        print(f"{label:34}" + "".join(f"{fn(tallies[s]):>20}" for s in splits))
    for s in splits:
        for w in tallies[s].province_wrong:
            print(f"  {s} wrong province: {w}")
        for n in tallies[s].unfaithful:
            print(f"  {s} number not in source: {n}")
    absent = sum(t.absent for t in tallies.values())
    if absent:
        print(
            f"{absent} texts absent: `python -m tests.real_corpus check` lists them "
            "and how to rebuild them"
        )


def main(argv: list[str]) -> int:
    tallies = evaluate()
    if not tallies:
        print("no real reports annotated (tests/data/real/gold is empty)")
        return 0
    print_table(tallies)
    if argv[:1] == ["--misses"]:
        split = argv[1] if len(argv) > 1 else "dev"
        if split == "test":
            print("the test half is measured, not read: misses are shown for dev only")
            return 2
        for line in tallies[split].misses:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
