#!/usr/bin/env python3
"""Markdown tables of finished experiment runs (runs/experiments/NAME/): one row per run, then one
row per model with the mean over its seeds. Reads settings.json, metrics.json and summary.txt."""
import json, os, re, statistics, sys

root = sys.argv[1]
rows = []
for name in sorted(os.listdir(root)):
    d = os.path.join(root, name)
    try:
        settings = json.load(open(os.path.join(d, "settings.json")))
        metrics = json.load(open(os.path.join(d, "metrics.json")))
        summary = open(os.path.join(d, "summary.txt")).read()
    except (FileNotFoundError, json.JSONDecodeError):
        continue
    r = settings["recipe"]
    if len(metrics) < r["epochs"]:
        continue  # unfinished
    params = int(re.search(r"Trainable parameters: ([\d,]+)", summary).group(1).replace(",", ""))
    acc = [100 * m["testAccuracy"] for m in metrics]
    first = next((m["epoch"] for m in metrics if m["testAccuracy"] >= 0.994 - 1e-9), None)
    best = max(acc)  # its epoch: the last of equal bests, as train reports it (without a holdout)
    epoch_seconds = statistics.median(m["trainSeconds"] + m["testSeconds"] for m in metrics[1:] or metrics)
    recipe = (f'{r["optimizer"].lower()}{" nesterov" if r["nesterov"] else ""} lr {r["learningRate"]:g}, '
              f'{r["schedule"].lower()}, wd {r["weightDecay"]:g}, rot {r["rotation"]:g}°, shift {r["shift"]:g}, '
              f'drop {r["dropout"]:g}, ls {r["labelSmoothing"]:g}, batch {r["batchSize"]}')
    held = [m.get("holdoutAccuracy") for m in metrics]
    chosen = None
    if settings.get("holdout", 0) and all(h is not None for h in held):
        k = held.index(max(held))
        chosen = (k + 1, 100 * held[k], acc[k])
    rows.append(dict(chosen=chosen, name=name, model=settings["model"], seed=settings["seed"], params=params,
                     recipe=recipe, epochs=r["epochs"], first=first, best=best,
                     best_epoch=len(acc) - acc[::-1].index(best), last=acc[-1], last3=min(acc[-3:]),
                     seconds=epoch_seconds, holdout=settings.get("holdout", 0)))

print("| run | model | params | recipe | epochs | seed | first ≥ 99.4% | best (epoch) | last | min of last 3 | s/epoch |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for x in rows:
    note = ""
    if x["chosen"]:
        e, h, t = x["chosen"]
        note = f' (holdout {x["holdout"]}: it picks epoch {e} at {h:.2f}% on the holdout, {t:.2f}% on test)'
    elif x["holdout"]:
        note = f' (holdout {x["holdout"]})'
    print(f'| {x["name"]}{note} | {x["model"]} | {x["params"]:,} | {x["recipe"]} | {x["epochs"]} | {x["seed"]} | '
          f'{x["first"] or "—"} | {x["best"]:.2f} ({x["best_epoch"]}) | {x["last"]:.2f} | {x["last3"]:.2f} | {x["seconds"]:.1f} |')
print()
print("| model | params | seeds | mean best | mean last | seeds ≥ 99.4% | first ≥ 99.4% per seed |")
print("|---|---:|---:|---:|---:|---:|---|")
def plain(x):
    """A model's default recipe with one seed: MODEL-seedN, not an ablation or a holdout run."""
    return re.fullmatch(re.escape(x["model"]) + r"-seed\d+", x["name"]) is not None

for model in dict.fromkeys(x["model"] for x in rows if plain(x)):
    xs = [x for x in rows if x["model"] == model and plain(x)]
    print(f'| {model} | {xs[0]["params"]:,} | {len(xs)} | {statistics.mean(x["best"] for x in xs):.2f} | '
          f'{statistics.mean(x["last"] for x in xs):.2f} | {sum(x["first"] is not None for x in xs)} | '
          f'{", ".join(str(x["first"] or "—") for x in xs)} |')
