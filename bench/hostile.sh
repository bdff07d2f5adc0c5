#!/usr/bin/env bash
# Hostile cases against the built tool, as a user (or a bad day) meets it: nonsense options,
# corrupt settings and checkpoints, folders in use, a failed start, a full disk, too little memory,
# and signals in the middle of an epoch followed by --resume. Each case expects an exit code and
# one line on stderr that names the option or file; no stack trace, and nothing earlier lost.
#
#   bench/hostile.sh            # about 6 minutes on 2 cores; prints "N passed, M failed" last
#
# Tiny runs only (--model tiny --limit ...). Not part of `mvn test`: the fast in-process versions
# of these classes are in HostileTrainingTest, TrainCommandTest and CheckpointTest.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$here/backprop-lab"
work="$(mktemp -d)"
cleanup() {
  mountpoint -q "$work/full" 2>/dev/null && umount "$work/full"
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
passed=0
failed=0
tiny=(--model tiny --threads 2)

ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
bad() { failed=$((failed + 1)); printf 'FAIL  %s: %s\n' "$1" "$2"; sed 's/^/      | /' err | head -5; }

# expect NAME CODE TEXT -- ARGS...: exit CODE, exactly one line on stderr, containing TEXT.
expect() {
  local name="$1" code="$2" text="$3"
  shift 4
  "$tool" "$@" >out 2>err
  local got=$?
  if [[ $got -ne $code ]]; then bad "$name" "exit $got, expected $code"
  elif [[ $(grep -c . err) -ne 1 ]]; then bad "$name" "$(grep -c . err) lines on stderr"
  elif grep -qE $'\tat |Exception' err; then bad "$name" "a stack trace or exception name"
  elif ! grep -qF -- "$text" err; then bad "$name" "stderr lacks '$text'"
  else ok "$name"; fi
}

# check NAME CONDITION...: a condition on the files after a case.
check() {
  local name="$1"
  shift
  if "$@"; then ok "$name"; else bad "$name" "not true: $*"; fi
}

# A checkpoint's JSON header rewritten (python3 is only used here, to edit bytes); a v2 file gets
# the SHA-256 of its new bytes, as if written so, so that the header's own checks are reached.
header() { # FILE MODE: null | huge | negative | model=NAME
  python3 - "$1" "$2" <<'EOF'
import hashlib, struct, sys
path, mode = sys.argv[1], sys.argv[2]
b = open(path, 'rb').read()
p = 2 + struct.unpack('>H', b[:2])[0]
summed = b[2:p].endswith(b' v2')
if summed: b = b[:-32]
n = struct.unpack('>i', b[p:p + 4])[0]
head, rest = b[p + 4:p + 4 + n], b[p + 4 + n:]
claim = None
if mode == 'null': head = b'null'
elif mode == 'huge': claim = 2_000_000_000
elif mode == 'negative': claim = -5
elif mode.startswith('model='):
    head = head.replace(b'"model":"tiny"', b'"model":"' + mode[6:].encode() + b'"')
out = b[:p] + struct.pack('>i', len(head) if claim is None else claim) + head + rest
open(path, 'wb').write(out + (hashlib.sha256(out).digest() if summed else b''))
EOF
}

echo "== building and one base run (tiny, 1 epoch on 300 images)"
"$tool" train "${tiny[@]}" --epochs 1 --limit 300 --out base >/dev/null 2>err \
  || { cat err; echo "0 passed, 1 failed"; exit 1; }
# A copy that has an epoch left, so --resume reaches its checkpoint.
unfinished() { rm -rf "$1"; cp -r base "$1"; sed -i 's/"epochs": 1,/"epochs": 2,/' "$1/settings.json"; }

echo "== options: unbounded or nonsense values"
expect "batch size of a million" 2 "--batch-size: must be between 1 and 4096" -- train --batch-size 1000000 --out o1
expect "batch size 0" 2 "--batch-size" -- train --batch-size 0 --out o1
expect "negative epochs" 2 "--epochs" -- train --epochs -3 --out o1
expect "a hundred thousand epochs" 2 "--epochs" -- train --epochs 100000 --out o1
expect "learning rate NaN" 2 "--lr" -- train --lr NaN --out o1
expect "negative learning rate" 2 "--lr" -- train --lr -1 --out o1
expect "momentum 2" 2 "--momentum" -- train --momentum 2 --out o1
expect "dropout 1" 2 "--dropout" -- train --dropout 1 --out o1
expect "shift 20 pixels" 2 "--shift" -- train --shift 20 --out o1
expect "zero threads" 2 "--threads" -- train --threads 0 --out o1
expect "unknown model" 2 "unknown model 'resnet'" -- train --model resnet --out o1
check "nothing written for refused options" test ! -e o1
expect "limit beyond the images" 2 "--limit: 70000 is more than the 60000" -- train --limit 70000 --holdout 65000 --out o2
expect "holdout of everything" 2 "--holdout: 60000 leaves none" -- train --holdout 60000 --out o2
expect "holdout equal to limit" 2 "--holdout" -- train --limit 100 --holdout 100 --out o2
check "nothing written for limits past the data" test ! -e o2/settings.json
touch afile
expect "--out is a file, shown from here" 2 "--out: afile exists and is not a folder" -- train --out "$work/afile"
expect "--out cannot be created" 2 "--out: cannot create folder" -- train --out /proc/nope/run
"$tool" train --threads 1000 --limit 70000 --out o3 >out 2>err
if [[ $(head -1 err) == *"warning: --threads 1000 is more than the $(nproc) cores here; using $(nproc)"* ]]; then
  ok "1000 threads capped with one warning"; else bad "1000 threads capped with one warning" "$(head -1 err)"; fi

echo "== settings.json trusted blindly"
for c in '{}|--model: missing' 'null|it is empty' 'not json|is not valid JSON' \
         '{"model": "resnet"}|unknown model'; do
  rm -rf s; cp -r base s; printf '%s' "${c%%|*}" > s/settings.json
  expect "settings.json of ${c%%|*}" 2 "${c#*|}" -- train --resume s
done
rm -rf s; cp -r base s; sed -i 's/"batchSize": 128/"batchSize": 0/' s/settings.json
expect "settings.json batch size 0" 2 "s/settings.json is not valid: --batch-size" -- train --resume s
rm -rf s; cp -r base s; sed -i 's/"epochs": 1,/"epochs": -2,/' s/settings.json
expect "settings.json negative epochs" 2 "s/settings.json is not valid: --epochs" -- train --resume s
unfinished s; sed -i 's/"limit": 300/"limit": 600/' s/settings.json
expect "settings.json changed under its checkpoint" 2 "was settings.json changed?" -- train --resume s
expect "resume of a finished run" 2 "--resume: base has trained the one epoch of its recipe; evaluate it with: $tool evaluate --run base" -- train --resume base
mkdir -p empty
expect "resume of a folder that is no run" 2 "--resume: empty is not a training run folder" -- train --resume empty

echo "== checkpoints trusted blindly"
ck=checkpoints/epoch-001.ckpt
for mode in null huge negative model=lean; do
  unfinished c; header "c/$ck" "$mode"
  case $mode in
    null) text="header is empty" ;; huge) text="claims a part of 2000000000 bytes" ;;
    negative) text="claims a part of -5 bytes" ;; *) text="holds a lean model, not tiny" ;;
  esac
  expect "checkpoint header $mode" 2 "c/$ck" -- train --resume c
  grep -qF "$text" err || bad "checkpoint header $mode says what is wrong" "$(cat err)"
