#!/usr/bin/env python3
"""Generate the C half of tinyrnn's vector-check firmware from EdgeML vectors.

Reads ../shared/edgeml-vectors/{div,shift,div_sparse,shift_sparse}.jsonl
(recorded from Microsoft EdgeML's C reference) and writes, per file,
OUT/cases_<mode>.c: a representative subset of its quantized cases as C
data and one function per case that calls the kernel through its EdgeML
name (quantized_*.h macros, so the header's -DSHIFT/-DSPARSE mapping is
exercised) and compares every output bit for bit (vector_check/check.c has
main and the helpers). Each file must be compiled with the flags its
vectors were recorded with; the generated file refuses to compile
otherwise:

    cases_div.c           no flags
    cases_shift.c         -DSHIFT
    cases_div_sparse.c    -DSPARSE
    cases_shift_sparse.c  -DSHIFT -DSPARSE

Selection, per function and file (deterministic): the smallest case of
each combination of the features that change the code path (table or
piecewise activations, backward, normalize, axis, groups/dilation/stride,
empty sizes...), the cases at the quartiles and the median of the size
distribution, then the smallest remaining cases up to --min-cases (5).
Every *_missing_buffer case is kept. The float API is not selected (this
firmware checks the quantized API). OUT/coverage.txt lists the number of
cases per function and file.

Standard library only. Usage:
    gen_cases.py [--vectors DIR] [--include DIR] [--out DIR] [--min-cases N]
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MODES = {
    # file stem: (shift, sparse)
    "div": (False, False),
    "shift": (True, False),
    "div_sparse": (False, True),
    "shift_sparse": (True, True),
}

UTILS = [
    "q15_v_add", "q7_v_sub", "q15_v_sub", "q7_v_hadamard", "q15_v_hadamard",
    "q15_v_scalar_add", "q15_v_scalar_sub", "q15_v_scalar_mul",
    "q15_v_scale_up", "q15_v_scale_down", "q15_v_sigmoid", "q15_v_tanh",
    "q15_v_argmax", "q15_m_reverse", "q15xq7_q15_m_mulvec", "q15_m_mulvec",
    "q15xq7_q15_m_sparse_mulvec", "q15_m_sparse_mulvec", "q7_t_add",
    "q15_t_add", "q7xq15_q7_t_add_vec", "q15_t_add_vec", "q7_t_relu",
    "q15_t_l2_norm", "q7xq15_q7_convolution", "q7xq15_q15_convolution",
    "q15_convolution",
]
KERNELS = [
    "q15_fastgrnn", "q7xq15_q15_fastgrnn", "q15_fastgrnn_lr",
    "q15_rnnpool_block", "q7xq15_q15_rnnpool_block",
    "q15_fastgrnn_missing_buffer", "q15_fastgrnn_lr_missing_buffer",
]
QUANTIZED = UTILS + KERNELS

# C types and their ranges.
RANGES = {
    "Q7_T": (-128, 127),
    "Q15_T": (-32768, 32767),
    "ITER_T": (0, 2**32 - 1),
    "S_ITER_T": (-2**31, 2**31 - 1),
    "SCALE_T": (-2**31, 2**31 - 1),
    "int32_t": (-2**31, 2**31 - 1),
}
SENTINEL = {"Q15_T": "q15", "Q7_T": "q7", "ITER_T": "iter"}


class GenError(Exception):
    pass


def lit(ctype, v):
    """A C literal of type ctype for the JSON integer v (range-checked)."""
    if not isinstance(v, int) or isinstance(v, bool):
        raise GenError(f"{ctype} value {v!r} is not an integer")
    lo, hi = RANGES[ctype]
    if not lo <= v <= hi:
        raise GenError(f"{v} is out of range for {ctype}")
    if ctype == "ITER_T":
        return f"{v}u"
    if v == -2**31:
        return "(-2147483647 - 1)"
    return str(v)


# ---------------------------------------------------------------------------
# Struct fields, from the library's own header (so a renamed field is caught)
# ---------------------------------------------------------------------------

def struct_fields(header_text, name):
    """[(type, field), ...] of `typedef struct name { ... } name;`."""
    m = re.search(r"typedef struct %s \{(.*?)\} %s;" % (name, name), header_text, re.S)
    if not m:
        raise GenError(f"struct {name} not found in tinyrnn_generated.h")
    fields = []
    for decl in re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S).split(";"):
        words = re.split(r"[\s*]+", decl.strip())
        if words != [""]:
            fields.append((words[0], words[-1]))
    return fields


# ---------------------------------------------------------------------------
# Case selection
# ---------------------------------------------------------------------------

EMPTY_DIMS = ("len", "nrows", "ncols", "nbatches", "nchannels", "nelem", "steps", "N")


def features(fn, a):
    f = [any(a.get(k) == 0 for k in EMPTY_DIMS)]
    if fn in ("q15_v_sigmoid", "q15_v_tanh"):
        f.append(a["use_tables"] != 0)
    if fn == "q15_v_sigmoid" and a["use_tables"] == 0:
        f.append(a["div"] < 0)
    if fn == "q15_m_reverse":
        f.append(a["axis"] != 0)
    if fn in ("q15_fastgrnn", "q7xq15_q15_fastgrnn", "q15_fastgrnn_lr"):
        f += [a["backward"] != 0, a["normalize"] != 0,
              a["scales"]["useTableSigmoid"] != 0, a["scales"]["useTableTanH"] != 0]
    if fn.endswith("rnnpool_block"):
        f += [a["rnn1_scales"]["useTableSigmoid"] != 0, a["rnn2_scales"]["useTableTanH"] != 0]
    if fn.endswith("convolution"):
        f += [a["G"] > 1, max(a["HDilation"], a["WDilation"]) > 1,
              max(a["HStride"], a["WStride"]) > 1]
    return tuple(f)


def select(fn, cases, min_cases):
    """cases: list of (size, line_no, record). Returns the chosen ones in file order."""
    if fn.endswith("_missing_buffer"):
        return sorted(cases, key=lambda c: c[1])
    by_size = sorted(cases, key=lambda c: (c[0], c[1]))
    chosen = {}
    groups = {}
    for c in by_size:
        groups.setdefault(features(fn, c[2]["args"]), c)
    for key in sorted(groups):
        c = groups[key]
        chosen[c[1]] = c
    # Sizes spread over the distribution (longer loops, odd lengths).
    for q in (1, 2, 3):
        c = by_size[(len(by_size) - 1) * q // 4]
        chosen[c[1]] = c
    for c in by_size:
        if len(chosen) >= min_cases:
            break
        chosen.setdefault(c[1], c)
    return sorted(chosen.values(), key=lambda c: c[1])


# ---------------------------------------------------------------------------
# C emission
# ---------------------------------------------------------------------------

class Emitter:
    """Collects file-scope data and per-case functions for one case."""

    def __init__(self, out, prefix, fn, case, structs):
        self.out = out          # list of lines of the C file
        self.p = prefix         # unique prefix of this case's symbols
        self.fn = fn
        self.case = case
        self.a = case["args"]
        self.o = case["out"]
        self.structs = structs
        self.body = []          # statements inside the pass loop
        self.after = []         # statements after the pass loop

    # -- data ---------------------------------------------------------------
    def const_array(self, name, ctype, values):
        """A static const array, or NULL for a JSON null. Returns the C expression."""
        if values is None:
            return "NULL"
        if not isinstance(values, list):
            raise GenError(f"`{name}` is not an array")
        sym = f"{self.p}_{name}"
        items = [lit(ctype, v) for v in values] or ["0"]  # C has no empty arrays
        self.out.append(f"static const {ctype} {sym}[{len(items)}] = {{")
        for i in range(0, len(items), 16):
            self.out.append("    " + ", ".join(items[i:i + 16]) + ",")
        self.out.append("};")
        return sym

    def buffer(self, name, ctype, n):
        """A static output/scratch buffer of n elements plus the guard."""
        sym = f"{self.p}_{name}"
        self.out.append(f"static {ctype} {sym}[{n}u + VC_GUARD];")
        return sym

    def arg(self, key, ctype):
        return lit(ctype, self.a[key])

    def out_list(self, key):
        v = self.o.get(key)
        if not isinstance(v, list):
            raise GenError(f"out.{key} missing or not an array")
        return v

    # -- checks -------------------------------------------------------------
    def fill(self, sym, ctype, n):
        k = SENTINEL[ctype]
        self.body.append(f"vc_fill_{k}({sym}, {n}u + VC_GUARD, vc_sentinel_{k}[s]);")

    def check(self, what, sym, ctype, exp_values):
        k = SENTINEL[ctype]
        exp = self.const_array(f"exp_{what}", ctype, exp_values)
        self.body.append(
            f'bad += vc_check_{k}("{what}", {sym}, {exp}, {len(exp_values)}u, vc_sentinel_{k}[s]);')

    def guard(self, what, sym, ctype, n):
        k = SENTINEL[ctype]
        self.body.append(f'bad += vc_check_guard_{k}("{what}", {sym}, {n}u, vc_sentinel_{k}[s]);')

    def finish(self):
        self.out.append(f"static int {self.p}_run(void) {{")
        self.out.append("    int bad = 0;")
        self.out.append("    for (int s = 0; s < VC_PASSES && bad == 0; s++) {")
        for st in self.body:
            self.out.append("        " + st)
        self.out.append("    }")
        for st in self.after:
            self.out.append("    " + st)
        self.out.append("    return bad;")
        self.out.append("}")
        self.out.append("")

    # -- structs ------------------------------------------------------------
    def scales(self, name, obj, struct):
        fields = self.structs[struct]
        if not isinstance(obj, dict):
            raise GenError(f"`{name}` is not an object")
        if set(obj) != set(fields):
            raise GenError(
                f"`{name}` fields differ from {struct}: missing {sorted(set(fields) - set(obj))}, "
                f"unknown {sorted(set(obj) - set(fields))}")
        types = self.structs[struct + ":types"]
        sym = f"{self.p}_{name}"
        self.out.append(f"static const {struct} {sym} = {{")
        for f in fields:
            self.out.append(f"    .{f} = {lit(types[f], obj[f])},")
        self.out.append("};")
        return sym

    def struct_init(self, struct, name, inits, const=True):
        sym = f"{self.p}_{name}"
        q = "const " if const else ""
        self.out.append(f"static {q}{struct} {sym} = {{")
        for k, v in inits:
            self.out.append(f"    .{k} = {v},")
        self.out.append("};")
        return sym


# Element-wise and matrix utilities: parameter lists in C order.
#   ("in", name, T)      const input array
#   ("val", name, T)     scalar
#   ("out", name, T)     output array, sized and checked from out[name]
#   ("acc", name, T)     accumulating output, starts from args["ret_in"]
V15, V7, IT, SC = "Q15_T", "Q7_T", "ITER_T", "SCALE_T"
DIMS4 = [("val", "nbatches", IT), ("val", "nrows", IT), ("val", "ncols", IT), ("val", "nchannels", IT)]
CONV_TAIL = ([("val", k, IT) for k in ("N", "H", "W", "CIn", "HF", "WF", "CF", "COut", "HOut", "WOut", "G")]
             + [("val", k, "S_ITER_T") for k in ("HPadU", "HPadD", "WPadL", "WPadR")]
             + [("val", k, IT) for k in ("HStride", "WStride", "HDilation", "WDilation")]
             + [("val", k, SC) for k in ("scinput", "scoutput", "demote")])
SIMPLE = {
    "q15_v_add": [("in", "vec1", V15), ("in", "vec2", V15), ("val", "len", IT), ("out", "ret", V15),
                  ("val", "scvec1", SC), ("val", "scvec2", SC), ("val", "scret", SC), ("val", "demote", SC)],
    "q7_v_sub": [("in", "vec1", V7), ("in", "vec2", V7), ("val", "len", IT), ("out", "ret", V7),
                 ("val", "scvec1", SC), ("val", "scvec2", SC), ("val", "scret", SC)],
    "q15_v_sub": [("in", "vec1", V15), ("in", "vec2", V15), ("val", "len", IT), ("out", "ret", V15),
                  ("val", "scvec1", SC), ("val", "scvec2", SC), ("val", "scret", SC)],
    "q7_v_hadamard": [("in", "vec1", V7), ("in", "vec2", V7), ("val", "len", IT), ("out", "ret", V7),
                      ("val", "scvec1", SC), ("val", "scvec2", SC)],
    "q15_v_hadamard": [("in", "vec1", V15), ("in", "vec2", V15), ("val", "len", IT), ("out", "ret", V15),
                       ("val", "scvec1", SC), ("val", "scvec2", SC)],
    "q15_v_scalar_add": [("val", "scalar", V15), ("in", "vec", V15), ("val", "len", IT), ("out", "ret", V15),
                         ("val", "scscalar", SC), ("val", "scvec", SC), ("val", "scret", SC)],
    "q15_v_scalar_sub": [("val", "scalar", V15), ("in", "vec", V15), ("val", "len", IT), ("out", "ret", V15),
                         ("val", "scscalar", SC), ("val", "scvec", SC), ("val", "scret", SC)],
    "q15_v_scalar_mul": [("val", "scalar", V15), ("in", "vec", V15), ("val", "len", IT), ("out", "ret", V15),
                         ("val", "scscalar", SC), ("val", "scvec", SC)],
    "q15_v_scale_up": [("in", "vec", V15), ("val", "len", IT), ("out", "ret", V15), ("val", "scvec", SC)],
    "q15_v_scale_down": [("in", "vec", V15), ("val", "len", IT), ("out", "ret", V15), ("val", "scvec", SC)],
    "q15_v_sigmoid": [("in", "vec", V15), ("val", "len", IT), ("out", "ret", V15), ("val", "div", V15),
                      ("val", "add", V15), ("val", "sigmoid_limit", V15), ("val", "scale_in", SC),
                      ("val", "scale_out", SC), ("val", "use_tables", IT)],
    "q15_v_tanh": [("in", "vec", V15), ("val", "len", IT), ("out", "ret", V15), ("val", "scale_in", SC),
                   ("val", "scale_out", SC), ("val", "use_tables", IT)],
    "q15_v_argmax": [("in", "vec", V15), ("val", "len", IT), ("out", "ret", IT)],
    "q15_m_reverse": [("in", "mat", V15), ("val", "nrows", IT), ("val", "ncols", IT), ("val", "axis", IT),
                      ("out", "ret", V15)],
    "q15xq7_q15_m_mulvec": [("in", "mat", V15), ("in", "vec", V7), ("val", "nrows", IT), ("val", "ncols", IT),
                            ("out", "ret", V15), ("val", "scmat", SC), ("val", "scvec", SC), ("val", "scret", SC)],
    "q15_m_mulvec": [("in", "mat", V15), ("in", "vec", V15), ("val", "nrows", IT), ("val", "ncols", IT),
                     ("out", "ret", V15), ("val", "scmat", SC), ("val", "scvec", SC), ("val", "scret", SC)],
    "q15xq7_q15_m_sparse_mulvec": [("in", "row_indices", IT), ("in", "mat_values", V15), ("in", "vec", V7),
                                   ("val", "nelem", IT), ("acc", "ret", V15), ("val", "scmat", SC),
                                   ("val", "scvec", SC), ("val", "scret", SC)],
    "q15_m_sparse_mulvec": [("in", "row_indices", IT), ("in", "mat_values", V15), ("in", "vec", V15),
                            ("val", "nelem", IT), ("acc", "ret", V15), ("val", "scmat", SC),
                            ("val", "scvec", SC), ("val", "scret", SC)],
    "q7_t_add": [("in", "ten1", V7), ("in", "ten2", V7)] + DIMS4 + [
        ("out", "ret", V7), ("val", "scten1", SC), ("val", "scten2", SC), ("val", "scret", SC)],
    "q15_t_add": [("in", "ten1", V15), ("in", "ten2", V15)] + DIMS4 + [
        ("out", "ret", V15), ("val", "scten1", SC), ("val", "scten2", SC), ("val", "scret", SC)],
    "q7xq15_q7_t_add_vec": [("in", "ten", V7), ("in", "vec", V15)] + DIMS4 + [
        ("out", "ret", V7), ("val", "scten", SC), ("val", "scvec", SC), ("val", "scret", SC)],
    "q15_t_add_vec": [("in", "ten", V15), ("in", "vec", V15)] + DIMS4 + [
        ("out", "ret", V15), ("val", "scten", SC), ("val", "scvec", SC), ("val", "scret", SC)],
    "q7_t_relu": [("in", "ten", V7)] + DIMS4 + [("out", "ret", V7), ("val", "limit", V7), ("val", "div", V7)],
    "q15_t_l2_norm": [("in", "ten", V15)] + DIMS4 + [("out", "ret", V15), ("val", "scale_in", SC),
                                                     ("val", "scale_out", SC)],
    "q7xq15_q7_convolution": [("in", "input", V7), ("in", "filter", V15), ("out", "output", V7)] + CONV_TAIL,
    "q7xq15_q15_convolution": [("in", "input", V7), ("in", "filter", V15), ("out", "output", V15)] + CONV_TAIL,
    "q15_convolution": [("in", "input", V15), ("in", "filter", V15), ("out", "output", V15)] + CONV_TAIL,
}
# Replayed a second time in place (ret aliasing this input), as EdgeML's own
# kernels call them; the result is the same.
IN_PLACE = {"q15_v_add": "vec1", "q15_t_l2_norm": "ten"}


def emit_simple(e):
    spec = SIMPLE[e.fn]
    args = []
    outs = []
    for kind, name, ctype in spec:
        if kind == "in":
            args.append(e.const_array(name, ctype, e.a[name]))
        elif kind == "val":
            args.append(e.arg(name, ctype))
        else:
            exp = e.out_list(name) if e.fn != "q15_v_argmax" else [e.o[name]]
            n = len(exp)
            sym = e.buffer(name, ctype, n)
            outs.append((kind, name, ctype, sym, exp))
            args.append(sym)
    for kind, name, ctype, sym, exp in outs:
        e.fill(sym, ctype, len(exp))
        if kind == "acc":
            init = e.a["ret_in"]
            if len(init) != len(exp):
                raise GenError("ret_in and out.ret differ in length")
            src = e.const_array("ret_in", ctype, init)
            e.body.append(f"vc_copy_q15({sym}, {src}, {len(init)}u);")
    e.body.append(f"{e.fn}({', '.join(args)});")
    for kind, name, ctype, sym, exp in outs:
        e.check(name, sym, ctype, exp)
    if e.fn in IN_PLACE:
        src_name = IN_PLACE[e.fn]
        src_idx = [s[1] for s in spec].index(src_name)
        kind, name, ctype, sym, exp = outs[0]
        src = args[src_idx]
        n = len(exp)
        if len(e.a[src_name]) != n:
            raise GenError(f"{src_name} and out.{name} differ in length")
        io = e.buffer("inplace", ctype, n)
        e.body.append(f"vc_fill_q15({io}, {n}u + VC_GUARD, vc_sentinel_q15[s]);")
        e.body.append(f"vc_copy_q15({io}, {src}, {n}u);")
        ip_args = [io if (i == src_idx or a == sym) else a for i, a in enumerate(args)]
        e.body.append(f"{e.fn}({', '.join(ip_args)}); /* in place */")
        e.body.append(
            f'bad += vc_check_q15("{name} (in place)", {io}, {e.p}_exp_{name}, {n}u, vc_sentinel_q15[s]);')


def emit_fastgrnn(e):
    a = e.a
    fn = e.fn
    q7 = fn == "q7xq15_q15_fastgrnn"
    lr = fn == "q15_fastgrnn_lr"
    xt = V7 if q7 else V15
    hd, idim = a["hiddenDims"], a["inputDims"]
    params = [("mean", e.const_array("mean", xt, a["mean"])),
              ("stdDev", e.const_array("stdDev", xt, a["stdDev"]))]
    if lr:
        params += [("W1", e.const_array("W1", V15, a["W1"])), ("W2", e.const_array("W2", V15, a["W2"])),
                   ("wRank", e.arg("wRank", IT)),
                   ("U1", e.const_array("U1", V15, a["U1"])), ("U2", e.const_array("U2", V15, a["U2"])),
                   ("uRank", e.arg("uRank", IT))]
    else:
        params += [("W", e.const_array("W", V15, a["W"])), ("Wids", e.const_array("Wids", IT, a["Wids"])),
                   ("Wvals", e.const_array("Wvals", V15, a["Wvals"])),
                   ("U", e.const_array("U", V15, a["U"])), ("Uids", e.const_array("Uids", IT, a["Uids"])),
                   ("Uvals", e.const_array("Uvals", V15, a["Uvals"]))]
    params += [("Bg", e.const_array("Bg", V15, a["Bg"])), ("Bh", e.const_array("Bh", V15, a["Bh"])),
               ("sigmoid_zeta", e.arg("sigmoid_zeta", V15)), ("sigmoid_nu", e.arg("sigmoid_nu", V15))]
    pstruct = "Q15_FastGRNN_LR_Params" if lr else ("Q7xQ15_FastGRNN_Params" if q7 else "Q15_FastGRNN_Params")
    sstruct = "Q15_FastGRNN_LR_Scales" if lr else "Q15_FastGRNN_Scales"
    bstruct = "Q15_FastGRNN_LR_Buffers" if lr else ("Q7xQ15_FastGRNN_Buffers" if q7 else "Q15_FastGRNN_Buffers")
    psym = e.struct_init(pstruct, "params", params)
    ssym = e.scales("scales", a["scales"], sstruct)
    inp = e.const_array("input", xt, a["input"])
    state0 = e.const_array("state0", V15, a["hiddenState"])
    if len(a["hiddenState"]) != hd:
        raise GenError("hiddenState length differs from hiddenDims")
    state = e.buffer("state", V15, hd)
    scratch = [("preComp1", V15, hd), ("preComp2", V15, hd), ("preComp3", V15, hd)]
    if lr:
        scratch += [("tempLRW", V15, a["wRank"]), ("tempLRU", V15, a["uRank"])]
    scratch += [("normFeatures", xt, idim)]
    bufs = []
    for name, ctype, n in scratch:
        sym = e.buffer(name, ctype, n)
        bufs.append((name, ctype, n, sym))
    bsym = e.struct_init(bstruct, "buffers", [(name, sym) for name, _, _, sym in bufs], const=False)

    def fresh():
        """The initial state, sentinel-filled scratch: before each run."""
        e.body.append(f"vc_fill_q15({state}, {hd}u + VC_GUARD, vc_sentinel_q15[s]);")
        e.body.append(f"vc_copy_q15({state}, {state0}, {hd}u);")
        for _, ctype, n, sym in bufs:
            e.fill(sym, ctype, n)

    def guards(suffix=""):
        for name, ctype, n, sym in bufs:
            e.guard(name + suffix, sym, ctype, n)

    fresh()
    e.body.append(
        f"int32_t rc = {fn}({state}, {lit(IT, hd)}, {inp}, {lit(IT, idim)}, {e.arg('steps', IT)}, "
        f"&{psym}, &{bsym}, &{ssym}, {e.arg('backward', 'int32_t')}, {e.arg('normalize', 'int32_t')});")
    e.body.append(f"bad += vc_check_rc(rc, {lit('int32_t', e.o['rc'])});")
    exp = e.out_list("hiddenState")
    e.check("hiddenState", state, V15, exp)
    guards()
    if e.o["rc"] != 0:
        return
    # The same call through tinyrnn's model handle (one init, one run, in
    # the file's one model storage): EdgeML's result on the core too.
    model = f"tinyrnn_{fn}_model"
    fresh()
    e.body.append(
        f"rc = {model}_init(&vc_model, {lit(IT, hd)}, {lit(IT, idim)}, {e.arg('steps', IT)}, &{psym}, &{bsym}, "
        f"&{ssym}, {e.arg('normalize', 'int32_t')});")
    e.body.append(f"if (rc == 0) rc = {model}_run(&vc_model, {state}, {inp}, {e.arg('steps', IT)}, "
                  f"{e.arg('backward', 'int32_t')});")
    e.body.append("bad += vc_check_rc(rc, 0);")
    e.body.append(f'bad += vc_check_q15("hiddenState (model)", {state}, {e.p}_exp_hiddenState, {len(exp)}u, '
                  f'vc_sentinel_q15[s]);')
    guards(" (model)")


def emit_rnnpool(e):
    a = e.a
    q7 = e.fn == "q7xq15_q15_rnnpool_block"
    pt = V7 if q7 else V15
    hd1, hd2, idim, pdim = a["hiddenDims1"], a["hiddenDims2"], a["inputDims"], a["patchDim"]
    syms = {}
    for r, struct, hd, nf_t, nf_n in (("rnn1", "Q7xQ15_FastGRNN_Params" if q7 else "Q15_FastGRNN_Params",
                                        hd1, pt, idim),
                                       ("rnn2", "Q15_FastGRNN_Params", hd2, V15, hd1)):
        params = [("mean", "NULL"), ("stdDev", "NULL"),
                  ("W", e.const_array(f"{r}_W", V15, a[f"{r}_W"])), ("Wids", "NULL"), ("Wvals", "NULL"),
                  ("U", e.const_array(f"{r}_U", V15, a[f"{r}_U"])), ("Uids", "NULL"), ("Uvals", "NULL"),
                  ("Bg", e.const_array(f"{r}_Bg", V15, a[f"{r}_Bg"])),
                  ("Bh", e.const_array(f"{r}_Bh", V15, a[f"{r}_Bh"])),
                  ("sigmoid_zeta", e.arg(f"{r}_zeta", V15)), ("sigmoid_nu", e.arg(f"{r}_nu", V15))]
        psym = e.struct_init(struct, f"{r}_params", params)
        ssym = e.scales(f"{r}_scales", a[f"{r}_scales"], "Q15_FastGRNN_Scales")
        bufs = [(f"{r}_preComp{i}", V15, hd) for i in (1, 2, 3)] + [(f"{r}_normFeatures", nf_t, nf_n)]
        bsyms = [(name, ctype, n, e.buffer(name, ctype, n)) for name, ctype, n in bufs]
        bstruct = "Q7xQ15_FastGRNN_Buffers" if (q7 and r == "rnn1") else "Q15_FastGRNN_Buffers"
        bsym = e.struct_init(bstruct, f"{r}_buffers",
                             [(name.split("_", 1)[1], sym) for name, _, _, sym in bsyms], const=False)
        syms[r] = (psym, ssym, bsym, bsyms)
    patch = e.const_array("patch", pt, a["patch"])
    exp_out = e.out_list("output")
    if len(exp_out) != 4 * hd2:
        raise GenError("out.output is not 4 * hiddenDims2 long")
    out = e.buffer("output", V15, len(exp_out))
    buf = e.buffer("buffer", V15, hd1 * pdim)
    e.fill(out, V15, len(exp_out))
    e.fill(buf, V15, hd1 * pdim)
    for r in ("rnn1", "rnn2"):
        for name, ctype, n, sym in syms[r][3]:
            e.fill(sym, ctype, n)
    rnn1 = "q7xq15_q15_fastgrnn" if q7 else "q15_fastgrnn"
    p1, s1, b1, _ = syms["rnn1"]
    p2, s2, b2, _ = syms["rnn2"]
    e.body.append(
        f"int32_t rc = {e.fn}({patch}, {lit(IT, idim)}, {lit(IT, pdim)}, {e.arg('stride', IT)}, "
        f"{rnn1}, {lit(IT, hd1)}, &{p1}, &{b1}, &{s1}, "
        f"q15_fastgrnn, {lit(IT, hd2)}, &{p2}, &{b2}, &{s2}, {out}, {buf}, "
        f"{e.arg('ShR1', SC)}, {e.arg('ShL1', SC)}, {e.arg('ShR2', SC)}, {e.arg('ShL2', SC)});")
    e.body.append(f"bad += vc_check_rc(rc, {lit('int32_t', e.o['rc'])});")
    e.check("output", out, V15, exp_out)
    e.guard("buffer", buf, V15, hd1 * pdim)
    for r in ("rnn1", "rnn2"):
        for name, ctype, n, sym in syms[r][3]:
            e.guard(name, sym, ctype, n)


def emit_missing_buffer(e, shift):
    """A small valid FastGRNN (hiddenDims 4, inputDims 2, 2 steps, rank 2)
    whose Buffers field number `missing` is NULL: EdgeML's error code, and
    the state untouched. Both dense and sparse weights are given, so the
    call is valid under either SPARSE setting."""
    lr = e.fn == "q15_fastgrnn_lr_missing_buffer"
    hd, idim, steps, rank = 4, 2, 2, 2
    missing = e.a["missing"]
    fields = (["preComp1", "preComp2", "preComp3", "tempLRW", "tempLRU", "normFeatures"] if lr
              else ["preComp1", "preComp2", "preComp3", "normFeatures"])
    if not isinstance(missing, int) or not 0 <= missing < len(fields):
        raise GenError(f"`missing` = {missing!r} is not a Buffers field index")
    neutral = 0 if shift else 1
    sstruct = "Q15_FastGRNN_LR_Scales" if lr else "Q15_FastGRNN_Scales"
    special = {"div": 2, "add": 1024, "sigmoidLimit": 2048, "qOne": 16384,
               "useTableSigmoid": 1, "useTableTanH": 1}
    ssym = e.scales("scales", {f: special.get(f, neutral) for f in e.structs[sstruct]}, sstruct)
    w = [120, -80, 60, -40, 30, -20, 10, -5]                 # hiddenDims x inputDims
    u = [(i - 8) * 25 for i in range(16)]                      # hiddenDims x hiddenDims

    def col_major(m, nr, nc):
        return [m[i * nc + j] for j in range(nc) for i in range(nr)]

    def ids(nc):
        return [r for _ in range(nc) for r in (1, 2, 3, 4, 0)]

    common = [("Bg", e.const_array("Bg", V15, [500, -500, 250, -250])),
              ("Bh", e.const_array("Bh", V15, [-300, 300, -150, 150])),
              ("sigmoid_zeta", "16384"), ("sigmoid_nu", "1024")]
    if lr:
        params = [("mean", "NULL"), ("stdDev", "NULL"),
                  ("W1", e.const_array("W1", V15, [100, -100, 50, -50])), ("W2", e.const_array("W2", V15, w)),
                  ("wRank", lit(IT, rank)),
                  ("U1", e.const_array("U1", V15, [40, -40, 30, -30, 20, -20, 10, -10])),
                  ("U2", e.const_array("U2", V15, [90, -90, 45, -45, 25, -25, 15, -15])),
                  ("uRank", lit(IT, rank))] + common
        psym = e.struct_init("Q15_FastGRNN_LR_Params", "params", params)
        call = "q15_fastgrnn_lr"
        bstruct = "Q15_FastGRNN_LR_Buffers"
        sizes = [hd, hd, hd, rank, rank, idim]
    else:
        params = [("mean", "NULL"), ("stdDev", "NULL"),
                  ("W", e.const_array("W", V15, w)), ("Wids", e.const_array("Wids", IT, ids(idim))),
                  ("Wvals", e.const_array("Wvals", V15, col_major(w, hd, idim))),
                  ("U", e.const_array("U", V15, u)), ("Uids", e.const_array("Uids", IT, ids(hd))),
                  ("Uvals", e.const_array("Uvals", V15, col_major(u, hd, hd)))] + common
        psym = e.struct_init("Q15_FastGRNN_Params", "params", params)
        call = "q15_fastgrnn"
        bstruct = "Q15_FastGRNN_Buffers"
        sizes = [hd, hd, hd, idim]
    inits = []
    bufs = []
    for i, (f, n) in enumerate(zip(fields, sizes)):
        if i == missing:
            inits.append((f, "NULL"))
        else:
            sym = e.buffer(f, V15, n)
            bufs.append((f, sym, n))
            inits.append((f, sym))
    bsym = e.struct_init(bstruct, "buffers", inits, const=False)
    inp = e.const_array("input", V15, [100, -200, 300, -400])
    state0 = e.const_array("state0", V15, [1, 2, 3, 4])
    state = e.buffer("state", V15, hd)
    e.body.append(f"vc_fill_q15({state}, {hd}u + VC_GUARD, vc_sentinel_q15[s]);")
    e.body.append(f"vc_copy_q15({state}, {state0}, {hd}u);")
    for f, sym, n in bufs:
        e.fill(sym, V15, n)
    e.body.append(f"int32_t rc = {call}({state}, {hd}u, {inp}, {idim}u, {steps}u, &{psym}, &{bsym}, &{ssym}, 0, 0);")
    e.body.append(f"bad += vc_check_rc(rc, {lit('int32_t', e.o['rc'])});")
    e.check("hiddenState", state, V15, e.out_list("hiddenState"))


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

def load(path, stem):
    shift, sparse = MODES[stem]
    by_fn = {}
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise GenError(f"{path}:{line_no}: not JSON: {err}")
            fn = rec.get("fn")
            if not isinstance(fn, str) or not fn.startswith("q"):
                continue  # the float API (matVec, fastgrnn, v_add, ...)
            if rec.get("mode") != ("shift" if shift else "div") or rec.get("sparse") != sparse:
                raise GenError(f"{path}:{line_no}: mode/sparse of the record do not match the file")
            by_fn.setdefault(fn, []).append((len(line), line_no, rec))
    return by_fn


def generate(stem, path, structs, min_cases):
    shift, sparse = MODES[stem]
    by_fn = load(path, stem)
    if not by_fn:
        raise GenError(f"{path}: no quantized cases")
    unknown = sorted(set(by_fn) - set(QUANTIZED))
    if unknown:
        raise GenError(f"{path}: quantized functions this generator does not know: {unknown}")
    # The README of the vectors: the dense files hold every quantized
    # function, the sparse ones the three FastGRNN kernels (and the
    # missing-buffer cases). A file that lost some is an error, not a skip.
    expected = set(QUANTIZED) if not sparse else {
        "q15_fastgrnn", "q7xq15_q15_fastgrnn", "q15_fastgrnn_lr",
        "q15_fastgrnn_missing_buffer", "q15_fastgrnn_lr_missing_buffer"}
    absent = sorted(expected - set(by_fn))
    if absent:
        raise GenError(f"{path}: no cases for {absent}")
    flags = " ".join(f for f, on in (("-DSHIFT", shift), ("-DSPARSE", sparse)) if on) or "no flags"
    out = [
        f"/* Generated by firmware/gen_cases.py from {stem}.jsonl: do not edit. */",
        f"/* Compile with: {flags}. */",
        '#include "check.h"',
        "",
    ]
    for macro, on in (("SHIFT", shift), ("SPARSE", sparse)):
        if on:
            out += [f"#ifndef {macro}",
                    f'#error "the vectors of {stem}.jsonl need -D{macro}"', "#endif"]
        else:
            out += [f"#ifdef {macro}",
                    f'#error "the vectors of {stem}.jsonl were recorded without -D{macro}"', "#endif"]
    out += [f'const char vc_source[] = "{stem}.jsonl";', "",
            "/* The storage of the FastGRNN cases' model handles, one case at a time. */",
            "static tinyrnn_fastgrnn_model vc_model;", ""]
    table = []
    counts = {}
    k = 0
    for fn in QUANTIZED:
        if fn not in by_fn:
            continue
        entries = []
        for size, line_no, rec in select(fn, by_fn[fn], min_cases):
            prefix = f"c{k}"
            k += 1
            out.append(f"/* {fn}, case {rec['case']} ({stem}.jsonl line {line_no}) */")
            e = Emitter(out, prefix, fn, rec, structs)
            try:
                if fn in SIMPLE:
                    emit_simple(e)
                elif fn.endswith("_missing_buffer"):
                    emit_missing_buffer(e, shift)
                elif fn.endswith("rnnpool_block"):
                    emit_rnnpool(e)
                else:
                    emit_fastgrnn(e)
            except (GenError, KeyError, TypeError) as err:
                raise GenError(f"{stem}.jsonl line {line_no} ({fn} case {rec['case']}): {err!r}")
            e.finish()
            entries.append(f"    {{{lit('int32_t', rec['case'])}, {line_no}u, {prefix}_run}},")
        counts[fn] = len(entries)
        out.append(f"static const struct vc_case cases_{fn}[] = {{")
        out += entries
        out.append("};")
        out.append("")
        table.append(f'    {{"{fn}", cases_{fn}, {len(entries)}u}},')
    out.append("const struct vc_function vc_functions[] = {")
    out += table
    out.append("};")
    out.append(f"const uint32_t vc_function_count = {len(table)}u;")
    return "\n".join(out) + "\n", counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vectors", default=os.path.join(ROOT, "..", "shared", "edgeml-vectors"))
    ap.add_argument("--include", default=os.path.join(ROOT, "include"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "firmware", "gen"))
    ap.add_argument("--min-cases", type=int, default=5)
    args = ap.parse_args()

    vectors = os.path.normpath(args.vectors)
    missing = [s for s in MODES if not os.path.isfile(os.path.join(vectors, s + ".jsonl"))]
    if missing:
        sys.exit(f"gen_cases: EdgeML vectors not found: {', '.join(s + '.jsonl' for s in missing)} "
                 f"in {vectors} (they are expected at ../shared/edgeml-vectors/ beside the checkout)")
    try:
        with open(os.path.join(args.include, "tinyrnn_generated.h"), encoding="utf-8") as f:
            header = f.read()
        structs = {}
        for s in ("Q15_FastGRNN_Scales", "Q15_FastGRNN_LR_Scales"):
            fields = struct_fields(header, s)
            structs[s] = [f for _, f in fields]
            structs[s + ":types"] = {f: t for t, f in fields}
        os.makedirs(args.out, exist_ok=True)
        summary = {}
        for stem in MODES:
            text, counts = generate(stem, os.path.join(vectors, stem + ".jsonl"), structs, args.min_cases)
            dst = os.path.join(args.out, f"cases_{stem}.c")
            tmp = dst + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, dst)
            summary[stem] = counts
            print(f"gen_cases: {dst}: {sum(counts.values())} cases of {len(counts)} functions")
    except GenError as err:
        sys.exit(f"gen_cases: {err}")
    # Coverage matrix (cases per function and file) beside the sources.
    with open(os.path.join(args.out, "coverage.txt"), "w", encoding="utf-8") as f:
        stems = list(MODES)
        f.write("%-32s %s\n" % ("function", " ".join("%12s" % s for s in stems)))
        for fn in QUANTIZED:
            f.write("%-32s %s\n" % (fn, " ".join("%12s" % summary[s].get(fn, "-") for s in stems)))


if __name__ == "__main__":
    main()
