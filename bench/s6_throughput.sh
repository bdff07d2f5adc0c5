#!/usr/bin/env bash
# Times training epochs of the notebook's s6 model in backprop-lab and, when /usr/bin/python3 has
# torch, the PyTorch peer (../shared/peer/s6_pytorch.py --pipeline tensor) with the same model,
# batch size and thread count, one after the other in this run. Prints images per second (median
# over the epochs) for both, and the ratio.
#
#   bench/s6_throughput.sh [EPOCHS=3] [THREADS=$(nproc)]
#
# Run it on an otherwise idle machine: the two measurements must not share the cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-3}"
threads="${2:-$(nproc)}"
peer="${PEER:-$here/../shared/peer/s6_pytorch.py}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { python3 -c 'import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "s6, batch 128, rotation ±5°, $epochs epochs, $threads threads"

"$here/backprop-lab" train --model s6 --epochs "$epochs" --threads "$threads" \
  --out "$work/run" > "$work/train.log"
read -r -a java_train < <(python3 -c 'import json,sys; print(*[m["trainSeconds"] for m in json.load(open(sys.argv[1]))])' "$work/run/metrics.json")
read -r -a java_test < <(python3 -c 'import json,sys; print(*[m["testSeconds"] for m in json.load(open(sys.argv[1]))])' "$work/run/metrics.json")
java_ips=$(python3 -c "print(round(60000 / $(median "${java_train[@]}"), 1))")
java_eval=$(python3 -c "print(round(10000 / $(median "${java_test[@]}"), 1))")
echo "backprop-lab: train epochs ${java_train[*]} s -> median $java_ips images/s; evaluation $java_eval images/s"

if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ -f "$peer" ]]; then
  /usr/bin/python3 "$peer" --pipeline tensor --epochs "$epochs" --threads "$threads" \
    --data "$here/data/mnist" > "$work/peer.log"
  read -r -a peer_train < <(awk '/^epoch/ {print $4}' "$work/peer.log" | xargs)
  peer_ips=$(python3 -c "print(round(60000 / $(median "${peer_train[@]}"), 1))")
  echo "pytorch peer: train epochs ${peer_train[*]} s -> median $peer_ips images/s"
  echo "ratio backprop-lab / peer (training images/s): $(python3 -c "print(round($java_ips / $peer_ips, 3))")"
else
  echo "pytorch peer: skipped (/usr/bin/python3 has no torch, or $peer is missing)"
fi
