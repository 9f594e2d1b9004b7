"""`python -m etl check`: a draft checked exactly as `ingest` checks it, every finding printed, no store touched."""

from __future__ import annotations

import json

from etl.cli import main
from tests.conftest import BUNDLED

SLIP = "  [提示] 单位笔误 · 情况说明 五（三） 第 704 行"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_bundled_report_has_warnings_and_no_errors(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a store would be made by default
    code, out, err = run(capsys, str(BUNDLED))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].endswith("jilin-zwfw-szhjs-2023.md：吉林省政务服务和数字化建设服务中心 2023 年度（完整报告）")
    at = lines.index(SLIP)
    assert "写作“支出决算为 11.33 元”" in lines[at + 1]
    assert lines[at + 2] == "    应为：11.33 万元；报告所写：11.33 元"
    assert lines[-1].startswith("  共 ") and "错误 0 条" in lines[-1]
    assert list(tmp_path.iterdir()) == []  # no store opened, none created


def test_a_broken_figure_is_an_error_and_exits_1(capsys, tmp_path):
    text = BUNDLED.read_text(encoding="utf-8")
    assert "| 2010302 | | 一般行政管理事务 | 1.35 |" in text
    broken = tmp_path / "broken.md"
    broken.write_text(
        text.replace("| 2010302 | | 一般行政管理事务 | 1.35 |", "| 2010302 | | 一般行政管理事务 | 1.3S |"), "utf-8"
    )
    code, out, _ = run(capsys, str(broken))
    assert code == 1
    assert "[错误] 无法读取的数字 · 公开03表 支出决算表 第 " in out and "“1.3S”不是可确认的数字" in out


def test_a_file_that_is_not_a_report_exits_2_naming_it(capsys, tmp_path):
    page = tmp_path / "notes.txt"
    page.write_text("会议纪要\n\n今天开会。\n", encoding="utf-8")
    code, out, err = run(capsys, str(page))
    assert code == 2 and out == ""
    assert err.startswith(f"错误：{page}: ") and len(err.splitlines()) == 1


def test_json_for_scripts_and_english_for_the_interface(capsys):
    code, out, _ = run(capsys, str(BUNDLED), "--format", "json")
    (report,) = json.loads(out)["reports"]
    slip = next(f for f in report["findings"] if f["check"] == "unit_slip")
    assert (code, slip["severity"], slip["source_line"], slip["expected"], slip["name"]) == (
        0,
        "warning",
        704,
        "11.33 万元",
        "单位笔误",
    )
    _, out, _ = run(capsys, str(BUNDLED), "--lang", "en")
    assert "  [Warning] Unit slip · 情况说明 五（三）, line 704" in out.splitlines()
