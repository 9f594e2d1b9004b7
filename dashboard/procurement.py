"""政府采购 in sentences and figures: what the department bought, how much of it went to small and medium firms
beside the nation, what the ETL found of the shares the report states, and the departments ranked.

The page judges nothing: a stated share is said to agree with its amounts only where etl.checks stored no
finding of it (it compares them rounded as the report rounds, with the decimals it stored)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts
from dashboard.columns import Col
from dashboard.fmt import missing, money, pct, pct_number, unit, wan
from dashboard.i18n import tr, tr_stored
from dashboard.layout import source_column
from dashboard.units import PERCENT, WAN, as_percent
from etl.benchmarks import SmeBenchmark
from etl.flags import RULES

KINDS = {"goods": ("货物", "Goods"), "works": ("工程", "Works"), "services": ("服务", "Services")}
# Each share the report states: what the page calls it, its column as stated and as recomputed from the amounts.
SHARES = (
    (("中小企业份额", "The SME share"), "stated_sme_share", "sme_share"),
    (("小微企业份额", "The small-and-micro share"), "stated_small_micro_share", "small_micro_share_of_sme"),
)


def no_statement() -> tuple[str, str]:
    """What the page says of a report without a procurement statement, and where to look."""
    return tr(
        "这份报告里没有读出政府采购支出的说明，本页暂无内容。",
        "No statement on government procurement was read from this report, so there is nothing to show.",
    ), tr(
        "部门决算报告一般在“其他重要事项情况说明”里写明政府采购支出总额和授予中小企业的合同金额。"
        "如果这份报告里有这段话，请到“数据与来源”页查看读取时的检查结果。",
        "Reports usually state total procurement and the amount awarded to small and medium firms under "
        "“other important matters” (其他重要事项情况说明). If this one does, the data-quality page shows what went "
        "wrong reading it.",
    )


def spent(year: int, total: float) -> str:
    return tr(
        f"{year} 年，本部门政府采购支出共 **{money(total)}**。",
        f"In {year} the department spent **{money(total)}** through government procurement.",
    )


# --- goods, works, services ----------------------------------------------------------------------------------------


def kinds(proc: dict) -> dict[str, float]:
    """The amounts of goods, works and services the report states, in that order; a kind it leaves out is absent."""
    return {key: float(proc[key]) for key in KINDS if not missing(proc.get(key))}


def all_services(known: dict[str, float]) -> str:
    """The sentence that stands in for a chart of two empty bars; "" unless goods and works are both stated 0."""
    if len(known) < len(KINDS) or known["goods"] or known["works"]:
        return ""
    return tr(
        f"全部是**服务**采购（{wan(known['services'])}）；货物和工程采购都是 0。",
        f"All of it was **services** ({wan(known['services'])}); goods and works were both 0.",
    )


def _columns(x: list, y: list, colour: str, text: list[str], hover: str, name: str | None = None) -> go.Bar:
    """Upright bars, each with its figure printed above it."""
    return go.Bar(
        x=x,
        y=y,
        name=name,
        marker_color=colour,
        text=text,
        textposition="outside",
        cliponaxis=False,
        hovertemplate=hover,
    )


def kinds_chart(known: dict[str, float], table: str) -> charts.Chart:
    """Each stated kind as an upright bar in 万元."""
    amounts = list(known.values())
    fig = go.Figure(
        _columns(
            [tr(*KINDS[key]) for key in known],
            amounts,
            charts.FINAL,
            [f"{v:,.2f}" for v in amounts],
            "%{x}<br>%{y:,.2f} " + unit() + "<extra></extra>",
        )
    )
    charts.wan_axis(fig, "y")
    return charts.Chart(fig, "政府采购按类型", "Procurement by kind", WAN, table, 380)


def unstated(known: dict[str, float]) -> str:
    """The kinds the report gives no amount for; "" when it gives them all."""
    lacking = [tr(*names) for key, names in KINDS.items() if key not in known]
    if not lacking:
        return ""
    return tr(
        f"报告没有写明{'、'.join(lacking)}采购的金额。",
        f"The report does not state the amount for {', '.join(lacking).lower()}.",
    )


# --- small and medium firms, against the nation -----------------------------------------------------------------------


def shares(proc: dict) -> tuple:
    """The SME share of all procurement and the small-and-micro share of the SME amount: each recomputed from the
    amounts, or as the report states it when the amounts are missing."""
    return tuple(proc.get(stated if missing(proc.get(key)) else key) for _, stated, key in SHARES)


def none_bought() -> str:
    return tr(
        "本年度没有政府采购支出，也就谈不上授予中小企业的份额。",
        "There was no procurement this year, so there is no share to speak of.",
    )


def _as_stated(proc: dict, stated_key: str) -> str:
    """A stated share with the decimals the report wrote it with (stored by the ETL): 13%, 3.02%."""
    places = proc.get(f"{stated_key}_places")
    return pct(proc.get(stated_key), 2 if missing(places) else int(places))


def _per_hundred(share) -> str:
    """A share as yuan of every 100: "约 3 元", "不到 1 元", "全部"."""
    yuan = float(share) * 100
    if yuan >= 99.5:
        return tr("几乎全部", "nearly all")
    if yuan < 0.5:
        return tr("不到 1 元", "less than 1")
    return tr(f"约 {yuan:.0f} 元", f"about {yuan:.0f}")


def sme_said(sme, national: SmeBenchmark | None, year: int) -> str:
    """The SME share, beside the nation's when the year's is on file, then in yuan of every 100 spent."""
    if national:
        return tr(
            f"本部门授予中小企业的合同金额占 **{pct(sme)}**，全国为 **{pct(national.sme_share, 1)}**。"
            f"也就是说，本部门每 100 元的采购合同，{_per_hundred(sme)}给了中小企业；"
            f"全国平均是{_per_hundred(national.sme_share)}。",
            f"This department awarded **{pct(sme)}** of its contract value to small and medium firms; "
            f"nationally it was **{pct(national.sme_share, 1)}**. In other words, of every 100 yuan of its "
            f"contracts {_per_hundred(sme)} went to SMEs; nationally, {_per_hundred(national.sme_share)}.",
        )
    return tr(
        f"本部门授予中小企业的合同金额占 **{pct(sme)}**，也就是每 100 元的采购合同，{_per_hundred(sme)}给了中小企业。"
        f"本站还没有收录全国 {year} 年的数字。",
        f"This department awarded **{pct(sme)}** of its contract value to small and medium firms: of every 100 "
        f"yuan, {_per_hundred(sme)}. The national figure for {year} is not on file yet.",
    )


def small_said(proc: dict, small, national: SmeBenchmark | None) -> str:
    """The small-and-micro share of the SME amount, as the report writes it where that reads otherwise, and the
    nation's; "" when there is none."""
    if missing(small):
        return ""
    stated = proc.get("stated_small_micro_share")
    as_written = ""
    if not missing(stated) and pct(stated) != pct(small):
        written = _as_stated(proc, "stated_small_micro_share")
        as_written = tr(f"（报告写作 {written}）", f" (the report says {written})")
    nation = ""
    if national:
        nation = tr(
            f"，全国为 **{pct(national.small_micro_share_of_sme, 1)}**",
            f"; nationally **{pct(national.small_micro_share_of_sme, 1)}**",
        )
    return tr(
        f"其中给小型、微型企业的占中小企业合同金额的 **{pct(small)}**{as_written}{nation}。",
        f"Of the SME amount, **{pct(small)}**{as_written} went to small and micro firms{nation}.",
    )


