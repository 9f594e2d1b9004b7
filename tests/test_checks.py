"""The catalogue of checks is the one list of finding codes: the ETL records none it lacks, and no page names
one it lacks."""

from __future__ import annotations

import ast

import pytest

from etl.checks import CATALOGUE, GROUPS, SEVERITIES, finding
from etl.schema import columns
from tests.conftest import ROOT


def test_every_check_says_what_it_compares_in_both_languages_and_its_severities():
    for code, check in CATALOGUE.items():
        assert check.code == code and check.group in GROUPS
        assert check.severities and set(check.severities) <= set(SEVERITIES), code
        assert all((check.name, check.name_en, check.compares, check.compares_en)), code


def test_a_finding_under_a_code_or_severity_the_catalogue_lacks_is_refused():
    made = finding("r", "unit_slip", "warning", "第 3 行…", "the final is written…", None, None, "情况说明", 3)
    assert made.message_en == "Narrative, line 3: the final is written…"  # the part named in English
    with pytest.raises(ValueError, match=r"'rate_mismatch' as 'warning' is not in etl\.checks\.CATALOGUE"):
        finding("r", "rate_mismatch", "warning", "", "", None, None, None, None)
    with pytest.raises(ValueError, match="'unit_slip' as 'error'"):
        finding("r", "unit_slip", "error", "", "", None, None, None, None)


def _named_checks(path) -> set[str]:
    """The strings a page compares with a finding's check ("unit_slip" in row.checks, c.check == "…") or looks
    up as one (check_name("…"), CATALOGUE["…"])."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any("check" in ast.unparse(o) for o in operands if not isinstance(o, ast.Constant)):
                named |= {o.value for o in operands if isinstance(o, ast.Constant) and isinstance(o.value, str)}
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("check_name"):
            named |= {a.value for a in node.args if isinstance(a, ast.Constant)}
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("CATALOGUE"):
            named |= {node.slice.value} if isinstance(node.slice, ast.Constant) else set()
    return named


# A page and the module its words come from (dashboard.procurement for pages/procurement.py) alike.
@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard").glob("*.py")]),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_a_page_names_no_check_the_catalogue_lacks(path):
    unknown = _named_checks(path) - set(CATALOGUE) - {name for name, _ in columns("quality_checks")}
    assert not unknown, f"{path.parent.name}/{path.name} names checks the catalogue lacks: {sorted(unknown)}"


def test_the_rule_above_catches_a_page_that_names_its_own_check(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('if "rate_mismatch" in row.checks or c.check == "unit_slip":\n    pass\n', encoding="utf-8")
    assert _named_checks(page) - set(CATALOGUE) == {"rate_mismatch"}


def test_a_sum_within_the_rounding_of_its_figures_is_the_reports_own_rounding_not_an_error():
    from decimal import Decimal

    from etl.checks import sum_severity

    # 普陀区财政局 2024: the 合计 prints 2,940.05, its classes add up to 2,940.06
    assert sum_severity(Decimal("2940.05"), Decimal("2940.06"), 5) == "info"
    assert sum_severity(Decimal("100.00"), Decimal("100.02"), 3) == "error"  # 3 figures: at most 0.015 off
    assert sum_severity(Decimal("100.00"), Decimal("100.01"), 1) == "info"  # a figure and its total: 0.01
