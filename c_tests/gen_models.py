#!/usr/bin/env python3
"""Generates the model headers of tinyrnn's C tests (c_tests/models/*.h).

Every expected number comes from EdgeML's recorded reference vectors
(../shared/edgeml-vectors/{div,shift,div_sparse,shift_sparse}.jsonl, the
project's oracle): the script picks real cases and writes their weights,
scales and outputs as C initialisers, with `#ifdef SHIFT` / `#ifdef SPARSE`
where the four builds differ.

One expectation is not recorded: RNNPool over a *sparse* FastGRNN (the
vectors record RNNPool with dense cells only). For it the script carries a
plain Python model of the quantized kernels, FastGRNN and RNNPool, written
from C's arithmetic rules, and uses it only after checking that it
reproduces every recorded case of those functions in all four files
(thousands of cells, dense and sparse); if any case differs, nothing is
written. The RNNPool case is then the recorded dense one with its W and U
re-encoded sparse.

Usage: python3 c_tests/gen_models.py [--vectors DIR] [--check]
  --check  regenerate in memory and fail if a committed header differs.
"""

import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_VECTORS = os.path.join(ROOT, "..", "shared", "edgeml-vectors")
FILES = {
    ("div", False): "div.jsonl",
    ("shift", False): "shift.jsonl",
    ("div", True): "div_sparse.jsonl",
    ("shift", True): "shift_sparse.jsonl",
}

# ---------------------------------------------------------------------------
# C arithmetic
# ---------------------------------------------------------------------------


def wrap(x, bits):
    """C's conversion to a signed type of `bits` bits (GCC keeps the low bits)."""
    m = 1 << bits
    x &= m - 1
    return x - m if x >= m >> 1 else x


def i8(x):
    return wrap(x, 8)


def i16(x):
    return wrap(x, 16)


def i32(x):
    return wrap(x, 32)


def tdiv(a, b):
    """C's `/`: truncation toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


class Mode:
    """One scaling mode: divisors (`/`, products) or exponents (`>>`, sums)."""

    def __init__(self, shift):
        self.shift = shift

    def join(self, *scales):
        acc = 0 if self.shift else 1
        for s in scales:
            acc = i32(acc + s) if self.shift else i32(acc * s)
        return acc

    def down(self, x, s):
        return x >> s if self.shift else tdiv(x, s)

    def up(self, x, s):
        return x << s if self.shift else x * s


# round(16384 * e^(-i/16)) and round(16384 * e^(-j/2048)), as in quantized_utils.h.
EXP_A = [int(math.floor(16384 * math.exp(-i / 16) + 0.5)) for i in range(256)]
EXP_B = [int(math.floor(16384 * math.exp(-j / 2048) + 0.5)) for j in range(128)]


def exp_base_16(inp, scale):
    val = 32767 if inp == -32768 else i16(-inp)
    return i16(tdiv(EXP_A[val >> 7] * EXP_B[val % 128], scale) >> 14)


# ---------------------------------------------------------------------------
# Kernels (the subset FastGRNN and RNNPool use), one element at a time
# ---------------------------------------------------------------------------


def v_add(m, a, b, s1, s2, sret, demote):
    k1, k2 = m.join(s1, sret), m.join(s2, sret)
    return [i16(m.down(m.down(x, k1) + m.down(y, k2), demote)) for x, y in zip(a, b)]


def v_sub(m, a, b, s1, s2, sret, store):
    k1, k2 = m.join(s1, sret), m.join(s2, sret)
    return [store(m.down(x, k1) - m.down(y, k2)) for x, y in zip(a, b)]


def v_hadamard(m, a, b, s1, s2, store):
    k = m.join(s1, s2)
    return [store(m.down(x * y, k)) for x, y in zip(a, b)]


def v_sigmoid(vec, div, add, limit, scale_in, scale_out, use_tables):
    out = []
    for x in vec:
        if use_tables:
            if x <= 0:
                e = exp_base_16(x, 1)
                out.append(i16(tdiv(e << 14, e + 16384)))
            else:
                out.append(i16(tdiv(267943936, 16384 + exp_base_16(-x, 1))))
        else:
            w = i16(tdiv(x, div) + add)
            out.append(0 if w <= 0 else i16((limit if w >= limit else w) << (scale_out - scale_in)))
    return out


def v_tanh(vec, scale_in, scale_out, use_tables):
    out = []
    for x in vec:
        if use_tables:
            w = max(-32768, min(32767, 2 * x))
            if w <= 0:
                e = exp_base_16(w, 1)
                out.append(i16(tdiv((e - 16384) << 14, e + 16384)))
            else:
                e = exp_base_16(-w, 1)
                out.append(i16(tdiv((16384 - e) << 14, e + 16384)))
        else:
            bound = 1 << scale_in
            c = bound if x >= bound else (-bound if x <= -bound else x)
            out.append(i16(c << (scale_out - scale_in)))
    return out


def v_scalar_sub(m, scalar, vec, sc_s, sc_v, sc_r):
    s, k = m.down(scalar, m.join(sc_s, sc_r)), m.join(sc_v, sc_r)
    return [i16(s - m.down(x, k)) for x in vec]


def v_scalar_add(m, scalar, vec, sc_s, sc_v, sc_r):
    s, k = m.down(scalar, m.join(sc_s, sc_r)), m.join(sc_v, sc_r)
    return [i16(s + m.down(x, k)) for x in vec]


def v_scalar_mul(m, scalar, vec, sc_s, sc_v):
    k = m.join(sc_s, sc_v)
    return [i16(m.down(scalar * x, k)) for x in vec]


def v_scale_up(m, vec, s):
    return [i16(m.up(x, s)) for x in vec]


def v_scale_down(m, vec, s):
    return [i16(m.down(x, s)) for x in vec]


def m_mulvec(m, mat, vec, nrows, ncols, scmat, scvec, scret, acc32):
    k = m.join(scmat, scvec, scret)
    out = []
    for r in range(nrows):
        total = 0
        for c in range(ncols):
            total += mat[r * ncols + c] * vec[c]
            if acc32:
                total = i32(total)
        out.append(i16(m.down(total, k)))
    return out


def m_sparse_mulvec(m, ids, vals, vec, nelem, ret, scmat, scvec, scret):
    k = m.join(scmat, scvec, scret)
    ret = list(ret)
    i = j = 0
    for col in range(nelem):
        while ids[i] != 0:
            row = ids[i] - 1
            ret[row] = i16(ret[row] + m.down(vals[j] * vec[col], k))
            i += 1
            j += 1
        i += 1
    return ret


def sparse_encode(mat, nrows, ncols):
    """EdgeML's column-major encoding of a dense row-major matrix."""
    ids, vals = [], []
    for c in range(ncols):
        for r in range(nrows):
            v = mat[r * ncols + c]
            if v != 0:
                ids.append(r + 1)
                vals.append(v)
        ids.append(0)
    return ids, vals


