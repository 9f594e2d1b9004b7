"""National figures a department's own numbers are read against."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SmeBenchmark:
    sme_share: float  # share of all government procurement awarded to SMEs
    small_micro_share_of_sme: float  # share of the SME amount awarded to small and micro firms
    source_zh: str
    source_en: str


# Ministry of Finance, 2023 national government procurement summary (2023年全国政府采购简要情况).
NATIONAL_SME = {
    2023: SmeBenchmark(
        0.744,
        0.625,
        "财政部《2023年全国政府采购简要情况》",
        "Ministry of Finance, 2023 national government procurement summary",
    ),
}
