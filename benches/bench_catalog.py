#!/usr/bin/env python3
"""Write a dabiao catalog folder for a data set made by the bench's gen_submissions.py.

usage: bench_catalog.py DATADIR OUTDIR [--bench-dir /work/shared/bench]

The catalog is what a statistician would author for these submissions: one indicator per code
in DATADIR/targets.csv, reported per district, with that district's annual target. Names and
units of measurement come from the generator's own definition (`indicator_meta`), so that
dabiao's name and unit checks see the catalog the workbooks were filled against.

Kind: `flow`. 本月完成 is the month's increment and 累计完成 the running year-to-date sum of
those increments (the generator builds cumulative[m] = cumulative[m-1] + monthly[m]), which is
exactly dabiao's flow measure. The bench's reading ("latest reported 累计完成") is then asked
for explicitly with `dabiao progress --ytd reported-cumulative`.
"""
import argparse
import csv
import os
import sys

DISTRICTS = [("EC", "鄂城区", "区"), ("HR", "华容区", "区"), ("LZH", "梁子湖区", "区"),
             ("GD", "葛店开发区", "功能区"), ("LK", "临空经济区", "功能区")]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("datadir")
    ap.add_argument("outdir")
    ap.add_argument("--bench-dir", default=os.environ.get("BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers")))
    ap.add_argument("--seed", default="20220630")
    ap.add_argument("--year", type=int, default=2022)
    a = ap.parse_args()
    sys.path.insert(0, a.bench_dir)
    import gen_submissions as gen  # noqa: E402  (the generator defines names and units)

    targets = {}  # code -> [(district, target text)]
    with open(os.path.join(a.datadir, "targets.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            targets.setdefault(row["指标编码"], []).append((row["区域"], row["年度目标"]))

    # Who reports what: pair p = indicator * 5 + district belongs to unit p // rows.
    units = {f.split("_")[1] for f in os.listdir(a.datadir) if f.endswith(".xlsx")}
    n_pairs = sum(len(v) for v in targets.values())
    rows = max(1, n_pairs // max(1, len(units)))

    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "districts.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("code,name,type,aliases\n")
        for code, name, kind in DISTRICTS:
            f.write(f"{code},{name},{kind},\n")
    with open(os.path.join(a.outdir, "units.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("name,type,aliases\n")
        for u in range(max(1, len(units))):
            f.write(f"{gen.unit_name(u)},市直部门,\n")
    out = [
        "[plan]",
        'name = "基准测试目录"',
        'region = "鄂州市"',
        f"year = {a.year}",
        "",
        "[[sections]]",
        "no = 1",
        'title = "基准测试"',
        "",
    ]
    for code in sorted(targets):
        block, num = code[1:].split("-")
        i = (int(block) - 1) * 99 + int(num) - 1
        name, unit, _, _ = gen.indicator_meta(a.seed, i)
        assert gen.indicator_code(i) == code, code
        ts = ", ".join(f"{{ year = {a.year}, scope = {toml_str(d)}, value = {v} }}"
                       for d, v in targets[code])
        out += [
            "[[indicators]]",
            f"code = {toml_str(code)}",
            f"name = {toml_str(name)}",
            f"unit = {toml_str(unit)}",
            'kind = "flow"',
            "by_district = true",
            f"reporter = {toml_str(gen.unit_name(i * len(DISTRICTS) // rows))}",
            f"targets = [{ts}]",
            f"source = {toml_str(name)}",
            "",
        ]
    with open(os.path.join(a.outdir, "plan.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(f"catalog: {len(targets)} indicators -> {a.outdir}")


if __name__ == "__main__":
    main()