# ---------------------------------------------------------------------------
# FastGRNN and RNNPool
# ---------------------------------------------------------------------------


def fastgrnn(m, sparse, q7, h, hd, inp, idim, steps, p, s, backward, normalize, lowrank=False):
    """Runs the cell; `p` holds W/U (or Wids/Wvals/Uids/Uvals, or W1/W2/U1/U2),
    Bg, Bh, sigmoid_zeta, sigmoid_nu, mean, stdDev; `s` the scales dict."""
    store = i8 if q7 else i16
    h = list(h)
    for t in range(steps):
        off = (steps - 1 - t if backward else t) * idim
        x = inp[off:off + idim]
        if normalize:
            nf = v_sub(m, x, p["mean"][off:off + idim], s["input"], s["mean"], s["meanSub"], store)
            nf = v_hadamard(m, p["stdDev"][off:off + idim], nf, s["stdDev"], s["normFeaturesHDStdDev"], store)
        else:
            nf = list(x)
        if lowrank:
            tw = m_mulvec(m, p["W1"], nf, p["wRank"], idim, s["w1"], s["normFeaturesMVW1"], s["mVW1Out"], False)
            pc1 = m_mulvec(m, p["W2"], tw, hd, p["wRank"], s["w2"], s["tempLRW"], s["mVW2Out"], False)
            tu = m_mulvec(m, p["U1"], h, p["uRank"], hd, s["u1"], s["hiddenStateMVU1"], s["mVU1Out"], False)
            pc2 = m_mulvec(m, p["U2"], tu, hd, p["uRank"], s["u2"], s["tempLRU"], s["mVU2Out"], False)
            pc1 = v_add(m, pc1, pc2, s["mV2AddMV4"], s["mV4AddMV2"], s["mV2AddMV4Out"], s["mV2AddMV4Demote"])
        else:
            if sparse:
                pc1 = m_sparse_mulvec(m, p["Wids"], p["Wvals"], nf, idim, [0] * hd, s["w"], s["normFeaturesMVW"], s["mVWOut"])
                pc2 = m_sparse_mulvec(m, p["Uids"], p["Uvals"], h, hd, [0] * hd, s["u"], s["hiddenStateMVU"], s["mVUOut"])
            else:
                pc1 = m_mulvec(m, p["W"], nf, hd, idim, s["w"], s["normFeaturesMVW"], s["mVWOut"], q7)
                pc2 = m_mulvec(m, p["U"], h, hd, hd, s["u"], s["hiddenStateMVU"], s["mVUOut"], False)
            pc1 = v_add(m, pc1, pc2, s["mV1AddMV2"], s["mV2AddMV1"], s["mV1AddMV2Out"], s["mV1AddMV2Demote"])
        gate = v_add(m, pc1, p["Bg"], s["pC1AddBg"], s["bg"], s["pC1AddBgOut"], s["pC1AddBgDemote"])
        gate = v_sigmoid(gate, s["div"], s["add"], s["sigmoidLimit"], s["sigmoidScaleIn"], s["sigmoidScaleOut"], s["useTableSigmoid"])
        cand = v_add(m, pc1, p["Bh"], s["pC1AddBh"], s["bh"], s["pC1AddBhOut"], s["pC1AddBhDemote"])
        cand = v_tanh(cand, s["tanhScaleIn"], s["tanhScaleOut"], s["useTableTanH"])
        pc3 = v_hadamard(m, gate, h, s["gateHDHiddenState"], s["hiddenStateHDGate"], i16)
        g = v_scalar_sub(m, s["qOne"], gate, s["qOneScale"], s["qOneSubGate"], s["qOneSubGateOut"])
        g = v_scalar_mul(m, p["sigmoid_zeta"], g, s["sigmoidZeta"], s["sigmoidZetaMulQOneSubGate"])
        g = v_scalar_add(m, p["sigmoid_nu"], g, s["sigmoidNu"], s["sigmoidNuAddQOneSubGate"], s["sigmoidNuAddQOneSubGateOut"])
        cand = v_hadamard(m, g, cand, s["sigmoidNuAddQOneSubGateHDUpdate"], s["updateHDSigmoidNuAddQOneSubGate"], i16)
        h = v_add(m, pc3, cand, s["pC3AddPC1"], s["pC1AddPC3"], s["hiddenStateOut"], s["hiddenStateDemote"])
    return h


