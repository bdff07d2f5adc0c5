#!/usr/bin/env bash
# backprop-lab's speed, side by side with the PyTorch peer, in one run:
#
#  1. training throughput of s6 with the notebook's recipe (images/s over whole epochs:
#     augmentation, data movement, update), backprop-lab and ../shared/peer/s6_pytorch.py
#     --pipeline tensor at the same thread count, taking turns ROUNDS times; the median over
#     every epoch of every round, and the ratio;
#  2. evaluation throughput on the 10,000 test images, both sides, and the ratio;
#  3. whole-process wall time of a 2-epoch s6 run (start to exit: JVM or Python start, data
#     loading, two epochs with their evaluations), taking turns ROUNDS times; medians and ratio;
#  4. the 20-second model: wall time of `train --model fast` from start to exit (JVM start, data,
#     the kernel check and every test pass included) and its last test accuracy, seeds 1, 2, 3,
#     each in a fresh process; where seed 1's time went (its run folder's timing.csv);
#  5. peak memory (RSS) of the training runs and how much it moves after the first epoch.
#
#   bench/speed.sh [EPOCHS=3] [THREADS=$(nproc)] [ROUNDS=1]
#
# Run it on an otherwise idle machine; its parts run one after another, never side by side.
# The machine is noisy (the peer's epochs have ranged over ±15% between runs): compare only the
# ratios of one run, and use ROUNDS=3 for a figure to quote.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-3}"
threads="${2:-$(nproc)}"
rounds="${3:-1}"
peer="${PEER:-$here/../shared/peer/s6_pytorch.py}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py() { python3 -c "$@"; }
median() { py 'import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
ratio() { py "print(round($1 / $2, 3))"; }
now() { date +%s.%N; }
# A run folder's timing.csv summed by phase: the start once, the epochs together.
where_time_went() {
  py "import csv, collections, sys
phases = collections.OrderedDict()
for r in csv.DictReader(open(sys.argv[1])):
    key = ('start', r['phase']) if r['epoch'] == '0' else ('epochs', r['phase'])
    phases[key] = phases.get(key, 0.0) + float(r['seconds'])
for (part, phase), sec in phases.items():
    print(f'  {part:6s} {phase:14s} {sec:6.2f} s')" "$1"
}
has_peer() { [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ -f "$peer" ]]; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; threads $threads; rounds $rounds"
# "AMD EPYC" alone names generations that behave differently: the doctor names the CPU by
# family and model, AVX-512 and whether the cache topology is shown, says what oneDNN read of the
# caches, and which convolutions backprop-lab takes (it also builds the jar, outside any timing).
"$here/backprop-lab" doctor --model s6 --calls 1 > "$work/doctor.txt"
sed -n '1,/^[0-9]* convolution/p' "$work/doctor.txt" | sed '$d'
tail -n 1 "$work/doctor.txt"
has_peer || echo "pytorch peer: skipped (/usr/bin/python3 has no torch, or $peer is missing)"

echo "== 1-2. s6, batch 128, rotation ±5°, $epochs epochs, $rounds round(s)"
ours_train_s=(); ours_test_s=(); peer_train_s=()
for round in $(seq "$rounds"); do
  "$here/bench/train_watch.py" -- "$here/backprop-lab" train --model s6 --epochs "$epochs" \
    --threads "$threads" --out "$work/s6-$round" > "$work/s6-$round.watch"
  read -r -a s < <(py 'import json,sys; print(*[m["trainSeconds"] for m in json.load(open(sys.argv[1]))])' "$work/s6-$round/metrics.json")
  read -r -a t < <(py 'import json,sys; print(*[m["testSeconds"] for m in json.load(open(sys.argv[1]))])' "$work/s6-$round/metrics.json")
  echo "backprop-lab  round $round: training epochs ${s[*]} s; evaluations ${t[*]} s"
  ours_train_s+=("${s[@]}"); ours_test_s+=("${t[@]}")
  if has_peer; then
    /usr/bin/python3 "$peer" --pipeline tensor --epochs "$epochs" --threads "$threads" \
      --data "$here/data/mnist" > "$work/peer-$round.log"
    read -r -a p < <(awk '/^epoch/ {print $4}' "$work/peer-$round.log" | xargs)
    echo "pytorch peer  round $round: training epochs ${p[*]} s"
    peer_train_s+=("${p[@]}")
  fi
done
ours_train=$(py "print(round(60000 / $(median "${ours_train_s[@]}"), 1))")
ours_eval=$(py "print(round(10000 / $(median "${ours_test_s[@]}"), 1))")
echo "where the time of backprop-lab's round 1 went (its timing.csv; forward and backward are replica 0's):"
where_time_went "$work/s6-1/timing.csv"
echo "backprop-lab  training:   median of ${#ours_train_s[@]} epochs -> $ours_train images/s"
echo "backprop-lab  evaluation: median of ${#ours_test_s[@]} passes -> $ours_eval images/s"
if has_peer; then
  peer_train=$(py "print(round(60000 / $(median "${peer_train_s[@]}"), 1))")
  peer_eval=$(/usr/bin/python3 "$here/bench/peer_eval.py" --peer "$peer" --data "$here/data/mnist" \
    --threads "$threads" | awk '{print $(NF-1)}')
  echo "pytorch peer  training:   median of ${#peer_train_s[@]} epochs -> $peer_train images/s"
  echo "pytorch peer  evaluation: median of 5 passes -> $peer_eval images/s"
  echo "ratio training   (backprop-lab / peer): $(ratio "$ours_train" "$peer_train")"
  echo "ratio evaluation (backprop-lab / peer): $(ratio "$ours_eval" "$peer_eval")"
fi

echo "== 3. whole process, s6 for 2 epochs, start to exit, $rounds round(s)"
ours_wall=(); peer_wall=()
for round in $(seq "$rounds"); do
  t0=$(now)
  "$here/backprop-lab" train --model s6 --epochs 2 --threads "$threads" --out "$work/s6-2-$round" > /dev/null
  ours_wall+=("$(py "print(round($(now) - $t0, 2))")")
  if has_peer; then
    t0=$(now)
    /usr/bin/python3 "$peer" --pipeline tensor --epochs 2 --threads "$threads" \
      --data "$here/data/mnist" > /dev/null
    peer_wall+=("$(py "print(round($(now) - $t0, 2))")")
  fi
done
echo "backprop-lab  2-epoch run: ${ours_wall[*]} s -> median $(median "${ours_wall[@]}") s"
if has_peer; then
  echo "pytorch peer  2-epoch run: ${peer_wall[*]} s -> median $(median "${peer_wall[@]}") s"
  echo "ratio whole process (peer time / backprop-lab time): $(ratio "$(median "${peer_wall[@]}")" "$(median "${ours_wall[@]}")")"
fi

echo "== 4. the 20-second model: train --model fast, start to exit (JVM start, data, the kernel"
echo "      check and every test pass included), seeds 1-3, each in a fresh process"
walls=(); accs=()
for seed in 1 2 3; do
  "$here/bench/train_watch.py" -- "$here/backprop-lab" train --model fast \
    --seed "$seed" --threads "$threads" --out "$work/fast-$seed" > "$work/fast-$seed.watch"
  wall=$(grep '^whole run' "$work/fast-$seed.watch" | awk '{print $3}')
  acc=$(grep '^whole run' "$work/fast-$seed.watch" | awk '{print $NF}' | tr -d '%')
  walls+=("$wall"); accs+=("$acc")
  echo "seed $seed: $(grep '^whole run' "$work/fast-$seed.watch"); $(grep '^time to' "$work/fast-$seed.watch")"
  grep '^epoch' "$work/fast-$seed.watch" | sed 's/^/  /'
done
py "import sys; w=[float(x) for x in sys.argv[1:4]]; a=[float(x) for x in sys.argv[4:]];
print(f'fast: wall mean {sum(w)/3:.1f} s, max {max(w):.1f} s; accuracy mean {sum(a)/3:.2f}%, min {min(a):.2f}%')" \
  "${walls[@]}" "${accs[@]}"
echo "where the time of seed 1 went (its timing.csv; forward and backward are replica 0's):"
where_time_went "$work/fast-1/timing.csv"

echo "== 5. memory (resident set of the training JVM, heap and libtorch together)"
for run in s6-1 fast-1; do
  echo "$run: $(grep '^peak RSS' "$work/$run.watch")"
done
