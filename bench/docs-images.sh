#!/usr/bin/env bash
# Draws every picture in docs/images anew with the current code, so none of them is older than the
# code that draws it:
#
#   bench/docs-images.sh
#
#   backprop-loss-all-rates.png  backprop-network.png   `backprop` (the default network)
#   lean-curves.png  lean-confusion.png  lean-misclassified.png
#                                  `train --model lean --seed 1` (about 3½ minutes on 2 cores;
#                                  a finished run in runs/docs/lean-seed1 is reused) and `evaluate`
#   params-vs-accuracy.png         docs/RESULTS.md's table of every run (bench/ParamsChart.java)
#   lab-*.png                      the lab's browser tests, which save their screenshots in target/
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="$here/docs/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"

echo "== backprop"
./backprop-lab backprop --out "$work/bp" --diagram 1 > /dev/null
cp "$work/bp/loss-all-rates.png" "$images/backprop-loss-all-rates.png"
cp "$work/bp/network-iteration-1.png" "$images/backprop-network.png"

echo "== lean, seed 1"
run="$here/runs/docs/lean-seed1"
if [[ ! -f "$run/checkpoints/epoch-015.ckpt" ]]; then
  rm -rf "$run"
  ./backprop-lab train --model lean --seed 1 --out "$run" | grep -E '^(epoch|best)' || true
fi
./backprop-lab evaluate --run "$run" --out "$work/eval" > /dev/null
cp "$run/training.png" "$images/lean-curves.png"
cp "$work/eval/confusion.png" "$images/lean-confusion.png"
cp "$work/eval/misclassified.png" "$images/lean-misclassified.png"

echo "== parameters against accuracy"
java -Djava.awt.headless=true -cp "$here/target/backprop-lab.jar:$here/target/lib/*" \
  "$here/bench/ParamsChart.java" "$here/docs/RESULTS.md" "$images/params-vs-accuracy.png"

echo "== the lab's pages"
mvn -B -q test -Dtest='*PageTest' -Dsurefire.failIfNoSpecifiedTests=false > "$work/lab.log" 2>&1 \
  || { cat "$work/lab.log"; exit 1; }
for shot in target/lab-*.png; do
  # Only the screenshots the docs show; the tests save more for a person to look at.
  if grep -q "images/$(basename "$shot")" README.md docs/*.md; then
    cp "$shot" "$images/$(basename "$shot")"
  fi
done
ls -l "$images"
