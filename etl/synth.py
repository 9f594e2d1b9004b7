"""Synthetic 部门决算 reports in the bundled report's markdown template.

`python -m etl synth --departments N --years Y --out DIR [--seed S]` writes
N × Y reports that the real parser reads back with no finding above `info`:
parents sum to their children, every table agrees with the others and with
the narrative, and each stated percentage is the rounded quotient of the
figures it stands beside. They exist so the dashboard's cross-department,
ranking and year-on-year views, and the benchmarks, have thousands of
reports to work on. Every department name ends in "（示例）" so no one
mistakes them for published accounts.

All money is generated as whole 分 of 万元 (integers), so a report written in
元 (× 10,000) or 万元 converts back to exactly the figure generated. The same
seed gives the same files byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

SYNTHETIC_MARK = "（示例）"
LAST_YEAR = 2023

# 类 → (name, 款 → (name, 项 → name)). A subset of the national functional
# classification, enough for each kind of department below to look like itself.
CLASSES: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "201": (
        "一般公共服务支出",
        {
            "20103": (
                "政府办公厅（室）及相关机构事务",
                {"2010301": "行政运行", "2010302": "一般行政管理事务", "2010350": "事业运行"},
            ),
            "20137": ("网信事务", {"2013799": "其他网信事务支出"}),
        },
    ),
    "204": ("公共安全支出", {"20402": ("公安", {"2040201": "行政运行", "2040219": "信息化建设"})}),
    "205": (
        "教育支出",
        {"20502": ("普通教育", {"2050201": "学前教育", "2050202": "小学教育", "2050203": "初中教育"})},
    ),
    "206": (
        "科学技术支出",
        {"20601": ("科学技术管理事务", {"2060101": "行政运行", "2060199": "其他科学技术管理事务支出"})},
    ),
    "207": ("文化旅游体育与传媒支出", {"20701": ("文化和旅游", {"2070101": "行政运行", "2070109": "群众文化"})}),
    "208": (
        "社会保障和就业支出",
        {
            "20801": ("人力资源和社会保障管理事务", {"2080101": "行政运行", "2080109": "社会保险经办机构"}),
            "20805": ("行政事业单位养老支出", {"2080505": "机关事业单位基本养老保险缴费支出"}),
        },
    ),
    "210": (
        "卫生健康支出",
        {
            "21004": ("公共卫生", {"2100401": "疾病预防控制机构", "2100409": "重大公共卫生服务"}),
            "21011": ("行政事业单位医疗", {"2101101": "行政单位医疗", "2101102": "事业单位医疗"}),
        },
    ),
    "211": ("节能环保支出", {"21103": ("污染防治", {"2110301": "大气", "2110302": "水体"})}),
    "212": ("城乡社区支出", {"21201": ("城乡社区管理事务", {"2120101": "行政运行", "2120104": "城管执法"})}),
    "213": ("农林水支出", {"21301": ("农业农村", {"2130101": "行政运行", "2130108": "病虫害控制"})}),
    "214": ("交通运输支出", {"21401": ("公路水路运输", {"2140101": "行政运行", "2140106": "公路养护"})}),
    "221": ("住房保障支出", {"22102": ("住房改革支出", {"2210201": "住房公积金"})}),
    "224": ("灾害防治及应急管理支出", {"22401": ("应急管理事务", {"2240101": "行政运行", "2240106": "安全监管"})}),
}
# 公开01表 lists every 类 of the template in this order, used or not.
SUMMARY_CLASSES = list(CLASSES)

PLACES = ("东湖区", "南坪县", "西岭县", "北塘区", "清河市", "云溪县", "石桥区", "松林县", "白沙市", "青禾县")
# (department, its own 类, 项 that carry its projects, duties)
BUREAUS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("教育局", "205", ("2050201", "2050202", "2050203"), "负责本地区学前教育和义务教育的规划、管理和督导。"),
    ("卫生健康局", "210", ("2100401", "2100409"), "负责本地区公共卫生、疾病预防控制和医疗服务管理。"),
    ("农业农村局", "213", ("2130108",), "负责本地区农业农村发展规划、病虫害防控和农田建设。"),
    ("交通运输局", "214", ("2140106",), "负责本地区公路、水路运输管理和公路养护。"),
    ("生态环境局", "211", ("2110301", "2110302"), "负责本地区大气、水体污染防治和生态环境监测。"),
    ("文化广电和旅游局", "207", ("2070109",), "负责本地区群众文化、文化旅游市场管理和公共文化服务。"),
    ("科学技术局", "206", ("2060199",), "负责本地区科技发展规划、科技项目管理和科技成果转化。"),
    ("城市管理局", "212", ("2120104",), "负责本地区城市管理、市容环境和城管执法。"),
    ("应急管理局", "224", ("2240106",), "负责本地区应急管理、安全生产监管和防灾减灾。"),
    ("公安局", "204", ("2040219",), "负责本地区社会治安、公安信息化建设和公共安全管理。"),
    ("人力资源和社会保障局", "208", ("2080109",), "负责本地区就业创业、社会保险经办和人事人才工作。"),
    ("政务服务中心", "201", ("2010302", "2013799"), "负责本地区政务服务平台运行、政务热线和网站管理。"),
)

# Economic classification items of 公开06表 (code → name).
WAGE_ITEMS = ("30101", "30102", "30103", "30107", "30199")
WAGE_NAMES = {
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30110": "职工基本医疗保险缴费",
    "30113": "住房公积金",
    "30199": "其他工资福利支出",
}
GOODS_AND_SERVICES = (
    ("30201", "办公费"),
    ("30205", "水费"),
    ("30206", "电费"),
    ("30211", "差旅费"),
    ("30213", "维修(护)费"),
    ("30216", "培训费"),
    ("30228", "工会经费"),
    ("30229", "福利费"),
    ("30299", "其他商品和服务支出"),
)
PROJECT_WORDS = ("运行维护", "能力提升", "专项业务", "信息化建设", "设备购置", "宣传培训", "监测评估", "购买服务")
GLOSSARY = (
    ("财政拨款收入", "指单位从同级财政部门取得的财政预算资金。"),
    ("事业收入", "指事业单位开展专业业务活动及辅助活动所取得的收入。"),
    ("其他收入", "指除上述收入以外的各项收入。"),
    ("基本支出", "指单位为保障其机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("项目支出", "指单位为完成特定行政任务和事业发展目标在基本支出之外所发生的支出。"),
    ("“三公”经费", "指部门用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"),
    ("机关运行经费", "指为保障行政单位运行用于购买货物和服务的各项公用经费。"),
)
NUMERALS = "一二三四五六七八九十"
HUNDRED = Decimal(100)


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: the template's own list numbering."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def wan(cents: int) -> Decimal:
    """Whole 分 of 万元 → 万元, as the store holds it."""
    return Decimal(cents).scaleb(-2)


def percent(part: int, whole: int) -> Decimal:
    """part / whole as the report states it: a percentage to two places, rounded half up."""
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` in `parts` positive shares of random size (each ≥ 1 分 while total allows)."""
    if parts == 1:
        return [total]
    weights = [rng.uniform(0.3, 1.0) for _ in range(parts)]
    scale = sum(weights)
    shares = [max(1, int(total * w / scale)) for w in weights]
    shares[-1] = total - sum(shares[:-1])
    return shares


