"""Benchmark (not a test): the integer emulation's throughput on one core.

    taskset -c 0 python3 python/benchmarks/batch.py [cell ...]

Runs 10 000 sequences × 100 steps, H = 64, D = 32 through the Q15 cell of
the shift build (random weights, calibrated on 64 sequences) and prints the
CPU and wall time. Default cells: gru and fastgrnn.
"""

import sys
import time

import numpy as np

import tinyrnn
from tinyrnn.cells import CELLS

N, T, D, H = 10_000, 100, 32, 64


def weights(cell, rng):
    spec = CELLS[cell]
    out = {}
    for w in spec.weights:
        shape = spec.shape(w, D, H)
        if w.storage == "scalar":
            out[w.name] = np.array(0.5)
        elif w.storage == "pow2":
            out[w.name] = rng.choice([-0.5, -0.25, 0.0, 0.25, 0.5], size=shape)
        elif w.storage == "int4":
            out[w.name] = rng.integers(-8, 8, size=shape) / 64.0
        else:
            out[w.name] = rng.uniform(-1, 1, shape) / np.sqrt(H)
    return out


def main(cells):
    rng = np.random.default_rng(0)
    for cell in cells:
        fm = tinyrnn.FloatModel(cell, weights(cell, rng))
        qm = fm.quantize(rng.uniform(-1, 1, (64, T, D)), mode="shift")
        xq = qm.quantize_input(rng.uniform(-1, 1, (N, T, D)).astype(np.float32))
        cpu, wall = time.process_time(), time.perf_counter()
        hq = qm.run(xq)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert hq.shape == (N, H)
        print("%-9s %d sequences x %d steps, H=%d, D=%d: %.1f s CPU, %.1f s wall (%.2f us/step)" % (cell, N, T, H, D, cpu, wall, 1e6 * cpu / (N * T)))


if __name__ == "__main__":
    main(sys.argv[1:] or ["gru", "fastgrnn"])
