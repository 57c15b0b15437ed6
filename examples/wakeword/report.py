#!/usr/bin/env python3
"""The wake-word demo's measurements and report (run.sh calls it).

    report.py host BUILD TOOLS MODEL...   integer accuracy: the C program
                                          (TOOLS/wakeword_<model>) on the test WAVs
                                          -> BUILD/int_results.json
    report.py mcu MCU_DIR MODEL...        instructions, stack (QEMU logs) and
                                          flash / RAM (size of the firmware
                                          minus its -DNO_DETECT baseline), JSON on stdout
    report.py write BUILD TOOLS MODEL...  REPORT.md and accuracy_vs_bytes.png
"""
import csv
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
C_SIZES = {"Q15_T": 2, "int16_t": 2, "Q7_T": 1, "int8_t": 1, "uint8_t": 1, "SCALE_T": 2, "ITER_T": 4, "float": 4,
           "int32_t": 4, "Q31_T": 4}


def weight_bytes(model):
    """Bytes of the `static const` arrays of an exported header (weights and head)."""
    text = open(os.path.join(HERE, "models", f"{model}.h")).read()
    total = 0
    for ctype, body in re.findall(r"static const (\w+) \w+\[\w*\] = \{(.*?)\};", text, re.S):
        total += C_SIZES.get(ctype, 2) * len([v for v in body.replace("\n", " ").split(",") if v.strip()])
    return total


def host(build, tools, models):
    rows = [r for r in csv.DictReader(open(os.path.join(build, "data", "manifest.csv"))) if r["split"] == "test"]
    paths = [os.path.join(build, "data", r["path"]) for r in rows]
    want = {p: int(r["label"]) for p, r in zip(paths, rows)}
    out = {}
    for m in models:
        got = {}
        for i in range(0, len(paths), 400):
            res = subprocess.run([os.path.join(tools, f"wakeword_{m}")] + paths[i:i + 400], check=True,
                                 capture_output=True, text=True).stdout
            for line in res.splitlines():
                p, d = line.rsplit(" ", 1)
                got[p] = int(d)
        y = [want[p] for p in paths]
        pred = [got[p] for p in paths]
        neg = [p for p, t in zip(pred, y) if t == 0]
        pos = [p for p, t in zip(pred, y) if t == 1]
        out[m] = {"accuracy": sum(p == t for p, t in zip(pred, y)) / len(y), "false_accept": sum(neg) / len(neg),
                  "false_reject": 1 - sum(pos) / len(pos), "n": len(y), "weight_bytes": weight_bytes(m)}
        print(f"{m}: integer test accuracy {out[m]['accuracy']:.4f}, FA {out[m]['false_accept']:.4f}, "
              f"FR {out[m]['false_reject']:.4f}, {out[m]['weight_bytes']} weight bytes")
    json.dump(out, open(os.path.join(build, "int_results.json"), "w"), indent=1, sort_keys=True)


def size(elf):
    text, data, bss = (int(v) for v in subprocess.run(["arm-none-eabi-size", "-B", elf], check=True,
                                                      capture_output=True, text=True).stdout.splitlines()[1].split()[:3])
    return text + data, data + bss


def mcu(mcu_dir, models):
    out = {}
    for core in ("m4f", "m0plus"):
        for m in models:
            log = open(os.path.join(mcu_dir, f"{core}_{m}.log")).read()
            instr, samples = (int(v) for v in re.search(r"^INSTR (\d+) SAMPLES (\d+)", log, re.M).groups())
            stack = int(re.search(r"^STACK (\d+)", log, re.M).group(1))
            decision = re.search(r"^(\S+\.wav) ([01])$", log, re.M).group(2)
            f1, r1 = size(os.path.join(mcu_dir, f"{core}_{m}.elf"))
            f0, r0 = size(os.path.join(mcu_dir, f"{core}_{m}.base.elf"))
            out.setdefault(m, {})[core] = {"instructions_per_second_of_audio": round(instr * 16000 / samples),
                                           "stack_bytes": stack, "flash_bytes": f1 - f0, "ram_bytes": r1 - r0,
                                           "decision": int(decision)}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


