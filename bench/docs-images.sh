#!/usr/bin/env bash
# Draws every picture in docs/images anew with the current code, so none of them is older than the
# code that draws it:
#
#   bench/docs-images.sh
#
#   backprop-loss-all-rates.png  backprop-network.png   `backprop` (the default network; the
#                                  diagram at iteration 10, η = 1)
#   lean-curves.png  lean-confusion.png  lean-misclassified.png
#                                  `train --model lean --seed 1` (about 3½ minutes on 2 cores;
#                                  a finished run in runs/docs/lean-seed1 is reused) and `evaluate`
#   params-vs-accuracy.png         docs/RESULTS.md's table of every run (bench/ParamsChart.java)
#   lab-backprop.png               the lab's browser test, which saves its screenshot in target/
#   lab-assignment-run.png  lab-assignment-design.png (and -390): S6's checklist on a run's page
#                                  and on the design page, from AssignmentPageTest's runs
#   lab-run.png  lab-cnn.png       the run and CNN pages of the lean run above, in headless Chromium
#   lab-design.png  lab-design-390.png  the design page on lean's file, 1280 and 390 px wide
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="$here/docs/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"

echo "== backprop"
./backprop-lab backprop --out "$work/bp" > /dev/null
cp "$work/bp/loss-all-rates.png" "$images/backprop-loss-all-rates.png"
# One rate, so the diagram is the only one and has the plain name.
./backprop-lab backprop --lr 1 --iterations 10 --diagram 10 --out "$work/diagram" > /dev/null
cp "$work/diagram/network-iteration-10.png" "$images/backprop-network.png"

echo "== lean, seed 1"
# Trained here, from the project folder, so its command (shown on the run page) reads as a
# user would type it: --out runs/docs/lean-seed1, not a path of this machine.
run="$here/runs/docs/lean-seed1"
if [[ ! -f "$run/checkpoints/epoch-015.ckpt" ]] \
    || ! grep -qx 'backprop-lab train --model lean --seed 1 --out runs/docs/lean-seed1' "$run/command.txt"; then
  rm -rf "$run"
  ./backprop-lab train --model lean --seed 1 --out runs/docs/lean-seed1 | grep -E '^(epoch|best)' || true
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
cp target/lab-backprop.png "$images/"
for page in run design; do
  cp "target/lab-assignment-$page.png" "target/lab-assignment-$page-390.png" "$images/"
done
# The run and CNN pages read best on a well-trained model: the lean run, served for a moment.
./backprop-lab serve --port 7399 --runs "$here/runs/docs" > "$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until grep -q http "$work/serve.log"; do sleep 0.5; done
chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chromium" --hide-scrollbars --window-size=1280,800 \
  --virtual-time-budget=15000 --screenshot="$images/lab-cnn.png" http://127.0.0.1:7399/cnn \
  > /dev/null 2>&1
# The run page keeps an event stream open, which --screenshot cannot wait for: chromedriver can.
"$here/bench/screenshot.py" http://127.0.0.1:7399/runs/lean-seed1 "$images/lab-run.png" \
  --ready '#confusion td'
"$here/bench/screenshot.py" "http://127.0.0.1:7399/design?model=lean" "$images/lab-design.png" \
  --ready '#layers tbody tr' --size 1280x900
"$here/bench/screenshot.py" "http://127.0.0.1:7399/design?model=lean" "$images/lab-design-390.png" \
  --ready '#layers tbody tr' --size 390x844
ls -l "$images"
