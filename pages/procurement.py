"""政府采购: what the department bought, and how much of it went to small and medium firms, beside the nation."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, queries
from dashboard.benchmarks import NATIONAL_SME
from dashboard.fmt import missing, money, pct, pct_number, unit, wan
from dashboard.i18n import tr, tr_stored
from dashboard.layout import downloads, empty, heading, link, notes, source_column, source_note
from dashboard.state import current

INGEST_HINT = "python -m etl ingest 路径/报告.md"


def _share(computed, stated):
    """The share recomputed from the amounts, or the report's own when the amounts are missing."""
    return stated if missing(computed) else computed


def _pct_stated(value, places) -> str:
    """A stated share with the decimals the report wrote it with (stored by the ETL): 13%, 3.02%."""
    return pct(value, 2 if missing(places) else int(places))


def _national_source(national) -> str | None:
    """The benchmark's source as extra line(s) under a chart, short enough for a phone; None without one."""
    if national is None:
        return None
    return tr(f"全国：{national.source_zh}", f"National: {national.source_en.replace(', ', ',<br>', 1)}")


sel = current()
SUBTITLE = charts.subtitle(sel.department, sel.year)
heading(tr("政府采购", "Government procurement"), sel)

proc = queries.procurement(sel.report_id)
if not proc or missing(proc.get("total")):
    empty(
        tr(
            "这份报告里没有读出政府采购支出的说明，本页暂无内容。",
            "No statement on government procurement was read from this report, so there is nothing to show.",
        ),
        tr(
            "部门决算报告一般在“其他重要事项情况说明”里写明政府采购支出总额和授予中小企业的合同金额。"
            "如果这份报告里有这段话，请到“数据与来源”页查看读取时的检查结果。",
            "Reports usually state total procurement and the amount awarded to small and medium firms under "
            "“other important matters” (其他重要事项情况说明). If this one does, the data-quality page shows what went "
            "wrong reading it.",
        ),
    )
    link("pages/data.py", tr("数据与来源", "Data & sources"), ":material/dataset:", sel)
    st.stop()

total = float(proc["total"])
source = charts.source_line(sel.department, sel.year, proc["source_table"])
st.markdown(
    tr(
        f"{sel.year} 年，本部门政府采购支出共 **{money(total)}**。",
        f"In {sel.year} the department spent **{money(total)}** through government procurement.",
    )
)

# --- goods / works / services -------------------------------------------------------------------------------------
kinds = {
    "goods": tr("货物", "Goods"),
    "works": tr("工程", "Works"),
    "services": tr("服务", "Services"),
}
amounts = {key: proc.get(key) for key in kinds}
known = {key: float(value) for key, value in amounts.items() if not missing(value)}
if len(known) == 3 and known["goods"] == 0 and known["works"] == 0:
    st.markdown(
        tr(
            f"全部是**服务**采购（{wan(known['services'])}）；货物和工程采购都是 0。",
            f"All of it was **services** ({wan(known['services'])}); goods and works were both 0.",
        )
    )
elif known:
    shown_kinds = [key for key in kinds if key in known]
    fig = go.Figure(
        go.Bar(
            x=[kinds[key] for key in shown_kinds],
            y=[known[key] for key in shown_kinds],
            marker_color=charts.FINAL,
            text=[f"{known[key]:,.2f}" for key in shown_kinds],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}<br>%{y:,.2f} " + unit() + "<extra></extra>",
        )
    )
    charts.wan_axis(fig, "y")
    charts.finish(
        fig,
        tr(f"{sel.year} 年政府采购按类型（万元）", f"Procurement by kind, {sel.year} (10k yuan)"),
        SUBTITLE,
        source,
        height=380,
    )
    charts.show(fig, tr("政府采购按类型", "procurement by kind"), key="proc-kinds")
    missing_kinds = [kinds[key] for key in kinds if key not in known]
    if missing_kinds:
        st.caption(
            tr(
                f"报告没有写明{'、'.join(missing_kinds)}采购的金额。",
                f"The report does not state the amount for {', '.join(missing_kinds).lower()}.",
            )
        )

# --- small and medium firms, against the nation ----------------------------------------------------------------------
st.subheader(tr("有多少合同给了中小企业", "How much went to small and medium firms"))
national = NATIONAL_SME.get(sel.year)
sme = _share(proc.get("sme_share"), proc.get("stated_sme_share"))
small = _share(proc.get("small_micro_share_of_sme"), proc.get("stated_small_micro_share"))