def rnnpool(m, patch, idim, pdim, stride, rnn1, hd1, rnn2, hd2, shr1, shl1, shr2, shl2):
    """`rnn1(h, x, steps, backward)` / `rnn2(...)` return the new state."""
    buf = [0] * (hd1 * pdim)
    for r in range(pdim):
        start = stride * r * idim
        buf[r * hd1:(r + 1) * hd1] = rnn1(buf[r * hd1:(r + 1) * hd1], patch[start:start + pdim * idim], pdim, False)
    buf = v_scale_down(m, v_scale_up(m, buf, shl1), shr1)
    out = [0] * (4 * hd2)
    out[0:hd2] = rnn2(out[0:hd2], buf, pdim, False)
    out[hd2:2 * hd2] = rnn2(out[hd2:2 * hd2], buf, pdim, True)
    buf = [0] * (hd1 * pdim)
    for c in range(pdim):
        for r in range(pdim):
            start = (stride * r + c) * idim
            buf[c * hd1:(c + 1) * hd1] = rnn1(buf[c * hd1:(c + 1) * hd1], patch[start:start + idim], 1, False)
    buf = v_scale_down(m, v_scale_up(m, buf, shl1), shr1)
    out[2 * hd2:3 * hd2] = rnn2(out[2 * hd2:3 * hd2], buf, pdim, False)
    out[3 * hd2:4 * hd2] = rnn2(out[3 * hd2:4 * hd2], buf, pdim, True)
    return v_scale_down(m, v_scale_up(m, out, shl2), shr2)


def pool_cells(a, sparse):
    """The two FastGRNN closures of a recorded RNNPool case (optionally with
    W/U re-encoded sparse)."""

    def params(prefix, hd, idim):
        p = {"Bg": a[prefix + "Bg"], "Bh": a[prefix + "Bh"], "sigmoid_zeta": a[prefix + "zeta"], "sigmoid_nu": a[prefix + "nu"]}
        if sparse:
            p["Wids"], p["Wvals"] = sparse_encode(a[prefix + "W"], hd, idim)
            p["Uids"], p["Uvals"] = sparse_encode(a[prefix + "U"], hd, hd)
        else:
            p["W"], p["U"] = a[prefix + "W"], a[prefix + "U"]
        return p

    return params


def run_pool_case(r, sparse_cells=False):
    a = r["args"]
    m = Mode(r["mode"] == "shift")
    q7 = r["fn"].startswith("q7xq15")
    hd1, hd2, idim = a["hiddenDims1"], a["hiddenDims2"], a["inputDims"]
    mk = pool_cells(a, sparse_cells)
    p1, p2 = mk("rnn1_", hd1, idim), mk("rnn2_", hd2, hd1)

    def rnn1(h, x, steps, backward):
        return fastgrnn(m, sparse_cells, q7, h, hd1, x, idim, steps, p1, a["rnn1_scales"], backward, False)

    def rnn2(h, x, steps, backward):
        return fastgrnn(m, sparse_cells, False, h, hd2, x, hd1, steps, p2, a["rnn2_scales"], backward, False)

    return rnnpool(m, a["patch"], idim, a["patchDim"], a["stride"], rnn1, hd1, rnn2, hd2, a["ShR1"], a["ShL1"], a["ShR2"], a["ShL2"])


def run_cell_case(r):
    a = r["args"]
    m = Mode(r["mode"] == "shift")
    fn = r["fn"]
    lowrank = fn == "q15_fastgrnn_lr"
    return fastgrnn(m, r["sparse"] and not lowrank, fn.startswith("q7xq15"), a["hiddenState"], a["hiddenDims"], a["input"],
                    a["inputDims"], a["steps"], a, a["scales"], a["backward"], a["normalize"], lowrank=lowrank)


def validate(vectors):
    """Replays every recorded FastGRNN/RNNPool case through the Python model."""
    counts = {}
    bad = []
    for (mode, sparse), rows in vectors.items():
        for r in rows:
            fn = r["fn"]
            if fn in ("q15_fastgrnn", "q7xq15_q15_fastgrnn", "q15_fastgrnn_lr"):
                got, want = run_cell_case(r), r["out"]["hiddenState"]
            elif fn in ("q15_rnnpool_block", "q7xq15_q15_rnnpool_block"):
                got, want = run_pool_case(r), r["out"]["output"]
            else:
                continue
            key = (fn, mode, sparse)
            counts[key] = counts.get(key, 0) + 1
            if got != want:
                bad.append((fn, mode, sparse, r["case"]))
    if bad:
        sys.exit("the Python model disagrees with the recorded vectors on %d cases, e.g. %s" % (len(bad), bad[:5]))
    return counts


# ---------------------------------------------------------------------------
# C emission
# ---------------------------------------------------------------------------

BANNER = """/*
 * Generated by c_tests/gen_models.py from EdgeML's recorded reference
 * vectors (../shared/edgeml-vectors). Do not edit: rerun the script.
%s */
"""


