"""项目支出绩效自评表: one table per project, its funding and its indicators.

Every project's table has the same blocks, top to bottom: 项目名称 and
实施单位; the funding block (当年财政拨款 / 上年结转资金 / 其他资金 /
年度资金总和, each with 年初预算数, 全年预算数, 全年执行数, 执行率); the goals
(预期目标 / 实际完成情况); the indicator rows under the 一级指标 | 二级指标 |
三级指标 header. A project may run over several `Table`s (a page break), and
a "项目名称" row always starts the next project.

The PDF conversion shifts indicator rows left and right and drops the merged
level cells, so an indicator row is read by meaning, not by column: empty
cells go, leading cells that are level names (by vocabulary) set the levels,
and what remains is name, target, actual and the reason for any deviation.
Levels not given are carried down from the row above.

The store holds each project's 年度资金总和 row and its 当年财政拨款 执行数; the other funding figures
(by source) and the scores (分值, 得分, 总分) are read past. `cells_read` says which cell went where, for
etl.audit to name every figure the store does not hold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from etl.checks import Findings, sum_severity
from etl.document import Row, Table
from etl.indicators import DEADLINE, Assessment, assess
from etl.model import PerfIndicator, PerfProject, QualityCheck
from etl.parts.cells import read_cell
from etl.text import (
    TO_WAN,
    clean,
    compact,
    fmt_amount,
    fmt_percent,
    ratio,
)

SOURCE_TABLE = "项目支出绩效自评表"

_TITLES = frozenset({"项目支出绩效自评表", "部门预算项目支出绩效自评表", "部门项目支出绩效自评表"})

# Funding rows, by the label the template gives them.
FISCAL, CARRIED, OTHER, TOTAL = "当年财政拨款", "上年结转资金", "其他资金", "年度资金总和"
_FUNDING_LABELS = {
    "当年财政拨款": FISCAL,
    "财政拨款": FISCAL,
    "上年结转资金": CARRIED,
    "上年结转": CARRIED,
    "其他资金": OTHER,
    "年度资金总和": TOTAL,
    "年度资金总额": TOTAL,
    "资金总额": TOTAL,
}
INITIAL, FULL_YEAR, EXECUTED, RATE = "年初预算数", "全年预算数", "全年执行数", "执行率"
_FUNDING_COLUMNS = (INITIAL, FULL_YEAR, EXECUTED, RATE)
# The unit of a project's money, stated in its funding header whatever the report's tables use:
# "资金情况（万元）", "项目资金（万元）", or "（万元）" in a cell of its own.
_FUNDING_UNIT = re.compile(r"(?:资金情况|项目资金|资金|金额)?[(（]?(?:单位[:：])?(万元|元|千元)[)）]?")
_LABEL_PREFIX = re.compile(r"^(?:其中[:：]?)")

LEVEL1 = ("成本指标", "产出指标", "效益指标", "满意度指标")
# Each 二级指标 and the 一级指标 it belongs to.
LEVEL2_PARENT = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "社会效益指标": "效益指标",
    "经济效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
# The 二级指标 a 一级指标 stands for when the row names none (产出 is told by the unit).
_DEFAULT_LEVEL2 = {"成本指标": "经济成本指标", "效益指标": "社会效益指标", "满意度指标": "服务对象满意度指标"}
_TIME_UNITS = frozenset({"秒", "分钟", "小时", "天", "日", "工作日", "个工作日", "周", "月", "个月", "年"})
_RATE_UNITS = frozenset({"%", "‰"})
_SCORE_COLUMNS = ("分值", "得分")
_INDICATOR_SCORES = frozenset({"分值", "得分", "权重", "指标分值", "自评得分"})
_YEAR_LINE = re.compile(r"[(（]?20\d{2}年度?[)）]?")
_GOAL_LABELS = frozenset({"年度总体目标", "总体目标"})
_INDICATOR_LABELS = frozenset({"绩效指标", "年度绩效指标"})
_END_LABELS = ("总分", "合计", "自评得分", "总体评价")
_FUNDING_HEADINGS = frozenset({*_FUNDING_COLUMNS, "项目资金"})
# Cells that appear only in the top of a project's table (with 资金情况… and 其中：<funding label>).
_PROJECT_TOP = frozenset({"实施单位", "预期目标", *_FUNDING_HEADINGS, *_FUNDING_LABELS})
ORPHAN = "orphan"  # rows of a project whose 项目名称 row is missing: skipped up to the next 项目名称

# 执行率 as stated may differ from executed / full-year budget by rounding only.
RATE_TOLERANCE = Decimal("0.0001")  # 0.01 percentage point


@dataclass
class _Project:
    project_id: str
    name: str
    line: int
    unit: str = "万元"
    implementing_unit: str | None = None
    funding: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)
    funding_lines: dict[str, int] = field(default_factory=dict)
    # The cell each funding column was read from, by row label: {"年度资金总和": {"执行率": 5, …}}.
    funding_cells: dict[str, dict[str, int]] = field(default_factory=dict)
    goals: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    indicators: list[PerfIndicator] = field(default_factory=list)
    # Levels carried down from the indicator row above.
    level1: str | None = None
    level2: str | None = None
    level2_inferred: bool = False


@dataclass
class _State:
    findings: Findings
    projects: list[_Project] = field(default_factory=list)
    section: str = ""  # funding / goals / indicators / orphan
    # The indicator header's width and the columns it gives to scores (by heading), read past when a row
    # lines up with it.
    indicator_scores: tuple[int, dict[int, str]] = field(default_factory=lambda: (0, {}))
    funding_columns: tuple[str, ...] = _FUNDING_COLUMNS
    # Where the funding header put each column, to read a row with blank cells by position.
    funding_index: dict[str, int] = field(default_factory=dict)
    funding_width: int = 0
    outcome_column: int | None = None
    # For etl.audit, by (line, column): the cells stored (as a figure or inside a text), the figures read
    # past (what they are: the row's subject and the column's heading), and the lines skipped whole.
    stored: set[tuple[int, int]] = field(default_factory=set)
    set_aside: dict[tuple[int, int], tuple[str, str | None]] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)

    @property
    def project(self) -> _Project | None:
        return self.projects[-1] if self.projects else None

    def unreadable(self, row: Row, what: str, what_en: str) -> None:
        raw = " | ".join(c for c in row.cells if c.strip())
        if self.project:
            name, name_en = self.project.name, f"project “{self.project.name}”"
        else:
            name, name_en = "（未知项目）", "before any project"
        self.findings.add(
            "perf_row_unreadable",
            "error",
            f"{SOURCE_TABLE}“{name}”第 {row.line} 行：{what}，未载入：{raw}",
            f"{name_en}: {what_en}; not loaded: {raw}",
            source_line=row.line,
            expected=what,
            actual=raw,
        )


def parse_performance(
    tables: Sequence[Table], report_id: str
) -> tuple[list[PerfProject], list[PerfIndicator], list[QualityCheck]]:
    projects, indicators, state = _parse(tables, report_id)
    return projects, indicators, state.findings


@dataclass(frozen=True)
class CellsRead:
    """Where each cell of the 绩效自评表 went, by (line, column)."""

    stored: frozenset[tuple[int, int]]  # into perf_projects / perf_indicators: a figure, or inside a text
    set_aside: dict[tuple[int, int], tuple[str, str | None]]  # read past: the row's subject, the column's heading
    skipped: frozenset[int]  # lines skipped whole, under the finding that says so (a project without 项目名称)


def cells_read(tables: Sequence[Table], report_id: str) -> CellsRead:
    """The tables read again as `parse_performance` reads them, saying which cell went where (for etl.audit)."""
    _, _, state = _parse(tables, report_id)
    return CellsRead(frozenset(state.stored), state.set_aside, frozenset(state.skipped))


def _parse(tables: Sequence[Table], report_id: str) -> tuple[list[PerfProject], list[PerfIndicator], _State]:
    state = _State(Findings(report_id, SOURCE_TABLE))
    for table in tables:
        for row in table.rows:
            _read_row(state, row, table)
    projects: list[PerfProject] = []
    indicators: list[PerfIndicator] = []
    for project in state.projects:
        projects.append(_finish(state, project))
        _record_funding(state, project)
        indicators += project.indicators
    return projects, indicators, state


def _read_row(state: _State, row: Row, table: Table) -> None:
    cells = row.cells
    keys = list(map(compact, cells))
    filled = list(filter(None, keys))
    if not filled:
        return
    if len(filled) == 1 and (filled[0] in _TITLES or _YEAR_LINE.fullmatch(filled[0])):
        return  # the title, repeated after a page break, or the year line under it: "（2023年度）"
    if "项目名称" in keys:
        at = keys.index("项目名称")
        name_at = next((i for i in range(at + 1, len(keys)) if keys[i]), None)
        name = "" if name_at is None else clean(cells[name_at])
        if name_at is not None:
            state.stored.add((row.line, name_at))
        project = _Project(f"{len(state.projects) + 1:02d}", name, row.line, unit=table.unit or "万元")
        state.projects.append(project)
        state.section = ""
        state.funding_columns, state.funding_index, state.funding_width = _FUNDING_COLUMNS, {}, 0
        if not name:
            state.unreadable(row, "项目名称为空", "the project name is empty")
        return
    project = state.project
    if project is None:
        state.unreadable(row, "出现在第一个“项目名称”之前", "the row comes before the first “项目名称” (project name)")
        return
    if state.section == ORPHAN:
        state.skipped.add(row.line)
        return
    if state.section == "indicators" and _starts_a_project(keys):
        # The next project's 项目名称 row is lost: its money and indicators are not this project's.
        state.unreadable(
            row,
            "上一个项目的指标之后出现了实施单位、资金或目标，缺少“项目名称”一行；至下一个“项目名称”为止",
            "an implementing unit, funding or goals follow the previous project's indicators with no “项目名称” "
            "(project name) row between; skipped up to the next “项目名称”",
        )
        state.section = ORPHAN
        return
    if "实施单位" in keys:
        at = keys.index("实施单位")
        unit_at = next((i for i in range(at + 1, len(keys)) if keys[i]), None)
        project.implementing_unit = None if unit_at is None else clean(cells[unit_at])
        if unit_at is not None:
            state.stored.add((row.line, unit_at))
        return
    if state.section != "indicators":
        unit = next((m.group(1) for k in filled if (m := _FUNDING_UNIT.fullmatch(k))), None)
        if unit:
            project.unit = unit
        if not _FUNDING_HEADINGS.isdisjoint(filled):
            _read_funding_header(state, row, keys)
            return
        label = next(((i, _FUNDING_LABELS[k]) for i, k in enumerate(map(_funding_label, keys)) if k), None)
        if label:
            _read_funding(state, project, row, keys, *label)
            return
        if "预期目标" in keys:
            state.section = "goals"
            state.outcome_column = next((i for i, k in enumerate(keys) if k.startswith("实际完成")), None)
            return
    if "三级指标" in keys or ("一级指标" in keys and "二级指标" in keys):
        state.section = "indicators"
        # Scores (分值, 得分, 权重) are no target, actual or reason: their columns are set aside by the header.
        state.indicator_scores = (len(keys), {i: k for i, k in enumerate(keys) if k in _INDICATOR_SCORES})
        return
    if state.section == "goals":
        _read_goals(state, project, row, keys)
    elif state.section == "indicators":
        if filled[0].startswith(_END_LABELS):
            state.section = ""
            # 总分 / 合计 and its scores: nothing of the row is stored.
            width, scores = state.indicator_scores
            for i, key in enumerate(keys):
                if key and key != filled[0]:
                    heading = scores.get(i) if len(keys) == width else None
                    state.set_aside[(row.line, i)] = (filled[0], heading)
            return
        _read_indicator(state, project, row, keys)
    else:
        state.findings.add(
            "perf_row_ignored",
            "info",
            f"{SOURCE_TABLE}“{project.name}”第 {row.line} 行不属于任何已知栏目，未读取：{' | '.join(filled)}",
            f"project “{project.name}”: the row fits no known column and was not read: {' | '.join(filled)}",
            source_line=row.line,
        )


def _starts_a_project(keys: list[str]) -> bool:
    """A row only the top of a project's table has: 实施单位, the funding block, the goals."""
    # Asked of every indicator row, which has none of these: set lookups, then a look at the
    # prefixes only when some cell has them at all.
    if not _PROJECT_TOP.isdisjoint(keys):
        return True
    joined = "".join(keys)
    if "资金情况" not in joined and "其中" not in joined:
        return False
    return any(k.startswith("资金情况") or (k.startswith("其中") and _funding_label(k)) for k in keys)


