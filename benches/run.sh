#!/usr/bin/env bash
# dabiao side by side with what statisticians use today (pandas, polars, DuckDB), plus a floor.
# Not part of CI (minutes, and the figures depend on the machine). See benches/README.md.
#
#   benches/run.sh [--runs N] [--sets small,large] [--peers pandas,polars,duckdb]
#
# Environment (defaults in brackets):
#   BENCH_DIR         the peer harness: generator, peers, compare.py [benches/peers, a copy of /work/shared/bench]
#   VENV              venv for the peers, created when missing [$HOME/.venvs/dabiao-bench]
#   DATA              generated data sets, outside the repo [$HOME/benchdata]
#   CARGO_TARGET_DIR  cargo's target folder [target]
set -euo pipefail
RUNS=3
SETS=small,large
PEERS=pandas,polars,duckdb
while [ $# -gt 0 ]; do
    case $1 in
        --runs) RUNS=$2; shift 2 ;;
        --sets) SETS=$2; shift 2 ;;
        --peers) PEERS=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--sets small,large] [--peers pandas,polars,duckdb]" >&2; exit 2 ;;
    esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
BENCH_DIR=${BENCH_DIR:-$HERE/peers}
VENV=${VENV:-$HOME/.venvs/dabiao-bench}
DATA=${DATA:-$HOME/benchdata}
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
export BENCH_DIR

# 1. The peers' environment.
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$BENCH_DIR/requirements.txt"
fi
PY=$VENV/bin/python

# 2. The data sets (deterministic; regenerated only when missing).
gen() { # name units rows
    if [ ! -f "$DATA/$1/expected.csv" ]; then
        echo "generating $1 ..." >&2
        "$PY" "$BENCH_DIR/gen_submissions.py" --units "$2" --months 12 --rows "$3" --out "$DATA/$1"
    fi
}
dirs=()
for s in ${SETS//,/ }; do
    case $s in
        small) gen small 30 40 ;;
        large) gen large 300 60 ;;
        *) echo "unknown set $s" >&2; exit 2 ;;
    esac
    # 3. dabiao's catalog for the set (configuration: written once, not timed).
    "$PY" "$HERE/bench_catalog.py" "$DATA/$s" "$DATA/catalog-$s" >&2
    dirs+=("$DATA/$s")
done

# 4. dabiao and the floor, release builds.
(cd "$REPO" && cargo build --release --bin dabiao --example floor)
DABIAO=$TARGET/release/dabiao
FLOOR=$TARGET/release/examples/floor

# 5. One run: the three peers, dabiao and the floor, each as its own process, --runs times,
#    every output checked against expected.csv (the floor's excepted: it computes nothing).
#    {src} is the data folder; the catalog folder is found beside it.
mkdir -p "$DATA/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
"$PY" "$HERE/run_bench.py" "${dirs[@]}" --runs "$RUNS" --bench-dir "$BENCH_DIR" --peers "$PEERS" \
    --extra "dabiao=bash -c '$HERE/dabiao_task.sh $DABIAO \$(dirname {src})/catalog-\$(basename {src}) {src} {out}'" \
    --extra "floor!=$FLOOR {src} {out}" \
    --log "$DATA/results/$stamp.log" --md "$DATA/results/$stamp.md"
echo "results: $DATA/results/$stamp.md"
