"""National figures a department's own numbers are read against: the ETL's, which its flags measure by."""

from etl.benchmarks import NATIONAL_SME, SmeBenchmark

__all__ = ["NATIONAL_SME", "SmeBenchmark"]