@dataclass(frozen=True)
class Department:
    name: str
    bureau: int  # index into BUREAUS
    unit: str  # 万元 / 元
    numbering: str  # 公开 / 表 / 附表 / none
    public_institution: bool  # 事业单位: 事业运行, no 机关运行经费
    own_income: bool  # has 事业收入 / 其他收入, so the fiscal-only tables 04/05 are left out
    scale: int  # 分 of 万元 spent in the first year


@dataclass
class Indicator:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    status: str  # met / missed / not_assessable, as the parser must read it
    reason: str = ""


@dataclass
class Project:
    name: str
    initial: int
    full_year: int
    executed: int
    carried_full_year: int  # 上年结转资金 within full_year
    carried_executed: int
    indicators: list[Indicator]


@dataclass
class SynthReport:
    """One generated report and the figures it states, in 万元 and fractions, for round-trip checks."""

    department: str
    year: int
    unit: str
    numbering: str
    filename: str
    text: str = ""
    # 项 code → (total, basic, project) in 分 of 万元
    items: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    personnel: int = 0
    public_costs: int = 0
    fiscal_income: int = 0
    business_income: int = 0
    other_income: int = 0
    procurement: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # goods, works, services, sme, small
    projects: list[Project] = field(default_factory=list)
    initial_budgets: dict[str, int] = field(default_factory=dict)  # 项 code → 年初预算

    @property
    def total(self) -> Decimal:
        return wan(sum(t for t, _, _ in self.items.values()))

    @property
    def basic(self) -> Decimal:
        return wan(sum(b for _, b, _ in self.items.values()))

    @property
    def project(self) -> Decimal:
        return wan(sum(p for _, _, p in self.items.values()))

    @property
    def perf_executed(self) -> Decimal:
        return wan(sum(p.executed for p in self.projects))

    @property
    def statuses(self) -> list[str]:
        return [i.status for p in self.projects for i in p.indicators]