# --- funding --------------------------------------------------------------------


def _funding_label(key: str) -> str:
    """The funding row a cell names ("其中：当年财政拨款" → "当年财政拨款"), or ""."""
    if key.startswith("其中"):
        key = _LABEL_PREFIX.sub("", key)
    return key if key in _FUNDING_LABELS else ""


def _read_funding_header(state: _State, row: Row, keys: list[str]) -> None:
    state.section = "funding"
    columns = [(i, k) for i, k in enumerate(keys) if k in _FUNDING_COLUMNS or k in _SCORE_COLUMNS]
    if columns:
        state.funding_columns = tuple(k for _, k in columns)
        state.funding_index = {k: i for i, k in columns}
        state.funding_width = len(keys)
        # A heading the conversion mangled ("0 年初预算数"): its column is read by no one, so say so.
        missing = [column for column in _FUNDING_COLUMNS if column not in state.funding_columns]
        if missing:
            absent = "、".join(missing)
            state.unreadable(
                row,
                f"资金表头找不到“{absent}”一栏，各资金行的这一栏留空",
                f"the funding header has no “{absent}” column, left empty in every funding row",
            )


def _read_funding(state: _State, project: _Project, row: Row, keys: list[str], at: int, label: str) -> None:
    state.section = "funding"
    places = [i for i in range(at + 1, len(keys)) if keys[i]]
    values = [keys[i] for i in places]
    columns = state.funding_columns
    index = state.funding_index
    if len(values) != len(columns):
        by_position = [keys[index[column]] for column in columns] if len(keys) == state.funding_width else []
        # Read by position only when what is blank is a score (分值/得分), never an amount.
        if (
            by_position
            and all(i > at for i in index.values())
            and all(value or column in _SCORE_COLUMNS for column, value in zip(columns, by_position, strict=True))
        ):
            values = by_position
            places = [index[column] for column in columns]
        else:
            listed = "、".join(columns)
            state.unreadable(
                row,
                f"{label}一行应有 {len(columns)} 个数（{listed}），实有 {len(values)} 个",
                f"the “{label}” row should hold {len(columns)} figures ({listed}), not {len(values)}",
            )
            project.funding[label] = dict.fromkeys(_FUNDING_COLUMNS)
            project.funding_lines[label] = row.line
            project.funding_cells[label] = {}
            return
    factor = TO_WAN.get(project.unit, Decimal(1))
    read: dict[str, Decimal | None] = dict.fromkeys(_FUNDING_COLUMNS)
    for column, raw in zip(columns, values, strict=True):
        if column not in _FUNDING_COLUMNS:
            continue
        value, unread = read_cell(raw, factor, rate=column == RATE)
        if unread is not None:
            state.unreadable(row, f"{label}的{column}{unread.why}", f"“{label}”, {column}: {unread.why_en}")
            continue
        read[column] = value
    project.funding[label] = read
    project.funding_lines[label] = row.line
    project.funding_cells[label] = dict(zip(columns, places, strict=True))


