#!/usr/bin/env python3
"""Time the peers on generated data sets: wall seconds and peak RSS.

(Copied from the shared bench harness (/work/shared/bench/run_bench.py), with three changes: the
peers and compare.py are found in --bench-dir; an --extra whose name ends in `!` (the floor) is
timed but its output is not compared, since it computes nothing; and the summary adds the
ratios of every --extra to every peer by median wall time, CPU time and peak RSS.)

usage: run_bench.py DATADIR [DATADIR ...] [--runs 3] [--peers pandas,polars,duckdb]
                    [--extra NAME='CMD {src} {out}'] [--md table.md]

Each peer runs as its own process under /usr/bin/time (elapsed wall time,
user+system CPU time and maximum resident set size of the process), --runs times per data set, one
after the other.  After every run its output CSV is checked against
DATADIR/expected.csv with compare.py; a run whose result differs is reported
as FAIL.  --extra adds another command to time the same way (for example the
Rust CLI); {src} is replaced by the data folder and {out} by the CSV it must
write.  Run it with the interpreter of the environment that has the peers'
packages installed.
"""
import argparse
import datetime as dt
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

HERE = os.environ.get("BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))


def timed(cmd, log):
    tf = tempfile.NamedTemporaryFile(prefix="bench_time_", delete=False)
    tf.close()
    try:
        p = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %M %U %S"] + cmd,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        log.write(p.stdout)
        with open(tf.name) as f:
            last = f.read().strip().splitlines()[-1]
        wall, rss_kb, user, sys_ = last.split()
        return p.returncode, float(wall), int(rss_kb), float(user) + float(sys_), p.stdout.strip()
    finally:
        os.unlink(tf.name)


def main():
    ap = argparse.ArgumentParser(description="time the peers")
    ap.add_argument("datadirs", nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", default="pandas,polars,duckdb")
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=CMD")
    ap.add_argument("--md", help="append the markdown table rows to this file")
    ap.add_argument("--log", default=os.devnull, help="write the commands' output here")
    ap.add_argument("--bench-dir", default=HERE, help="folder of the peers and compare.py")
    a = ap.parse_args()
    here = a.bench_dir

    cmds = []
    for p in [x for x in a.peers.split(",") if x]:
        cmds.append((p, [sys.executable, os.path.join(here, f"peer_{p}.py"), "{src}", "{out}"]))
    for e in a.extra:
        name, _, c = e.partition("=")
        cmds.append((name, shlex.split(c)))

    today = dt.date.today().isoformat()
    rows = []
    with open(a.log, "a") as log, tempfile.TemporaryDirectory(prefix="bench_out_") as tmp:
        for d in a.datadirs:
            n_files = len([f for f in os.listdir(d) if f.endswith(".xlsx")])
            label = os.path.basename(os.path.normpath(d))
            for name, tmpl in cmds:
                out = os.path.join(tmp, f"{label}_{name}.csv")
                cmd = [t.replace("{src}", d).replace("{out}", out) for t in tmpl]
                walls, rsss, cpus, ok = [], [], [], True
                for i in range(a.runs):
                    load = os.getloadavg()[0]
                    rc, wall, rss, cpu, text = timed(cmd, log)
                    if name.endswith("!"):
                        cmp = subprocess.CompletedProcess([], 0, "", "")
                    else:
                        cmp = subprocess.run([sys.executable, os.path.join(here, "compare.py"),
                                              os.path.join(d, "expected.csv"), out],
                                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                             text=True)
                    good = rc == 0 and cmp.returncode == 0
                    ok = ok and good
                    walls.append(wall)
                    rsss.append(rss)
                    cpus.append(cpu)
                    print(f"{label:>8} {name:>8} run {i + 1}: {wall:7.2f} s  cpu {cpu:7.2f} s  {rss / 1024:7.1f} MiB"
                          f"  load1 {load:4.2f}  {'ok' if good else 'FAIL'}  | {text.splitlines()[-1] if text else ''}",
                          flush=True)
                    if not good:
                        print(cmp.stdout, flush=True)
                    os.path.exists(out) and os.unlink(out)
                rows.append((today, label, n_files, name.rstrip("!"), a.runs, min(walls),
                             statistics.median(walls), statistics.median(cpus), max(rsss) / 1024,
                             ("n/a" if name.endswith("!") else "yes" if ok else "NO")))

    head = ("| date | data set | files | peer | runs | min wall s | median wall s | median CPU s "
            "| peak RSS MiB | result = expected |\n"
            "|---|---|---:|---|---:|---:|---:|---:|---:|---|")
    lines = [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]:.2f} | {r[6]:.2f} | {r[7]:.2f} "
             f"| {r[8]:.0f} | {r[9]} |"
             for r in rows]
    print()
    print(head)
    print("\n".join(lines))
    extras = [e.partition("=")[0].rstrip("!") for e in a.extra]
    peers = [p for p in a.peers.split(",") if p]
    ratio_lines = ["", "| data set | ratio | wall | CPU | peak RSS |", "|---|---|---:|---:|---:|"]
    by = {(r[1], r[3]): r for r in rows}
    for d in a.datadirs:
        label = os.path.basename(os.path.normpath(d))
        for x in extras:
            for p in [e for e in extras if e != x] + peers:
                if (label, x) in by and (label, p) in by:
                    rx, rp = by[(label, x)], by[(label, p)]
                    ratio_lines.append(f"| {label} | {x} ÷ {p} | {rx[6] / rp[6]:.3f} "
                                       f"| {rx[7] / max(rp[7], 1e-9):.3f} | {rx[8] / rp[8]:.3f} |")
    print("\n".join(ratio_lines))
    if a.md:
        with open(a.md, "a") as f:
            f.write("\n".join(lines) + "\n" + "\n".join(ratio_lines) + "\n")
    return 0 if all(r[9] != "NO" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