def departments(count: int, rng: random.Random) -> list[Department]:
    out = []
    for k in range(count):
        cycle, slot = divmod(k, len(PLACES) * len(BUREAUS))
        # Bureaus first, so even a few departments cover several functional classes.
        place, bureau = PLACES[slot // len(BUREAUS)], slot % len(BUREAUS)
        # Past the 120 place × bureau names, further units of the same bureau.
        suffix = f"第{cycle + 1}直属单位" if cycle else ""
        out.append(
            Department(
                name=f"{place}{BUREAUS[bureau][0]}{suffix}{SYNTHETIC_MARK}",
                bureau=bureau,
                unit="元" if rng.random() < 0.25 else "万元",
                numbering=rng.choices(("公开", "表", "附表", "none"), (4, 3, 1, 2))[0],
                public_institution=rng.random() < 0.4,
                own_income=rng.random() < 0.2,
                # Log-uniform from 3 百万元 to 3 亿元: a few large departments, many small.
                scale=int(10 ** rng.uniform(2.5, 4.5) * 100),
            )
        )
    return out


def generate(count: int, years: int, seed: int = 0, last_year: int = LAST_YEAR) -> Iterator[SynthReport]:
    """Reports of `count` departments for `years` consecutive years ending in `last_year`."""
    rng = random.Random(f"openjuesuan-synth-{seed}")
    for index, dept in enumerate(departments(count, rng)):
        # Each department has its own stream, so adding departments leaves the others unchanged.
        drng = random.Random(f"openjuesuan-synth-{seed}-{index}")
        projects = [f"{dept.name.removesuffix(SYNTHETIC_MARK)}{w}项目" for w in drng.sample(PROJECT_WORDS, 6)]
        scale = dept.scale
        previous = int(scale * drng.uniform(0.8, 1.1))
        for year in range(last_year - years + 1, last_year + 1):
            scale = int(scale * drng.uniform(0.88, 1.2))
            report = _report(dept, year, scale, previous, projects, drng, f"synth-{index + 1:05d}-{year}.md")
            report.text = render(report, dept, previous)
            previous = sum(t for t, _, _ in report.items.values())
            yield report


def write(out: str | Path, count: int, years: int, seed: int = 0, last_year: int = LAST_YEAR) -> list[Path]:
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for report in generate(count, years, seed, last_year):
        path = root / report.filename
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- figures


def _report(
    dept: Department, year: int, scale: int, previous: int, names: list[str], rng: random.Random, filename: str
) -> SynthReport:
    r = SynthReport(dept.name, year, dept.unit, dept.numbering, filename)
    _, own_class, project_items, _ = BUREAUS[dept.bureau]
    basic = int(scale * rng.uniform(0.15, 0.6))
    project = scale - basic
    r.personnel = int(basic * rng.uniform(0.75, 0.92))
    r.public_costs = basic - r.personnel
    pension, medical, housing = (int(r.personnel * share) for share in (0.08, 0.05, 0.06))
    kuan = next(iter(CLASSES[own_class][1]))
    admin = next(
        (c for c in CLASSES[own_class][1][kuan][1] if c.endswith("50" if dept.public_institution else "01")), None
    )
    admin = admin or ("2010350" if dept.public_institution else "2010301")
    items: dict[str, list[int]] = {admin: [0, basic - pension - medical - housing, 0]}
    for code, amount in zip(project_items, split(project, len(project_items), rng), strict=True):
        items.setdefault(code, [0, 0, 0])[2] += amount
    items["2080505"] = [0, pension, 0]
    items["2101101" if not dept.public_institution else "2101102"] = [0, medical, 0]
    items["2210201"] = [0, housing, 0]
    r.items = {code: (b + p, b, p) for code, (_, b, p) in sorted(items.items())}

    total = scale
    if dept.own_income:
        r.business_income = int(project * rng.uniform(0.05, 0.2))
        r.other_income = int(project * rng.uniform(0.0, 0.05))
    r.fiscal_income = total - r.business_income - r.other_income

    for code in r.items:
        if _fiscal_share(r, code) > 0:
            r.initial_budgets[code] = max(1, int(_fiscal_share(r, code) * rng.uniform(0.7, 1.15)))

    proc_total = int(project * rng.uniform(0.2, 0.9)) if rng.random() > 0.1 else 0
    goods, works, services = split(proc_total, 3, rng) if proc_total else (0, 0, 0)
    # SME shares over the whole range, including none and all.
    sme = int(proc_total * rng.choice((0.0, 1.0, rng.uniform(0, 1), rng.uniform(0, 1))))
    small = int(sme * rng.uniform(0.3, 1.0))
    r.procurement = (goods, works, services, sme, small)

    budget_pool = int(project * rng.uniform(0.3, 0.9))
    count = rng.randint(1, 5)
    for name, full_year in zip(names[:count], split(budget_pool, count, rng), strict=True):
        executed = int(full_year * rng.choice((1.0, rng.uniform(0.85, 1.0), rng.uniform(0.5, 1.0))))
        carried = int(full_year * rng.uniform(0.05, 0.3)) if rng.random() < 0.2 else 0
        r.projects.append(
            Project(
                name=name,
                initial=full_year - carried if rng.random() < 0.8 else int(full_year * rng.uniform(0.7, 1.0)),
                full_year=full_year,
                executed=executed,
                carried_full_year=carried,
                carried_executed=min(carried, executed),
                indicators=_indicators(year, full_year, executed, rng),
            )
        )
    return r


def _fiscal_share(r: SynthReport, code: str) -> int:
    """The 一般公共预算财政拨款 part of a 项: all of it, less the department's own income on its largest item."""
    total = r.items[code][0]
    if code == _income_item(r):
        return total - r.business_income - r.other_income
    return total


def _income_item(r: SynthReport) -> str:
    return max(r.items, key=lambda c: (r.items[c][2], c))


def _indicators(year: int, budget: int, executed: int, rng: random.Random) -> list[Indicator]:
    """One of each kind the parser tells apart, met or missed at random; qualitative ones met or not comparable."""
    out: list[Indicator] = []
    reason = "受外部条件影响未达到年度目标，下一年度将加强进度管理。"
    if rng.random() < 0.7:
        target = budget + int(budget * rng.uniform(0, 0.1))
        out.append(
            Indicator("成本指标", "经济成本指标", "项目成本控制", f"≤{wan(target)}万元", f"{wan(executed)}万元", "met")
        )
    for name, unit in rng.sample((("服务场次", "场"), ("巡检次数", "次"), ("覆盖单位数", "个"), ("办结件数", "件")), 2):
        goal = rng.randint(5, 400)
        got = int(goal * rng.uniform(0.6, 1.6))
        status = "met" if got >= goal else "missed"
        out.append(
            Indicator(
                "产出指标", "数量指标", name, f">={goal}{unit}", f"{got}{unit}", status, reason * (status == "missed")
            )
        )
    goal = rng.choice((80, 85, 90, 95))
    got = Decimal(rng.randint(700, 1000)) / 10
    status = "met" if got >= goal else "missed"
    out.append(
        Indicator(
            "产出指标", "质量指标", "任务完成合格率", f">={goal}%", f"{got}%", status, reason * (status == "missed")
        )
    )
    late = rng.random() < 0.2
    actual = f"{year + 1}年3月31日" if late else f"{year}年{rng.randint(6, 12)}月{rng.randint(1, 28)}日"
    out.append(
        Indicator(
            "产出指标",
            "时效指标",
            "任务完成时限",
            f"{year}年12月31日",
            actual,
            "missed" if late else "met",
            reason * late,
        )
    )
    if rng.random() < 0.5:
        out.append(Indicator("效益指标", "社会效益指标", "服务水平", "有所提升", "有所提升", "met"))
    else:
        out.append(Indicator("效益指标", "社会效益指标", "社会影响", "持续提升", "基本达到预期", "not_assessable"))
    goal = rng.choice((85, 90, 95))
    got = Decimal(rng.randint(800, 1000)) / 10
    status = "met" if got >= goal else "missed"
    out.append(
        Indicator(
            "满意度指标",
            "服务对象满意度指标",
            "服务对象满意度",
            f"≥{goal}%",
            f"{got}%",
            status,
            reason * (status == "missed"),
        )
    )
    return out


# --------------------------------------------------------------------------- text


class _Writer:
    def __init__(self, r: SynthReport) -> None:
        self.r = r
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines += [line, ""]

    def money(self, cents: int, blank_zero: bool = True) -> str:
        """A table cell in the report's unit, with thousands separators."""
        if cents == 0 and blank_zero:
            return ""
        value = wan(cents) if self.r.unit == "万元" else Decimal(cents * 100)
        return f"{value:,.2f}"

    def says(self, cents: int) -> str:
        """A figure in the narrative: no separators, unit attached."""
        value = wan(cents) if self.r.unit == "万元" else Decimal(cents * 100)
        return f"{value:.2f} {self.r.unit}" if cents else f"0 {self.r.unit}"

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append("|" + "---|" * len(header))
        for row in rows:
            self.lines.append("| " + " | ".join(row) + " |")
        self.lines.append("")

    def title(self, number: int, title: str) -> None:
        """A table's title block in the department's numbering style."""
        style = self.r.numbering
        if style == "公开":
            self.add(title, f"公开{number:02d}表", f"单位：{self.r.unit}", f"部门：{self.r.department}")
        elif style in ("表", "附表"):
            self.add(f"{style}{number} {title}", f"部门：{self.r.department}", f"单位：{self.r.unit}")
        else:
            self.add(title, f"编制单位：{self.r.department}", f"单位：{self.r.unit}")


def render(r: SynthReport, dept: Department, previous: int) -> str:
    w = _Writer(r)
    year = r.year
    duties = BUREAUS[dept.bureau][3]
    w.add(f"{year} 年度", r.department, "部门决算")
    w.add("第一部分 部门概况", "一、部门职责", duties, "二、机构设置及部门决算单位构成")
    w.add(
        f"{r.department}为{'事业' if dept.public_institution else '行政'}单位，本报告为合成的示例数据，所有数字均为虚构。"
    )
    w.add(f"第二部分 {year} 年度部门决算表")
    _summary_table(w)
    _income_table(w)
    _spending_table(w)
    if not dept.own_income:
        _fiscal_summary_table(w)
        _gpb_table(w)
    _economic_table(w)
    if r.numbering == "公开":
        _empty_fund_tables(w)
    _three_public_table(w)
    _performance_tables(w)
    _narrative(w, dept, previous)
    w.add("第四部分 名词解释")
    w.add(*(f"{numeral(k)}、**{term}**：{text}" for k, (term, text) in enumerate(GLOSSARY, start=1)))
    return "\n".join(w.lines).rstrip() + "\n"


def _class_rows(r: SynthReport, amounts) -> list[tuple[str, str, int, list[int]]]:
    """(code, name, depth, column sums) for every 类, 款 and 项 the report uses, parents before children."""
    rows = []
    for cls, (cname, kuans) in CLASSES.items():
        used = [c for c in r.items if c.startswith(cls)]
        if not used:
            continue
        rows.append((cls, cname, 0, _sum(amounts(c) for c in used)))
        for kuan, (kname, xiangs) in kuans.items():
            under = [c for c in used if c.startswith(kuan)]
            if under:
                rows.append((kuan, kname, 1, _sum(amounts(c) for c in under)))
                rows += [(c, xiangs[c], 2, amounts(c)) for c in under]
    return rows


def _sum(columns) -> list[int]:
    return [sum(values) for values in zip(*columns, strict=True)]


def _summary_table(w: _Writer) -> None:
    r = w.r
    w.title(1, "收入支出决算总表")
    income = [
        ("一、一般公共预算财政拨款收入", r.fiscal_income),
        ("二、政府性基金预算财政拨款收入", 0),
        ("三、国有资本经营预算财政拨款收入", 0),
        ("四、上级补助收入", 0),
        ("五、事业收入", r.business_income),
        ("六、经营收入", 0),
        ("七、附属单位上缴收入", 0),
        ("八、其他收入", r.other_income),
    ]
    by_class = {cls: sum(r.items[c][0] for c in r.items if c.startswith(cls)) for cls in SUMMARY_CLASSES}
    expense = [(f"{numeral(k)}、{CLASSES[c][0]}", by_class[c]) for k, c in enumerate(SUMMARY_CLASSES, start=1)]
    total = sum(by_class.values())
    tail_in = [
        ("本年收入合计", total),
        ("使用非财政拨款结余（含专用结余）", 0),
        ("年初结转和结余", 0),
        ("", 0),
        ("总计", total),
    ]
    tail_out = [("本年支出合计", total), ("结余分配", 0), ("年末结转和结余", 0), ("", 0), ("总计", total)]
    left = income + [("", 0)] * (len(expense) - len(income)) + tail_in
    right = expense + tail_out
    rows = [["项目", "行次", "金额", "项目", "行次", "金额"]]
    for k, ((li, la), (ri, ra)) in enumerate(zip(left, right, strict=True)):
        rows.append([li, str(k + 1), w.money(la), ri, str(len(left) + k + 1), w.money(ra)])
    w.table(["收入", "", "", "支出", "", ""], rows)


def _income_table(w: _Writer) -> None:
    r = w.r
    w.title(2, "收入决算表")
    own = _income_item(r)

    def amounts(code: str) -> list[int]:
        total = r.items[code][0]
        business, other = (r.business_income, r.other_income) if code == own else (0, 0)
        return [total, total - business - other, business, other]

    rows = _class_rows(r, amounts)
    head = [
        "科目代码",
        "科目名称",
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ]
    body = [["合计", "", *_income_cells(w, _sum(v for _, _, depth, v in rows if depth == 0))]]
    body += [[code, name, *_income_cells(w, values)] for code, name, _, values in rows]
    w.table(head, body)


def _income_cells(w: _Writer, values: list[int]) -> list[str]:
    total, fiscal, business, other = values
    return [w.money(total), w.money(fiscal), "", w.money(business), "", "", w.money(other)]


def _spending_table(w: _Writer) -> None:
    r = w.r
    w.title(3, "支出决算表")
    rows = _class_rows(r, lambda c: list(r.items[c]))
    total = _sum(v for _, _, depth, v in rows if depth == 0)
    head = [
        "科目代码",
        "科目名称",
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ]
    body = [["合计", "", *(w.money(v) for v in total), "", "", ""]]
    body += [[code, name, *(w.money(v) for v in values), "", "", ""] for code, name, _, values in rows]
    w.table(head, body)


def _gpb_split(r: SynthReport, code: str) -> list[int]:
    """(total, basic, personnel, public, project) of a 项 in 公开05表."""
    total, basic, project = r.items[code]
    public = r.public_costs if basic and code[:3] not in ("208", "221") and code[:5] != "21011" else 0
    return [total, basic, basic - public, public, project]


def _fiscal_summary_table(w: _Writer) -> None:
    r = w.r
    w.title(4, "财政拨款收入支出决算总表")
    by_class = {cls: sum(r.items[c][0] for c in r.items if c.startswith(cls)) for cls in SUMMARY_CLASSES}
    total = sum(by_class.values())
    left = [("一、一般公共预算财政拨款", total), ("二、政府性基金预算财政拨款", 0), ("三、国有资本经营预算财政拨款", 0)]
    right = [(f"{numeral(k)}、{CLASSES[c][0]}", by_class[c]) for k, c in enumerate(SUMMARY_CLASSES, start=1)]
    left += [("", 0)] * (len(right) - len(left))
    left += [("本年收入合计", total), ("年初结转和结余", 0), ("总计", total)]
    right += [("本年支出合计", total), ("年末结转和结余", 0), ("总计", total)]
    rows = [
        [
            "项目",
            "行次",
            "金额",
            "项目",
            "行次",
            "合计",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
        ]
    ]
    for k, ((li, la), (ri, ra)) in enumerate(zip(left, right, strict=True)):
        rows.append([li, str(k + 1), w.money(la), ri, str(len(left) + k + 1), w.money(ra), w.money(ra), "", ""])
    w.table(["收入", "", "", "支出", "", "", "", "", ""], rows)


def _gpb_table(w: _Writer) -> None:
    r = w.r
    w.title(5, "一般公共预算财政拨款支出决算表")
    rows = _class_rows(r, lambda c: _gpb_split(r, c))
    total = _sum(v for _, _, depth, v in rows if depth == 0)
    head = ["科目代码", "科目名称", "合计", "基本支出小计", "人员经费", "公用经费", "项目支出"]
    body = [["合计", "", *(w.money(v) for v in total)]]
    body += [[code, name, *(w.money(v) for v in values)] for code, name, _, values in rows]
    w.table(head, body)


def _economic_table(w: _Writer) -> None:
    r = w.r
    w.title(6, "一般公共预算财政拨款基本支出决算明细表")
    rng = random.Random(f"{r.department}-{r.year}-economic")
    pension, medical, housing = (int(r.personnel * share) for share in (0.08, 0.05, 0.06))
    rest = r.personnel - pension - medical - housing
    retirees = int(rest * rng.uniform(0, 0.1))
    # The social-insurance lines are the same money as the 208/210/221 项 of 公开03表.
    wages = dict(zip(WAGE_ITEMS, split(rest - retirees, len(WAGE_ITEMS), rng), strict=True))
    wages.update({"30108": pension, "30110": medical, "30113": housing})
    personnel = [("301", "工资福利支出", sum(wages.values()))]
    personnel += [(code, WAGE_NAMES[code], wages[code]) for code in sorted(wages)]
    if retirees:
        personnel += [("303", "对个人和家庭的补助", retirees), ("30302", "退休费", retirees)]
    equipment = int(r.public_costs * rng.uniform(0, 0.15)) if r.public_costs > 100 else 0
    goods = split(r.public_costs - equipment, len(GOODS_AND_SERVICES), rng)
    public = [("302", "商品和服务支出", sum(goods))]
    public += [(c, n, a) for (c, n), a in zip(GOODS_AND_SERVICES, goods, strict=True)]
    capital = [("310", "资本性支出", equipment), ("31002", "办公设备购置", equipment)] if equipment else []
    groups = [personnel, public, capital]
    height = max(len(g) for g in groups)
    rows = [["人员经费", "", "", "公用经费", "", "", "", "", ""]]
    rows.append(["科目编码", "科目名称", "决算数"] * 3)
    for k in range(height):
        row: list[str] = []
        for group in groups:
            code, name, amount = group[k] if k < len(group) else ("", "", 0)
            row += [code, name, w.money(amount)]
        rows.append(row)
    rows.append(["人员经费合计", "", w.money(r.personnel), "公用经费合计", "", "", "", "", w.money(r.public_costs)])
    w.table(rows[0], rows[1:])


def _empty_fund_tables(w: _Writer) -> None:
    """公开07/08表 as the template prints them when a department has no such funds."""
    w.title(7, "政府性基金预算财政拨款收入支出决算表")
    w.table(
        ["科目代码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
        [["", "合计", "", "", "", ""]],
    )
    w.title(8, "国有资本经营预算财政拨款支出决算表")
    w.table(["科目代码", "科目名称", "合计", "基本支出", "项目支出"], [["", "合计", "", "", ""]])


def _three_public(r: SynthReport) -> tuple[list[int], list[int]]:
    """(budget, final) of the six 三公 columns: 合计, 出国, 用车小计, 购置, 运行, 接待."""
    rng = random.Random(f"{r.department}-{r.year}-three-public")
    cap = max(r.public_costs // 4, 0)
    budget = [
        0,
        int(cap * rng.uniform(0, 0.2)) * (rng.random() < 0.3),
        0,
        0,
        int(cap * rng.uniform(0.1, 0.5)),
        int(cap * rng.uniform(0, 0.2)),
    ]
    if rng.random() < 0.15:
        budget[3] = int(cap * rng.uniform(0.2, 0.5))
    final = [int(b * rng.uniform(0.6, 1.0)) for b in budget]
    for row in (budget, final):
        row[2] = row[3] + row[4]
        row[0] = row[1] + row[2] + row[5]
    return budget, final


def _three_public_table(w: _Writer) -> None:
    budget, final = _three_public(w.r)
    w.title(9, "财政拨款“三公”经费支出决算表")
    head = ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""]
    labels = ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"]
    rows = [labels * 2, ["", "", "小计", "公务用车购置费", "公务用车运行费", ""] * 2, [str(k) for k in range(1, 13)]]
    rows.append([w.money(v, blank_zero=False) for v in budget + final])
    w.table(head, rows)


def _performance_tables(w: _Writer) -> None:
    r = w.r
    w.add("十、部门预算项目支出绩效自评表")
    for p in r.projects:
        fiscal = (p.initial, p.full_year - p.carried_full_year, p.executed - p.carried_executed)
        carried = (0, p.carried_full_year, p.carried_executed)
        rows = [
            ["项目名称", p.name, "", "", "", "", ""],
            ["实施单位", r.department, "", "", "", "", ""],
            [f"资金情况 ({r.unit})", "项目资金", "年初预算数", "全年预算数", "全年执行数", "执行率", ""],
        ]
        for label, (initial, full, done) in (
            ("当年财政拨款", fiscal),
            ("上年结转资金", carried),
            ("其他资金", (0, 0, 0)),
            ("年度资金总和", (p.initial, p.full_year, p.executed)),
        ):
            rate = f"{percent(done, full)}%" if full else "0.00%"
            rows.append(["", label, *(w.money(v, blank_zero=False) for v in (initial, full, done)), rate, ""])
        rows.append(["年度总体目标", "预期目标", "", "", "实际完成情况", "", ""])
        rows.append(["", f"按期完成{p.name}各项任务。", "", "", "已按计划完成年度任务。", "", ""])
        rows.append(
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施"]
        )
        level1 = level2 = ""
        for i in p.indicators:
            rows.append(
                [
                    "",
                    i.level1 if i.level1 != level1 else "",
                    i.level2 if i.level2 != level2 else "",
                    i.name,
                    i.target,
                    i.actual,
                    i.reason,
                ]
            )
            level1, level2 = i.level1, i.level2
        w.add("项目支出绩效自评表")
        w.table(["项目支出绩效自评表", "", "", "", "", "", ""], rows)


def _narrative(w: _Writer, dept: Department, previous: int) -> None:
    r = w.r
    year, s = r.year, w.says
    total = sum(t for t, _, _ in r.items.values())
    basic = sum(b for _, b, _ in r.items.values())
    project = total - basic
    w.add(f"第三部分 {year} 年度部门决算情况说明", "一、收入支出决算总体情况说明")
    change = total - previous
    if change:
        direction, growth = ("增加", "增长") if change > 0 else ("减少", "下降")
        w.add(
            f"{year} 年度收、支总计均为 {s(total)}。与 {year - 1} 年度相比，收、支总计各{direction} {s(abs(change))}，"
            f"{growth} {percent(abs(change), previous)}%。主要原因：业务量变化。"
        )
    else:
        w.add(f"{year} 年度收、支总计均为 {s(total)}，与 {year - 1} 年度持平。")
    w.add("二、收入决算情况说明")
    parts = [f"财政拨款收入 {s(r.fiscal_income)}，占 {percent(r.fiscal_income, total)}%"]
    if r.business_income:
        parts.append(f"事业收入 {s(r.business_income)}，占 {percent(r.business_income, total)}%")
    parts.append(f"其他收入 {s(r.other_income)}，占 {percent(r.other_income, total)}%")
    w.add(f"本年收入合计 {s(total)}，其中：{'；'.join(parts)}。")
    w.add("三、支出决算情况说明")
    w.add(
        f"本年支出合计 {s(total)}，其中：基本支出 {s(basic)}，占 {percent(basic, total)}%；"
        f"项目支出 {s(project)}，占 {percent(project, total)}%；基本支出中，人员经费 {s(r.personnel)}，"
        f"占 {percent(r.personnel, basic)}%；公用经费 {s(r.public_costs)}，占 {percent(r.public_costs, basic)}%。"
    )
    w.add("四、财政拨款收入支出决算总体情况说明", f"{year} 年度财政拨款收、支总计均为 {s(r.fiscal_income)}。")
    w.add("五、一般公共预算财政拨款支出决算情况说明", "（一）一般公共预算财政拨款支出决算总体情况")
    w.add(
        f"{year} 年度一般公共预算财政拨款支出 {s(r.fiscal_income)}，占本年支出合计的 {percent(r.fiscal_income, total)}%。"
    )
    w.add("（二）一般公共预算财政拨款支出决算结构情况")
    classes = [(CLASSES[c][0], sum(_fiscal_share(r, i) for i in r.items if i.startswith(c))) for c in CLASSES]
    used = [f"{name} {s(v)}，占 {percent(v, r.fiscal_income)}%" for name, v in classes if v]
    w.add(f"{year} 年度一般公共预算财政拨款支出 {s(r.fiscal_income)}，主要用于以下方面：{'；'.join(used)}。")
    w.add("（三）一般公共预算财政拨款支出决算具体情况")
    initial_total = sum(r.initial_budgets.values())
    w.add(
        f"{year} 年度一般公共预算财政拨款支出年初预算为 {s(initial_total)}，支出决算为 {s(r.fiscal_income)}，"
        f"完成年初预算的 {percent(r.fiscal_income, initial_total)}%。其中："
    )
    for k, (code, initial) in enumerate(r.initial_budgets.items(), start=1):
        final = _fiscal_share(r, code)
        cls, (_, kuans) = code[:3], CLASSES[code[:3]]
        kname, xiangs = kuans[code[:5]]
        path = f"{CLASSES[cls][0].removesuffix('支出')}（类）{kname.removesuffix('支出')}（款）{xiangs[code].removesuffix('支出')}（项）"
        why = ""
        if final != initial:
            more = "大于" if final > initial else "小于"
            why = f"决算数{more}预算数的主要原因是：年度中{'追加' if final > initial else '调减'}了相关经费。"
        w.add(
            f"{k}. {path}。年初预算为 {s(initial)}，支出决算为 {s(final)}，完成年初预算的 {percent(final, initial)}%。{why}"
        )
    w.add("六、一般公共预算财政拨款基本支出决算情况说明")
    w.add(f"{year} 年度一般公共预算财政拨款基本支出 {s(basic)}，其中：")
    w.add(f"人员经费 {s(r.personnel)}，主要包括：基本工资、津贴补贴、奖金、绩效工资、社会保障缴费、住房公积金。")
    w.add(f"公用经费 {s(r.public_costs)}，主要包括：办公费、水电费、差旅费、维修（护）费、培训费、工会经费、福利费。")
    w.add("七、政府性基金预算财政拨款收入支出决算情况说明", "无政府性基金预算财政拨款收入支出。")
    w.add("八、国有资本经营预算财政拨款支出决算情况说明", "无国有资本经营预算财政拨款支出。")
    w.add("九、财政拨款“三公”经费支出决算情况说明", "（一）“三公”经费财政拨款支出决算总体情况说明")
    budget, final = _three_public(r)

    def done(b: int, f: int) -> str:
        return f"完成预算的 {percent(f, b)}%" if b else "完成预算的 0%"

    w.add(
        f"{year}年度“三公”经费财政拨款支出预算为 {s(budget[0])}，支出决算为 {s(final[0])}，{done(budget[0], final[0])}。"
    )
    w.add("（二）“三公”经费财政拨款支出决算具体情况说明")
    for k, (label, col) in enumerate(
        (("因公出国（境）费", 1), ("公务用车购置及运行费", 2), ("公务接待费", 5)), start=1
    ):
        w.add(f"{k}. {label}预算为 {s(budget[col])}，支出决算为 {s(final[col])}，{done(budget[col], final[col])}。")
    w.add("十、绩效评价情况说明")
    executed = sum(p.executed for p in r.projects)
    named = "、".join(f"“{p.name}”" for p in r.projects[:2])
    w.add(
        f"根据预算绩效管理要求，本部门组织对 {year} 年度一般公共预算{named}等 {len(r.projects)} 个二级项目"
        f"全面开展绩效自评，共涉及资金 {s(executed)}，绩效自评率为 100%。"
    )
    w.add("十一、其他重要事项情况说明", "（一）机关运行经费执行情况说明")
    if dept.public_institution:
        w.add(f"{r.department}为事业单位，无机关运行经费支出。")
    else:
        w.add(f"{year} 年度机关运行经费支出 {s(r.public_costs)}，主要用于办公、水电、差旅等日常公用支出。")
    w.add("（二）政府采购支出情况说明")
    goods, works, services, sme, small = r.procurement
    proc = goods + works + services
    if proc:
        small_share = f"{percent(small, sme)}%" if sme else "0%"
        w.add(
            f"{year} 年度政府采购支出总额 {s(proc)}，其中：政府采购货物支出 {s(goods)}、政府采购工程支出 {s(works)}、"
            f"政府采购服务支出 {s(services)}。授予中小企业合同金额 {s(sme)}，占政府采购支出总额的 "
            f"{percent(sme, proc)}%，其中：授予小微企业合同金额 {s(small)}，占授予中小企业合同金额的 {small_share}。"
        )
    else:
        w.add(f"{year} 年度本部门未发生政府采购支出。")
    w.add("（三）国有资产占用情况说明")
    rng = random.Random(f"{r.department}-{r.year}-assets")
    w.add(
        f"截至 {year} 年 12 月 31 日，{r.department}共有车辆 {rng.randint(0, 12)} 辆；"
        f"单位价值 100 万元（含）以上设备（不含车辆）{rng.randint(0, 8)} 台（套）。"
    )
