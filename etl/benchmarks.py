"""National figures a department's own numbers are read against, each with its source, per year; a year
without a figure whose source we can cite has none."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SmeBenchmark:
    sme_share: Decimal  # share of all government procurement awarded to SMEs
    small_micro_share_of_sme: Decimal  # share of the SME amount awarded to small and micro firms
    source_zh: str
    source_en: str


# Ministry of Finance, 2023 national government procurement summary (2023年全国政府采购简要情况).
NATIONAL_SME = {
    2023: SmeBenchmark(
        Decimal("0.744"),
        Decimal("0.625"),
        "财政部《2023年全国政府采购简要情况》",
        "Ministry of Finance, 2023 national government procurement summary",
    ),
}

# 财库〔2020〕46号 (《政府采购促进中小企业发展管理办法》, in force from 2021): of the budgets of procurement
# suitable for SMEs above the thresholds, at least 30 % reserved for them. It binds suitable projects only, so a
# department's share of all its procurement is compared with it, never judged a breach.
SME_RESERVED_SHARE = Decimal("0.30")
SME_RESERVED_SINCE = 2021
SME_RESERVED_SOURCE = ("财库〔2020〕46号", "Ministry of Finance rule 财库〔2020〕46号")