def _record_funding(state: _State, project: _Project) -> None:
    """The funding cells the store holds (年度资金总和, and 当年财政拨款's 执行数), and those it reads past."""
    for label, places in project.funding_cells.items():
        line, read = project.funding_lines[label], project.funding[label]
        for column, at in places.items():
            held = label == TOTAL or (label == FISCAL and column == EXECUTED)
            if held and read.get(column) is not None:
                state.stored.add((line, at))
            else:
                state.set_aside[(line, at)] = (label, column)


# --- goals ----------------------------------------------------------------------


def _read_goals(state: _State, project: _Project, row: Row, keys: list[str]) -> None:
    texts = [(i, clean(c)) for i, (c, k) in enumerate(zip(row.cells, keys, strict=True)) if k and k not in _GOAL_LABELS]
    state.stored.update((row.line, i) for i, _ in texts)
    if len(texts) == 2:
        project.goals.append(texts[0][1])
        project.outcomes.append(texts[1][1])
        return
    split = state.outcome_column
    for i, text in texts:
        if split is not None and i >= split:
            project.outcomes.append(text)
        else:
            project.goals.append(text)


# --- indicators -----------------------------------------------------------------


def _level2_for(level1: str, assessment: Assessment) -> str | None:
    """The 二级指标 a 一级指标 most likely stands for when the row names none."""
    if level1 != "产出指标":
        return _DEFAULT_LEVEL2.get(level1)
    if assessment.comparator == DEADLINE or assessment.target_date is not None:
        return "时效指标"
    if assessment.unit in _TIME_UNITS:
        return "时效指标"
    if assessment.unit in _RATE_UNITS:
        return "质量指标"
    if assessment.unit:
        return "数量指标"
    return None


