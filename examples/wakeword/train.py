#!/usr/bin/env python3
"""Trains the wake-word models in float on the CPU (JAX), on the features
the library's own front-end computes (the `features` tool), and writes
their weights in tinyrnn's names for `python -m tinyrnn export`.

    python3 train.py BUILD_DIR [--epochs 60] [--models fastgrnn,hard_mgu,gru,fastgrnn_fft]

Reads BUILD_DIR/features_{bandpass,fft}_{train,val,test}.npz (made by
run.sh) and writes, per model, BUILD_DIR/models/<name>.npz (cell weights),
<name>_head.npz (linear head: weight 2×H, bias 2), <name>_calib.npy (a
calibration set: N×T×D float) and BUILD_DIR/float_results.json (float
accuracy, false accepts / rejects on the test set, parameter counts).

Inputs: the Q15 features q, normalised in integers as the C detector does,
x = sat16((q − mean_i) << NORM_SHIFT) / 32768 (mean per feature from the
training set; models/norm.h carries both to C). The state after the last
frame goes through a linear head; class 1 is "marvin". The hard MGU is
trained quantization-aware: 4-bit weights (per-matrix power-of-two scale)
and 4-bit activations, with straight-through gradients.
"""
import argparse
import json
import os
import time

import jax
import jax.numpy as jnp
import numpy as np

H = int(os.environ.get("WW_HIDDEN", "16"))
NORM_SHIFT = 3


def load(build, front, split):
    z = np.load(os.path.join(build, f"features_{front}_{split}.npz"))
    return z["x"], z["y"]


def words(build, front, split):
    """The spoken word of each clip of a split ("<silence>" for none)."""
    import csv
    z = np.load(os.path.join(build, f"features_{front}_{split}.npz"))
    by_path = {r["path"]: r["word"] for r in csv.DictReader(open(os.path.join(build, "data", "manifest.csv")))}
    return [by_path[str(p)] for p in z["paths"]]


SIMILAR = set("marble martin marvel margin carving starving marlin garden harvard moving marvellous murphy "
              "marvis darwin mark vin marching barbin martian morven melvin".split())


def normalise(q, mean):
    v = (q.astype(np.int32) - mean[None, None, :].astype(np.int32)) << NORM_SHIFT
    return np.clip(v, -32768, 32767).astype(np.float32) / 32768.0


def init(cell, d, key):
    k = jax.random.split(key, 8)
    g = lambda kk, shape, s: jax.random.normal(kk, shape) * s
    if cell == "fastgrnn":
        return {"W": g(k[0], (H, d), 1 / np.sqrt(d)), "U": g(k[1], (H, H), 1 / np.sqrt(H)),
                "Bg": jnp.ones(H), "Bh": jnp.zeros(H), "zeta": jnp.array(1.0), "nu": jnp.array(-4.0)}
    if cell == "hard_mgu":
        return {"W": g(k[0], (2 * H, d), 0.5 / np.sqrt(d)), "Uf": g(k[1], (H, H), 0.5 / np.sqrt(H)),
                "Uh": g(k[2], (H, H), 0.5 / np.sqrt(H))}
    if cell == "gru":
        return {"weight_ih": g(k[0], (3 * H, d), 1 / np.sqrt(d)), "weight_hh": g(k[1], (3 * H, H), 1 / np.sqrt(H)),
                "bias_ih": jnp.zeros(3 * H), "bias_hh": jnp.zeros(3 * H)}
    raise ValueError(cell)


def ste(x, q):
    """q(x) forwards, identity backwards."""
    return x + jax.lax.stop_gradient(q(x) - x)


def int4(w):
    """4-bit codes −8..7 with a power-of-two step that covers max |w|."""
    m = jnp.maximum(jnp.max(jnp.abs(w)), 1e-8)
    step = 2.0 ** jnp.ceil(jnp.log2(m / 7.0))
    return ste(w, lambda v: jnp.clip(jnp.round(v / step), -8, 7) * step)


