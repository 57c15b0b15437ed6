#!/usr/bin/env python3
"""Runs the library's front-end (the `features` tool) over the synthesised
clips and stores the Q15 feature sequences per split:

    python3 features.py FEATURES_TOOL DATA_DIR OUT.npz-PREFIX

writes PREFIX_{train,val,test}.npz with x (N×T×16 int16) and y (N,)."""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    tool, data, prefix = sys.argv[1:4]
    rows = list(csv.DictReader(open(os.path.join(data, "manifest.csv"))))
    for split in ("train", "val", "test"):
        part = [r for r in rows if r["split"] == split]
        paths = [os.path.join(data, r["path"]) for r in part]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "f.bin")
            xs = []
            for i in range(0, len(paths), 500):
                subprocess.run([tool, "--features", out] + paths[i:i + 500], check=True)
                b = open(out, "rb").read()
                pos = 0
                while pos < len(b):
                    n = int(np.frombuffer(b[pos:pos + 4], np.int32)[0])
                    pos += 4
                    xs.append(np.frombuffer(b[pos:pos + n * 32], np.int16).reshape(n, 16))
                    pos += n * 32
        t = min(len(x) for x in xs)
        x = np.stack([a[:t] for a in xs])
        y = np.array([int(r["label"]) for r in part], np.int32)
        np.savez(f"{prefix}_{split}.npz", x=x, y=y, paths=np.array([r["path"] for r in part]))
        print(f"features: {prefix}_{split}.npz {x.shape}")


if __name__ == "__main__":
    main()