def _read_indicator(state: _State, project: _Project, row: Row, keys: list[str]) -> None:
    width, scores = state.indicator_scores
    # By position only where the row lines up with its header; a shifted row is read by meaning alone.
    kept = [k not in scores for k in range(len(keys))] if scores and len(keys) == width else [True] * len(keys)
    wanted = [
        (i, c, k)
        for i, (c, k, keep) in enumerate(zip(row.cells, keys, kept, strict=True))
        if keep and k and k not in _INDICATOR_LABELS
    ]
    set_aside = [(i, scores[i]) for i, keep in enumerate(kept) if not keep and keys[i]]
    given1 = given2 = None
    start = 0
    for _, _, key in wanted:
        if key in LEVEL1:
            given1 = key
        elif key in LEVEL2_PARENT:
            given2 = key
        else:
            break
        start += 1
    meaningful = [clean(c) for _, c, _ in wanted[start:]]
    if not meaningful and (given1 or given2):  # a row that only names levels
        _set_levels(state, project, row, given1, given2, None)
        state.set_aside.update({(row.line, i): (given2 or given1, heading) for i, heading in set_aside})
        return
    if len(meaningful) < 3:
        state.unreadable(
            row,
            "指标行应有三级指标、年度指标值、实际完成值，少于 3 栏",
            "an indicator row needs a third-level indicator, a target and an actual value, and has fewer than 3 cells",
        )
        return
    name, target, actual, *rest = meaningful
    state.stored.update((row.line, i) for i, _, _ in wanted[start:])
    state.set_aside.update({(row.line, i): (name, heading) for i, heading in set_aside})
    assessment = assess(target, actual)
    _set_levels(state, project, row, given1, given2, assessment)
    level2, level2_inferred = project.level2, project.level2_inferred
    if level2 is None and project.level1:  # under a bare 产出指标 row: tell this row's by its unit
        level2 = _level2_for(project.level1, assessment)
        level2_inferred = level2 is not None
    reason = clean(" ".join(rest)) or None
    project.indicators.append(
        PerfIndicator(
            report_id=state.findings.report_id,
            project_id=project.project_id,
            indicator_no=len(project.indicators) + 1,
            level1=project.level1,
            level2=level2,
            level2_inferred=level2_inferred,
            name=name,
            target_text=target,
            actual_text=actual,
            comparator=assessment.comparator,
            target_value=assessment.target_value,
            actual_value=assessment.actual_value,
            unit=assessment.unit,
            target_date=assessment.target_date,
            actual_date=assessment.actual_date,
            status=assessment.status,
            deviation_reason=reason,
            source_table=SOURCE_TABLE,
            source_line=row.line,
        )
    )


