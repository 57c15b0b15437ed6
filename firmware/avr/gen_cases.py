#!/usr/bin/env python3
"""Generate the C cases of the AVR firmware (firmware/avr/main.c).

Reads ../shared/edgeml-vectors/{div,shift}.jsonl (recorded from Microsoft
EdgeML's C reference) and writes OUT: the `q15_fastgrnn` cases (dense) whose
arrays and buffers fit an SRAM arena of --arena bytes, at most --max-cases
of them, as PROGMEM data (flash: SRAM is 2 KiB on an ATmega328P), plus a
benchmark model of --bench-hidden x --bench-input (deterministic
pseudo-random Q15 weights, the scales of recorded case --bench-scales-case,
EdgeML's realistic FastGRNN scales, with table and piecewise activations).
With --pack-bytes, every case that fits is split into packs of about that
many flash bytes, one firmware image each (--pack K; --packs prints their
number; --no-bench leaves the benchmark out, for main.c -DNO_BENCH).
main.c copies each case into the arena, calls `q15_fastgrnn` through
quantized_fastgrnn.h (so -DSHIFT selects the mode, as for EdgeML) and
compares every output bit for bit.

Selection (deterministic): the smallest case of each combination of
(useTableSigmoid, useTableTanH, backward, normalize), then the largest case
that fits, then the smallest remaining ones up to --max-cases.

Standard library only. Usage:
    gen_cases.py --mode div|shift --out FILE [--vectors DIR] [--arena BYTES]
                 [--max-cases N] [--bench-hidden H] [--bench-input D]
                 [--bench-steps T]
"""

import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

ARRAYS = ["hiddenState", "input", "mean", "stdDev", "W", "U", "Bg", "Bh"]


def arena_elems(a):
    h, d = a["hiddenDims"], a["inputDims"]
    n = sum(len(a[k]) for k in ARRAYS if a.get(k) is not None)
    return n + 3 * h + d  # preComp1..3, normFeatures


def load(path):
    cases = []
    with open(path) as f:
        for line in f:
            c = json.loads(line)
            if c["fn"] == "q15_fastgrnn" and not c["sparse"]:
                cases.append(c)
    return cases


def select(cases, arena, max_cases):
    fit = [c for c in cases if 2 * arena_elems(c["args"]) <= arena]
    fit.sort(key=lambda c: (arena_elems(c["args"]), c["case"]))
    chosen = []

    def key(c):
        a = c["args"]
        return (a["scales"]["useTableSigmoid"], a["scales"]["useTableTanH"], a["backward"], a["normalize"])

    seen = set()
    for c in fit:
        if key(c) not in seen:
            seen.add(key(c))
            chosen.append(c)
    if fit and fit[-1] not in chosen:
        chosen.append(fit[-1])
    for c in fit:
        if c not in chosen:
            chosen.append(c)
    return sorted(chosen[:max_cases], key=lambda c: c["case"])


def words(vals):
    out = []
    for i in range(0, len(vals), 12):
        out.append("    " + ", ".join(str(v) for v in vals[i:i + 12]) + ",")
    return "\n".join(out)


def scales_init(s):
    return ", ".join(f".{k} = {v}" for k, v in s.items())


