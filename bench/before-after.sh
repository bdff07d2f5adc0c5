#!/usr/bin/env bash
# What a change bought, measured side by side in one run: s6 with the notebook's recipe for
# EPOCHS epochs, taking turns ROUNDS times between
#   before    backprop-lab at git revision REV (built in a temporary worktree, its own launcher),
#   replicas  this checkout without the launcher's allocator settings (java -jar directly),
#   now       this checkout through its launcher, as a user runs it,
#   peer      ../shared/peer/s6_pytorch.py --pipeline tensor (when /usr/bin/python3 has torch).
# One line per run: whole-process seconds, then each epoch's training and evaluation seconds.
#
#   bench/before-after.sh REV [EPOCHS=2] [ROUNDS=3]      e.g. bench/before-after.sh 73017d3
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:?usage: bench/before-after.sh REV [EPOCHS] [ROUNDS]}"
epochs="${2:-2}"
rounds="${3:-3}"
peer="${PEER:-$here/../shared/peer/s6_pytorch.py}"
work="$(mktemp -d)"
trap 'git -C "$here" worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git -C "$here" worktree add --detach "$work/before" "$rev" >/dev/null
ln -s "$here/data/mnist" "$work/before/data/mnist" 2>/dev/null || true
"$work/before/backprop-lab" --version >/dev/null
"$here/backprop-lab" --version >/dev/null
echo "CPU: $(lscpu | grep 'Model name' | cut -d: -f2 | xargs); before = $(git -C "$here" log --oneline -1 "$rev")"

epochs_of() {
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("train", *["%.2f" % e["trainSeconds"] for e in m], " test", *["%.2f" % e["testSeconds"] for e in m])' "$1/metrics.json"
}
for round in $(seq "$rounds"); do
  for side in before replicas now peer; do
    out="$work/$side-$round"
    t0=$(date +%s.%N)
    case $side in
      before) "$work/before/backprop-lab" train --model s6 --epochs "$epochs" --threads 2 --out "$out" >/dev/null ;;
      replicas) (cd "$here" && java -jar target/backprop-lab.jar train --model s6 --epochs "$epochs" --threads 2 --out "$out" >/dev/null) ;;
      now) "$here/backprop-lab" train --model s6 --epochs "$epochs" --threads 2 --out "$out" >/dev/null ;;
      peer)
        [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ -f "$peer" ]] || continue
        /usr/bin/python3 "$peer" --pipeline tensor --epochs "$epochs" --threads 2 --data "$here/data/mnist" > "$out.log" ;;
    esac
    wall=$(python3 -c "import time; print('%.1f' % ($(date +%s.%N) - $t0))")
    if [[ $side == peer ]]; then
      echo "round $round  $side  whole $wall s  train $(awk '/^epoch/ {printf "%s ", $4}' "$out.log")"
    else
      echo "round $round  $side  whole $wall s  $(epochs_of "$out")"
    fi
  done
done