def step_fn(cell, p):
    if cell == "fastgrnn":
        zeta, nu = jax.nn.sigmoid(p["zeta"]), jax.nn.sigmoid(p["nu"])

        def f(h, x):
            a = x @ p["W"].T + h @ p["U"].T
            z = jax.nn.sigmoid(a + p["Bg"])
            c = jnp.tanh(a + p["Bh"])
            # EdgeML's Q15 FastGRNN holds pre-activations in ±16 (Q11
            # activations): penalise anything beyond ±8, leaving headroom.
            over = jnp.maximum(jnp.abs(jnp.concatenate([a + p["Bg"], a + p["Bh"]], 1)) - 8.0, 0.0)
            return (zeta * (1 - z) + nu) * c + z * h, jnp.mean(over ** 2)
        return f
    if cell == "hard_mgu":
        W, Uf, Uh = int4(p["W"]), int4(p["Uf"]), int4(p["Uh"])
        # 4-bit activations as the Q15 kernel computes them (docs/cells.md).
        sig4 = lambda a: ste(jnp.clip((a + 2) / 4, 0, 1), lambda v: jnp.clip(jnp.trunc(4 * (v * 4 - 2)) + 8, 0, 15) / 16)
        tanh4 = lambda a: ste(jnp.clip(a, -1, 1), lambda v: jnp.clip(jnp.trunc(8 * v), -8, 7) / 8)

        def f(h, x):
            wx = x @ W.T
            g = sig4(wx[:, :H] + h @ Uf.T)
            c = tanh4(wx[:, H:] + (g * h) @ Uh.T)
            return (1 - g) * h + g * c
        return f
    if cell == "gru":
        def f(h, x):
            gi = x @ p["weight_ih"].T + p["bias_ih"]
            gh = h @ p["weight_hh"].T + p["bias_hh"]
            r = jax.nn.sigmoid(gi[:, :H] + gh[:, :H])
            z = jax.nn.sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
            n = jnp.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
            return (1 - z) * n + z * h
        return f
    raise ValueError(cell)


def final_state(cell, p, xs):
    """The state after the last step, and the mean penalty of the steps."""
    f = step_fn(cell, p)

    def body(carry, x):
        h, pen = carry
        out = f(h, x)
        if isinstance(out, tuple):
            return (out[0], pen + out[1]), None
        return (out, pen), None
    h0 = jnp.zeros((xs.shape[0], H))
    (h, pen), _ = jax.lax.scan(body, (h0, jnp.zeros(())), jnp.swapaxes(xs, 0, 1))
    return h, pen / xs.shape[1]


def logits(cell, params, xs, with_penalty=False):
    h, pen = final_state(cell, params["cell"], xs)
    lg = h @ params["head_w"].T + params["head_b"]
    return (lg, pen) if with_penalty else lg


def train(cell, xtr, ytr, xva, yva, epochs, seed):
    key = jax.random.PRNGKey(seed)
    d = xtr.shape[2]
    params = {"cell": init(cell, d, key), "head_w": jax.random.normal(jax.random.PRNGKey(seed + 1), (2, H)) * 0.1,
              "head_b": jnp.zeros(2)}
    # Class weights: as many positives as negatives in effect.
    w_pos = float((ytr == 0).sum() / max((ytr == 1).sum(), 1))

    def loss(p, x, y):
        lg, pen = logits(cell, p, x, with_penalty=True)
        lp = jax.nn.log_softmax(lg)
        nll = -jnp.take_along_axis(lp, y[:, None], 1)[:, 0]
        w = jnp.where(y == 1, w_pos, 1.0)
        return jnp.sum(nll * w) / jnp.sum(w) + 10.0 * pen

    grad = jax.jit(jax.value_and_grad(loss))
    predict = jax.jit(lambda p, x: jnp.argmax(logits(cell, p, x), 1))
    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    rng = np.random.default_rng(seed)
    best, best_p, t = -1.0, params, 0
    batch = 64
    for ep in range(epochs):
        lr = 1e-2 * (0.5 * (1 + np.cos(np.pi * ep / epochs))) + 3e-4
        order = rng.permutation(len(xtr))
        for i in range(0, len(order) - batch + 1, batch):
            idx = order[i:i + batch]
            _, g = grad(params, xtr[idx], ytr[idx])
            t += 1
            m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
            v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
            params = jax.tree_util.tree_map(
                lambda p, a, b: p - lr * (a / (1 - 0.9 ** t)) / (jnp.sqrt(b / (1 - 0.999 ** t)) + 1e-8), params, m, v)
        acc = float(np.mean(np.asarray(predict(params, xva)) == yva))
        if acc >= best:
            best, best_p = acc, params
        if ep % 10 == 9 or ep == epochs - 1:
            print(f"  {cell} epoch {ep + 1}: val acc {acc:.4f} (best {best:.4f})", flush=True)
    return best_p, predict