def c_values(values, indent="    ", width=96):
    lines, cur = [], indent
    for i, v in enumerate(values):
        piece = str(v) + ("," if i + 1 < len(values) else "")
        if len(cur) + len(piece) + 1 > width and cur.strip():
            lines.append(cur.rstrip())
            cur = indent
        cur += piece + " "
    lines.append(cur.rstrip())
    return "\n".join(lines)


def c_array(ctype, name, values):
    assert values, "empty array %s" % name
    return "static const %s %s[%d] = {\n%s\n};\n" % (ctype, name, len(values), c_values(values))


def c_struct(ctype, name, fields):
    body = ",\n".join("    .%s = %s" % (k, v) for k, v in fields)
    return "static const %s %s = {\n%s\n};\n" % (ctype, name, body)


def ifdef(macro, yes, no):
    return "#ifdef %s\n%s#else\n%s#endif /* %s */\n" % (macro, yes, no, macro)


SCALES_FIELDS = [
    "input", "mean", "meanSub", "stdDev", "normFeaturesHDStdDev", "w", "normFeaturesMVW", "mVWOut", "u", "hiddenStateMVU",
    "mVUOut", "mV1AddMV2", "mV2AddMV1", "mV1AddMV2Out", "mV1AddMV2Demote", "pC1AddBg", "bg", "pC1AddBgOut", "pC1AddBgDemote",
    "sigmoidScaleIn", "sigmoidScaleOut", "pC1AddBh", "bh", "pC1AddBhOut", "pC1AddBhDemote", "tanhScaleIn", "tanhScaleOut",
    "gateHDHiddenState", "hiddenStateHDGate", "qOneScale", "qOneSubGate", "qOneSubGateOut", "sigmoidZeta",
    "sigmoidZetaMulQOneSubGate", "sigmoidNu", "sigmoidNuAddQOneSubGate", "sigmoidNuAddQOneSubGateOut",
    "sigmoidNuAddQOneSubGateHDUpdate", "updateHDSigmoidNuAddQOneSubGate", "pC3AddPC1", "pC1AddPC3", "hiddenStateOut",
    "hiddenStateDemote", "div", "add", "sigmoidLimit", "qOne", "useTableSigmoid", "useTableTanH",
]

LR_SCALES_FIELDS = [
    "input", "mean", "meanSub", "stdDev", "normFeaturesHDStdDev", "w1", "normFeaturesMVW1", "mVW1Out", "w2", "tempLRW", "mVW2Out",
    "u1", "hiddenStateMVU1", "mVU1Out", "u2", "tempLRU", "mVU2Out", "mV2AddMV4", "mV4AddMV2", "mV2AddMV4Out", "mV2AddMV4Demote",
    "pC1AddBg", "bg", "pC1AddBgOut", "pC1AddBgDemote", "sigmoidScaleIn", "sigmoidScaleOut", "pC1AddBh", "bh", "pC1AddBhOut",
    "pC1AddBhDemote", "tanhScaleIn", "tanhScaleOut", "gateHDHiddenState", "hiddenStateHDGate", "qOneScale", "qOneSubGate",
    "qOneSubGateOut", "sigmoidZeta", "sigmoidZetaMulQOneSubGate", "sigmoidNu", "sigmoidNuAddQOneSubGate",
    "sigmoidNuAddQOneSubGateOut", "sigmoidNuAddQOneSubGateHDUpdate", "updateHDSigmoidNuAddQOneSubGate", "pC3AddPC1",
    "pC1AddPC3", "hiddenStateOut", "hiddenStateDemote", "sigmoidLimit", "div", "add", "qOne", "useTableSigmoid", "useTableTanH",
]


def scales_struct(ctype, name, scales, fields):
    assert set(scales) == set(fields), "scales fields differ: %s" % (set(scales) ^ set(fields))
    return c_struct(ctype, name, [(f, scales[f]) for f in fields])


def four_way(values_by_build, emit):
    """`#ifdef SHIFT` / `#ifdef SPARSE` blocks, collapsing equal branches."""
    def by_sparse(mode):
        d, s = values_by_build[(mode, False)], values_by_build[(mode, True)]
        return emit(d) if d == s else ifdef("SPARSE", emit(s), emit(d))

    if values_by_build[("div", False)] == values_by_build[("shift", False)] and \
            values_by_build[("div", True)] == values_by_build[("shift", True)]:
        return by_sparse("div")
    return ifdef("SHIFT", by_sparse("shift"), by_sparse("div"))


# ---------------------------------------------------------------------------
# Case selection
# ---------------------------------------------------------------------------


def load(vdir):
    out = {}
    for build, name in FILES.items():
        path = os.path.join(vdir, name)
        with open(path) as f:
            out[build] = [json.loads(line) for line in f if line.strip()]
    return out


def index(vectors, build, fn):
    return {r["case"]: r for r in vectors[build] if r["fn"] == fn}


def array_size(r):
    n = 0
    for v in list(r["args"].values()) + list(r["out"].values()):
        if isinstance(v, list):
            n += len(v)
        elif isinstance(v, dict):
            n += len(v)
    return n


