"""The float cells in NumPy (float64, vectorised over a batch), written from
the equations of `docs/cells.md`. Used to measure what the calibration
cannot bound: the largest pre-activation (and partial sum) that the Q15
step stores in Q11 before EdgeML's table sigmoid/tanh. Tests check these
states against the library's float cells."""

from typing import Mapping, Tuple

import numpy as np


def _sig(a):
    return 1.0 / (1.0 + np.exp(-a))


def _softsign(a):
    return a / (1.0 + np.abs(a))


def _pow2_values(w):
    """eGRU's weights as the 3-bit codes hold them (nearest of 0, ±1/4, ±1/2, ±1)."""
    grid = np.array([0.0, 0.25, 0.5, 1.0])
    a = np.abs(w)
    idx = np.argmin(np.abs(a[..., None] - grid), axis=-1)
    return np.sign(w) * grid[idx]


def run(cell: str, w: Mapping[str, np.ndarray], x: np.ndarray, h0=None) -> Tuple[np.ndarray, float]:
    """`(states N×T×H, peak)`: every state, and the largest |value| stored
    at a table activation's Q11 input (or a partial sum leading to it)."""
    w = {k: np.asarray(v, dtype=np.float64) for k, v in w.items()}
    n, t, _ = x.shape
    first = w.get("W", w.get("weight_ih"))
    blocks = {"gru": 3, "tinyeats": 3, "fastgrnn": 1, "fastrnn": 1}.get(cell, 2)
    hd = first.shape[0] // blocks
    h = np.zeros((n, hd)) if h0 is None else np.array(h0, dtype=np.float64)
    peak = 0.0
    states = np.zeros((n, t, hd))

    def track(*vals):
        nonlocal peak
        for v in vals:
            if v.size:
                peak = max(peak, float(np.max(np.abs(v))))

    for s in range(t):
        xt = x[:, s]
        if cell == "gru":
            gi = xt @ w["weight_ih"].T + w["bias_ih"]
            gh = h @ w["weight_hh"].T + w["bias_hh"]
            pre = gi[:, : 2 * hd] + gh[:, : 2 * hd]
            r, z = _sig(pre[:, :hd]), _sig(pre[:, hd:])
            a = gi[:, 2 * hd :] + r * gh[:, 2 * hd :]
            track(gi, gh, pre, a)
            h = z * h + (1 - z) * np.tanh(a)
        elif cell == "fastgrnn":
            p = xt @ w["W"].T + h @ w["U"].T
            zg, c = p + w["Bg"], p + w["Bh"]
            track(p, zg, c)
            z = _sig(zg)
            h = z * h + (w["sigmoid_zeta"] * (1 - z) + w["sigmoid_nu"]) * np.tanh(c)
        elif cell == "fastrnn":
            p = xt @ w["W"].T + h @ w["U"].T
            track(p, p + w["B"])
            h = w["alpha"] * np.tanh(p + w["B"]) + w["beta"] * h
        elif cell in ("ugrnn", "sitgru", "ligru", "egru"):
            W, U, B = w["W"], w["U"], w["B"]
            if cell == "egru":
                W, U, B = _pow2_values(W), _pow2_values(U), _pow2_values(B)
            p = xt @ W.T + h @ U.T
            a = p + B
            ag, ac = a[:, :hd], a[:, hd:]
            if cell == "egru":
                z, c = (1 + _softsign(ag)) / 2, _softsign(ac)
                h = (1 - z) * h + z * c
            else:
                track(p[:, :hd], ag)
                if cell != "ligru":
                    track(p[:, hd:], ac)
                z = _sig(ag)
                c = {"ugrnn": np.tanh, "sitgru": _sig, "ligru": lambda v: np.maximum(v, 0)}[cell](ac)
                h = z * h + (1 - z) * c
        elif cell in ("mgu", "hard_mgu", "tinyeats"):
            W, Uh = w["W"], w["Uh"]
            U = w["Uf"] if cell != "tinyeats" else w["U"]
            B = w.get("B", np.zeros(W.shape[0]))
            g_rows = W.shape[0] - hd
            pg = xt @ W[:g_rows].T + h @ U.T
            ag = pg + B[:g_rows]
            if cell == "mgu":
                track(pg, ag)
                f = _sig(ag)
                r = g = f
            elif cell == "hard_mgu":
                f = np.clip((ag + 2) / 4, 0, 1)
                r = g = f
            else:
                gates = (1 + _softsign(ag)) / 2
                r, g = gates[:, :hd], gates[:, hd:]
            pc = xt @ W[g_rows:].T + (r * h) @ Uh.T
            ac = pc + B[g_rows:]
            if cell == "mgu":
                track(pc, ac)
                c = np.tanh(ac)
            elif cell == "hard_mgu":
                c = np.clip(ac, -1, 1)
            else:
                c = _softsign(ac)
            h = (1 - g) * h + g * c
        else:
            raise ValueError(cell)
        states[:, s] = h
    return states, peak


def peak_preactivation(cell: str, w, x) -> float:
    return run(cell, w, x)[1]
