"""Command line: `python -m tinyrnn export|run|report …` (see `--help`)."""

import argparse
import sys

import numpy as np

from .cells import CELLS
from .export import export
from .loaders import read_arrays
from .model import DEFAULT_HEADROOM, CalibrationError, FloatModel, LinearHead, QuantizedModel, agreement


def _head(path):
    if not path:
        return None
    a = read_arrays(path)
    w = next((a[k] for k in a if k.split(".")[-1] in ("weight", "W")), None)
    b = next((a[k] for k in a if k.split(".")[-1] in ("bias", "b", "B")), None)
    if w is None:
        raise SystemExit("%s: a linear head needs a 'weight' (classes × H) and optionally a 'bias' array" % path)
    return LinearHead(np.asarray(w, np.float64), np.zeros(w.shape[0]) if b is None else np.asarray(b, np.float64).reshape(-1))


def _norm(path):
    if not path:
        return None, None
    a = read_arrays(path)
    if "mean" not in a and "std" not in a:
        raise SystemExit("%s: normalisation needs a 'mean' and/or a 'std' array" % path)
    return a.get("mean"), a.get("std")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tinyrnn", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("export", help="calibrate trained float weights and write a C header / Rust module / saved model")
    e.add_argument("--cell", choices=sorted(CELLS), help="the cell (guessed from PyTorch GRU and EdgeML names)")
    e.add_argument("--weights", required=True, help=".npz, .safetensors or .pt (with torch) of the trained weights")
    e.add_argument("--calib", required=True, help=".npy calibration sequences, N×T×D float")
    e.add_argument("--mode", choices=["shift", "div"], default="shift", help="scaling build (SHIFT or division)")
    e.add_argument("--name", default="model", help="C/Rust name prefix")
    e.add_argument("--out", help="C header to write")
    e.add_argument("--rust", help="Rust module to write")
    e.add_argument("--save", help="quantized model for `python -m tinyrnn run`")
    e.add_argument("--head", help=".npz/.safetensors with a linear head (weight classes×H, bias)")
    e.add_argument("--headroom", type=float, default=DEFAULT_HEADROOM)
    e.add_argument("--norm", help=".npz with per-feature 'mean' and 'std': the model reads (x - mean) / std; quantize_input applies it")
    e.add_argument("--report", action="store_true", help="print the float/integer agreement on the calibration set")

    r = sub.add_parser("run", help="run a saved quantized model over Q15 inputs")
    r.add_argument("model", help="the --save file of export")
    r.add_argument("--input", required=True, help=".npy Q15 inputs (int16), T×D or N×T×D")
    r.add_argument("--out", required=True, help=".npy to write the final Q15 states (H or N×H)")

    a = sub.add_parser("report", help="float vs integer agreement of trained weights on a data set")
    a.add_argument("--cell", choices=sorted(CELLS))
    a.add_argument("--weights", required=True)
    a.add_argument("--calib", required=True)
    a.add_argument("--data", help=".npy sequences to compare on (default: the calibration set)")
    a.add_argument("--mode", choices=["shift", "div"], default="shift")
    a.add_argument("--head")
    a.add_argument("--headroom", type=float, default=DEFAULT_HEADROOM)
    a.add_argument("--norm")

    args = p.parse_args(argv)
    try:
        if args.command == "export":
            if not (args.out or args.rust or args.save):
                p.error("export: give at least one of --out, --rust, --save")
            fm = FloatModel.load(args.weights, args.cell, *_norm(args.norm))
            calib = np.load(args.calib)
            head = _head(args.head)
            qm = export(fm, calib, mode=args.mode, name=args.name, header=args.out, rust=args.rust, save=args.save, head=head, headroom=args.headroom)
            print("%s: D=%d H=%d, %s build, input exponent %d, state exponent %d" % (qm.cell.name, qm.input_dims, qm.hidden_dims, qm.mode, qm.input_exp, qm.state_exp))
            if args.report:
                print(agreement(fm, qm, calib, head))
        elif args.command == "run":
            qm = QuantizedModel.load(args.model)
            x = np.load(args.input)
            if x.dtype != np.int16:
                raise SystemExit("%s: Q15 inputs must be int16 (quantize floats with NAME_quantize_input or QuantizedModel.quantize_input)" % args.input)
            hq = qm.run(x)
            np.save(args.out, hq[0] if x.ndim == 2 else hq)
        else:
            fm = FloatModel.load(args.weights, args.cell, *_norm(args.norm))
            calib = np.load(args.calib)
            head = _head(args.head)
            qm = fm.quantize(calib, mode=args.mode, headroom=args.headroom, head=head)
            print(agreement(fm, qm, np.load(args.data) if args.data else calib, head))
    except (ValueError, CalibrationError) as err:
        print("tinyrnn: %s" % err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
