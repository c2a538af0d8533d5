"""`bantin digest`: good files digested, each bad file named on one stderr line, exit code 2."""

import json
from pathlib import Path

import pytest

from bot.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
JSON_KEYS = {
    "source",
    "title",
    "province",
    "date",
    "meeting_kind",
    "period",
    "figures",
    "shortfalls",
    "targets",
    "directives",
    "digest",
}
FIGURE_KEYS = {
    "indicator",
    "label",
    "value",
    "unit",
    "pct_of_plan",
    "yoy_pct",
    "plan_value",
    "period",
    "raw",
}

BAD_FILES = [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\n ", "the file is empty"),
    ("image.txt", bytes(range(256)) * 8, "the file is binary"),
    # Neither UTF-8 (a stray byte) nor Windows-1258 (0x81 and 0x8D are unassigned there).
    (
        "unreadable.txt",
        "Thành phố họp bàn".encode() + b"\x81\x8d\x9e",
        "no character set bantin reads",
    ),
    (
        "english.txt",
        b"The provincial committee met today and discussed the budget in detail.",
        "not Vietnamese",
    ),
]


@pytest.mark.parametrize("name,content,reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_named_with_its_reason_and_the_rest_still_run(
    tmp_path, capsys, name, content, reason
):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = SEEDS / "004_19c978857511aa52.txt"
    assert main(["digest", str(bad), str(good)]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and reason in lines[0]
    assert "Bắc Kạn" in out and "Traceback" not in err


def test_huge_file_is_refused(tmp_path, capsys):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    assert main(["digest", str(huge)]) == 2
    assert "larger than 5 MB" in capsys.readouterr().err


def test_missing_path(capsys):
    assert main(["digest", "no/such/file.txt"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_json_contract_on_a_folder(capsys):
    assert main(["digest", "--json", str(SEEDS)]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) == len(list(SEEDS.glob("*.txt")))
    for doc in docs:
        assert doc.keys() >= JSON_KEYS
        assert all(f.keys() >= FIGURE_KEYS for f in doc["figures"] + doc["targets"])
        assert doc["source"].endswith(".txt")


def test_html_format(capsys):
    assert main(["digest", "--format", "html", str(SEEDS / "000_bc9d6e7807c2e2ea.txt")]) == 0
    assert "<b>" in capsys.readouterr().out


# Regressions: inputs that made `bantin digest` print a traceback or JSON that is not JSON.
LEAD = "Hội nghị Ban Chấp hành Đảng bộ tỉnh đánh giá kết quả thực hiện nhiệm vụ năm 2023. "


def _strict(text: str):
    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_json_stays_json_with_a_figure_over_308_digits(tmp_path, capsys):
    report = tmp_path / "long_number.txt"
    text = LEAD + "Thu ngân sách ước đạt " + "9" * 400 + " tỷ đồng, bằng 64,2% dự toán."
    report.write_text(text, encoding="utf-8")
    assert main(["digest", "--json", str(report)]) == 0
    (doc,) = _strict(capsys.readouterr().out)  # "Infinity" here was not JSON
    assert [f["value_raw"] for f in doc["figures"]] == ["64,2%"]


def test_a_million_digit_number_and_year_9999_are_digested_without_a_traceback(tmp_path, capsys):
    report = tmp_path / "overflow.txt"
    report.write_text(
        LEAD
        + "Ngày 5/12/9999. Thu ngân sách đạt "
        + "7" * 1_000_000
        + " tỷ đồng, chi đạt 2.310 tỷ đồng.",
        encoding="utf-8",
    )
    assert main(["digest", "--json", str(report)]) == 0
    out, err = capsys.readouterr()
    (doc,) = _strict(out)
    assert err == "" and [f["value_raw"] for f in doc["figures"]] == ["2.310 tỷ đồng"]
    assert doc["date"] is None


def test_a_report_pasted_without_line_breaks_is_not_emptied_by_its_portal_chrome(tmp_path, capsys):
    seed = (SEEDS / "004_19c978857511aa52.txt").read_text(
        encoding="utf-8"
    )  # starts with a CMS block
    one_line = tmp_path / "one_line.txt"
    one_line.write_text(" ".join(seed.split()), encoding="utf-8")
    assert main(["digest", "--json", str(SEEDS / "004_19c978857511aa52.txt"), str(one_line)]) == 0
    with_lines, without = _strict(capsys.readouterr().out)
    assert len(without["figures"]) == len(with_lines["figures"]) > 5
