"""Plain-language findings for the overview, each pointing at the page with the detail.

Each finding is computed from the store, never typed in, so it holds for any
department and year; a finding whose figures the report lacks is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import queries
from dashboard.fmt import missing, pct, wan
from dashboard.i18n import named, tr
from dashboard.layout import md
from etl.benchmarks import NATIONAL_SME


@dataclass(frozen=True)
class Finding:
    text: str
    page: str  # pages/<name>.py
    icon: str


def overview_findings(report_id: str, year: int) -> list[Finding]:
    out: list[Finding] = []
    head = queries.headline(report_id)
    total, project = head.get("total"), head.get("project")
    if total and project is not None:
        out.append(
            Finding(
                tr(
                    f"项目支出占全部支出的 **{pct(project / total, 1)}**，基本支出（人员和日常运转）占 {pct(1 - project / total, 1)}。",
                    f"Project spending is **{pct(project / total, 1)}** of the total; basic spending (staff and running "
                    f"costs) {pct(1 - project / total, 1)}.",
                ),
                "pages/spending.py",
                ":material/account_tree:",
            )
        )
    spending = named(queries.spending_by_function(report_id), "function", year)
    classes = spending[spending["level"] == "类"].sort_values("total", ascending=False)
    if total and not classes.empty:
        top = classes.iloc[0]
        out.append(
            Finding(
                tr(
                    f"最大的一类是 **{md(top['name'])}**：{wan(top['total'])}，占 {pct(top['total'] / total)}。",
                    f"The largest class is **{md(top['name'])}**: {wan(top['total'])}, {pct(top['total'] / total)} "
                    "of the total.",
                ),
                "pages/spending.py",
                ":material/pie_chart:",
            )
        )
    budget = head.get("initial_budget")
    if total and budget:
        out.append(
            Finding(
                tr(
                    f"年初预算 {wan(budget)}，决算 {wan(total)}，决算为年初预算的 **{pct(total / budget)}**。",
                    f"The year began with a budget of {wan(budget)}; the final was {wan(total)}, "
                    f"**{pct(total / budget)}** of it.",
                ),
                "pages/budget.py",
                ":material/balance:",
            )
        )
    # The report's shown_reports row carries its procurement total and SME share (etl.derived), read where the
    # procurement page reads them: the overview need not look up the procurement table too.
    shown = queries.shown(report_id) or {}
    proc = {"total": shown.get("procurement_total"), "sme_share": shown.get("sme_share")}
    if not missing(proc["sme_share"]):
        national = NATIONAL_SME.get(year)
        benchmark = (
            tr(
                f"，全国 {year} 年为 {pct(national.sme_share, 1)}",
                f"; nationally in {year}: {pct(national.sme_share, 1)}",
            )
            if national
            else ""
        )
        out.append(
            Finding(
                tr(
                    f"政府采购 {wan(proc['total'])}，授予中小企业的合同占 **{pct(proc['sme_share'])}**{benchmark}。",
                    f"Of {wan(proc['total'])} of government procurement, **{pct(proc['sme_share'])}** went to small and "
                    f"medium enterprises{benchmark}.",
                ),
                "pages/procurement.py",
                ":material/storefront:",
            )
        )
    projects = queries.perf_projects(report_id)
    if not projects.empty and project:
        executed = projects["executed"].sum()
        indicators, met = int(projects["indicators"].sum()), int(projects["met"].sum())
        out.append(
            Finding(
                tr(
                    f"{len(projects)} 个项目做了绩效自评，执行 {wan(executed)}，覆盖项目支出的 **{pct(executed / project, 1)}**；"
                    f"{indicators} 项指标中 {met} 项达标。",
                    f"{len(projects)} projects were self-evaluated, {wan(executed)} executed: "
                    f"**{pct(executed / project, 1)}** "
                    f"of project spending; {met} of {indicators} indicators met.",
                ),
                "pages/performance.py",
                ":material/task_alt:",
            )
        )
    if not projects.empty:
        # Names of what the money bought say more to a citizen than a classification code.
        biggest = projects.nlargest(3, "executed")
        items = zip(biggest["project_name"], biggest["executed"], strict=True)
        listed = tr("、", "; ").join(tr(f"{md(n)}（{wan(a)}）", f"{md(n)} ({wan(a)})") for n, a in items)
        out.append(
            Finding(
                tr(f"自评项目中花钱最多的是：{listed}。", f"The largest self-evaluated projects: {listed}."),
                "pages/performance.py",
                ":material/list_alt:",
            )
        )
    checks = queries.quality_checks(report_id)
    serious = checks[checks["severity"].isin(["error", "warning"])]
    if not serious.empty:
        out.append(
            Finding(
                tr(
                    f"报告自身有 **{len(serious)} 处**前后不一致或笔误，已逐条列出。",
                    f"The report contradicts itself or has slips in **{len(serious)} places**, each listed.",
                ),
                "pages/data.py",
                ":material/fact_check:",
            )
        )
    return out