def national_source(national: SmeBenchmark | None) -> str | None:
    """The benchmark's source as extra line(s) under a chart, short enough for a phone; None without one."""
    if national is None:
        return None
    return tr(f"全国：{national.source_zh}", f"National: {national.source_en.replace(', ', ',<br>', 1)}")


def sme_chart(sme, small, national: SmeBenchmark | None, year: int, table: str) -> charts.Chart:
    """The department's shares beside the nation's: SMEs of all procurement, small and micro firms of the SME
    amount (when stated)."""
    categories = [tr("中小企业合同<br>占全部采购", "SMEs' share<br>of all procurement")]
    ours, theirs = [sme], [national.sme_share] if national else []
    if not missing(small):
        categories.append(tr("其中小微企业<br>占中小企业", "Small and micro firms'<br>share of the SME amount"))
        ours.append(small)
        theirs += [national.small_micro_share_of_sme] if national else []
    dept_word, nation_word = tr("本部门", "Dept."), tr("全国", "National")
    this = tr("本部门", "This department")
    fig = go.Figure(
        _columns(
            categories,
            ours,
            charts.DEPARTMENT,
            [f"{dept_word}<br>{pct(v)}" for v in ours],
            this + "<br>%{x}: %{y:.2%}<extra></extra>",
            this,
        )
    )
    if national:
        fig.add_trace(
            _columns(
                categories,
                theirs,
                charts.BENCHMARK,
                [f"{nation_word}<br>{pct(v, 1)}" for v in theirs],
                nation_word + "<br>%{x}: %{y:.1%}<extra></extra>",
                tr(f"全国 {year} 年", f"National, {year}"),
            )
        )
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_yaxes(title=tr("占比（%）", "Share (%)"), tickformat=".0%", range=[0, 1.1])
    return charts.Chart(
        fig,
        "中小企业合同占比",
        "Contracts awarded to SMEs",
        PERCENT,
        table,
        460,
        extra_source=national_source(national),
    )


