#!/usr/bin/env bash
# Does lr-find's suggestion train well? For each built-in model (or those named), runs lr-find on
# the first 10,000 training images, then trains one epoch on the same images at a small grid of
# constant rates and at the suggestion, and prints a Markdown table of the test accuracies: the
# suggestion against the grid's best rate.
#
#   bench/lr-find.sh                    s6 lean tiny fast
#   bench/lr-find.sh s6 lean            just these
#   LRFIND_GRID="0.01 0.1" bench/lr-find.sh s6
#
# Each model takes about (1 lr-find + 5 one-epoch trainings on 10,000 images): some 5 minutes on
# 2 idle cores. Run it alone: trainings side by side would slow each other, and the seconds shown
# would mean nothing. Everything goes under ${LRFIND_DIR:-runs/lr-find-bench}; no other run changes.
# The rate is constant (--schedule none) in every training, as it is in each step of the range
# test: a schedule would make the grid's rates peaks rather than rates.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${LRFIND_DIR:-$here/runs/lr-find-bench}"
limit="${LRFIND_LIMIT:-10000}"
read -ra grid <<< "${LRFIND_GRID:-0.01 0.03 0.1 0.3}"
models=("$@")
[[ ${#models[@]} -gt 0 ]] || models=(s6 lean tiny fast)
lab="$here/backprop-lab"
"$lab" --version > /dev/null   # builds the jar if needed

# The last epoch's test accuracy (%) of a run folder's metrics.csv.
accuracy() {
  awk -F, 'NR > 1 { a = $5 } END { printf "%.2f", 100 * a }' "$1/metrics.csv"
}

rows=()
for model in "${models[@]}"; do
  dir="$out/$model"
  rm -rf "${dir:?}"
  mkdir -p "$dir"
  echo "== $model: lr-find on $limit images" >&2
  log="$("$lab" lr-find --model "$model" --limit "$limit" --out "$dir/lr-find")"
  echo "$log" | grep -vE '^ +lr-find ' >&2
  suggested="$(echo "$log" | sed -nE 's/^suggested --lr ([^:]+):.*/\1/p')"
  [[ -n "$suggested" ]] || suggested="$(echo "$log" | sed -nE 's/.*suggested --lr by the minimum \/ 10: ([^ ]+).*/\1/p')"
  over10="$(echo "$log" | sed -nE 's/^minimum \/ 10: ([^ ]+).*/\1/p')"
  seconds="$(echo "$log" | sed -nE 's/^took ([0-9.]+) s.*/\1/p')"
  best_rate=""; best_acc=-1; cells=""
  for rate in "${grid[@]}" "$suggested"; do
    echo "== $model: 1 epoch at --lr $rate" >&2
    "$lab" train --model "$model" --epochs 1 --limit "$limit" --schedule none --lr "$rate" \
      --out "$dir/lr-$rate" > /dev/null
    acc="$(accuracy "$dir/lr-$rate")"
    if [[ "$rate" != "$suggested" ]]; then
      cells+=" $acc |"
      if awk -v a="$acc" -v b="$best_acc" 'BEGIN { exit !(a > b) }'; then
        best_acc="$acc"; best_rate="$rate"
      fi
    else
      suggested_acc="$acc"
    fi
  done
  rows+=("| $model | $suggested | ${over10:--} | $seconds |$cells $best_rate ($best_acc) | $suggested_acc |")
done

header="| model | suggested | min/10 | lr-find s |"
rule="|---|---|---|---|"
for rate in "${grid[@]}"; do header+=" acc @ $rate |"; rule+="---|"; done
echo
echo "Test accuracy (%) after 1 epoch on $limit images, constant rate, seed 1:"
echo
echo "$header best of grid | acc @ suggested |"
echo "$rule---|---|"
printf '%s\n' "${rows[@]}"