def _set_levels(
    state: _State,
    project: _Project,
    row: Row,
    given1: str | None,
    given2: str | None,
    assessment: Assessment | None,
) -> None:
    """The row's levels: as given, implied by the 二级指标, carried down, or inferred."""
    if given2:
        parent = LEVEL2_PARENT[given2]
        if given1 and given1 != parent:
            state.findings.add(
                "perf_level_conflict",
                "warning",
                f"{SOURCE_TABLE}“{project.name}”第 {row.line} 行：二级指标“{given2}”属于“{parent}”，"
                f"行中却写“{given1}”，按二级指标归入“{parent}”",
                f"project “{project.name}”: the second-level indicator “{given2}” belongs under “{parent}”, but the "
                f"row says “{given1}”; filed under “{parent}”, as its second-level indicator says.",
                source_line=row.line,
                expected=parent,
                actual=given1,
            )
        project.level1, project.level2, project.level2_inferred = parent, given2, False
    elif given1 and (given1 != project.level1 or project.level2 is None):
        project.level1 = given1
        inferred = _level2_for(given1, assessment) if assessment else _DEFAULT_LEVEL2.get(given1)
        project.level2, project.level2_inferred = inferred, inferred is not None


# --- project ----------------------------------------------------------------------


def _finish(state: _State, project: _Project) -> PerfProject:
    total = project.funding.get(TOTAL)
    fiscal = project.funding.get(FISCAL)
    if total is None:
        state.findings.add(
            "perf_funding_missing",
            "warning",
            f"{SOURCE_TABLE}“{project.name}”没有“年度资金总和”一行，项目资金未载入",
            f"project “{project.name}” has no “年度资金总和” (annual total) row; its funding is not loaded.",
            source_line=project.line,
            expected=TOTAL,
            actual=None,
        )
        total = dict.fromkeys(_FUNDING_COLUMNS)
    else:
        _check_rate(state, project, total)
        _check_sum(state, project)
    return PerfProject(
        report_id=state.findings.report_id,
        project_id=project.project_id,
        project_name=project.name,
        implementing_unit=project.implementing_unit,
        initial_budget=total[INITIAL],
        full_year_budget=total[FULL_YEAR],
        executed=total[EXECUTED],
        execution_rate=total[RATE],
        fiscal_executed=fiscal[EXECUTED] if fiscal else None,
        # A goal over two rows (a page break cut it) is one text again: clean() drops the joining space
        # where it falls inside Chinese.
        goal_text=clean(" ".join(project.goals)) or None,
        outcome_text=clean(" ".join(project.outcomes)) or None,
        source_table=SOURCE_TABLE,
        source_line=project.line,
    )