def colours(national: SmeBenchmark | None) -> str:
    """What the colours of the SME chart stand for, and the benchmark's source; "" without a benchmark."""
    if not national:
        return ""
    return tr(
        f"红色是本部门，灰色是全国。全国数字出自{national.source_zh}。",
        f"Red is this department, grey the national figure ({national.source_en}).",
    )


# --- stated and recomputed -------------------------------------------------------------------------------------------


def _ratio(part, whole):
    return None if missing(part) or missing(whole) or float(whole) == 0 else float(part) / float(whole)


def stated_cols(proc: dict) -> list[Col]:
    """The statement's amounts, each share as the report writes it beside the share its amounts give."""
    total = float(proc["total"])
    of_total, of_sme = tr("政府采购支出总额", "total procurement"), tr("授予中小企业的合同金额", "the SME amount")
    rows = [
        (tr("政府采购支出总额", "Total procurement"), total, "", None, None),
        *[
            (tr(f"其中：{zh}", f"of which: {en.lower()}"), proc.get(key), of_total, None, _ratio(proc.get(key), total))
            for key, (zh, en) in KINDS.items()
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
    items, amounts, bases, stated, computed = zip(*rows, strict=True)
    return [
        Col("项目", "Item", list(items), pinned=True),
        Col("金额", "Amount", [None if missing(v) else float(v) for v in amounts], WAN),
        Col("占比的基数", "Share of", list(bases)),
        Col("报告所写占比", "Share as stated", [pct_number(v) for v in stated], PERCENT),
        Col("按金额重算的占比", "Share recomputed from the amounts", [pct_number(v) for v in computed], PERCENT),
    ]


def checked(proc: dict, findings: pd.DataFrame) -> list[str]:
    """What the ETL found of the statement's shares and sums (etl.checks), in the reader's language; where it
    stored no finding of the shares, each stated share beside its recomputed one, the same once rounded."""
    said = findings[findings["source_table"] == proc["source_table"]]
    said = said[(said["check"] == "procurement_share") | (said["check"] == "procurement_sum")]
    out = [tr_stored(m, e) for m, e in zip(said["message"], said["message_en"], strict=True)]
    if (said["check"] == "procurement_share").any():
        return out
    for (zh, en), stated_key, key in SHARES:
        if missing(proc.get(stated_key)) or missing(proc.get(key)):
            continue
        written, computed = _as_stated(proc, stated_key), pct(proc.get(key))
        out.append(
            tr(
                f"{zh}：报告写 {written}，按金额算是 {computed}，差别在报告取整的范围内。",
                f"{en}: the report says {written}, the amounts give {computed} — the same once rounded as the "
                "report rounds.",
            )
        )
    return out


# --- departments ranked ------------------------------------------------------------------------------------------------


def too_few(count: int, year: int) -> tuple[str, str]:
    """What the page says when no other department's share is loaded: in plain words, no commands (those are
    in the README, for whoever runs the dashboard)."""
    return tr(
        f"目前只有 {count} 个部门的 {year} 年决算载有政府采购数字，还没法和其他部门排名比较。",
        f"Only {count} department's {year} report has procurement figures, so there is nothing to rank it against.",
    ), tr(
        "看板载入更多部门的报告后，这里会按中小企业份额给各部门排名。",
        "Once more departments' reports are loaded, they are ranked here by their SME share.",
    )


def ranking_chart(ranked: pd.DataFrame, report_id: str, national: SmeBenchmark | None, year: int) -> charts.Chart:
    """queries.procurement_ranking as `charts.ranking` draws it, `report_id`'s department in red, a dashed line at
    the nation's share."""
    fig, rows = charts.ranking(
        ranked["department"].tolist(),
        ranked["sme_share"].tolist(),
        [pct(v) for v in ranked["sme_share"]],
        (ranked["report_id"] == report_id).tolist(),
    )
    if national:
        nation = pct(national.sme_share, 1)
        fig.add_vline(
            x=national.sme_share,
            line_dash="dash",
            line_color="#5d6d7e",
            annotation_text=tr(f"全国 {nation}", f"National {nation}"),
            annotation_position="top",
        )
    fig.update_xaxes(
        title=tr("授予中小企业的合同占比（%）", "Share awarded to SMEs (%)"), tickformat=".0%", range=[0, 1.1]
    )
    return charts.Chart(
        fig,
        "各部门中小企业合同占比",
        "SME share by department",
        PERCENT,
        tr("政府采购支出情况说明", "procurement statement"),
        max(320, 150 + 52 * rows),
        subtitle=tr(f"{len(ranked):,} 个部门 · {year}", f"{len(ranked):,} departments · {year}"),
        across=True,
        extra_source=national_source(national),
    )


def ranking_notes(ranked: pd.DataFrame, report_id: str, loaded: int) -> tuple[str, str, str]:
    """The notes under the ranking: its colours, which departments it draws, and how many of the `loaded`
    reports of the year have no share to rank ("" for what does not apply)."""
    unranked = loaded - len(ranked)
    return (
        tr(
            "红色是当前选中的部门，虚线是全国水平。",
            "Red is the department you are looking at; the dashed line is the national level.",
        ),
        charts.ranking_note(len(ranked), bool((ranked["report_id"] == report_id).any())),
        tr(
            f"另有 {unranked:,} 个部门没有可排名的份额（没有政府采购，或报告没有写明相关金额），未列入。",
            f"{unranked:,} more department(s) have no share to rank (no procurement, or the amounts are not stated) "
            "and are not listed.",
        )
        if unranked > 0
        else "",
    )


def ranking_cols(ranked: pd.DataFrame) -> list[Col]:
    """The ranking as a table: each department's amounts and shares, with its rank (equal shares, equal rank)."""
    return [
        Col("名次", "Rank", charts.places(ranked["sme_share"].tolist()), format="%d", pinned=True),
        Col("部门", "Department", ranked["department"], width="medium", pinned=True),
        Col("政府采购支出", "Procurement", ranked["total"], WAN),
        Col("授予中小企业", "Awarded to SMEs", ranked["sme_amount"], WAN),
        Col("中小企业份额", "SME share", as_percent(ranked["sme_share"]), PERCENT),
        Col("其中小微企业", "of which small and micro", ranked["small_micro_amount"], WAN),
        Col(
            "小微占中小企业",
            "Small and micro share of SME amount",
            as_percent(ranked["small_micro_share_of_sme"]),
            PERCENT,
        ),
    ]


def ranking_source(ranked: pd.DataFrame) -> str:
    """Where each department's figures come from: its own report, named row by row."""
    where = next(iter(source_column(ranked)))
    return tr(
        f"每个部门的数字出自它自己报告里“政府采购支出情况说明”的那一行（见“来源表”“{where}”两栏）。",
        f"Each department's figures come from the procurement paragraph of its own report (see the “Source table” "
        f"and “{where}” columns).",
    )


def flagged(flags: pd.DataFrame) -> list[str]:
    """What the stored SME flags (etl.flags) say of the share, in plain words, each with its question."""
    return [
        f"**{tr(RULES[code].name, RULES[code].name_en)}**{tr('：', ': ')}{tr(RULES[code].asks, RULES[code].asks_en)}"
        for code in flags["flag"]
        if code.startswith("sme_") and code in RULES
    ]


WHAT_SMES_ARE = (
    "中小企业指按国家《中小企业划型标准规定》划为中型、小型、微型的企业。政府采购中授予它们的份额，"
    "反映公共采购的钱有多少给了中小企业，是国家扶持中小企业的政策重点。",
    "Small and medium enterprises are firms classed as medium, small or micro under the national size standards; "
    "the share of public procurement awarded to them is how far public money reaches them, a stated policy aim.",
)
