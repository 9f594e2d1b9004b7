"""值得关注: the flags of every department of the year, the questions a journalist asks first (etl.flags), with
the thresholds they were measured against; a link may ask for other thresholds (?t_over_initial_budget=2)."""

from __future__ import annotations

import streamlit as st

from dashboard import components, flags, layout, queries
from dashboard.columns import Col
from dashboard.i18n import tr, tr_stored
from dashboard.state import current, offered_departments
from etl.flags import RULES

sel = current()
layout.heading(
    tr("值得关注", "Flags"),
    sel,
    tr(
        f"{sel.year} 年各部门报告中值得多看一眼的数字：不一定是错误，而是记者和读者首先会问的问题。"
        "每一条都写明量了什么、和什么标准比较、出自报告哪一行。",
        f"The figures worth a second look in each department's {sel.year} report: not errors, but the questions "
        "a journalist or reader asks first. Each says what was measured, against what, and where in the report.",
    ),
)

# A province's year trips tens of thousands of flags: the table lists this many, filters narrow it in SQL.
SHOWN = 1000

thresholds = flags.thresholds_from(st.query_params)
left, right = st.columns(2)
with left:
    chosen = components.kept_in_url(
        st.multiselect,
        tr("问题", "Question"),
        list(RULES),
        param="flag",
        key="flags-rules",
        format_func=flags.rule_name,
        placeholder=tr("全部", "All"),
    )
with right:
    departments = components.kept_in_url(
        st.multiselect,
        tr("部门", "Department"),
        offered_departments(
            queries.department_count(),
            [*st.session_state.get("flags-depts", components.asked("depts", "flags-depts")), sel.department],
            "flags-find",
        ),
        param="depts",
        key="flags-depts",
        placeholder=tr("全部", "All"),
    )
chosen, departments = tuple(chosen or ()), tuple(departments or ())
count, touched = queries.flags_counted(sel.year, thresholds, chosen, departments)
rows = queries.flags_across(sel.year, thresholds, chosen, departments, limit=SHOWN)

if rows.empty:
    components.empty(
        tr(
            f"{sel.year} 年没有符合所选条件的数字。",
            f"No figure of {sel.year} meets the chosen questions and departments.",
        ),
        tr("可以清空上面的筛选，或换一个年度。", "Clear the filters above, or pick another year."),
    )
else:
    st.markdown(
        tr(
            f"共 **{count:,}** 条，涉及 **{touched:,}** 个部门。点击表头可排序。",
            f"**{count:,}** flags across **{touched:,}** department(s). Click a header to sort.",
        )
        + (
            tr(
                f"下表按部门列出前 {SHOWN:,} 条（下载的也是这些）；按问题或部门筛选，可以看到其余的。",
                f" The table lists the first {SHOWN:,} by department (and so does the download); choose questions "
                "or departments to see the others.",
            )
            if count > len(rows)
            else ""
        )
    )
    components.table(
        [
            # a phone shows the first two columns: what is asked and its figure; the department comes after
            Col("问题", "Question", [flags.rule_name(code) for code in rows["flag"]]),
            Col("测量值", "Measured", [flags.shown(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)]),
            Col("所量的项", "Item measured", rows["item"], width="medium"),
            Col("部门", "Department", rows["department"]),
            Col(
                "比较的标准",
                "Against",
                [
                    flags.shown(thresholds.get(code, t), u)
                    for code, t, u in zip(rows["flag"], rows["threshold"], rows["unit"], strict=True)
                ],
            ),
            Col(
                "详情",
                "Detail",
                [tr_stored(m, e) for m, e in zip(rows["message"], rows["message_en"], strict=True)],
                width="large",
            ),
            Col("源文件", "Source file", rows["source_file"]),
            Col("源文件 SHA-256", "Source file SHA-256", rows["source_sha256"]),
        ],
        rows,
        key="flags",
        report_ids=rows["report_id"],
        file=layout.file_name(tr("值得关注", "flags"), None, sel.year),
    )
    for page in sorted({flags.page_of(code) for code in rows["flag"]}):
        label = {
            "pages/budget.py": tr("到“预算执行”看各项明细", "Item by item on Budget vs final"),
            "pages/procurement.py": tr("到“政府采购”看中小企业份额", "The SME share on Procurement"),
            "pages/performance.py": tr("到“项目绩效”看各项指标", "Each indicator on Performance"),
        }[page]
        layout.link(page, label, ":material/arrow_forward:", sel)

with st.expander(tr("这些问题和标准", "The questions and their thresholds"), icon=":material/help:"):
    for code, rule in RULES.items():
        default = tr("当年全国水平", "the year's national share") if code == "sme_below_national" else ""
        used = thresholds.get(code, rule.threshold)
        standard = default or flags.shown(used, rule.unit)
        st.markdown(
            f"- **{tr(rule.name, rule.name_en)}**（{tr('标准', 'threshold')} {standard}）：{tr(rule.asks, rule.asks_en)}"
        )
    st.caption(
        tr(
            "在链接后加上 ?t_规则名=数值 可以换一个标准，如 ?t_over_initial_budget=2 表示决算超过年初预算的 200% 才列出。",
            "Add ?t_<rule>=<value> to the link for another threshold: ?t_over_initial_budget=2 lists finals above "
            "200 % of the initial budget only.",
        )
    )