def pick_cell_case(vectors, fn, sparse, want_backward):
    """A case recorded in the division and the shift file of one storage
    with the same data, normalize on, outputs that differ between the two
    builds, small enough to read."""
    d, s = index(vectors, ("div", sparse), fn), index(vectors, ("shift", sparse), fn)
    best = None
    for case, r in d.items():
        t = s.get(case)
        if t is None:
            continue
        a = r["args"]
        if not a["normalize"] or bool(a["backward"]) != want_backward:
            continue
        if any(t["args"][k] != v for k, v in a.items() if k != "scales"):
            continue
        if r["out"]["rc"] != 0 or t["out"]["rc"] != 0 or r["out"] == t["out"]:
            continue
        if not (2 <= a["steps"] <= 6) or not (3 <= a["hiddenDims"] <= 10) or a["inputDims"] < 2:
            continue
        size = array_size(r)
        if best is None or size < best[0]:
            best = (size, case, r, t)
    assert best, "no suitable %s case" % fn
    return best[1:]


def params_init(P, prefix, fields):
    """`P_PARAMS`: the initialiser of the model's params struct (the arrays
    above, the ranks and sigmoid constants), one for every test that calls
    the cell."""
    macro = {"wRank": "LR_W_RANK", "uRank": "LR_U_RANK"}
    inits = ["." + f + " = " + macro.get(f, prefix + "_" + f) for f in fields]
    inits += [".sigmoid_zeta = %s_SIGMOID_ZETA" % P, ".sigmoid_nu = %s_SIGMOID_NU" % P]
    return "/* The params struct's initialiser. */\n#define %s_PARAMS {%s}\n\n" % (P, ", ".join(inits))


def emit_cell_block(fn, prefix, case, r, t, sparse):
    a = r["args"]
    x_t = "Q7_T" if fn.startswith("q7xq15") else "Q15_T"
    P = prefix.upper()
    out = ["/* %s.jsonl and %s.jsonl, case %d. */\n" % (FILES[("div", sparse)][:-6], FILES[("shift", sparse)][:-6], case)]
    out.append("#define %s_HIDDEN_DIMS %d\n#define %s_INPUT_DIMS %d\n#define %s_STEPS %d\n#define %s_BACKWARD %d\n"
               "#define %s_NORMALIZE %d\n\n" % (P, a["hiddenDims"], P, a["inputDims"], P, a["steps"], P, a["backward"], P,
                                                  a["normalize"]))
    out.append(c_array(x_t, prefix + "_input", a["input"]))
    out.append(c_array(x_t, prefix + "_mean", a["mean"]))
    out.append(c_array(x_t, prefix + "_stdDev", a["stdDev"]))
    for k in (("Wids", "Wvals", "Uids", "Uvals") if sparse else ("W", "U")):
        out.append(c_array("ITER_T" if k.endswith("ids") else "Q15_T", prefix + "_" + k, a[k]))
    out.append(c_array("Q15_T", prefix + "_Bg", a["Bg"]))
    out.append(c_array("Q15_T", prefix + "_Bh", a["Bh"]))
    out.append("#define %s_SIGMOID_ZETA %d\n#define %s_SIGMOID_NU %d\n\n" % (P, a["sigmoid_zeta"], P, a["sigmoid_nu"]))
    weights = ("Wids", "Wvals", "Uids", "Uvals") if sparse else ("W", "U")
    out.append(params_init(P, prefix, ("mean", "stdDev") + weights + ("Bg", "Bh")))
    out.append("/* Hidden state before the call. */\n")
    out.append(c_array("Q15_T", prefix + "_hidden_init", a["hiddenState"]))
    out.append("\n")
    out.append(ifdef("SHIFT", scales_struct("Q15_FastGRNN_Scales", prefix + "_scales", t["args"]["scales"], SCALES_FIELDS),
                     scales_struct("Q15_FastGRNN_Scales", prefix + "_scales", a["scales"], SCALES_FIELDS)))
    out.append("\n/* Hidden state after the call, as the reference computes it. */\n")
    out.append(ifdef("SHIFT", c_array("Q15_T", prefix + "_expected", t["out"]["hiddenState"]),
                     c_array("Q15_T", prefix + "_expected", r["out"]["hiddenState"])))
    return "".join(out)


def emit_cell_model(vectors, fn, prefix, guard, want_backward):
    """Two recorded models: a dense one (div.jsonl/shift.jsonl) and, under
    SPARSE, a sparse one (div_sparse.jsonl/shift_sparse.jsonl)."""
    blocks = {}
    for sparse in (False, True):
        case, r, t = pick_cell_case(vectors, fn, sparse, want_backward)
        blocks[sparse] = emit_cell_block(fn, prefix, case, r, t, sparse)
    out = [BANNER % (" * %s: a dense model and, under SPARSE, a sparse one (the\n"
                     " * recorded sparse cases use models of their own).\n" % fn)]
    out.append("#ifndef %s\n#define %s\n\n#include \"quantized_fastgrnn.h\"\n\n" % (guard, guard))
    out.append(ifdef("SPARSE", blocks[True], blocks[False]))
    out.append("\n#endif /* %s */\n" % guard)
    return "".join(out)


