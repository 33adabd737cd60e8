#!/usr/bin/env python3
"""dabiao progress CSV -> the bench's column layout (standard library only).

usage: reshape.py PROGRESS_CSV OUT_CSV

Keeps district rows (not 全市) that have both an actual and a target (the bench's inner join),
maps indicator,district,actual_period,actual,target,completion to
指标编码,区域,报告期,累计完成,年度目标,完成率 with 报告期 the month's last day, and sorts by
指标编码 then 区域 in code point order.
"""
import calendar
import csv
import sys


def month_end(ym):
    y, m = int(ym[:4]), int(ym[5:7])
    return "%04d-%02d-%02d" % (y, m, calendar.monthrange(y, m)[1])


def main():
    src, out = sys.argv[1], sys.argv[2]
    rows = []
    with open(src, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["district"] == "全市" or not r["actual"] or not r["target"] or not r["actual_period"]:
                continue
            rows.append((r["indicator"], r["district"], month_end(r["actual_period"]),
                         r["actual"], r["target"], r["completion"]))
    rows.sort(key=lambda t: (t[0], t[1]))
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["指标编码", "区域", "报告期", "累计完成", "年度目标", "完成率"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
