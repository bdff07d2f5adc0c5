#!/usr/bin/env bash
# The experiments behind docs/RESULTS.md, each re-runnable by name.
#
#   bench/experiments.sh list                 the rows and their commands
#   bench/experiments.sh run NAME [NAME...]   train them, one after another, into runs/experiments/
#   bench/experiments.sh table                the Markdown table of every finished row
#   bench/experiments.sh chart PNG            parameters against best accuracy, per seed run of
#                                             the table in docs/RESULTS.md
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
# Ablations: each half of lean's gain on its own, the architecture with the notebook's recipe and
# the notebook's architecture with lean's recipe (peak rate 0.15 since issue 12), over lean's 15
# epochs, seeds 1-3.
for seed in 1 2 3; do
  ROWS[lean-arch-notebook-recipe-seed$seed]="--model lean --seed $seed --schedule none --lr 0.01 --no-nesterov --weight-decay 0 --rotation 5 --shift 0"
  ROWS[s6-arch-lean-recipe-seed$seed]="--model s6 --seed $seed --epochs 15 --schedule onecycle --lr 0.15 --nesterov --weight-decay 5e-5 --rotation 7 --shift 1 --dropout 0.05"
done

case "${1:-list}" in
  list)
    for name in $(printf '%s\n' "${!ROWS[@]}" | sort); do
      printf '%-32s ./backprop-lab train %s\n' "$name" "${ROWS[$name]}"
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
  chart)
    "$here/backprop-lab" --version > /dev/null   # builds the jar if needed
    java -Djava.awt.headless=true -cp "$here/target/backprop-lab.jar:$here/target/lib/*" \
      "$here/bench/ParamsChart.java" "$here/docs/RESULTS.md" "${2:-$here/docs/images/params-vs-accuracy.png}" ;;
  *)
    echo "usage: bench/experiments.sh list | run NAME... | table | chart [PNG]" >&2; exit 2 ;;
esac
