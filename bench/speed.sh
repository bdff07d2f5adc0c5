#!/usr/bin/env bash
# backprop-lab's speed, side by side with the PyTorch peer, in one run:
#
#  1. training throughput of s6 (images/s over whole epochs: augmentation, data movement, update),
#     median over EPOCHS epochs, for backprop-lab and, when /usr/bin/python3 has torch, for
#     ../shared/peer/s6_pytorch.py --pipeline tensor at the same thread count; and the ratio;
#  2. evaluation throughput on the 10,000 test images, both sides, and the ratio;
#  3. time to accuracy: wall time from starting `train` (JVM start included) to the end of the
#     first epoch at >= 99.4% test accuracy, with the fast model and its default recipe;
#  4. peak memory (RSS) of the training runs and how much it moves after the first epoch.
#
#   bench/speed.sh [EPOCHS=3] [THREADS=$(nproc)]
#
# Run it on an otherwise idle machine; its parts run one after another, never side by side.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-3}"
threads="${2:-$(nproc)}"
peer="${PEER:-$here/../shared/peer/s6_pytorch.py}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py() { python3 -c "$@"; }
median() { py 'import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB; threads $threads"
"$here/backprop-lab" --version >/dev/null   # builds the jar first, outside any timing

echo "== 1-2. s6, batch 128, rotation ±5°, $epochs epochs"
"$here/bench/train_watch.py" -- "$here/backprop-lab" train --model s6 --epochs "$epochs" \
  --threads "$threads" --out "$work/s6" > "$work/s6.watch"
read -r -a train_s < <(py 'import json,sys; print(*[m["trainSeconds"] for m in json.load(open(sys.argv[1]))])' "$work/s6/metrics.json")
read -r -a test_s < <(py 'import json,sys; print(*[m["testSeconds"] for m in json.load(open(sys.argv[1]))])' "$work/s6/metrics.json")
ours_train=$(py "print(round(60000 / $(median "${train_s[@]}"), 1))")
ours_eval=$(py "print(round(10000 / $(median "${test_s[@]}"), 1))")
echo "backprop-lab  training:   epochs ${train_s[*]} s -> median $ours_train images/s"
echo "backprop-lab  evaluation: epochs ${test_s[*]} s -> median $ours_eval images/s"

if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ -f "$peer" ]]; then
  /usr/bin/python3 "$peer" --pipeline tensor --epochs "$epochs" --threads "$threads" \
    --data "$here/data/mnist" > "$work/peer.log"
  read -r -a peer_s < <(awk '/^epoch/ {print $4}' "$work/peer.log" | xargs)
  peer_train=$(py "print(round(60000 / $(median "${peer_s[@]}"), 1))")
  peer_eval=$(/usr/bin/python3 "$here/bench/peer_eval.py" --peer "$peer" --data "$here/data/mnist" \
    --threads "$threads" | awk '{print $(NF-1)}')
  echo "pytorch peer  training:   epochs ${peer_s[*]} s -> median $peer_train images/s"
  echo "pytorch peer  evaluation: median of 5 passes -> $peer_eval images/s"
  echo "ratio training   (backprop-lab / peer): $(py "print(round($ours_train / $peer_train, 3))")"
  echo "ratio evaluation (backprop-lab / peer): $(py "print(round($ours_eval / $peer_eval, 3))")"
else
  echo "pytorch peer: skipped (/usr/bin/python3 has no torch, or $peer is missing)"
fi

echo "== 3. time to 99.4% with the fast model (JVM start included)"
"$here/bench/train_watch.py" --stop-at-target -- "$here/backprop-lab" train --model fast \
  --threads "$threads" --out "$work/fast" > "$work/fast.watch"
grep -E '^(epoch|time to)' "$work/fast.watch"

echo "== 4. memory (resident set of the training JVM, heap and libtorch together)"
for run in s6 fast; do
  echo "$run: $(grep '^peak RSS' "$work/$run.watch")"
done
