#!/usr/bin/env bash
# The same training, run RUNS times: every run must give the same batch losses, bit for bit (a
# seed and a thread count fix every number). A run that differs, or stops on a NaN loss, means a
# step computed something else once: a race or memory read after it was freed, not noise.
# The JVM's young generation is kept small so that garbage collections come every few steps,
# which is what set off the use-after-free found on 2026-11-23 (docs/RESULTS.md).
#
#   bench/determinism.sh [RUNS=6] [train options...]   e.g. bench/determinism.sh 6 --model fast
#
# Default training: s6, 1 epoch on 10,000 images, 2 threads.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-6}"
shift || true
options=("$@")
[[ ${#options[@]} -gt 0 ]] || options=(--model s6)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "CPU: $(lscpu | grep 'Model name' | cut -d: -f2 | xargs); train ${options[*]}, $runs runs"
differ=0
for run in $(seq "$runs"); do
  status=0
  BACKPROP_LAB_JAVA_OPTS="${BACKPROP_LAB_JAVA_OPTS:--Xmn2m}" "$here/backprop-lab" train \
    --epochs 1 --limit 10000 --threads 2 "${options[@]}" --out "$work/run-$run" \
    > "$work/run-$run.log" 2>&1 || status=$?
  if [[ $status -ne 0 ]]; then
    echo "run $run: exit $status: $(tail -1 "$work/run-$run.log")"
    differ=$((differ + 1))
  elif [[ $run -gt 1 ]] && ! cmp -s "$work/run-1/batch-loss.csv" "$work/run-$run/batch-loss.csv"; then
    echo "run $run: other batch losses than run 1, first at line" \
      "$(cmp "$work/run-1/batch-loss.csv" "$work/run-$run/batch-loss.csv" | awk '{print $NF}')"
    differ=$((differ + 1))
  else
    same=""
    [[ $run -gt 1 ]] && same=", identical to run 1"
    echo "run $run: $(wc -l < "$work/run-$run/batch-loss.csv") lines$same"
  fi
done
echo "$differ of $runs runs differed"
[[ $differ -eq 0 ]]
