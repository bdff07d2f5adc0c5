#!/usr/bin/env bash
# The experiments behind docs/RESULTS.md, each re-runnable by name.
#
#   bench/experiments.sh list                 the rows and their commands
#   bench/experiments.sh run NAME [NAME...]   train them, one after another, into runs/experiments/
#   bench/experiments.sh table                the Markdown table of every finished row
#
# Rows run one after another on purpose: two trainings on 2 cores would slow each other and make
# the seconds per epoch meaningless.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${EXPERIMENTS_DIR:-$here/runs/experiments}"

declare -A ROWS
for seed in 1 2 3; do
  ROWS[s6-seed$seed]="--model s6 --seed $seed"
  ROWS[lean-seed$seed]="--model lean --seed $seed"
  ROWS[tiny-seed$seed]="--model tiny --seed $seed"
  ROWS[fast-seed$seed]="--model fast --seed $seed"
done
ROWS[lean-holdout-seed1]="--model lean --seed 1 --holdout 5000"

case "${1:-list}" in
  list)
    for name in $(printf '%s\n' "${!ROWS[@]}" | sort); do
      printf '%-20s ./backprop-lab train %s\n' "$name" "${ROWS[$name]}"
    done ;;
  run)
    shift
    for name in "$@"; do
      [[ -n "${ROWS[$name]:-}" ]] || { echo "experiments: no row named '$name' (see: bench/experiments.sh list)" >&2; exit 2; }
      rm -rf "${out:?}/$name"
      mkdir -p "$out"
      echo "== $name: ./backprop-lab train ${ROWS[$name]}"
      # shellcheck disable=SC2086
      "$here/backprop-lab" train ${ROWS[$name]} --out "$out/$name" | grep -E '^(epoch|best)'
    done ;;
  table)
    python3 "$here/bench/results_table.py" "$out" ;;
  *)
    echo "usage: bench/experiments.sh list | run NAME... | table" >&2; exit 2 ;;
esac