def lcg(seed):
    x = seed
    while True:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        yield x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["div", "shift"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--vectors", default=os.path.join(ROOT, "..", "shared", "edgeml-vectors"))
    ap.add_argument("--arena", type=int, default=800)
    ap.add_argument("--max-cases", type=int, default=6)
    ap.add_argument("--bench-hidden", type=int, default=12)
    ap.add_argument("--bench-input", type=int, default=8)
    ap.add_argument("--bench-steps", type=int, default=8)
    ap.add_argument("--bench-scales-case", type=int, default=2)
    ap.add_argument("--pack-bytes", type=int, default=0,
                    help="split every case that fits the arena into packs of about this many flash bytes")
    ap.add_argument("--pack", type=int, default=0, help="the pack to write (with --pack-bytes)")
    ap.add_argument("--packs", action="store_true", help="print the number of packs and exit")
    ap.add_argument("--no-bench", action="store_true", help="leave the benchmark model out (main.c -DNO_BENCH)")
    o = ap.parse_args()

    cases = load(os.path.join(o.vectors, f"{o.mode}.jsonl"))
    if o.pack_bytes:
        packs, cur, size = [], [], 0
        for c in select(cases, o.arena, len(cases)):
            cost = 2 * (arena_elems(c["args"]) + c["args"]["hiddenDims"]) + 260  # data, scales, descriptor
            if cur and size + cost > o.pack_bytes:
                packs.append(cur)
                cur, size = [], 0
            cur.append(c)
            size += cost
        if cur:
            packs.append(cur)
        if o.packs:
            print(len(packs))
            return
        chosen = packs[o.pack]
    else:
        chosen = select(cases, o.arena, o.max_cases)
    if not chosen:
        raise SystemExit("gen_cases: no q15_fastgrnn case fits the arena")
    guard = "!defined(SHIFT)" if o.mode == "div" else "defined(SHIFT)"
    L = []
    w = L.append
    w("/* Generated by firmware/avr/gen_cases.py from EdgeML's recorded vectors")
    w(f" * ({o.mode}.jsonl): {len(chosen)} q15_fastgrnn cases that fit a {o.arena}-byte")
    w(" * arena, and the benchmark model. Do not edit. */")
    w('#include "cases.h"')
    w(f"#if !({guard}) || defined(SPARSE)")
    w(f'#error "cases_{o.mode}.c must be compiled with the flags of {o.mode}.jsonl"')
    w("#endif")
    w(f'const char mode_name[] PROGMEM = "{o.mode}";')
    descs = []
    for c in chosen:
        a, n = c["args"], c["case"]
        data, offs = [], {}
        for k in ARRAYS:
            v = a.get(k)
            if v is None:
                offs[k] = -1
            else:
                offs[k] = len(data)
                data += v
        exp_off = len(data)
        data += c["out"]["hiddenState"]
        w(f"static const Q15_T case{n}_data[{len(data)}] PROGMEM = {{\n{words(data)}\n}};")
        w(f"static const Q15_FastGRNN_Scales case{n}_scales PROGMEM = {{ {scales_init(a['scales'])} }};")
        descs.append(
            f"    {{ {n}, {a['hiddenDims']}, {a['inputDims']}, {a['steps']}, {a['backward']}, {a['normalize']}, "
            f"{a['sigmoid_zeta']}, {a['sigmoid_nu']}, {c['out']['rc']}, {len(data)}, "
            + "{ " + ", ".join(str(offs[k]) for k in ARRAYS)
            + f" }}, {exp_off}, case{n}_data, &case{n}_scales }},"
        )
    w(f"const struct fg_case fg_cases[{len(descs)}] PROGMEM = {{\n" + "\n".join(descs) + "\n};")
    w(f"const uint8_t fg_case_count = {len(descs)};")

    if o.no_bench:
        with open(o.out, "w") as f:
            f.write("\n".join(L) + "\n")
        return

    # Benchmark model: deterministic weights, recorded realistic scales.
    src = [c for c in cases if c["case"] == o.bench_scales_case]
    if not src:
        raise SystemExit(f"gen_cases: no q15_fastgrnn case {o.bench_scales_case} in {o.mode}.jsonl")
    sa = src[0]["args"]
    H, D, T = o.bench_hidden, o.bench_input, o.bench_steps
    r = lcg(16)

    def q(n, amp):
        return [(next(r) % (2 * amp + 1)) - amp for _ in range(n)]

    bench = {
        "hiddenState": [0] * H,
        "input": q(T * D, 8192),
        "mean": q(D, 1024),
        "stdDev": [1 + v % 4 for v in q(D, 4)],
        "W": q(H * D, 6000),
        "U": q(H * H, 6000),
        "Bg": q(H, 4000),
        "Bh": q(H, 4000),
    }
    data, offs = [], {}
    for k in ARRAYS:
        offs[k] = len(data)
        data += bench[k]
    w(f"/* Benchmark: hiddenDims {H}, inputDims {D}, steps {T}, normalize on; weights")
    w(f" * pseudo-random, scales of {o.mode}.jsonl case {o.bench_scales_case}. */")
    w(f"static const Q15_T bench_data[{len(data)}] PROGMEM = {{\n{words(data)}\n}};")
    w(f"static const Q15_FastGRNN_Scales bench_scales_ PROGMEM = {{ {scales_init(sa['scales'])} }};")
    w(
        f"const struct fg_case fg_bench PROGMEM = {{ 0, {H}, {D}, {T}, 0, 1, {sa['sigmoid_zeta']}, {sa['sigmoid_nu']}, 0, {len(data)}, "
        + "{ " + ", ".join(str(offs[k]) for k in ARRAYS)
        + " }, -1, bench_data, &bench_scales_ };"
    )
    w(f"/* Model bytes (W, U, Bg, Bh, zeta, nu): {2 * (H * D + H * H + 2 * H + 2)}; with mean/stdDev: {2 * (H * D + H * H + 2 * H + 2 + 2 * D)}. */")
    w(f"const uint16_t fg_bench_model_bytes = {2 * (H * D + H * H + 2 * H + 2)};")
    with open(o.out, "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