def emit_lr_model(vectors):
    fn, prefix, guard = "q15_fastgrnn_lr", "lr", "FASTGRNN_LR_MODEL_H"
    idx = {b: index(vectors, b, fn) for b in FILES}
    best = None
    # SPARSE does not change the low-rank cell: wherever a *_sparse file
    # holds the same case as its dense file, the results must agree.
    for mode in ("div", "shift"):
        for case, r in idx[(mode, True)].items():
            d = idx[(mode, False)].get(case)
            if d is not None and d["args"] == r["args"]:
                assert d["out"] == r["out"], "q15_fastgrnn_lr case %d depends on SPARSE" % case
    for case, r in idx[("div", False)].items():
        rs = {b: (idx[b[0], False].get(case)) for b in FILES}
        if any(v is None for v in rs.values()):
            continue
        a = r["args"]
        same = all(rs[b]["args"][k] == a[k] for b in FILES for k in a if k != "scales")
        if not same or not a["normalize"] or not (2 <= a["steps"] <= 6) or not (3 <= a["hiddenDims"] <= 10):
            continue
        if rs[("div", False)]["out"] == rs[("shift", False)]["out"]:
            continue
        size = array_size(r)
        if best is None or size < best[0]:
            best = (size, case, rs)
    assert best, "no suitable low-rank case"
    case, rs = best[1], best[2]
    a = rs[("div", False)]["args"]
    out = [BANNER % (" * q15_fastgrnn_lr, case %d of div.jsonl and shift.jsonl (SPARSE does not\n"
                     " * affect the low-rank cell).\n" % case)]
    out.append("#ifndef %s\n#define %s\n\n#include \"quantized_fastgrnn.h\"\n\n" % (guard, guard))
    out.append("#define LR_HIDDEN_DIMS %d\n#define LR_INPUT_DIMS %d\n#define LR_STEPS %d\n#define LR_BACKWARD %d\n"
               "#define LR_NORMALIZE %d\n#define LR_W_RANK %d\n#define LR_U_RANK %d\n\n"
               % (a["hiddenDims"], a["inputDims"], a["steps"], a["backward"], a["normalize"], a["wRank"], a["uRank"]))
    for k in ("input", "mean", "stdDev", "W1", "W2", "U1", "U2", "Bg", "Bh"):
        out.append(c_array("Q15_T", prefix + "_" + k, a[k]))
    out.append("#define LR_SIGMOID_ZETA %d\n#define LR_SIGMOID_NU %d\n\n" % (a["sigmoid_zeta"], a["sigmoid_nu"]))
    out.append(params_init("LR", prefix, ("mean", "stdDev", "W1", "W2", "wRank", "U1", "U2", "uRank", "Bg", "Bh")))
    out.append(c_array("Q15_T", prefix + "_hidden_init", a["hiddenState"]))
    out.append("\n")
    out.append(four_way({b: rs[b]["args"]["scales"] for b in FILES},
                        lambda s: scales_struct("Q15_FastGRNN_LR_Scales", prefix + "_scales", s, LR_SCALES_FIELDS)))
    out.append("\n")
    out.append(four_way({b: rs[b]["out"]["hiddenState"] for b in FILES}, lambda h: c_array("Q15_T", prefix + "_expected", h)))
    out.append("\n#endif /* %s */\n" % guard)
    return "".join(out)


POOL_SHARED = ["patch", "inputDims", "patchDim", "stride", "hiddenDims1", "hiddenDims2", "rnn1_W", "rnn1_U", "rnn1_Bg",
               "rnn1_Bh", "rnn1_zeta", "rnn1_nu", "rnn2_W", "rnn2_U", "rnn2_Bg", "rnn2_Bh", "rnn2_zeta", "rnn2_nu"]