done
unfinished c; header "c/$ck" model=lean; sed -i 's/"model": "tiny"/"model": "lean"/' c/settings.json
expect "checkpoint of another size" 2 "does not fit the lean model" -- train --resume c
unfinished c; head -c 5000 base/$ck > c/$ck
expect "checkpoint cut short" 2 "c/$ck is not a valid checkpoint: its contents do not match their checksum (changed, damaged or cut short" -- train --resume c
unfinished c; python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); m = len(b) // 2
b[m:m + 64] = bytes(x ^ 0xff for x in b[m:m + 64]); open(sys.argv[1], "wb").write(b)' c/$ck
expect "checkpoint with 64 bytes changed mid-file" 2 "c/$ck is not a valid checkpoint: its contents do not match their checksum" -- train --resume c
unfinished c; echo "hello" > c/$ck
expect "checkpoint of junk" 2 "c/$ck" -- train --resume c
cp base/best.ckpt nullbest.ckpt; header nullbest.ckpt null
expect "evaluate a checkpoint with a null header" 2 "nullbest.ckpt is not a valid checkpoint" -- evaluate --checkpoint nullbest.ckpt
expect "evaluate a missing checkpoint" 2 "--checkpoint: nope.ckpt does not exist" -- evaluate --checkpoint nope.ckpt
expect "evaluate a folder that is no run" 2 "--run: empty is not a training run folder" -- evaluate --run empty
expect "evaluate --out is a file" 2 "--out: afile exists and is not a folder" -- evaluate --run base --out afile

echo "== a failed start leaves no dead folder"
mkdir -p wrongdata; echo "not MNIST" > wrongdata/train-images-idx3-ubyte
expect "wrong data folder" 2 "--data-dir: wrongdata" -- train "${tiny[@]}" --data-dir wrongdata --out d
check "the failed start wrote no settings.json" test ! -e d/settings.json
expect "the corrected command is not refused" 2 "--limit: 70000" -- train "${tiny[@]}" --limit 70000 --out d

echo "== one writer per run folder"
"$tool" train "${tiny[@]}" --epochs 1 --limit 2000 --out busy >busy.out 2>busy.err &
pid=$!
for _ in $(seq 600); do [[ -e busy/settings.json ]] && break; sleep 0.1; done
expect "a second train into a folder in use" 2 "--out: busy is in use" -- train "${tiny[@]}" --out busy
expect "--resume of a folder in use" 2 "--resume: busy is in use" -- train --resume busy
wait $pid
check "the first run finished untouched" grep -q "best test accuracy" busy.out