def rates(pred, y):
    pred, y = np.asarray(pred), np.asarray(y)
    return {"accuracy": float(np.mean(pred == y)),
            "false_accept": float(np.mean(pred[y == 0] == 1)), "false_reject": float(np.mean(pred[y == 1] == 0)),
            "n": int(len(y)), "positives": int((y == 1).sum())}


def export_arrays(cell, p):
    c = {k: np.asarray(v, dtype=np.float64) for k, v in p["cell"].items()}
    if cell == "fastgrnn":
        # tinyrnn's FastGRNN names; zeta/nu as the sigmoids the C kernel takes.
        sig = lambda v: 1 / (1 + np.exp(-v))
        c = {"W": c["W"], "U": c["U"], "Bg": c["Bg"], "Bh": c["Bh"],
             "sigmoid_zeta": np.array(sig(c["zeta"])), "sigmoid_nu": np.array(sig(c["nu"]))}
    if cell == "hard_mgu":
        c = {k: np.asarray(int4(jnp.asarray(v))) for k, v in c.items()}
    head = {"weight": np.asarray(p["head_w"], np.float64), "bias": np.asarray(p["head_b"], np.float64)}
    return c, head


MODELS = {"fastgrnn": ("fastgrnn", "bandpass"), "hard_mgu": ("hard_mgu", "bandpass"), "gru": ("gru", "bandpass"),
          "fastgrnn_fft": ("fastgrnn", "fft")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    out = os.path.join(args.build, "models")
    os.makedirs(out, exist_ok=True)
    results_path = os.path.join(args.build, "float_results.json")
    results = json.load(open(results_path)) if os.path.exists(results_path) else {}
    norms = {}
    for name in args.models.split(","):
        cell, front = MODELS[name]
        qtr, ytr = load(args.build, front, "train")
        qva, yva = load(args.build, front, "val")
        qte, yte = load(args.build, front, "test")
        mean = np.round(qtr.reshape(-1, qtr.shape[2]).mean(0)).astype(np.int16)
        norms[front] = mean
        xtr, xva, xte = (normalise(q, mean) for q in (qtr, qva, qte))
        t0 = time.time()
        print(f"{name}: {cell} on {front} features, {len(xtr)} train / {len(xva)} val / {len(xte)} test", flush=True)
        p, predict = train(cell, xtr, ytr, xva, yva, args.epochs, args.seed)
        pred = np.asarray(predict(p, xte))
        r = rates(pred, yte)
        ws = words(args.build, front, "test")
        for group, member in (("similar", lambda w: w in SIMILAR), ("silence", lambda w: w == "<silence>"),
                              ("other_words", lambda w: w not in SIMILAR and w not in ("<silence>", "marvin"))):
            sel = np.array([member(w) for w in ws])
            r[f"false_accept_{group}"] = float(np.mean(pred[sel] == 1)) if sel.any() else 0.0
        r["train_accuracy"] = float(np.mean(np.asarray(predict(p, xtr)) == ytr))
        r["train_seconds"] = round(time.time() - t0, 1)
        r["cell"], r["front_end"] = cell, front
        c, head = export_arrays(cell, p)
        r["parameters"] = int(sum(v.size for k, v in c.items() if k not in ("sigmoid_zeta", "sigmoid_nu")))
        results[name] = r
        print(f"  {name}: float test accuracy {r['accuracy']:.4f} (train {r['train_accuracy']:.4f}), FA {r['false_accept']:.4f}"
              f" (similar {r['false_accept_similar']:.3f}, other {r['false_accept_other_words']:.3f},"
              f" silence {r['false_accept_silence']:.3f}), FR {r['false_reject']:.4f}"
              f" ({r['train_seconds']} s)", flush=True)
        np.savez(os.path.join(out, f"{name}.npz"), **c)
        np.savez(os.path.join(out, f"{name}_head.npz"), **head)
        np.save(os.path.join(out, f"{name}_calib.npy"), xtr[np.random.default_rng(0).permutation(len(xtr))[:256]])
    with open(results_path, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    for front, mean in norms.items():
        with open(os.path.join(out, f"norm_{front}.h"), "w") as f:
            f.write(f"/* Feature normalisation of the {front} front-end, written by train.py:\n"
                    f" * x = sat16((q - WW_NORM_MEAN[i]) << WW_NORM_SHIFT). */\n")
            f.write(f"#define WW_NORM_SHIFT {NORM_SHIFT}\n")
            f.write("static const int16_t WW_NORM_MEAN[16] = {" + ", ".join(str(int(v)) for v in mean) + "};\n")


if __name__ == "__main__":
    main()