def emit_pool_model(vectors, fn, prefix, guard):
    idx = {m: index(vectors, (m, False), fn) for m in ("div", "shift")}
    best = None
    for case, r in idx["div"].items():
        s = idx["shift"].get(case)
        if s is None:
            continue
        a = r["args"]
        if any(s["args"][k] != a[k] for k in POOL_SHARED) or r["out"]["rc"] != 0 or s["out"]["rc"] != 0:
            continue
        if not (2 <= a["patchDim"] <= 4) or not (2 <= a["hiddenDims1"] <= 8) or not (2 <= a["hiddenDims2"] <= 8):
            continue
        if not (2 <= a["inputDims"] <= 8):
            continue
        sparse_div, sparse_shift = run_pool_case(r, True), run_pool_case(s, True)
        outs = {r["out"]["output"].__repr__(), s["out"]["output"].__repr__(), repr(sparse_div), repr(sparse_shift)}
        if len(outs) < 4:
            continue
        size = array_size(r)
        if best is None or size < best[0]:
            best = (size, case, r, s, sparse_div, sparse_shift)
    assert best, "no suitable %s case" % fn
    _, case, r, s, sparse_div, sparse_shift = best
    a = r["args"]
    q7 = fn.startswith("q7xq15")
    P = prefix.upper()
    out = [BANNER % (" * %s, case %d of div.jsonl and shift.jsonl, whose two RNNs are\n"
                     " * %s and q15_fastgrnn. The vectors record\n"
                     " * RNNPool with dense cells only: the SPARSE expectations come from the\n"
                     " * script's Python model (checked against every recorded FastGRNN and RNNPool\n"
                     " * case first) with the same W and U re-encoded sparse.\n"
                     % (fn, case, "q7xq15_q15_fastgrnn" if q7 else "q15_fastgrnn"))]
    out.append("#ifndef %s\n#define %s\n\n#include \"quantized_fastgrnn.h\"\n#include \"quantized_rnnpool.h\"\n\n" % (guard, guard))
    out.append("#define %s_INPUT_DIMS %d\n#define %s_PATCH_DIM %d\n#define %s_STRIDE %d\n#define %s_HIDDEN_DIMS1 %d\n"
               "#define %s_HIDDEN_DIMS2 %d\n\n" % (P, a["inputDims"], P, a["patchDim"], P, a["stride"], P, a["hiddenDims1"],
                                                    P, a["hiddenDims2"]))
    out.append(c_array("Q7_T" if q7 else "Q15_T", prefix + "_patch", a["patch"]))
    for rnn, hd, idim in (("rnn1", a["hiddenDims1"], a["inputDims"]), ("rnn2", a["hiddenDims2"], a["hiddenDims1"])):
        ids_w, vals_w = sparse_encode(a[rnn + "_W"], hd, idim)
        ids_u, vals_u = sparse_encode(a[rnn + "_U"], hd, hd)
        sp = (c_array("ITER_T", "%s_%s_Wids" % (prefix, rnn), ids_w) + c_array("Q15_T", "%s_%s_Wvals" % (prefix, rnn), vals_w)
              + c_array("ITER_T", "%s_%s_Uids" % (prefix, rnn), ids_u) + c_array("Q15_T", "%s_%s_Uvals" % (prefix, rnn), vals_u))
        dn = c_array("Q15_T", "%s_%s_W" % (prefix, rnn), a[rnn + "_W"]) + c_array("Q15_T", "%s_%s_U" % (prefix, rnn), a[rnn + "_U"])
        out.append(ifdef("SPARSE", sp, dn))
        out.append(c_array("Q15_T", "%s_%s_Bg" % (prefix, rnn), a[rnn + "_Bg"]))
        out.append(c_array("Q15_T", "%s_%s_Bh" % (prefix, rnn), a[rnn + "_Bh"]))
        out.append("#define %s_%s_SIGMOID_ZETA %d\n#define %s_%s_SIGMOID_NU %d\n\n"
                   % (P, rnn.upper(), a[rnn + "_zeta"], P, rnn.upper(), a[rnn + "_nu"]))
    for rnn in ("rnn1", "rnn2"):
        out.append(ifdef("SHIFT", scales_struct("Q15_FastGRNN_Scales", "%s_%s_scales" % (prefix, rnn), s["args"][rnn + "_scales"], SCALES_FIELDS),
                         scales_struct("Q15_FastGRNN_Scales", "%s_%s_scales" % (prefix, rnn), a[rnn + "_scales"], SCALES_FIELDS)))
    sh = "".join("#define %s_%s %d\n" % (P, k.upper(), s["args"][k]) for k in ("ShR1", "ShL1", "ShR2", "ShL2"))
    dv = "".join("#define %s_%s %d\n" % (P, k.upper(), a[k]) for k in ("ShR1", "ShL1", "ShR2", "ShL2"))
    out.append(ifdef("SHIFT", sh, dv))
    out.append("\n/* output[4 * HIDDEN_DIMS2] after the call. */\n")
    expected = {("div", False): r["out"]["output"], ("shift", False): s["out"]["output"],
                ("div", True): sparse_div, ("shift", True): sparse_shift}
    out.append(four_way(expected, lambda o: c_array("Q15_T", prefix + "_expected", o)))
    out.append("\n#endif /* %s */\n" % guard)
    return "".join(out)


# ---------------------------------------------------------------------------
# Utils cases
# ---------------------------------------------------------------------------

UTIL_ARRAY_TYPES = {
    "vec1": None, "vec2": None, "vec": None, "ret": None, "mat": "Q15_T", "row_indices": "ITER_T", "mat_values": "Q15_T",
    "ret_in": "Q15_T", "ten1": None, "ten2": None, "ten": None, "input": None, "filter": "Q15_T", "output": None,
}


def util_elem_types(fn):
    """(input element type, output element type) of a util, by its EdgeML name."""
    if fn.startswith("q7xq15_q7"):
        return "Q7_T", "Q7_T"
    if fn.startswith("q7xq15_q15"):
        return "Q7_T", "Q15_T"
    if fn.startswith("q7_"):
        return "Q7_T", "Q7_T"
    return "Q15_T", "Q15_T"


def array_type(fn, name):
    inp, out = util_elem_types(fn)
    if fn.startswith("q15xq7") and name == "vec":
        return "Q7_T"
    if fn.startswith("q7xq15") and name == "vec":
        return "Q15_T"
    t = UTIL_ARRAY_TYPES.get(name)
    if t:
        return t
    return out if name in ("ret", "output") else inp


UTIL_FUNCTIONS = [
    "q15_v_add", "q7_v_sub", "q15_v_sub", "q7_v_hadamard", "q15_v_hadamard", "q15_v_sigmoid", "q15_v_tanh",
    "q15_v_scalar_add", "q15_v_scalar_sub", "q15_v_scalar_mul", "q15_v_argmax", "q15_v_scale_up", "q15_v_scale_down",
    "q15_m_reverse", "q15xq7_q15_m_mulvec", "q15_m_mulvec", "q15xq7_q15_m_sparse_mulvec", "q15_m_sparse_mulvec", "q7_t_add",
    "q15_t_add", "q7xq15_q7_t_add_vec", "q15_t_add_vec", "q7_t_relu", "q15_t_l2_norm", "q7xq15_q7_convolution",
    "q7xq15_q15_convolution", "q15_convolution",
]


def interesting(fn, a):
    """Filters out degenerate shapes (single rows or columns, one channel)."""
    g = a.get
    if "nrows" in a and "ncols" in a and "nbatches" not in a and (g("nrows") < 2 or g("ncols") < 2):
        return False
    if "nchannels" in a and (g("nchannels") < 2 or g("nbatches") * g("nrows") * g("ncols") < 2):
        return False
    if "nelem" in a and (g("nelem") < 3 or g("nrows") < 2):
        return False
    if "HF" in a and (g("HF") * g("WF") < 2 or g("HOut") * g("WOut") < 2 or g("N") * g("H") * g("W") * g("CIn") > 64):
        return False
    return True


