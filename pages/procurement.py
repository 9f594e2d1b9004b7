"""政府采购: what the department bought, and how much of it went to small and medium firms, beside the nation.

The page judges nothing: what it says of the shares the report states is what the ETL stored
(dashboard.procurement)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import components, layout, procurement, queries
from dashboard.fmt import missing
from dashboard.i18n import tr
from dashboard.state import current
from etl.benchmarks import NATIONAL_SME

sel = current()
layout.heading(tr("政府采购", "Government procurement"), sel)

proc = queries.procurement(sel.report_id)
if not proc or missing(proc.get("total")):
    components.nothing_to_show(*procurement.no_statement())

total, table = float(proc["total"]), proc["source_table"]
st.markdown(procurement.spent(sel.year, total))

# --- goods / works / services -------------------------------------------------------------------------------------

known = procurement.kinds(proc)
if sentence := procurement.all_services(known):
    st.markdown(sentence)
elif known:
    components.chart(procurement.kinds_chart(known, table), key="proc-kinds")
    layout.notes(procurement.unstated(known))

# --- small and medium firms, against the nation ----------------------------------------------------------------------

st.subheader(tr("有多少合同给了中小企业", "How much went to small and medium firms"))
national = NATIONAL_SME.get(sel.year)
sme, small = procurement.shares(proc)
if total == 0:
    st.markdown(procurement.none_bought())
elif missing(sme):
    components.empty(
        tr("报告没有写明授予中小企业的合同金额。", "The report does not state the amount awarded to SMEs."), ""
    )
else:
    st.markdown(procurement.sme_said(sme, national, sel.year))
    for sentence in procurement.flagged(queries.flags(proc["report_id"])):
        st.markdown(sentence)
    st.caption(tr(*procurement.WHAT_SMES_ARE))
    if sentence := procurement.small_said(proc, small, national):
        st.markdown(sentence)
    components.chart(procurement.sme_chart(sme, small, national, sel.year, table), key="proc-sme")
    layout.notes(procurement.colours(national))

# --- stated vs recomputed ---------------------------------------------------------------------------------------------

st.subheader(tr("报告写的数与重新计算的数", "What the report says, and what the amounts give"))
for sentence in procurement.checked(proc, queries.quality_checks(proc["report_id"])):
    st.markdown(sentence)
components.table(
    procurement.stated_cols(proc),
    pd.DataFrame([proc]),
    key="proc",
    file=layout.file_name(tr("政府采购", "procurement"), sel.department, sel.year),
)

# --- departments ranked ----------------------------------------------------------------------------------------------

st.subheader(tr(f"{sel.year} 年各部门授予中小企业的份额", f"SME share by department, {sel.year}"))
ranked = queries.procurement_ranking(sel.year).reset_index(drop=True)
if len(ranked) <= 1:
    components.empty(*procurement.too_few(len(ranked), sel.year))
else:
    components.chart(procurement.ranking_chart(ranked, sel.report_id, national, sel.year), key="proc-ranking")
    loaded = queries.report_count(sel.year)
    layout.notes(*procurement.ranking_notes(ranked, sel.report_id, loaded))
    components.table(
        procurement.ranking_cols(ranked),
        ranked,
        key="proc-ranking",
        report_ids=ranked["report_id"],
        file=layout.file_name(tr("各部门中小企业份额", "sme_share_by_department"), None, sel.year),
        note=procurement.ranking_source(ranked),
        scattered=True,
    )
