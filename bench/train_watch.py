#!/usr/bin/env python3
"""Runs a training command and watches it from outside, the way a user's wall clock would:

  * time from the start of the command (JVM start included) to the end of each epoch, and to the
    first epoch whose test accuracy is >= the target;
  * the process's resident memory (RSS) at the end of each epoch, and its peak (VmHWM), to show
    whether memory grows from epoch to epoch;
  * the whole run: start to exit, and the last epoch's test accuracy.

  bench/train_watch.py [--stop-at-target] [--target 99.4] -- ./backprop-lab train --model fast ...

Prints one line per epoch and a JSON summary line."""
import argparse, json, re, subprocess, sys, time

p = argparse.ArgumentParser()
p.add_argument("--target", type=float, default=99.4)
p.add_argument("--stop-at-target", action="store_true", help="stop the run at the first epoch >= target")
p.add_argument("command", nargs=argparse.REMAINDER)
a = p.parse_args()
cmd = a.command[1:] if a.command and a.command[0] == "--" else a.command

def memory_kb(pid):
    """RSS and peak RSS of pid and its children (the launcher script execs java, so pid is java)."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except FileNotFoundError:
        pass
    return rss, hwm

# A row of train's epoch table: epoch N/M, train loss, train acc, test loss, test acc, ...
line_re = re.compile(r"^\s*(\d+)/(\d+)\s+\S+\s+[\d.]+%\s+\S+\s+([\d.]+)%")
start = time.monotonic()
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, bufsize=1)
epochs, reached, peak = [], None, 0
for line in proc.stdout:
    m = line_re.match(line)
    if not m:
        continue
    t = time.monotonic() - start
    rss, hwm = memory_kb(proc.pid)
    peak = max(peak, hwm)
    epoch, acc = int(m.group(1)), float(m.group(3))
    epochs.append({"epoch": epoch, "seconds": round(t, 1), "test_accuracy": acc, "rss_mb": round(rss / 1024)})
    print(f"epoch {epoch:2d}  at {t:6.1f} s  test acc {acc:.2f}%  RSS {rss / 1024:6.0f} MB", flush=True)
    if reached is None and acc >= a.target:
        reached = {"epoch": epoch, "seconds": round(t, 1)}
        if a.stop_at_target:
            proc.terminate()
            break
proc.wait()
wall = time.monotonic() - start
rss_after_first = [e["rss_mb"] for e in epochs[1:]]
growth = (max(rss_after_first) - min(rss_after_first)) if len(rss_after_first) > 1 else None
print(f"time to {a.target}%: " + (f"{reached['seconds']} s (epoch {reached['epoch']})" if reached else "not reached"))
if epochs and not a.stop_at_target:
    print(f"whole run: {wall:.1f} s start to exit, last epoch {epochs[-1]['epoch']} at"
          f" {epochs[-1]['test_accuracy']:.2f}%")
print(f"peak RSS {round(peak / 1024)} MB; RSS after each epoch {[e['rss_mb'] for e in epochs]} MB;"
      f" spread after epoch 1: {growth} MB")
print(json.dumps({
    "command": " ".join(cmd),
    "target": a.target,
    "first_epoch_at_target": reached,
    "wall_seconds": round(wall, 1),
    "peak_rss_mb": round(peak / 1024),
    "rss_growth_mb_after_epoch_1": growth,
    "epochs": epochs}))