def pick_util_cases(vectors, fn):
    """Cases recorded in div.jsonl and shift.jsonl with the same inputs; the
    smallest interesting one (both table modes for sigmoid and tanh)."""
    d, s = index(vectors, ("div", False), fn), index(vectors, ("shift", False), fn)
    cands = []
    for case, r in d.items():
        if case not in s:
            continue
        arrays = {k: v for k, v in r["args"].items() if isinstance(v, list)}
        if any(s[case]["args"][k] != v for k, v in arrays.items()):
            continue
        outv = list(r["out"].values())[0]
        n_out = len(outv) if isinstance(outv, list) else 1
        if n_out < 3 and fn != "q15_v_argmax" or any(len(v) == 0 for v in arrays.values()):
            continue
        if fn == "q15_v_argmax" and outv == 0:
            continue
        if not interesting(fn, r["args"]):
            continue
        # Prefer cases whose results differ between the builds.
        differs = r["out"] != s[case]["out"]
        if fn in ("q15_v_sigmoid", "q15_v_tanh", "q15_v_argmax", "q15_m_reverse", "q7_t_relu"):
            differs = True
        if not differs:
            continue
        cands.append((array_size(r), case, r, s[case]))
    cands.sort(key=lambda c: (c[0], c[1]))
    two_ways = {"q15_v_sigmoid": "use_tables", "q15_v_tanh": "use_tables", "q15_m_reverse": "axis"}
    if fn in two_ways:
        picked = []
        for flag in (0, 1):
            picked += [c for c in cands if c[2]["args"][two_ways[fn]] == flag][:1]
        return picked
    return cands[:1]


def emit_utils(vectors):
    out = [BANNER % (" * One or two recorded cases per quantized util: inputs shared by both builds,\n"
                     " * scalar arguments and results under #ifdef SHIFT. Names are <function>_<arg>,\n"
                     " * with a _<n> suffix where a function has several cases.\n")]
    out.append("#ifndef UTILS_CASES_H\n#define UTILS_CASES_H\n\n#include \"quantized_utils.h\"\n\n")
    for fn in UTIL_FUNCTIONS:
        cases = pick_util_cases(vectors, fn)
        assert cases, "no case for " + fn
        for n, (_, case, d, s) in enumerate(cases):
            name = fn if len(cases) == 1 else "%s_%d" % (fn, n + 1)
            out.append("/* %s: case %d */\n" % (fn, case))
            shared, scal_d, scal_s = [], [], []
            for k, v in d["args"].items():
                if isinstance(v, list):
                    shared.append(c_array(array_type(fn, k), "%s_%s" % (name, k), v))
                elif s["args"][k] == v:
                    shared.append("#define %s_%s %d\n" % (name.upper(), k.upper(), v))
                else:
                    scal_d.append("#define %s_%s %d\n" % (name.upper(), k.upper(), v))
                    scal_s.append("#define %s_%s %d\n" % (name.upper(), k.upper(), s["args"][k]))
            out.append("".join(shared))
            for k, v in d["out"].items():
                sv = s["out"][k]
                if isinstance(v, list):
                    t = array_type(fn, k)
                    dd, ss = c_array(t, "%s_expected" % name, v), c_array(t, "%s_expected" % name, sv)
                else:
                    dd = "#define %s_EXPECTED %d\n" % (name.upper(), v)
                    ss = "#define %s_EXPECTED %d\n" % (name.upper(), sv)
                scal_d.append(dd)
                scal_s.append(ss)
            body_s, body_d = "".join(scal_s), "".join(scal_d)
            out.append(body_d if body_s == body_d else ifdef("SHIFT", body_s, body_d))
            out.append("\n")
    out.append("#endif /* UTILS_CASES_H */\n")
    return "".join(out)


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vectors", default=DEFAULT_VECTORS)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    vectors = load(args.vectors)
    counts = validate(vectors)
    print("Python model matches %d recorded FastGRNN/RNNPool cases" % sum(counts.values()))
    headers = {
        "utils_cases.h": emit_utils(vectors),
        "fastgrnn_model.h": emit_cell_model(vectors, "q15_fastgrnn", "fg", "FASTGRNN_MODEL_H", True),
        "q7_fastgrnn_model.h": emit_cell_model(vectors, "q7xq15_q15_fastgrnn", "q7fg", "Q7_FASTGRNN_MODEL_H", False),
        "fastgrnn_lr_model.h": emit_lr_model(vectors),
        "rnnpool_model.h": emit_pool_model(vectors, "q15_rnnpool_block", "pool", "RNNPOOL_MODEL_H"),
        "q7_rnnpool_model.h": emit_pool_model(vectors, "q7xq15_q15_rnnpool_block", "q7pool", "Q7_RNNPOOL_MODEL_H"),
    }
    models = os.path.join(HERE, "models")
    os.makedirs(models, exist_ok=True)
    stale = []
    for name, text in headers.items():
        path = os.path.join(models, name)
        if args.check:
            old = open(path).read() if os.path.exists(path) else None
            if old != text:
                stale.append(name)
        else:
            with open(path, "w") as f:
                f.write(text)
            print("wrote", os.path.relpath(path, ROOT))
    if stale:
        sys.exit("out of date: %s (rerun c_tests/gen_models.py)" % ", ".join(stale))


if __name__ == "__main__":
    main()
