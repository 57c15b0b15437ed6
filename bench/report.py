#!/usr/bin/env python3
"""Writes tinyrnn's performance report (docs/performance.md) from the raw
outputs of scripts/bench, next to the recorded EdgeML baseline.

    python3 bench/report.py --raw target/bench/raw --baseline bench/baseline-edgeml.json --out docs/performance.md
    python3 bench/report.py --raw DIR --json      # the numbers of one raw directory, as JSON

The JSON form is how bench/baseline-edgeml.json's numbers were produced from
a one-off run of the same drivers against EdgeML (see that file's "meta").
Standard library only. Reports numbers; judges none.
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

# Targets, in report order: key, label, clock factor (instructions per tick).
MCU = [
    ("m4f", "Cortex-M4F", 1.25),
    ("m0plus", "Cortex-M0+", 1.25),
    ("rv32imc", "RV32IMC", 1.0),
]
FLASH_TARGETS = [
    ("m4f", "Cortex-M4F (hard float)"),
    ("m4soft", "Cortex-M4 (soft float)"),
    ("m0plus", "Cortex-M0+"),
    ("rv32imc", "RV32IMC"),
]
TARGET_DETAIL = {
    "m4f": "`thumbv7em-none-eabihf`, `-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16`, QEMU `mps2-an386`",
    "m4soft": "`thumbv7em-none-eabi`, `-mcpu=cortex-m4 -mthumb -mfloat-abi=soft` (flash only)",
    "m0plus": "`thumbv6m-none-eabi`, `-mcpu=cortex-m0plus -mthumb`, QEMU `mps2-an385` (a Cortex-M3 running the ARMv6-M instruction stream unchanged)",
    "rv32imc": "`riscv32imc-unknown-none-elf`, `-march=rv32imc -mabi=ilp32`, picolibc, QEMU `virt`",
    "x86_64": "host build of the same `dist` profile, `gcc -O2` driver, callgrind",
}
WORKLOADS = [
    ("dense", "dense FastGRNN, D=32 H=64"),
    ("lr", "low-rank FastGRNN, D=32 H=100 r_w=16 r_u=25"),
    ("sparse", "sparse FastGRNN, D=32 H=64, ~30 % non-zero"),
    ("q7", "Q7 input FastGRNN, D=32 H=64"),
    ("pool", "RNNPool block, 8×8 patch, D=4, H1=H2=8 (per block)"),
]
MODES = ["div", "shift"]
FLASH_VARIANTS = [
    ("fastgrnn_div", "`q15_fastgrnn`, div, dense"),
    ("fastgrnn_shift", "`q15_fastgrnn`, shift, dense"),
    ("fastgrnn_div_sparse", "`q15_fastgrnn`, div, `SPARSE`"),
    ("fastgrnn_shift_sparse", "`q15_fastgrnn`, shift, `SPARSE`"),
    ("lr_div", "`q15_fastgrnn_lr`, div"),
    ("lr_shift", "`q15_fastgrnn_lr`, shift"),
    # tinyrnn only (bench/only_model.c): EdgeML's column is the call the
    # model replaces (flash_baseline).
    ("model_div", "model handle of `q15_fastgrnn`, div, dense"),
    ("model_shift", "model handle of `q15_fastgrnn`, shift, dense"),
    ("model_div_sparse", "model handle of `q15_fastgrnn`, div, `SPARSE`"),
    ("model_shift_sparse", "model handle of `q15_fastgrnn`, shift, `SPARSE`"),
    ("model_lr_div", "model handle of `q15_fastgrnn_lr`, div"),
    ("model_lr_shift", "model handle of `q15_fastgrnn_lr`, shift"),
]


def flash_baseline(var):
    """The EdgeML flash variant a row compares with: a model handle's, the
    call it replaces."""
    if var.startswith("model_lr_"):
        return var[len("model_"):]
    return var.replace("model_", "fastgrnn_", 1)


FLASH_SECTIONS = {".isr_vector", ".vectors", ".text", ".rodata", ".srodata", ".ARM.extab", ".ARM.exidx",
                  ".init", ".data", ".sdata", ".tdata", ".init_array", ".fini_array", ".preinit_array"}
RAM_SECTIONS = {".data", ".sdata", ".tdata", ".bss", ".sbss", ".tbss"}

# Stack rows: (row label, build, probe name). Mode-independent kernels are
# probed in the "div" build only.
STACK_RNN = [
    ("`q15_fastgrnn` (dense)", "", "q15_fastgrnn"),
    ("`q15_fastgrnn` (`SPARSE`)", "_sparse", "q15_fastgrnn"),
    ("`q7xq15_q15_fastgrnn` (dense)", "", "q7xq15_q15_fastgrnn"),
    ("`q7xq15_q15_fastgrnn` (`SPARSE`)", "_sparse", "q7xq15_q15_fastgrnn"),
    ("`q15_fastgrnn_lr`", "", "q15_fastgrnn_lr"),
    ("`q15_rnnpool_block` (dense cells)", "", "q15_rnnpool_block"),
    ("`q15_rnnpool_block` (`SPARSE` cells)", "_sparse", "q15_rnnpool_block"),
    ("`q7xq15_q15_rnnpool_block` (dense cells)", "", "q7xq15_q15_rnnpool_block"),
    ("`q7xq15_q15_rnnpool_block` (`SPARSE` cells)", "_sparse", "q7xq15_q15_rnnpool_block"),
]
STACK_UTILS = ["q15_v_add", "q7_v_sub", "q15_v_sub", "q7_v_hadamard", "q15_v_hadamard", "q15_v_scalar_add",
               "q15_v_scalar_sub", "q15_v_scalar_mul", "q15_v_scale_up", "q15_v_scale_down", "q15_m_mulvec",
               "q15xq7_q15_m_mulvec", "q15_m_sparse_mulvec", "q15xq7_q15_m_sparse_mulvec", "q7_t_add",
               "q15_t_add", "q7xq15_q7_t_add_vec", "q15_t_add_vec", "q15_t_l2_norm", "q15_convolution",
               "q7xq15_q15_convolution", "q7xq15_q7_convolution"]
STACK_MODELESS = ["q15_v_sigmoid", "q15_v_tanh", "q15_v_argmax", "q15_m_reverse", "q7_t_relu"]
STACK_FLOAT = ["fastgrnn", "fastgrnn_lr", "rnnpool_block", "FC"]
# EdgeML API too (quantized_mbconv.h, utils.h), probed since after the
# baseline was recorded: no EdgeML figure yet.
STACK_MBCONV = ["q7_mbconv_block", "q7xq15_q15_mbconv_block", "q15xq7_q7_mbconv_block", "q15xq7_q15_mbconv_block",
                "q15_mbconv_block"]
STACK_FLOAT_UTILS = ["min", "max", "relu", "sigmoid", "tanhyperbolic", "quantTanh", "quantSigmoid", "v_relu",
                     "v_sigmoid", "v_tanh", "v_quantSigmoid", "v_quantTanh", "matVec", "v_add", "v_mult", "v_div",
                     "l2squared", "argmax", "softmax"]
# tinyrnn only (bench/stack_probes_tinyrnn.c): (row label, probe name, has div/shift builds).
STACK_TINYRNN = (
    [(f"`q15_{c}`", f"q15_{c}", True) for c in
     ["fastrnn", "ugrnn", "sitgru", "ligru", "egru", "mgu", "hard_mgu", "tinyeats", "gru"]]
    + [("`q15_v_softsign` (no mode)", "q15_v_softsign", False)]
    + [(f"`{c}` (float)", c, False) for c in
       ["fastrnn", "ugrnn", "sitgru", "ligru", "egru", "mgu", "hard_mgu", "tinyeats", "gru"]]
    + [(f"`{n}` (audio)", n, False) for n in
       ["bandpass_design", "bandpass_init", "bandpass_push", "fft_mel_design", "fft_features_init",
        "fft_features_push", "rfft_q15", "rfft_f32"]]
    + [(f"`{n}` (size query)", n, False) for n in ["get_buffer_sizes", "rnnpool_block_get_buffer_sizes"]]
)


# ---------------------------------------------------------------------------
# Collecting the numbers of one raw directory
# ---------------------------------------------------------------------------

def parse_size(path):
    sections = {}
    for line in path.read_text().splitlines():
        m = re.match(r"^(\.\S+)\s+(\d+)\s+(\d+)\s*$", line)
        if m:
            sections[m.group(1)] = int(m.group(2))
    flash = sum(v for k, v in sections.items() if k in FLASH_SECTIONS)
    ram = sum(v for k, v in sections.items() if k in RAM_SECTIONS)
    return {"flash": flash, "ram": ram, "sections": sections}


def readable(names):
    """Rust symbol names as source paths: demangled by binutils' `c++filt`
    (legacy and v0 manglings; names stay mangled where it is missing), crate
    disambiguators and legacy hashes dropped."""
    names = list(names)
    try:
        out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True, check=True).stdout
        shown = out.splitlines()
        if len(shown) != len(names):
            return names
    except (OSError, subprocess.CalledProcessError):
        return names
    return [re.sub(r"::h[0-9a-f]{16}$", "", re.sub(r"\[[0-9a-f]+\]", "", n)) for n in shown]


def parse_syms(path):
    syms = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "TtWwDdBbRr":
            syms[parts[3]] = int(parts[1], 16)
    return syms


def parse_firmware(path):
    runs, stack, checks, calib, fails = {}, {}, {}, None, {}
    # After "MODELS" the harness's checksum lines are the model-handle runs'.
    prefix = ""
    for line in path.read_text(errors="replace").splitlines():
        parts = line.split()
        if line == "MODELS":
            prefix = "model_"
        elif line.startswith("CALIB "):
            calib = int(parts[1])
        elif line.startswith("RUN ") and len(parts) == 4:
            runs.setdefault(parts[1], {})[int(parts[2])] = int(parts[3])
        elif line.startswith("PROBEFAIL ") and len(parts) == 3:
            fails[parts[1]] = parts[2]
        elif line.startswith("STACK ") and len(parts) == 3:
            if parts[2].isdigit():
                stack[parts[1]] = max(stack.get(parts[1], 0), int(parts[2]))
            else:
                stack[parts[1]] = parts[2]
        else:
            m = re.match(r"^(\w+) steps=(\d+) rc=(-?\d+) checksum=([0-9a-f]+)$", line)
            if m:
                checks[f"{prefix}{m.group(1)}/{m.group(2)}"] = f"rc={m.group(3)} {m.group(4)}"
    return {"calib": calib, "runs": runs, "stack": stack, "checksums": checks, "probe_failures": fails,
            "complete": "DONE" in path.read_text(errors="replace")}


def per_step(runs, factor):
    """Instructions per step (per block for pool): the runs of 1 and of the
    most steps, differenced; the cost of a call with 0 steps; and of a call
    of 1 step."""
    steps_out, call_out, one_out = {}, {}, {}
    for cfg, r in runs.items():
        hi = max(r)
        if 1 in r and hi > 1:
            steps_out[cfg] = round((r[hi] - r[1]) * factor / (hi - 1))
        if 1 in r:
            one_out[cfg] = round(r[1] * factor)
        if 0 in r:
            call_out[cfg] = round(r[0] * factor)
    return steps_out, call_out, one_out


def collect(raw):
    raw = Path(raw)
    res = {"flash": {}, "instructions": {}, "call_overhead": {}, "one_step": {}, "stack": {}, "checksums": {},
           "calibration": {}, "flash_symbols": {}}
    for key, _ in FLASH_TARGETS:
        base = raw / f"size_{key}_nocall.txt"
        if not base.exists():
            continue
        nocall = parse_size(base)
        nosyms = parse_syms(raw / f"syms_{key}_nocall.txt")
        res["flash"][key] = {}
        for var, _ in FLASH_VARIANTS:
            p = raw / f"size_{key}_{var}.txt"
            if p.exists():
                s = parse_size(p)
                res["flash"][key][var] = {"flash": s["flash"] - nocall["flash"], "ram": s["ram"] - nocall["ram"]}
                syms = parse_syms(raw / f"syms_{key}_{var}.txt")
                added = {n: v for n, v in syms.items() if n not in nosyms and v > 0}
                res["flash_symbols"].setdefault(key, {})[var] = sorted(added.items(), key=lambda kv: -kv[1])[:12]
    for key, _, factor in MCU:
        for build in ["div", "shift", "div_sparse", "shift_sparse"]:
            p = raw / f"fw_{key}_{build}.log"
            if not p.exists():
                continue
            fw = parse_firmware(p)
            mode = build.split("_")[0]
            steps, calls, one = per_step(fw["runs"], factor)
            res["instructions"].setdefault(key, {}).setdefault(mode, {}).update(steps)
            res["call_overhead"].setdefault(key, {}).setdefault(mode, {}).update(calls)
            res["one_step"].setdefault(key, {}).setdefault(mode, {}).update(one)
            res["stack"].setdefault(key, {})[build] = fw["stack"]
            if fw["probe_failures"]:
                res.setdefault("probe_failures", {}).setdefault(key, {})[build] = fw["probe_failures"]
            res["checksums"].setdefault(key, {}).update({f"{build}/{k}": v for k, v in fw["checksums"].items()})
            res["calibration"][key] = fw["calib"]
            if not fw["complete"]:
                res.setdefault("incomplete", []).append(p.name)
    for build in ["div", "shift", "div_sparse", "shift_sparse"]:
        mode = build.split("_")[0]
        for cfg, _ in WORKLOADS:
            counts = {}
            for steps in (1, 101):
                p = raw / f"x86_{build}_{cfg}_{steps}.log"
                if not p.exists():
                    continue
                text = p.read_text(errors="replace")
                m = re.search(r"Collected : (\d+)", text)
                if m:
                    counts[steps] = int(m.group(1))
                c = re.search(r"^(\w+) steps=(\d+) rc=(-?\d+) checksum=([0-9a-f]+)$", text, re.M)
                if c:
                    res["checksums"].setdefault("x86_64", {})[f"{build}/{c.group(1)}/{c.group(2)}"] = \
                        f"rc={c.group(3)} {c.group(4)}"
            if len(counts) == 2:
                res["instructions"].setdefault("x86_64", {}).setdefault(mode, {})[cfg] = \
                    round((counts[101] - counts[1]) / 100)
    return res


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

def fmt(n):
    if n is None:
        return "–"
    if isinstance(n, str):
        return n
    return f"{n:,}".replace(",", " ")


def delta(ours, theirs):
    if not isinstance(ours, (int, float)) or not isinstance(theirs, (int, float)) or theirs == 0:
        return "–"
    d = (ours - theirs) * 100.0 / theirs
    if abs(d) < 0.05:
        return "±0 %"
    return f"{d:+.1f} %"


def table(header, rows, align=None):
    align = align or ["l"] + ["r"] * (len(header) - 1)
    sep = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def get(d, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def read_env(raw):
    env = {}
    p = Path(raw) / "env.tsv"
    if p.exists():
        for line in p.read_text().splitlines():
            if "\t" in line:
                k, v = line.split("\t", 1)
                env[k] = v
    return env


def read_commands(raw):
    seen = {}
    p = Path(raw) / "commands.tsv"
    if p.exists():
        for line in p.read_text().splitlines():
            if "\t" in line:
                k, v = line.split("\t", 1)
                seen.setdefault(k, v)
    return seen


def cargo_profile(root):
    if tomllib is None:
        return "see Cargo.toml"
    try:
        data = tomllib.loads((root / "Cargo.toml").read_text())
    except (OSError, ValueError):
        return "see Cargo.toml"
    prof = dict(data.get("profile", {}).get("release", {}))
    dist = data.get("profile", {}).get("dist", {})
    prof.update({k: v for k, v in dist.items() if k != "inherits"})
    return ", ".join(f"{k} = {json.dumps(v)}" for k, v in prof.items())


# The model handles' workloads: (harness config, row label, stack probe, build
# suffix of its stack figures).
MODEL_WORKLOADS = [
    ("dense", "dense FastGRNN, D=32 H=64", "q15_fastgrnn", ""),
    ("q7", "Q7 input FastGRNN, D=32 H=64", "q7xq15_q15_fastgrnn", ""),
    ("lr", "low-rank FastGRNN, D=32 H=100 r_w=16 r_u=25", "q15_fastgrnn_lr", ""),
    ("sparse", "sparse FastGRNN, D=32 H=64, ~30 % non-zero", "q15_fastgrnn", "_sparse"),
]


def model_section(w, ours, base):
    """The model handles (tinyrnn only) beside the drop-in call and EdgeML."""
    w("## Model handles (tinyrnn only)")
    w("")
    w("`tinyrnn_q15_fastgrnn_model_init` / `_run` (and the Q7-input and low-rank pairs, `quantized_fastgrnn.h`) check a "
      "FastGRNN's params, scales and buffers once and keep what they found, so that each run checks only its "
      "hidden state, input and steps. `bench/model_main.c` runs the harness's FastGRNN workloads again with "
      "each `q15_fastgrnn` call replaced by an init (not timed: the clock restarts after it) and a run, on "
      "the same data. \"0 steps\" is a run of no step; \"1 step\" a run of one (the price of a detector "
      "that calls its cell once per frame; the difference from the call is what a model saves per call: "
      "the first step of a run from a zero state is not an average step, so \"1 step\" minus \"per step\" "
      "is no measure of it, in division builds on cores whose division time depends on the operands). Stack: probed as the drop-in call (`bench/stack_probes.c`, every option but "
      "shared scratch, which a model refuses; the drop-in figure includes that layout); `init` once per "
      "model. The model's storage (`TINYRNN_FASTGRNN_MODEL_BYTES`, 208 bytes on 32-bit targets) is static "
      "RAM, not stack.")
    w("")
    w("Checksums: " + model_checksums(ours))
    w("")
    for key, label, _ in MCU:
        if key not in ours["instructions"]:
            continue
        w(f"### {label}")
        w("")
        hdr = ["workload", "mode", "per step, model", "per step, call", "0 steps, model", "0 steps, call",
               "0 steps, EdgeML", "model / EdgeML", "1 step, model", "1 step, call",
               "stack, model run", "stack, call", "stack, EdgeML", "stack, init"]
        rows = []
        for cfg, desc, probe, suffix in MODEL_WORKLOADS:
            for mode in MODES:
                build = mode + suffix
                m0 = get(ours["call_overhead"], key, mode, "model_" + cfg)
                e0 = get(base, "call_overhead", key, mode, cfg)
                if m0 is None:
                    continue
                ratio = f"{m0 / e0:.1f}×" if isinstance(e0, int) and e0 else ""
                rows.append([desc, mode,
                             fmt(get(ours["instructions"], key, mode, "model_" + cfg)),
                             fmt(get(ours["instructions"], key, mode, cfg)),
                             fmt(m0), fmt(get(ours["call_overhead"], key, mode, cfg)), fmt(e0), ratio,
                             fmt(get(ours["one_step"], key, mode, "model_" + cfg)),
                             fmt(get(ours["one_step"], key, mode, cfg)),
                             fmt(get(ours["stack"], key, build, probe + "_model_run")),
                             fmt(get(ours["stack"], key, build, probe)),
                             fmt(get(base, "stack", key, build, probe)),
                             fmt(get(ours["stack"], key, build, probe + "_model_init"))])
        w(table(hdr, rows, ["l", "l"] + ["r"] * (len(hdr) - 2)))
        w("")


def model_checksums(ours):
    """Whether every model run's checksum equals the drop-in call's."""
    same, differ = 0, []
    for tgt, d in ours["checksums"].items():
        for k, v in d.items():
            build, _, rest = k.partition("/")
            if rest.startswith("model_"):
                drop_in = d.get(f"{build}/{rest[len('model_'):]}")
                if drop_in == v:
                    same += 1
                else:
                    differ.append(f"{tgt} {k}")
    if differ:
        return "**the model runs differ from the drop-in calls** for " + ", ".join(differ) + "."
    return f"all {same} model runs end with the drop-in call's return code and hidden-state checksum."


def render(raw, baseline, root):
    ours = collect(raw)
    env = read_env(raw)
    cmds = read_commands(raw)
    base = baseline.get("results", {}) if baseline else {}
    extra = baseline.get("extra", {}) if baseline else {}
    meta = baseline.get("meta", {}) if baseline else {}
    out = []
    w = out.append

    w("# tinyrnn performance report")
    w("")
    w("<!-- Generated by `bash scripts/bench` (bench/report.py); edit those, not this file. -->")
    w("")
    w("A benchmark, not a test: numbers are reported, nothing is asserted. "
      "Instruction counts are exact counts of executed instructions on an emulator, "
      "not cycles: they compare implementations on the same ISA fairly and say nothing about "
      "wait states, caches or pipeline stalls.")
    w("")
    w("## How this report was produced")
    w("")
    w("```sh")
    w("bash scripts/bench        # writes docs/performance.md; raw outputs in target/bench/raw/")
    w("```")
    w("")
    rows = [
        ("date", env.get("date", "?")),
        ("tinyrnn", f"`{env.get('commit', '?')}`"),
        ("library", "`dist/lib/<target>/libtinyrnn.a` (`scripts/dist`: `cargo rustc --profile dist --lib "
                    "--crate-type staticlib --target <target>`, symbols weakened except `tinyrnn_*`; Cortex-M: "
                    "nightly Cargo with `-Zbuild-std=core`, the target's spec with frame pointers omissible, "
                    "`scripts/dist-targets`); x86-64: the same profile built for the host"),
        ("`dist` profile", cargo_profile(root)),
        ("rustc", env.get("rustc", "?") + (f" (Cortex-M archives: {env['rustc_nightly']})" if env.get("rustc_nightly") else "")),
        ("Arm C compiler", f"{env.get('arm_gcc', '?')}, newlib-nano {env.get('newlib', '?')}"),
    ]
    if "riscv_gcc" in env:
        rows.append(("RISC-V C compiler", f"{env['riscv_gcc']}, picolibc {env.get('picolibc', '?')}"))
    rows += [
        ("host C compiler", env.get("host_gcc", "?")),
        ("emulator", env.get("qemu", "?")),
        ("valgrind", env.get("valgrind", "?")),
        ("run time", env.get("elapsed", "?")),
    ]
    w(table(["", ""], rows, ["l", "l"]))
    w("")
    w("<details><summary>The commands scripts/bench ran (first of each kind; all of them in "
      "target/bench/raw/commands.tsv)</summary>")
    w("")
    w("```sh")
    for k, v in cmds.items():
        w(f"# {k}")
        w(v)
    w("```")
    w("")
    w("</details>")
    w("")
    if (Path(raw) / "riscv_skipped.txt").exists():
        w(f"RISC-V was skipped: {(Path(raw) / 'riscv_skipped.txt').read_text().strip()} "
          "(`apt-get install -y gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc`).")
        w("")
    if ours.get("incomplete"):
        w(f"**Incomplete firmware runs** (no DONE line): {', '.join(ours['incomplete'])}.")
        w("")

    w("## The EdgeML baseline")
    w("")
    if meta:
        w(f"The EdgeML columns are **recorded numbers**, not measured by `scripts/bench`: "
          f"{meta.get('what', '')}")
        w("")
        mrows = [(k, v) for k, v in meta.items() if k not in ("what", "flags_short")]
        w(table(["", ""], mrows, ["l", "l"]))
    else:
        w("No baseline recorded (bench/baseline-edgeml.json missing).")
    w("")
    w("Δ is tinyrnn relative to EdgeML: negative is fewer instructions, bytes or stack than EdgeML.")
    w("")

    # Instructions ---------------------------------------------------------
    w("## Instructions per time step")
    w("")
    w("The workloads of the shared harness `../shared/bench/bench.c` (weights from a fixed xorshift seed, "
      "the scales of EdgeML's Wider Regression model): each is run for 1 and for 11 time steps "
      "(RNNPool: 1 and 3 blocks) and the difference is divided by 10 (2), so set-up and call overhead "
      "cancel. On the MCUs `bench/target_main.c` compiles the harness in and, before every run, resets its "
      "generator and zeroes its hidden state and scratch buffers, as a fresh process on the host starts: "
      "all runs of a workload see the same weights, inputs and initial state. Cortex-M: QEMU `-icount shift=5` (one instruction per "
      "32 ns of virtual time) and SysTick (25 MHz) read around the kernel call: instructions = ticks × 1.25. "
      "RV32IMC: QEMU `-icount shift=0`, `minstret` read around the call (with icount QEMU derives it from "
      "the instruction count; without, from host time). x86-64: `valgrind --tool=callgrind` total of "
      "`bench CONFIG 101` minus `bench CONFIG 1`, divided by 100. The \"0 steps\" columns (MCUs) are a whole "
      "call that runs no time step: the fixed cost of argument checking and set-up a caller pays per call "
      "(it includes about ten instructions of the harness's clock reads). It matters where a kernel is "
      "called often for few steps, as the RNNPool block calls its first RNN: 8 calls of 8 steps and 64 "
      "calls of 1 step per block.")
    w("")
    cal = ours.get("calibration", {})
    if cal:
        w("Calibration (a loop of exactly 200 000 instructions): " + ", ".join(
            f"{lab} {fmt(cal[k])} ticks" for k, lab, _ in MCU if k in cal) + ".")
        w("")
    targets = [(k, lab) for k, lab, _ in MCU] + [("x86_64", "x86-64")]
    for key, label in targets:
        if key not in ours["instructions"]:
            continue
        w(f"### {label}")
        w("")
        w(TARGET_DETAIL.get(key, ""))
        w("")
        hdr = ["workload", "mode", "tinyrnn", f"EdgeML {meta.get('flags_short', '')}".strip(), "Δ"]
        o2 = get(extra, "instructions_O2", key)
        o3 = get(extra, "instructions_O3", key)
        if o2:
            hdr += ["EdgeML -O2", "Δ vs -O2"]
        if o3:
            hdr += ["EdgeML -O3 -fPIC (its Makefile)", "Δ vs -O3"]
        calls = key in ours["call_overhead"]
        if calls:
            hdr += ["tinyrnn, 0 steps", "EdgeML, 0 steps"]
        rows = []
        for cfg, desc in WORKLOADS:
            for mode in MODES:
                t = get(ours["instructions"], key, mode, cfg)
                b = get(base, "instructions", key, mode, cfg)
                if t is None and b is None:
                    continue
                row = [desc, mode, fmt(t), fmt(b), delta(t, b)]
                if o2:
                    b2 = get(o2, mode, cfg)
                    row += [fmt(b2), delta(t, b2)]
                if o3:
                    b3 = get(o3, mode, cfg)
                    row += [fmt(b3), delta(t, b3)]
                if calls:
                    if cfg == "pool":
                        row += ["", ""]
                    else:
                        row += [fmt(get(ours["call_overhead"], key, mode, cfg)),
                                fmt(get(base, "call_overhead", key, mode, cfg))]
                rows.append(row)
        w(table(hdr, rows, ["l", "l"] + ["r"] * (len(hdr) - 2)))
        w("")

    model_section(w, ours, base)

    # Checksums ------------------------------------------------------------
    sums = {}
    for tgt, d in ours["checksums"].items():
        for k, v in d.items():
            if "/model_" in f"/{k}":
                continue
            parts = k.split("/")
            # normalise "build/cfg/steps" (MCU: build/cfg/steps; x86: build/cfg/steps)
            key = "/".join(parts)
            sums.setdefault(key, {})[tgt] = v
    if sums:
        diff = [k for k, v in sums.items() if len(set(v.values())) > 1]
        bsums = base.get("checksums", {})
        bdiff = []
        for tgt, d in ours["checksums"].items():
            for k, v in d.items():
                bv = get(bsums, tgt, k)
                if bv is not None and bv != v:
                    bdiff.append(f"{tgt} {k}")
        parts = ["Every run prints a checksum of the final hidden state (informational, not checked): "]
        parts.append("identical on every target for the same run" if not diff else
                     "they differ between targets for " + ", ".join(diff))
        if bsums:
            parts.append(", and equal to the recorded EdgeML runs' checksums." if not bdiff else
                         "; they differ from EdgeML's for " + ", ".join(bdiff) + ".")
        else:
            parts.append(".")
        w("".join(parts))
        w("")

    # Flash ----------------------------------------------------------------
    w("## Flash and static RAM of a minimal firmware")
    w("")
    w("`../shared/bench/only_fastgrnn.c` calls only `q15_fastgrnn` (with `-DLOWRANK` only `q15_fastgrnn_lr`), "
      "in the mode its flags select; the figures are the difference from the same file built with `-DNO_CALL`, "
      "so start-up code cancels. Built `-Os -ffunction-sections -fdata-sections`, linked `-Wl,--gc-sections` "
      "with the dist archive (Arm: `firmware/startup.c`, `firmware/semihost.c`, `firmware/mps2.ld`, "
      "`--specs=nano.specs`; RISC-V: picolibc's `crt0-semihost` and `picolibc.ld`). "
      "Flash = `.isr_vector` (`.vectors`) + `.text` (with `.rodata`) + `.ARM.extab` + `.ARM.exidx` + `.data` "
      "(RISC-V: `.init` + `.text` + `.data`), static RAM = `.data` + `.bss`, from `size -A`. "
      "Whatever the kernel pulls in from libgcc, newlib or compiler-builtins is included. The model-handle "
      "rows (tinyrnn only): `bench/only_model.c`, the same call through `tinyrnn_q15_fastgrnn_model_init` and "
      "`_run` (low rank: `tinyrnn_q15_fastgrnn_lr_model_*`), beside EdgeML's call of the mode (`q15_fastgrnn`, "
      "`q15_fastgrnn_lr`); its static RAM includes the model "
      "(`TINYRNN_FASTGRNN_MODEL_BYTES`).")
    w("")
    hdr = ["function"]
    for key, label in FLASH_TARGETS:
        if key in ours["flash"]:
            hdr += [f"{label} flash", "EdgeML", "Δ"]
    rows = []
    for var, desc in FLASH_VARIANTS:
        row = [desc]
        for key, _ in FLASH_TARGETS:
            if key not in ours["flash"]:
                continue
            t = get(ours["flash"], key, var, "flash")
            b = get(base, "flash", key, flash_baseline(var), "flash")
            row += [fmt(t), fmt(b), delta(t, b)]
        rows.append(row)
    w(table(hdr, rows))
    w("")
    hdr = ["function"]
    for key, label in FLASH_TARGETS:
        if key in ours["flash"]:
            hdr += [f"{label} RAM", "EdgeML"]
    rows = []
    for var, desc in FLASH_VARIANTS:
        row = [desc]
        for key, _ in FLASH_TARGETS:
            if key not in ours["flash"]:
                continue
            row += [fmt(get(ours["flash"], key, var, "ram")), fmt(get(base, "flash", key, flash_baseline(var), "ram"))]
        rows.append(row)
    w("Static RAM (bytes):")
    w("")
    w(table(hdr, rows))
    w("")
    for key, label in [("m4f", "Cortex-M4F"), ("m0plus", "Cortex-M0+")]:
        syms = get(ours, "flash_symbols", key, "fastgrnn_div")
        if syms:
            w(f"<details><summary>What `q15_fastgrnn` (div, dense) adds on {label}: the largest symbols "
              f"not in the `NO_CALL` build</summary>")
            w("")
            shown = readable(n for n, _ in syms)
            w(table(["symbol", "bytes"], [(f"`{n}`", fmt(v)) for n, (_, v) in zip(shown, syms)]))
            w("")
            w("</details>")
            w("")

    # Stack ----------------------------------------------------------------
    w("## Worst-case stack use")
    w("")
    w("Measured by stack painting under QEMU (`bench/stack_probes.c`, written against the EdgeML API; the "
      "tinyrnn-only exports in `bench/stack_probes_tinyrnn.c`, built into the firmware with "
      "`-DTINYRNN_ONLY_PROBES`): the "
      "16 KiB below the stack pointer are filled with a pattern, the kernel is called through a trampoline "
      "(`bench/<arch>/tramp.S`) that records the stack pointer at the kernel's entry and jumps to it, and "
      "the lowest overwritten word gives the depth. The figure is everything the kernel and what it calls "
      "(compiler helpers, libm, an RNNPool block's RNN cells) pushed or reserved below its entry stack "
      "pointer; arguments the caller passed on the stack are not counted. Each kernel is called on several "
      "inputs that take its different paths (normalisation on/off, forward/backward, table/piecewise "
      "activations, the FastGRNN calls with separate buffers and with one scratch buffer in two roles, "
      "`preComp3` = `preComp2`; convolutions dense, depthwise with dilation, strided) and the largest depth is "
      "reported. No interrupt is enabled while probing. On Cortex-M the trampoline (Thumb-1 only, for ARMv6-M) "
      "parks two words below the entry SP for a moment, so 8 bytes is the smallest figure it can report "
      "there; on RISC-V it touches no memory. Bytes; EdgeML in parentheses.")
    w("")
    stack_targets = [(k, lab) for k, lab, _ in MCU if k in ours["stack"]]
    hdr = ["kernel"]
    for _, lab in stack_targets:
        hdr += [f"{lab} div", f"{lab} shift"]

    def cell(key, build, name):
        rc = get(ours, "probe_failures", key, build, name)
        if rc is not None:
            return f"failed (rc={rc})"
        t = get(ours["stack"], key, build, name)
        b = get(base, "stack", key, build, name)
        if t is None and b is None:
            return "–"
        return f"{fmt(t)} ({fmt(b)})" if b is not None else fmt(t)

    rows = []
    for label, suffix, name in STACK_RNN:
        row = [label]
        for key, _ in stack_targets:
            row += [cell(key, "div" + suffix, name), cell(key, "shift" + suffix, name)]
        rows.append(row)
    for name in STACK_UTILS:
        row = [f"`{name}`"]
        for key, _ in stack_targets:
            row += [cell(key, "div", name), cell(key, "shift", name)]
        rows.append(row)
    for name in STACK_MODELESS:
        row = [f"`{name}` (no mode)"]
        for key, _ in stack_targets:
            row += [cell(key, "div", name), "same"]
        rows.append(row)
    for name in STACK_FLOAT:
        row = [f"`{name}` (float API)"]
        for key, _ in stack_targets:
            row += [cell(key, "div", name), "same"]
        rows.append(row)
    for name in STACK_MBCONV:
        row = [f"`{name}`"]
        for key, _ in stack_targets:
            row += [cell(key, "div", name), cell(key, "shift", name)]
        rows.append(row)
    for name in STACK_FLOAT_UTILS:
        row = [f"`{name}` (float API)"]
        for key, _ in stack_targets:
            row += [cell(key, "div", name), "same"]
        rows.append(row)
    w(table(hdr, rows))
    w("")
    w("The MBConv blocks (`quantized_mbconv.h`: 8×8×4 input expanded to 8 channels, 3×3 depthwise, padding 1, "
      "4 output channels, stride 1 and 2; the three blocks whose input and output share an element type also "
      "in place, output over input) and the float API's utils (`utils.h`): EdgeML's figures were "
      "measured on 2026-12-05 by the same probes (`stack_added` in `bench/baseline-edgeml.json`).")
    w("")
    w("### tinyrnn-only exports")
    w("")
    w("Functions EdgeML does not have (EdgeML: —), probed by `bench/stack_probes_tinyrnn.c` with the same "
      "method: the Q15 cells (H = 16, D = 8, 3 steps) with dense, low-rank (rank 4) and sparse matrices where "
      "they take them, normalisation on/off, forward/backward, table/piecewise activations, in the mode of "
      "the build (the `_div` and `_shift` exports); the float cells dense and low rank; `q15_v_softsign`; "
      "the audio front-end (band-pass: 8 bands × 160 samples and 32 × 400; FFT features: n = 128, 256 "
      "(20 mel bands), 512 (32 mel bands) log power and 256 magnitude, a push of 1024 samples; `rfft_*` of "
      "64, 256 and 512 points); the size queries for every cell, dense and low rank. Every call's return code "
      "is checked (a push's 0 and 1 both mean success); a failed call would show as \"failed\" here.")
    w("")
    rows = []
    for label, name, moded in STACK_TINYRNN:
        row = [label]
        for key, _ in stack_targets:
            row += [cell(key, "div", name), cell(key, "shift", name) if moded else "same"]
        rows.append(row + ["—"])
    w(table(hdr + ["EdgeML"], rows))
    w("")
    probed = set()
    for key, builds in ours["stack"].items():
        for b, d in builds.items():
            for name in d:
                mode = b.split("_")[0]
                probed.add(name)
                probed.add(f"{name}_{mode}")
    exports = Path(raw) / "exports_thumbv7em-none-eabihf.txt"
    if exports.exists():
        names = [n.strip() for n in exports.read_text().splitlines() if n.strip()]
        unprobed = []
        for n in names:
            short = n[len("tinyrnn_"):]
            cands = {short, re.sub(r"_(div|shift)(_(dense|sparse))?$", "", short)}
            if not any(c in probed for c in cands):
                unprobed.append(n)
        quant = [n for n in unprobed if n.startswith(("tinyrnn_q15", "tinyrnn_q7"))]
        other = [n for n in unprobed if n not in quant]
        text = f"{len(names)} `tinyrnn_*` functions are exported by the Cortex-M4F archive; "
        if not unprobed:
            text += ("all are probed (the `_div`/`_shift` and `_dense`/`_sparse` exports in the build of that "
                     "mode).")
        else:
            text += f"{len(unprobed)} are not probed"
            if quant:
                text += " — quantized: " + ", ".join(f"`{n}`" for n in quant)
            if other:
                text += ("; " if quant else " — ") + "float: " + ", ".join(f"`{n}`" for n in other)
            text += "."
        w(text)
        w("")

    # Where tinyrnn is behind ------------------------------------------------
    behind = []
    for key, label in targets:
        for cfg, desc in WORKLOADS:
            for mode in MODES:
                t = get(ours["instructions"], key, mode, cfg)
                b = get(base, "instructions", key, mode, cfg)
                if isinstance(t, int) and isinstance(b, int) and t > b * 1.05:
                    behind.append(f"{label}, {desc}, {mode}: {fmt(t)} vs {fmt(b)} instructions ({delta(t, b)})")
    for key, label in FLASH_TARGETS:
        ds = []
        calls = [var for var, _ in FLASH_VARIANTS if not var.startswith("model_")]
        for var in calls:
            t = get(ours["flash"], key, var, "flash")
            b = get(base, "flash", key, var, "flash")
            if isinstance(t, int) and isinstance(b, int) and b and t > b * 1.05:
                ds.append((t - b) * 100.0 / b)
        if ds:
            behind.append(f"{label}, flash of `q15_fastgrnn` / `q15_fastgrnn_lr`: {len(ds)} of "
                          f"{len(calls)} variants, {min(ds):+.0f} % to {max(ds):+.0f} %")
    for key, label, _ in MCU:
        pairs = []
        for _, suffix, name in STACK_RNN:
            for mode in MODES:
                t = get(ours["stack"], key, mode + suffix, name)
                b = get(base, "stack", key, mode + suffix, name)
                if isinstance(t, int) and isinstance(b, int) and b:
                    pairs.append((t, b))
        if pairs and any(t > b * 1.05 for t, b in pairs):
            behind.append(f"{label}, stack of the FastGRNN and RNNPool kernels: {fmt(min(t for t, _ in pairs))}"
                          f"–{fmt(max(t for t, _ in pairs))} bytes vs {fmt(min(b for _, b in pairs))}"
                          f"–{fmt(max(b for _, b in pairs))}")
        pairs = [(get(ours["stack"], key, mode, name), get(base, "stack", key, mode, name))
                 for name in STACK_MBCONV for mode in MODES]
        pairs = [(t, b) for t, b in pairs if isinstance(t, int) and isinstance(b, int) and b]
        if pairs and any(t > b * 1.05 for t, b in pairs):
            behind.append(f"{label}, stack of the MBConv blocks: {fmt(min(t for t, _ in pairs))}"
                          f"–{fmt(max(t for t, _ in pairs))} bytes vs {fmt(min(b for _, b in pairs))}"
                          f"–{fmt(max(b for _, b in pairs))}")
    w("## Where tinyrnn is more than 5 % behind EdgeML")
    w("")
    if behind:
        for line in behind:
            w(f"- {line}")
    else:
        w("Nowhere.")
    w("")
    notes = root / "bench" / "NOTES.md"
    if notes.exists():
        w(notes.read_text().strip())
        w("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", required=True, help="raw output directory of scripts/bench")
    ap.add_argument("--baseline", help="recorded baseline JSON (bench/baseline-edgeml.json)")
    ap.add_argument("--out", help="Markdown report to write")
    ap.add_argument("--json", action="store_true", help="print the collected numbers as JSON instead")
    args = ap.parse_args()
    if args.json:
        json.dump(collect(args.raw), sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    baseline = {}
    if args.baseline and Path(args.baseline).exists():
        baseline = json.loads(Path(args.baseline).read_text())
    root = Path(__file__).resolve().parent.parent
    text = render(args.raw, baseline, root)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