if total == 0:
    st.markdown(
        tr(
            "本年度没有政府采购支出，也就谈不上授予中小企业的份额。",
            "There was no procurement this year, so there is no share to speak of.",
        )
    )
elif missing(sme):
    empty(tr("报告没有写明授予中小企业的合同金额。", "The report does not state the amount awarded to SMEs."))
else:
    if national:
        st.markdown(
            tr(
                f"本部门授予中小企业的合同金额占 **{pct(sme)}**，全国为 **{pct(national.sme_share, 1)}**。",
                f"This department awarded **{pct(sme)}** of its contract value to small and medium firms; "
                f"nationally it was **{pct(national.sme_share, 1)}**.",
            )
        )
    else:
        st.markdown(
            tr(
                f"本部门授予中小企业的合同金额占 **{pct(sme)}**。本站还没有收录全国 {sel.year} 年的数字。",
                f"This department awarded **{pct(sme)}** of its contract value to small and medium firms. "
                f"The national figure for {sel.year} is not on file yet.",
            )
        )
    if not missing(small):
        stated_small = proc.get("stated_small_micro_share")
        as_written = ""
        if not missing(stated_small) and pct(stated_small) != pct(small):
            written = _pct_stated(stated_small, proc.get("stated_small_micro_share_places"))
            as_written = tr(f"（报告写作 {written}）", f" (the report says {written})")
        nation_small = (
            tr(
                f"，全国为 **{pct(national.small_micro_share_of_sme, 1)}**",
                f"; nationally **{pct(national.small_micro_share_of_sme, 1)}**",
            )
            if national
            else ""
        )
        st.markdown(
            tr(
                f"其中给小型、微型企业的占中小企业合同金额的 **{pct(small)}**{as_written}{nation_small}。",
                f"Of the SME amount, **{pct(small)}**{as_written} went to small and micro firms{nation_small}.",
            )
        )

    categories = [tr("中小企业合同<br>占全部采购", "SMEs' share<br>of all procurement")]
    ours = [sme]
    theirs = [national.sme_share] if national else []
    if not missing(small):
        categories.append(tr("其中小微企业<br>占中小企业", "Small and micro firms'<br>share of the SME amount"))
        ours.append(small)
        if national:
            theirs.append(national.small_micro_share_of_sme)
    dept_word, nation_word = tr("本部门", "Dept."), tr("全国", "National")
    fig = go.Figure(
        go.Bar(
            x=categories,
            y=ours,
            name=tr("本部门", "This department"),
            marker_color=charts.DEPARTMENT,
            text=[f"{dept_word}<br>{pct(v)}" for v in ours],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=tr("本部门", "This department") + "<br>%{x}: %{y:.2%}<extra></extra>",
        )
    )
    if national:
        fig.add_trace(
            go.Bar(
                x=categories,
                y=theirs,
                name=tr(f"全国 {sel.year} 年", f"National, {sel.year}"),
                marker_color=charts.BENCHMARK,
                text=[f"{nation_word}<br>{pct(v, 1)}" for v in theirs],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=nation_word + "<br>%{x}: %{y:.1%}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_yaxes(title=tr("占比（%）", "Share (%)"), tickformat=".0%", range=[0, 1.1])
    charts.finish(
        fig,
        tr(f"{sel.year} 年中小企业合同占比（%）", f"Contracts awarded to SMEs, {sel.year} (%)"),
        SUBTITLE,
        source,
        height=460,
        extra_source=_national_source(national),
    )
    charts.show(fig, tr("中小企业份额与全国对比", "SME share vs national"), key="proc-sme")
    if national:
        st.caption(
            tr(
                f"红色是本部门，灰色是全国。全国数字出自{national.source_zh}。",
                f"Red is this department, grey the national figure ({national.source_en}).",
            )
        )

# --- stated vs recomputed ---------------------------------------------------------------------------------------------
st.subheader(tr("报告写的数与重新计算的数", "What the report says, and what the amounts give"))
headers = {
    "item": tr("项目", "Item"),
    "amount": tr("金额（万元）", "Amount (10k yuan)"),
    "base": tr("占比的基数", "Share of"),
    "stated": tr("报告所写占比（%）", "Share as stated (%)"),
    "computed": tr("按金额重算的占比（%）", "Share recomputed from the amounts (%)"),
    "table": tr("出处表", "Source table"),
}
of_total, of_sme = tr("政府采购支出总额", "total procurement"), tr("授予中小企业的合同金额", "the SME amount")


def _ratio(part, whole):
    return None if missing(part) or missing(whole) or float(whole) == 0 else float(part) / float(whole)


rows = [
    (tr("政府采购支出总额", "Total procurement"), total, None, None, None),
    *[
        (tr(f"其中：{name}", f"of which: {name.lower()}"), amounts[key], of_total, None, _ratio(amounts[key], total))
        for key, name in kinds.items()
    ],
    (
        tr("授予中小企业的合同", "Awarded to small and medium firms"),
        proc.get("sme_amount"),
        of_total,
        proc.get("stated_sme_share"),
        proc.get("sme_share"),
    ),
    (
        tr("其中：授予小微企业的合同", "of which: to small and micro firms"),
        proc.get("small_micro_amount"),
        of_sme,
        proc.get("stated_small_micro_share"),
        proc.get("small_micro_share_of_sme"),
    ),
]
table = pd.DataFrame(
    {
        headers["item"]: [r[0] for r in rows],
        headers["amount"]: [None if missing(r[1]) else float(r[1]) for r in rows],
        headers["base"]: [r[2] or "" for r in rows],
        headers["stated"]: [pct_number(r[3]) for r in rows],
        headers["computed"]: [pct_number(r[4]) for r in rows],
        headers["table"]: proc["source_table"],
        **{header: column.iloc[0] for header, column in source_column(pd.DataFrame([proc])).items()},
    }
)
st.dataframe(
    table,
    hide_index=True,
    key="proc-table",
    column_config={
        headers["amount"]: st.column_config.NumberColumn(format="accounting"),
        headers["stated"]: st.column_config.NumberColumn(format="%.2f"),
        headers["computed"]: st.column_config.NumberColumn(format="%.2f"),
    },
    placeholder="—",
)
# What the ETL found of the shares (etl.checks procurement_share): a share it stored no finding of agrees with
# the amounts once rounded as the report rounds.
said = queries.quality_checks(proc["report_id"])
said = said[
    (said["source_table"] == proc["source_table"]) & said["check"].isin(["procurement_share", "procurement_sum"])
]
checks = [tr_stored(m, e) for m, e in zip(said["message"], said["message_en"], strict=True)]
for name, stated, computed, places in (
    (
        tr("中小企业份额", "The SME share"),
        proc.get("stated_sme_share"),
        proc.get("sme_share"),
        "stated_sme_share_places",
    ),
    (
        tr("小微企业份额", "The small-and-micro share"),
        proc.get("stated_small_micro_share"),
        proc.get("small_micro_share_of_sme"),
        "stated_small_micro_share_places",
    ),
):
    if said["check"].eq("procurement_share").any() or missing(stated) or missing(computed):
        continue
    written = _pct_stated(stated, proc.get(places))
    checks.append(
        tr(
            f"{name}：报告写 {written}，按金额算是 {pct(computed)}，差别在报告取整的范围内。",
            f"{name}: the report says {written}, the amounts give {pct(computed)} — the same once rounded as the "
            "report rounds.",
        )
    )
for check in checks:
    st.markdown(check)
st.caption(source_note(pd.DataFrame([proc])))
downloads(table, tr(f"政府采购-{sel.year}", f"procurement-{sel.year}"), key="proc")

# --- departments ranked ----------------------------------------------------------------------------------------------
st.subheader(tr(f"{sel.year} 年各部门授予中小企业的份额", f"SME share by department, {sel.year}"))
ranked = queries.procurement_ranking(sel.year)
reports = queries.reports()
unranked = int((reports["year"] == sel.year).sum()) - len(ranked)
if len(ranked) <= 1:
    empty(
        tr(
            f"目前只有 {len(ranked)} 个部门的 {sel.year} 年决算载有政府采购数字，还没法和其他部门排名比较。",
            f"Only {len(ranked)} department's {sel.year} report has procurement figures, so there is nothing to rank "
            "it against.",
        ),
        tr(
            f"要加入其他部门，把它们的部门决算报告（Markdown 文件）放进项目目录，运行 `{INGEST_HINT}`，再刷新本页。",
            f"To add departments, put their final-accounts reports (Markdown files) in the project folder, run "
            f"`{INGEST_HINT}` and reload this page.",
        ),
    )
else:
    ranked = ranked.reset_index(drop=True)
    mine = ranked["report_id"] == sel.report_id
    fig, rows = charts.ranking(
        ranked["department"].tolist(),
        ranked["sme_share"].tolist(),
        [pct(v) for v in ranked["sme_share"]],
        mine.tolist(),
    )
    if national:
        nation_text = pct(national.sme_share, 1)
        fig.add_vline(
            x=national.sme_share,
            line_dash="dash",
            line_color="#5d6d7e",
            annotation_text=tr(f"全国 {nation_text}", f"National {nation_text}"),
            annotation_position="top",
        )
    fig.update_xaxes(
        title=tr("授予中小企业的合同占比（%）", "Share awarded to SMEs (%)"), tickformat=".0%", range=[0, 1.1]
    )
    charts.finish(
        fig,
        tr(f"{sel.year} 年各部门中小企业合同占比（%）", f"SME share by department, {sel.year} (%)"),
        tr(f"{len(ranked):,} 个部门 · {sel.year}", f"{len(ranked):,} departments · {sel.year}"),
        charts.source_line(None, sel.year, tr("政府采购支出情况说明", "procurement statement")),
        height=max(320, 150 + 52 * rows),
        extra_source=_national_source(national),
    )
    charts.show(fig, tr("各部门中小企业份额", "SME share by department"), key="proc-ranking")
    notes(
        tr(
            "红色是当前选中的部门，虚线是全国水平。",
            "Red is the department you are looking at; the dashed line is the national level.",
        ),
        charts.ranking_note(len(ranked), mine.any()),
        tr(
            f"另有 {unranked:,} 个部门没有可排名的份额（没有政府采购，或报告没有写明相关金额），未列入。",
            f"{unranked:,} more department(s) have no share to rank (no procurement, or the amounts are not stated) "
            "and are not listed.",
        )
        if unranked > 0
        else "",
    )
    rank_headers = {
        "rank": tr("名次", "Rank"),
        "department": tr("部门", "Department"),
        "total": tr("政府采购支出（万元）", "Procurement (10k yuan)"),
        "sme": tr("授予中小企业（万元）", "Awarded to SMEs (10k yuan)"),
        "share": tr("中小企业份额（%）", "SME share (%)"),
        "small": tr("其中小微企业（万元）", "of which small and micro (10k yuan)"),
        "small_share": tr("小微占中小企业（%）", "Small and micro share of SME amount (%)"),
        "table": tr("出处表", "Source table"),
    }
    rank_table = pd.DataFrame(
        {
            rank_headers["rank"]: charts.places(ranked["sme_share"].tolist()),
            rank_headers["department"]: ranked["department"],
            rank_headers["total"]: ranked["total"],
            rank_headers["sme"]: ranked["sme_amount"],
            rank_headers["share"]: (ranked["sme_share"] * 100).round(2),
            rank_headers["small"]: ranked["small_micro_amount"],
            rank_headers["small_share"]: (ranked["small_micro_share_of_sme"] * 100).round(2),
            rank_headers["table"]: ranked["source_table"],
            **source_column(ranked),
        }
    )
    money_format = st.column_config.NumberColumn(format="accounting")
    share_format = st.column_config.NumberColumn(format="%.2f")
    st.dataframe(
        rank_table,
        hide_index=True,
        key="proc-ranking-table",
        column_config={
            rank_headers["total"]: money_format,
            rank_headers["sme"]: money_format,
            rank_headers["small"]: money_format,
            rank_headers["share"]: share_format,
            rank_headers["small_share"]: share_format,
        },
        placeholder="—",
    )
    st.caption(
        tr(
            "每个部门的数字出自它自己报告里“政府采购支出情况说明”的那一行（见“出处表”“行号”两栏）。",
            "Each department's figures come from the procurement paragraph of its own report (see the source "
            "table and line columns).",
        )
    )
    downloads(
        rank_table, tr(f"各部门中小企业份额-{sel.year}", f"sme-share-by-department-{sel.year}"), key="proc-ranking"
    )