def write(build, tools, models):
    fl = json.load(open(os.path.join(build, "float_results.json")))
    it = json.load(open(os.path.join(build, "int_results.json")))
    mc = json.load(open(os.path.join(tools, "mcu_report.json")))
    json.dump({"float": fl, "integer": it, "mcu": mc}, open(os.path.join(HERE, "results.json"), "w"), indent=1,
              sort_keys=True)
    names = {"fastgrnn": "FastGRNN", "hard_mgu": "hard MGU (4-bit)", "gru": "GRU", "fastgrnn_fft": "FastGRNN"}
    lines = ["| model | front-end | float acc. | integer acc. | FA | FR | weight bytes | flash | RAM | stack |"
             " M4F instr / s audio | M0+ instr / s audio |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for m in models:
        f, i, c = fl[m], it[m], mc[m]
        lines.append(f"| {names[m]} (`{m}`) | {'FFT log-mel' if 'fft' in m else 'band-pass'} | {f['accuracy']:.3f} |"
                     f" {i['accuracy']:.3f} | {i['false_accept']:.3f} | {i['false_reject']:.3f} | {i['weight_bytes']} |"
                     f" {c['m4f']['flash_bytes']} / {c['m0plus']['flash_bytes']} | {c['m4f']['ram_bytes']} |"
                     f" {c['m4f']['stack_bytes']} / {c['m0plus']['stack_bytes']} |"
                     f" {c['m4f']['instructions_per_second_of_audio'] / 1e6:.1f} M |"
                     f" {c['m0plus']['instructions_per_second_of_audio'] / 1e6:.1f} M |")
    table = "\n".join(lines)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(6, 4))
        for m in models:
            b = it[m]["weight_bytes"]
            ax.scatter([b], [fl[m]["accuracy"]], marker="o", color="C0")
            ax.scatter([b], [it[m]["accuracy"]], marker="x", color="C1")
            ax.annotate(m, (b, it[m]["accuracy"]), textcoords="offset points", xytext=(5, -10), fontsize=8)
        ax.scatter([], [], marker="o", color="C0", label="float")
        ax.scatter([], [], marker="x", color="C1", label="integer (C, libtinyrnn)")
        ax.set_xscale("log")
        ax.set_xlabel("model bytes (weights + head, as exported)")
        ax.set_ylabel("held-out accuracy")
        ax.set_title('"marvin" wake word, espeak-ng voices unseen in training')
        ax.legend()
        ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(os.path.join(HERE, "accuracy_vs_bytes.png"), dpi=100)
    except ImportError:
        print("report: matplotlib missing, no plot", file=sys.stderr)
    groups = ["| model | FA similar-sounding words | FA other words | FA silence / noise | FR | train accuracy | training time |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for m in models:
        f = fl[m]
        groups.append(f"| `{m}` | {f['false_accept_similar']:.3f} | {f['false_accept_other_words']:.3f} |"
                      f" {f['false_accept_silence']:.3f} | {f['false_reject']:.3f} | {f['train_accuracy']:.3f} |"
                      f" {f['train_seconds']:.0f} s |")
    n, pos = fl[models[0]]["n"], fl[models[0]]["positives"]
    text = (open(os.path.join(HERE, "REPORT.md.in")).read().replace("@TABLE@", table)
            .replace("@GROUPS@", "\n".join(groups)).replace("@N@", str(n)).replace("@POS@", str(pos)))
    open(os.path.join(HERE, "REPORT.md"), "w").write(text)
    print(table)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "host":
        host(args[0], args[1], args[2:])
    elif cmd == "mcu":
        mcu(args[0], args[1:])
    elif cmd == "write":
        write(args[0], args[1], args[2:])
    else:
        sys.exit(__doc__)
