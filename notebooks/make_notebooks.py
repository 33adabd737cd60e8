"""Writes the notebooks (saved without outputs). Run: python notebooks/make_notebooks.py"""
import os

import nbformat as nbf

SETUP = '''import json, os, pathlib, subprocess
import polars as pl

# The dabiao binary and a demo folder made by `dabiao demo --out DIR`.
BIN = os.environ.get("DABIAO_BIN", "dabiao")
DEMO = pathlib.Path(os.environ.get("DABIAO_DEMO_DIR", "../dabiao-demo")).resolve()
WAREHOUSE = DEMO / "warehouse"

def dabiao(*args):
    """Runs dabiao on the demo warehouse; exit 1 (the input has errors) still returns output."""
    r = subprocess.run([BIN, "--warehouse", str(WAREHOUSE), *args], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(r.stderr)
    return r.stdout

def table(*args):
    return pl.DataFrame(json.loads(dabiao(*args, "--format", "json")))'''

def nb(cells, title):
    n = nbf.v4.new_notebook()
    n.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    n.metadata["language_info"] = {"name": "python"}
    n.cells = [nbf.v4.new_markdown_cell(title)] + [
        nbf.v4.new_markdown_cell(c) if c.startswith("## ") else nbf.v4.new_code_cell(c)
        for c in cells
    ]
    return n

monthly = nb([
    SETUP,
    "## 1. 读取 6 月的进度表（dabiao progress --format parquet）\n\nThe progress table has one row per indicator and district; rates are fractions.",
    '''out = DEMO / "progress-2022-06.parquet"
dabiao("progress", "--as-of", "2022-06", "--format", "parquet", "-o", str(out))
p = pl.read_parquet(out)
print(p.shape)
p.select("indicator", "name", "district", "target", "actual", "completion", "gap_pp", "status").head(10)''',
    "## 2. 全市各指标状态分布 / Status counts of the city rows",
    '''city = p.filter(pl.col("district") == "全市")
city.group_by("status").len().sort("len", descending=True)''',
    "## 3. 滞后指标 / Lagging indicators, worst first",
    '''lagging = (city.filter(pl.col("status").is_in(["滞后", "严重滞后"]))
              .select("indicator", "name", "target", "actual", "completion", "gap_pp", "reporting_unit")
              .sort("gap_pp"))
lagging''',
    "## 4. 哪些责任单位滞后 / Lagging indicators per responsible unit",
    '''lagging.group_by("reporting_unit").agg(pl.len().alias("lagging"), pl.col("indicator")).sort("lagging", descending=True)''',
    "## 5. 核对 / Check the arithmetic: completion = actual / target, gap = completion − time progress",
    '''chk = city.filter((pl.col("direction") == "higher") & pl.col("target").is_not_null()
                  & pl.col("actual").is_not_null() & (pl.col("target") != 0))
assert ((chk["completion"] - chk["actual"] / chk["target"]).abs() < 1e-9).all()
assert ((chk["gap_pp"] - (chk["completion"] - chk["time_progress"]) * 100).abs() < 1e-6).all()
assert (p["time_progress"] == 0.5).all()
print(f"{chk.height} rows checked")''',
    "## 6. 按牵头单位看工作要点 / Items per lead unit (dabiao progress --by unit)",
    '''units = table("progress", "--as-of", "2022-06", "--by", "unit")
units.select("group", "items", "done", "behind", "severely_behind", "not_reported", "lagging")''',
    "## 7. 报送情况 / Who reported late or not at all",
    '''comp = table("completeness", "--as-of", "2022-06")
comp.group_by("status").len()''',
    '''comp.filter(pl.col("status") != "received")''',
    "## 8. dabiao 画的图 / The charts dabiao drew",
    '''from IPython.display import SVG, display
charts = sorted((DEMO / "charts").glob("*.svg")) if (DEMO / "charts").exists() else []
for svg in charts:
    display(SVG(filename=str(svg)))
print(f"{len(charts)} charts")''',
], "# 月度进展分析 · Monthly review\n\n用 polars 读取 `dabiao progress` 的结果，找出滞后的指标和责任单位。数据为 `dabiao demo` 生成的**合成示例数据**（非真实统计）。\n\nSet `DABIAO_DEMO_DIR` to a folder made by `dabiao demo --out DIR` and `DABIAO_BIN` to the binary.")

goals = nb([
    SETUP,
    "## 1. 规划本身没有给出目标数值 / The plan gives no numbers\n\nWithout settings every goal proxy reads `target_not_set`; dabiao never invents a figure.",
    '''g0 = table("goals")
assert (g0["category"] == "target_not_set").all()
g0.select("indicator", "name", "category", "note")''',
    "## 2. 设定基线与目标 / Setting baselines and targets\n\nThe demo's `goal-settings.csv` (synthetic) sets 2020 baselines and 2025 targets; G-07 is left unset on purpose.",
    '''settings = DEMO / "goal-settings.csv"
print(settings.read_text())''',
    '''g = table("--targets", str(settings), "goals")
g.select("indicator", "name", "baseline", "target", "latest_year", "latest", "required_rate", "actual_rate", "ratio", "category", "projected", "unsd_category")''',
    "## 3. 独立复核 / Recompute the rates independently\n\nLinear: (target − baseline) / years; growth: (target / baseline)^(1/years) − 1. Ratio = actual ÷ required; Eurostat: ≥ 0.95 on track, 0.6–0.95 moderate, 0–0.6 insufficient, < 0 moving away.",
    '''def rate(path, a, b, years):
    return (b - a) / years if path == "linear" else (b / a) ** (1 / years) - 1

def eurostat(r):
    return "on_track" if r >= 0.95 else "moderate" if r >= 0.6 else "insufficient" if r >= 0 else "moving_away"

checked = 0
for row in g.filter(pl.col("target").is_not_null()).iter_rows(named=True):
    req = rate(row["path"], row["baseline"], row["target"], row["target_year"] - row["baseline_year"])
    act = rate(row["path"], row["baseline"], row["latest"], row["latest_year"] - row["baseline_year"])
    assert abs(req - row["required_rate"]) < 1e-9 and abs(act - row["actual_rate"]) < 1e-9, row
    achieved = row["latest"] >= row["target"] if row["direction"] == "higher" else row["latest"] <= row["target"]
    assert row["category"] == ("target_achieved" if achieved else eurostat(act / req)), row
    checked += 1
print(f"{checked} goals recomputed")''',
    "## 4. 分类汇总 / Categories",
    '''g.group_by("category").len().sort("category")''',
    '''unset = g.filter(pl.col("category") == "target_not_set")
assert unset["indicator"].to_list() == ["G-07"]
unset.select("indicator", "name", "baseline", "note")''',
], "# 2025 / 2035 目标评估 · Goals\n\n对照 2025 年近期目标的代理指标：所需增速、实际增速、二者之比（欧盟统计局方法）与目标年预测值（联合国统计司方法）。基线与目标为**合成示例**，规划原文未给出数值。")

HERE = os.path.dirname(os.path.abspath(__file__))
nbf.write(monthly, os.path.join(HERE, "monthly-review.ipynb"))
nbf.write(goals, os.path.join(HERE, "goals.ipynb"))
