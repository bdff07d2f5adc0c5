#!/usr/bin/env bash
# The lab under a class's load: `backprop-lab serve` on a free port, its test-digit prediction
# (GET /api/cnn/runs/RUN/test/INDEX, a new digit each request, through a tiny run's best model)
# hit by wrk at 32 and then 200 connections for SECONDS each. Printed per level: answers/s (all,
# and 2xx alone), p99 latency, non-2xx answers (past the limit of predictions in flight: 503
# "busy", with Retry-After), and the server's resident memory (VmRSS) before and after: bounded
# limits keep both the latency of the answers given and the memory flat as connections grow.
#
#   bench/load.sh [SECONDS=20]      # about 2 × SECONDS, plus ~30 s to build, train and start
#
# Needs wrk (Debian: apt-get install -y wrk). Run it on an otherwise idle machine: wrk and the
# server share its cores, so the figures are the machine's, not the server's alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "bench/load.sh: SECONDS: a whole number, got '$seconds'" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench/load.sh: wrk is missing: apt-get install -y wrk" >&2; exit 2; }
work="$(mktemp -d)"
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

rss() { awk '/^VmRSS:/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
lscpu | grep -E 'Model name|CPU family' | sed 's/  */ /g'

echo "== a tiny run to predict with (1 epoch on 600 images; builds the jar first if needed)"
"$here/backprop-lab" train --model tiny --epochs 1 --limit 600 --threads 2 \
  --out "$work/runs/tiny" >/dev/null

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# The launcher execs the JVM: $! is the server's own process, whose memory is read.
(cd "$work" && exec "$here/backprop-lab" serve --port "$port" --runs "$work/runs") \
  >"$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 300); do grep -q 'http://' "$work/serve.out" && break; sleep 0.1; done
grep -q 'http://' "$work/serve.out" || { cat "$work/serve.out"; echo "bench/load.sh: the lab did not start" >&2; exit 1; }
url="http://127.0.0.1:$port"
# The first prediction loads the test digits and opens the model: not part of what is measured.
curl -sf -o /dev/null "$url/api/cnn/runs/tiny/test/0" \
  || { echo "bench/load.sh: the first prediction failed: $(curl -s "$url/api/cnn/runs/tiny/test/0")" >&2; exit 1; }
echo "server: pid $server, VmRSS $(rss) after its first prediction"

# Each request asks for the next test digit, so no answer is the one before.
cat >"$work/digits.lua" <<'EOF'
local i = 0
request = function()
  i = (i + 1) % 10000
  return wrk.format("GET", "/api/cnn/runs/tiny/test/" .. i)
end
EOF

printf '%-12s %10s %10s %10s %10s %12s %12s\n' connections answers/s 2xx/s p99 non-2xx "RSS before" "RSS after"
for connections in 32 200; do
  before="$(rss)"
  wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s "$work/digits.lua" "$url" \
    >"$work/wrk-$connections.txt"
  after="$(rss)"
  awk -v c="$connections" -v before="$before" -v after="$after" '
    / requests in / { total = $1; secs = $4 + 0 }
    /Requests\/sec:/ { rate = $2 }
    /^ +99% / { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $5 }
    END {
      printf "%-12s %10.0f %10.0f %10s %10d %12s %12s\n", c, rate, (total - non2xx) / secs,
        p99, non2xx, before, after
    }' "$work/wrk-$connections.txt"
done
echo "(non-2xx: 503 busy, past the limit of predictions in flight; p99 of every answer, 503s too)"
