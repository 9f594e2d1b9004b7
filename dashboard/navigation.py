"""The dashboard's pages: file, menu title in Chinese and English, icon and URL path, in menu order; the first is
the default page, at /. app.py builds the menu from it, and a link names the page it goes to by it."""

from __future__ import annotations

from dashboard.i18n import tr

PAGES = [
    ("pages/overview.py", "总览", "Overview", ":material/home:", ""),
    ("pages/spending.py", "支出结构", "Spending", ":material/account_tree:", "spending"),
    ("pages/budget.py", "预算执行", "Budget vs final", ":material/balance:", "budget"),
    ("pages/performance.py", "项目绩效", "Performance", ":material/task_alt:", "performance"),
    ("pages/procurement.py", "政府采购", "Procurement", ":material/storefront:", "procurement"),
    ("pages/compare.py", "部门比较", "Across departments", ":material/compare_arrows:", "compare"),
    ("pages/flags.py", "值得关注", "Flags", ":material/flag:", "flags"),
    ("pages/data.py", "数据与来源", "Data & sources", ":material/dataset:", "data"),
    ("pages/check.py", "发布前自检", "Check a draft", ":material/fact_check:", "check"),
]


def title(page: str) -> str:
    """The menu title of the page at `page` (pages/spending.py), in the reader's language."""
    zh, en = next((zh, en) for path, zh, en, _, _ in PAGES if path == page)
    return tr(zh, en)
