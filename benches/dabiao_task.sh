#!/bin/sh
# The bench task done by dabiao's own pipeline, for run_bench.py's --extra:
#   dabiao_task.sh DABIAO CATALOG_DIR SRC OUT
# 1. `dabiao ingest SRC/*.xlsx` into a fresh warehouse (checked observations, Parquet + ledger),
# 2. `dabiao progress --as-of 2022-12 --ytd reported-cumulative --format csv --columns …`,
# 3. reshape.awk + sort: keep the district rows with an actual and a target, name the columns
#    指标编码,区域,报告期,累计完成,年度目标,完成率 and sort them as the bench does.
# The catalog (CATALOG_DIR, from bench_catalog.py) is written once beforehand, not timed: it is
# configuration, like the catalog a statistics office keeps.
set -eu
DABIAO=$1 CAT=$2 SRC=$3 OUT=$4
HERE=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dabiao_task.XXXXXX")
trap 'rm -rf "$work"' EXIT
rc=0
"$DABIAO" --catalog "$CAT" --warehouse "$work/warehouse" ingest "$SRC"/*.xlsx \
    --received-at 2023-01-10 --format csv --no-bom >"$work/ingest.csv" || rc=$?
# exit 1 = some rows were rejected (they are listed); 2 = could not run
[ "$rc" -le 1 ] || exit "$rc"
"$DABIAO" --catalog "$CAT" --warehouse "$work/warehouse" progress --as-of 2022-12 \
    --ytd reported-cumulative --format csv --no-bom \
    --columns indicator,district,actual_period,actual,target,completion -o "$work/progress.csv"
{
    echo "指标编码,区域,报告期,累计完成,年度目标,完成率"
    awk -f "$HERE/reshape.awk" "$work/progress.csv" | LC_ALL=C sort -t, -k1,1 -k2,2
} >"$OUT"
