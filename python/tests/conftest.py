"""Shared fixtures: the repository's paths, random models of every cell,
and the host library `libtinyrnn.a` (built with cargo when missing)."""

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tinyrnn.cells import CELLS

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
INCLUDE = REPO / "include"
BUILD = PYTHON_DIR / "target" / "pytest"


def random_weights(cell: str, d: int, h: int, rng) -> dict:
    """Weights as training would leave them: uniform ±1/√H (PyTorch's
    initialisation); eGRU's on its 3-bit grid, the hard MGU's on a 4-bit grid
    (what their training produces), FastRNN's α, β and FastGRNN's ζ, ν in (0, 1)."""
    spec = CELLS[cell]
    out = {}
    for w in spec.weights:
        shape = spec.shape(w, d, h)
        if w.storage == "scalar":
            out[w.name] = np.array(rng.uniform(0.05, 0.95))
        elif w.storage == "pow2":
            out[w.name] = rng.choice([-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0], size=shape)
        elif w.storage == "int4":
            out[w.name] = rng.integers(-8, 8, size=shape) / 16.0
        else:
            out[w.name] = rng.uniform(-1, 1, shape) / np.sqrt(h)
    return out


def run(cmd, **kw):
    """Runs a command; fails the test with its output when it fails."""
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if p.returncode != 0:
        pytest.fail("%s failed (%d):\n%s\n%s" % (" ".join(map(str, cmd)), p.returncode, p.stdout[-4000:], p.stderr[-4000:]))
    return p


def _cargo_lib(target=None) -> Path:
    cmd = ["cargo", "build", "--release", "--lib", "-q"]
    if target:
        cmd += ["--target", target]
    run(cmd, cwd=REPO)
    base = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    lib = (base / target / "release" if target else base / "release") / "libtinyrnn.a"
    assert lib.exists(), lib
    return lib


@pytest.fixture(scope="session")
def host_lib() -> Path:
    return _cargo_lib()


@pytest.fixture(scope="session")
def m4_lib() -> Path:
    return _cargo_lib("thumbv7em-none-eabihf")


@pytest.fixture(scope="session")
def build_dir() -> Path:
    BUILD.mkdir(parents=True, exist_ok=True)
    return BUILD