def _check_rate(state: _State, project: _Project, total: dict[str, Decimal | None]) -> None:
    computed = ratio(total[EXECUTED], total[FULL_YEAR])
    stated = total[RATE]
    if computed is None or stated is None or abs(computed - stated) <= RATE_TOLERANCE:
        return
    state.findings.add(
        "perf_execution_rate",
        "warning",
        f"{SOURCE_TABLE}“{project.name}”执行率写作 {fmt_percent(stated)}，"
        f"按全年执行数 {fmt_amount(total[EXECUTED])} ÷ 全年预算数 {fmt_amount(total[FULL_YEAR])} "
        f"应为 {fmt_percent(computed)}",
        f"project “{project.name}”: the execution rate is written as {fmt_percent(stated)}; executed "
        f"{fmt_amount(total[EXECUTED])} ÷ full-year budget {fmt_amount(total[FULL_YEAR])} gives "
        f"{fmt_percent(computed)}.",
        source_line=project.funding_lines[TOTAL],
        expected=fmt_percent(computed),
        actual=fmt_percent(stated),
    )


def _check_sum(state: _State, project: _Project) -> None:
    sources = [project.funding[label] for label in (FISCAL, CARRIED, OTHER) if label in project.funding]
    if not sources:
        return
    total = project.funding[TOTAL]
    for column in (INITIAL, FULL_YEAR, EXECUTED):
        parts = [source[column] for source in sources]
        if total[column] is None or any(part is None for part in parts):
            continue
        summed = sum(parts, Decimal(0))
        if summed != total[column]:
            state.findings.add(
                "perf_funding_sum",
                sum_severity(total[column], summed, len(parts) + 1),
                f"{SOURCE_TABLE}“{project.name}”{column}：各资金来源合计 {fmt_amount(summed)}，"
                f"年度资金总和却为 {fmt_amount(total[column])}",
                f"project “{project.name}”, {column}: the funding sources add up to {fmt_amount(summed)}, but the "
                f"annual total (年度资金总和) is {fmt_amount(total[column])}.",
                source_line=project.funding_lines[TOTAL],
                expected=fmt_amount(summed),
                actual=fmt_amount(total[column]),
            )