echo "== a full disk (needs a small tmpfs: root only)"
mkdir -p full
if mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
  expect "backprop onto a full disk" 1 "cannot write full/bp/BackPropagation.xlsx: no space left on device" -- backprop --out "$work/full/bp"
  expect "evaluate onto a full disk" 1 "no space left on device" -- evaluate --run base --out "$work/full/ev"
  umount full
else
  echo "skip  full disk (cannot mount a tmpfs here)"
fi

echo "== too little memory"
BACKPROP_LAB_JAVA_OPTS=-Xmx40m expect "a heap too small for MNIST" 1 "out of memory (Java heap space)" -- train "${tiny[@]}" --epochs 1 --limit 300 --out m

echo "== signals: stop at a safe point, then --resume finishes the run as if never stopped"
# A script's background jobs start with SIGINT ignored (and so does all of this script when it
# was itself started in the background), and the JVM rightly keeps an ignored signal ignored, as
# under nohup: the runs below get the signals' default back, as in a terminal.
live=(env --default-signal=INT,TERM,HUP "$tool")
"$tool" train "${tiny[@]}" --epochs 2 --limit 20000 --out whole >/dev/null 2>&1
for sig in INT TERM HUP; do
  run="sig-$sig"
  "${live[@]}" train "${tiny[@]}" --epochs 2 --limit 20000 --out "$run" >"$run.out" 2>"$run.err" &
  pid=$!
  for _ in $(seq 1200); do grep -qE "^ *1/2 " "$run.out" && break; sleep 0.1; done
  sleep 1
  kill -s "$sig" "$pid"
  wait "$pid"
  code=$?
  case $sig in INT) want=130; by="Ctrl-C" ;; TERM) want=143; by=SIGTERM ;; HUP) want=129; by=SIGHUP ;; esac
  cp "$run.err" err
  if [[ $code -eq $want && $(grep -c . err) -eq 1 ]] \
      && grep -qF "stopped by $by: the checkpoint of epoch 1 is kept; go on with: $tool train --resume $run" err \
      && [[ -e $run/checkpoints/epoch-001.ckpt && ! -e $run/checkpoints/epoch-002.ckpt ]]; then
    ok "SIG$sig mid-epoch: exit $code, one line, the epoch-1 checkpoint kept"
  else
    bad "SIG$sig mid-epoch" "exit $code, expected $want"
  fi
  # A killed save's temporary file is swept up by the next start.
  touch "$run/checkpoints/.epoch-002.ckpt.1.2.tmp"
  "$tool" train --resume "$run" >out 2>err
  if [[ $? -eq 0 ]] && diff <(cut -d, -f1-7 whole/metrics.csv) <(cut -d, -f1-7 "$run/metrics.csv") >/dev/null \
      && [[ ! -e $run/checkpoints/.epoch-002.ckpt.1.2.tmp ]]; then
    ok "SIG$sig then --resume: the same metrics as an uninterrupted run, stale temp file gone"
  else
    bad "SIG$sig then --resume" "$(diff <(cut -d, -f1-7 whole/metrics.csv) <(cut -d, -f1-7 "$run/metrics.csv"))"
  fi
done
"${live[@]}" train "${tiny[@]}" --epochs 1 --limit 2000 --out early >early.out 2>err &
pid=$!
for _ in $(seq 600); do [[ -e early/settings.json ]] && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
code=$?
if [[ $code -eq 130 ]] && grep -qF "no epoch had finished, so there is no checkpoint; start it again with: $tool train --resume early" err; then
  ok "SIGINT before the first checkpoint says so"
else
  bad "SIGINT before the first checkpoint" "exit $code"
fi
check "no JVM crash log in the working folder" test -z "$(find . -maxdepth 1 -name 'hs_err_pid*')"

echo "== a rebuild under a running lab server"
# A copy of the project whose source changes while its lab serves (a learner editing the code):
# the launcher rebuilds the jar, and the server must go on answering from the jar it started
# with. The CNN page's first digit loads classes the server had not needed yet.
project="$work/project"
mkdir -p "$project/data" "$project/runs"
cp -r "$here/pom.xml" "$here/backprop-lab" "$here/src" "$project/"
ln -s "$here/data/mnist" "$project/data/mnist"
cp -r base "$project/runs/base"
(cd "$project" && ./backprop-lab --version >/dev/null 2>&1)
(cd "$project" && exec ./backprop-lab serve --port 0) >serve.out 2>&1 &
server=$!
for _ in $(seq 300); do grep -q 'http://' serve.out && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' serve.out | head -1)"
# Code that compiles to other bytes, so every class after it moves in the new jar.
sed -i 's/^public final class Bounds {/&\n    static final String REBUILT = "'"$(printf 'x%.0s' $(seq 2000))"'";/' \
  "$project/src/main/java/backproplab/Bounds.java"
(cd "$project" && ./backprop-lab --version >/dev/null 2>&1)
code="$(curl -s -o /dev/null -w '%{http_code}' "$url/api/cnn/runs/base/test/3")"
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
check "the lab answers after the jar is rebuilt under it (HTTP $code)" test "$code" = 200

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
