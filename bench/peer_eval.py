#!/usr/bin/env python3
"""Times the PyTorch peer's evaluation of the 10,000 MNIST test images, as s6_pytorch.py does it
(model.eval(), torch.no_grad(), batches of 1000), after one untimed warm-up pass.
Prints the median images per second over --repeat passes. The model is untrained: evaluation
costs the same whatever the weights."""
import argparse, importlib.util, os, statistics, time
import torch

p = argparse.ArgumentParser()
p.add_argument("--peer", required=True)
p.add_argument("--data", required=True)
p.add_argument("--threads", type=int, default=os.cpu_count())
p.add_argument("--repeat", type=int, default=5)
a = p.parse_args()
spec = importlib.util.spec_from_file_location("peer", a.peer)
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
torch.set_num_threads(a.threads)
x = ((peer.read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")).float() / 255.0 - 0.1307) / 0.3081).unsqueeze(1)
y = peer.read_idx(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz")).long()
model = peer.Net()
model.eval()

def evaluate():
    with torch.no_grad():
        return sum((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
                   for i in range(0, len(y), 1000))

evaluate()
times = []
for _ in range(a.repeat):
    t = time.perf_counter()
    evaluate()
    times.append(time.perf_counter() - t)
print(f"peer evaluation: {statistics.median(times):.3f} s -> {len(y) / statistics.median(times):.1f} images/s")
