"""The Fiscal Data Package and the parquet zip, built without Streamlit from a store of the bundled report."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard import datapackage as dp
from etl.load import MANIFEST
from etl.model import TABLES

FIELD_TYPES = {"string", "integer", "number", "boolean", "date", "datetime"}


@pytest.fixture(scope="module")
def package(store):
    archive = zipfile.ZipFile(io.BytesIO(dp.package_zip(store[1])))
    descriptor = json.loads(archive.read("datapackage.json"))
    return descriptor, archive


def rows(archive, table):
    return list(csv.DictReader(io.StringIO(archive.read(dp.resource_path(table)).decode("utf-8"))))


def test_descriptor_structure(package):
    descriptor, archive = package
    assert descriptor["profile"] == "fiscal-data-package"
    assert {"name", "title", "resources", "model"} <= descriptor.keys()
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        assert all(f["type"] in FIELD_TYPES for f in fields), resource["name"]
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        assert header == [f["name"] for f in fields], resource["name"]
        assert "year" in header


def test_model_measures_and_dimensions(package):
    descriptor, _ = package
    fields = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in descriptor["resources"]}
    measures = descriptor["model"]["measures"]
    assert measures["amount"] == measures["amount"] | {
        "source": "total",
        "resource": "spending_by_function",
        "currency": "CNY",
        "factor": 10000,
        "direction": "expenditure",
        "phase": "executed",
    }
    for name, measure in measures.items():
        assert (measure["currency"], measure["factor"]) == ("CNY", 10000), name
        assert measure["source"] in fields[measure["resource"]], name
    dimensions = descriptor["model"]["dimensions"]
    functional = dimensions["functional_classification"]
    assert (functional["dimensionType"], functional["classificationType"]) == ("classification", "functional")
    assert functional["attributes"]["code"]["parent"] == "parent_code"
    assert functional["attributes"]["name"]["labelfor"] == "code"
    economic = dimensions["economic_classification"]
    assert economic["classificationType"] == "economic"
    assert economic["attributes"]["category"]["source"] == "category"
    assert dimensions["administrator"]["attributes"]["department"]["resource"] == "reports"
    assert dimensions["fiscal_year"]["attributes"]["year"]["source"] == "year"
    for dimension in dimensions.values():
        keys = dimension["primaryKey"]
        assert set(keys) <= dimension["attributes"].keys()
        for attribute in dimension["attributes"].values():
            assert attribute["source"] in fields[attribute["resource"]]
            for ref in ("parent", "labelfor"):
                assert attribute.get(ref) in (None, *dimension["attributes"]), ref


def test_csvs_carry_exact_money(package):
    _, archive = package
    totals = rows(archive, "table_totals")
    spending_total = next(
        r
        for r in totals
        if r["source_table"] == "公开03表 支出决算表" and r["item"] == "合计" and r["column"] == "total"
    )
    assert spending_total["amount"] == "42590.81"
    classes = [r for r in rows(archive, "spending_by_function") if r["level"] == "类"]
    assert sum(Decimal(r["total"]) for r in classes) == Decimal("42590.81")
    economic = rows(archive, "basic_spending_by_economic")
    assert {r["category"] for r in economic} == {"人员经费", "公用经费"}
    report = rows(archive, "reports")[0]
    assert report["year"] == "2023" and report["loaded_at"].endswith("Z")


def test_sources_name_the_file_and_hash(package, store):
    descriptor, _ = package
    [source] = descriptor["sources"]
    assert source["path"] == "jilin-zwfw-szhjs-2023.md" and len(source["sha256"]) == 64
    assert descriptor["fiscalPeriod"] == {"start": "2023-01-01", "end": "2023-12-31"}
    assert descriptor["version"] == dp.manifest(store[1])["version"]


def test_parquet_zip_holds_every_table(store):
    archive = zipfile.ZipFile(io.BytesIO(dp.parquet_zip(store[1])))
    names = set(archive.namelist())
    assert MANIFEST in names
    for table in TABLES:
        assert f"{table}/year=2023/data.parquet" in names
    assert not [n for n in names if n.startswith(".staging")]
    data = pq.read_table(io.BytesIO(archive.read("spending_by_function/year=2023/data.parquet")))
    assert data.num_rows == 16


def test_builds_without_streamlit():
    code = "import sys, dashboard.datapackage; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)
