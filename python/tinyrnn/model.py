"""Float and quantized models, calibration and the agreement report.

A :class:`FloatModel` is a cell's trained weights in tinyrnn's names
(:mod:`tinyrnn.loaders`). :meth:`FloatModel.quantize` calibrates it on
float sequences and gives a :class:`QuantizedModel`: the Q15 weights, every
scale of the cell's step and the input/state exponents. Both run through
the library's own Rust cells (`tinyrnn._native`): the float cells of the C
float API, and the Q15 cells of the firmware, bit for bit.
"""

import json
from dataclasses import dataclass, field
from typing import Dict, Mapping, Optional

import numpy as np

from . import _native
from .cells import CELLS, Cell
from .loaders import dims_of, load_weights

#: Largest magnitude a Q11 value holds: EdgeML's table sigmoid and tanh read Q11.
Q11_LIMIT = 32767.0 / 2048.0
#: Default headroom: the calibration assumes inputs and (growing) states up
#: to this factor beyond the largest magnitude seen on the calibration set.
DEFAULT_HEADROOM = 1.25


class CalibrationError(ValueError):
    """The calibration set would overflow a Q15 intermediate."""


def _f32_bytes(a) -> bytes:
    return np.ascontiguousarray(a, dtype="<f4").tobytes()


def _batch(x, dtype) -> np.ndarray:
    """`x` as N×T×D (a T×D sequence is one sequence)."""
    x = np.asarray(x)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise ValueError("expected T×D or N×T×D sequences, got shape %s" % (x.shape,))
    return np.ascontiguousarray(x, dtype=dtype)


def fit_exponent(bound: float, limit: float = 32767.0, cap: int = 15) -> int:
    """The largest exponent `e ≤ cap` with `bound · 2^e ≤ limit` (≥ −15), as
    the library's calibration chooses exponents."""
    e = cap
    while e > -15 and not (np.float32(bound) * np.float32(2.0**e) <= limit):
        e -= 1
    return e


def _norm_arrays(mean, std, d: int):
    """Per-feature `mean` and `1/std` as float32 (`None` without normalisation)."""
    if mean is None and std is None:
        return None, None
    mean = np.zeros(d, np.float32) if mean is None else np.asarray(mean, np.float32).reshape(-1)
    std = np.ones(d, np.float32) if std is None else np.asarray(std, np.float32).reshape(-1)
    if mean.shape != (d,) or std.shape != (d,):
        raise ValueError("mean and std must have one value per input feature (%d)" % d)
    if np.any(std == 0):
        raise ValueError("std has zeros")
    return mean, np.float32(1.0) / std


def _normalize(x, mean, inv_std) -> np.ndarray:
    """`(x − mean) · (1/std)` in float32, one rounding per operation, as
    `NAME_quantize_input` computes it in C."""
    x = np.asarray(x, dtype=np.float32)
    if mean is None:
        return x
    return (x - mean) * inv_std


def q15(values, exp: int) -> np.ndarray:
    """`round(x · 2^exp)` (halves away from zero), saturated to Q15: the
    library's quantization (`calibrate::q15_value`)."""
    v = np.asarray(values, dtype=np.float32)
    return np.frombuffer(_native.q15_values(_f32_bytes(v), int(exp)), dtype="<i2").reshape(v.shape).copy()


@dataclass
class LinearHead:
    """A float linear classifier on the final state: `logits = W h + b`
    (`W`: classes × H)."""

    weight: np.ndarray
    bias: np.ndarray

    def quantize(self, state_exp: int) -> "QuantizedHead":
        w = np.asarray(self.weight, dtype=np.float32)
        e = fit_exponent(float(np.max(np.abs(w))) if w.size else 0.0)
        total = e + state_exp
        b = np.round(np.asarray(self.bias, dtype=np.float64) * 2.0**total).astype(np.int64)
        return QuantizedHead(q15(w, e), b, e)

    def classify(self, h) -> np.ndarray:
        return np.argmax(np.asarray(h, dtype=np.float64) @ np.asarray(self.weight, dtype=np.float64).T + self.bias, axis=-1)


@dataclass
class QuantizedHead:
    """The integer head: `logits = Σ W_q·h_q + b_q` in 64 bits, `W_q` at
    exponent `exp`, `b_q` at `exp + state_exp` (what `NAME_classify` does in C)."""

    weight: np.ndarray  # int16, classes × H
    bias: np.ndarray  # int64, classes
    exp: int

    def logits(self, hq) -> np.ndarray:
        return np.asarray(hq, dtype=np.int64) @ self.weight.astype(np.int64).T + self.bias

    def classify(self, hq) -> np.ndarray:
        return np.argmax(self.logits(hq), axis=-1)


class FloatModel:
    """A cell's trained float weights (tinyrnn's names and layout)."""

    def __init__(self, cell: str, weights: Mapping[str, np.ndarray], mean=None, std=None):
        """`mean`, `std` (one value per input feature, optional): the model
        reads `(x − mean) / std`; the Q15 model and `NAME_quantize_input`
        apply it to raw float inputs (as `(x − mean) · (1/std)` in float32)."""
        self.cell: Cell = CELLS[cell]
        self.weights = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self.input_dims, self.hidden_dims = dims_of(cell, self.weights)
        self.mean, self.inv_std = _norm_arrays(mean, std, self.input_dims)

    @classmethod
    def load(cls, source, cell: Optional[str] = None, mean=None, std=None) -> "FloatModel":
        """From a file (`.npz`, `.safetensors`, `.pt`) or a dict of arrays in
        any naming the loaders know (PyTorch GRU, EdgeML FastGRNN, tinyrnn)."""
        name, w = load_weights(source, cell)
        return cls(name, w, mean, std)

    def normalize(self, x) -> np.ndarray:
        """The inputs as the cell reads them (float32)."""
        return _normalize(x, self.mean, self.inv_std)

    def _native_weights(self) -> Dict[str, bytes]:
        return {k: _f32_bytes(v) for k, v in self.weights.items()}

    def run(self, x, h0=None, every_step: bool = False) -> np.ndarray:
        """Runs the library's float cell over N×T×D (or T×D) raw inputs
        (normalised first if the model has `mean`/`std`): the final states
        N×H, or every state N×T×H."""
        return self._run(self.normalize(_batch(x, np.float32)), h0, every_step)

    def _run(self, x, h0=None, every_step: bool = False) -> np.ndarray:
        x = _batch(x, np.float32)
        n, t, d = x.shape
        if d != self.input_dims:
            raise ValueError("inputs have %d features, the model %d" % (d, self.input_dims))
        h = self.hidden_dims
        h0 = np.zeros((n, h), np.float32) if h0 is None else np.broadcast_to(np.asarray(h0, np.float32), (n, h))
        raw = _native.run_float(self.cell.name, d, h, self._native_weights(), _f32_bytes(x), n, t, _f32_bytes(h0), every_step)
        out = np.frombuffer(raw, dtype="<f4")
        return out.reshape((n, t, h) if every_step else (n, h)).copy()

    def peak_preactivation(self, x) -> float:
        """Largest |pre-activation| at the Q11 table activations (and the sums
        stored there) over the sequences `x`, in float64."""
        from .reference import peak_preactivation

        return peak_preactivation(self.cell.name, self.weights, self.normalize(_batch(x, np.float32)).astype(np.float64))

    def quantize(self, calib, mode: str = "shift", headroom: float = DEFAULT_HEADROOM, head: Optional[LinearHead] = None, allow_wrap: bool = False) -> "QuantizedModel":
        """Calibrates on float sequences `calib` (N×T×D) for the `mode` build
        (`"shift"` or `"div"`; every scale is a power of two, so the scales
        of both builds are the same numbers) and quantizes the weights.

        Ranges: `|x| ≤ headroom · max|calib|`; the state range is 1 for the
        cells whose state is a convex mix of values bounded by 1, and
        `headroom · max|h|` of the float model on `calib` for FastGRNN,
        FastRNN and Li-GRU. Every Q15 intermediate then holds its worst case
        (`‖M‖∞ · bound`), except where the library must keep EdgeML's Q11 at
        a table activation; there the float pre-activations of `calib` times
        `headroom` must stay within ±16, else :class:`CalibrationError`
        (unless `allow_wrap`). The integer model is then run on `calib` and
        its states must stay within the state range.
        """
        calib = _batch(calib, np.float32)
        xn = self.normalize(calib)
        peak_x = float(np.max(np.abs(xn))) if xn.size else 1.0
        input_range = max(peak_x, 1e-6) * headroom
        state_range = 1.0
        if self.cell.state_grows:
            hs = self._run(xn, every_step=True)
            state_range = max(float(np.max(np.abs(hs))) * headroom, 2.0**-14)
        cal = _native.calibrate(self.cell.name, mode, self.input_dims, self.hidden_dims, self._native_weights(), input_range, state_range)
        if cal["may_wrap"] and not allow_wrap:
            peak = self.peak_preactivation(calib)
            if peak * headroom > Q11_LIMIT:
                raise CalibrationError(
                    "%s: a pre-activation reaches %.3g on the calibration set; with headroom %.3g it exceeds "
                    "the ±16 that EdgeML's Q11 table activations hold (smaller weights or inputs, or allow_wrap=True)"
                    % (self.cell.name, peak, headroom)
                )
        q = QuantizedModel(self.cell.name, mode, self.input_dims, self.hidden_dims, quantize_weights(self.cell, self.weights, cal), cal, headroom=headroom)
        q.mean, q.inv_std = self.mean, self.inv_std
        if head is not None:
            q.head = head.quantize(q.state_exp)
        hq = q.run(q.quantize_input(calib), every_step=True)
        limit = state_range * 2.0**q.state_exp
        if hq.size and np.max(np.abs(hq.astype(np.int32))) > limit + 2:
            raise CalibrationError("%s: the integer state leaves its range %.3g on the calibration set" % (self.cell.name, state_range))
        q.ranges = {"input": input_range, "state": state_range}
        return q


def quantize_weights(cell: Cell, weights: Mapping[str, np.ndarray], cal: Mapping[str, int]) -> Dict[str, np.ndarray]:
    """Each weight in its Q15-model storage, with its calibrated exponent."""
    out = {}
    for w in cell.weights:
        v = np.asarray(weights[w.name], dtype=np.float32).reshape(-1)
        if w.storage in ("q15", "scalar"):
            out[w.name] = q15(v, cal[w.exp])
        elif w.storage == "q7":
            out[w.name] = np.frombuffer(_native.q7_values(_f32_bytes(v), cal[w.exp]), dtype=np.int8).copy()
        elif w.storage == "pow2":
            out[w.name] = np.frombuffer(_native.pack_pow2(_f32_bytes(v)), dtype=np.uint8).copy()
        elif w.storage == "int4":
            out[w.name] = np.frombuffer(_native.pack_int4(_f32_bytes(v), cal[w.exp]), dtype=np.uint8).copy()
        else:
            raise AssertionError(w.storage)
    return out


class QuantizedModel:
    """A calibrated Q15 model: weights in their storage (flat arrays),
    the calibration (`{"path.of.field": int}`, scales as the `mode` build's
    raw values: divisors `2^k` or exponents `k`), input/state exponents."""

    def __init__(self, cell: str, mode: str, input_dims: int, hidden_dims: int, weights, calibration, headroom: float = DEFAULT_HEADROOM, head: Optional[QuantizedHead] = None):
        if mode not in ("shift", "div"):
            raise ValueError("mode must be 'shift' or 'div'")
        self.cell = CELLS[cell]
        self.mode = mode
        self.input_dims, self.hidden_dims = int(input_dims), int(hidden_dims)
        self.weights = dict(weights)
        self.calibration = {k: int(v) for k, v in calibration.items()}
        self.headroom = headroom
        self.head = head
        self.ranges: Dict[str, float] = {}
        # Per-feature float normalisation applied by quantize_input (or None).
        self.mean: Optional[np.ndarray] = None
        self.inv_std: Optional[np.ndarray] = None

    @property
    def input_exp(self) -> int:
        """Inputs are `round(x · 2^input_exp)`."""
        return self.calibration["input_exp"]

    @property
    def state_exp(self) -> int:
        """States are `h · 2^state_exp`."""
        return self.calibration["state_exp"]

    def quantize_input(self, x) -> np.ndarray:
        """Raw float inputs (rows of D features) as the model's Q15 inputs:
        normalised if the model has `mean`/`std`, then `round(x · 2^input_exp)`
        (`NAME_quantize_input` in C, bit for bit)."""
        return q15(_normalize(x, self.mean, self.inv_std), self.input_exp)

    def dequantize_state(self, hq) -> np.ndarray:
        return np.asarray(hq, dtype=np.float64) / 2.0**self.state_exp

    def _native_weights(self) -> Dict[str, bytes]:
        out = {}
        for k, v in self.weights.items():
            v = np.asarray(v)
            out[k] = np.ascontiguousarray(v, dtype=v.dtype.newbyteorder("<") if v.dtype.itemsize > 1 else v.dtype).tobytes()
        return out

    def run(self, xq, h0=None, every_step: bool = False) -> np.ndarray:
        """Runs the firmware's Q15 cell over Q15 inputs N×T×D (or T×D): final
        states N×H (int16), or every state N×T×H."""
        xq = _batch(xq, "<i2")
        n, t, d = xq.shape
        if d != self.input_dims:
            raise ValueError("inputs have %d features, the model %d" % (d, self.input_dims))
        h = self.hidden_dims
        h0 = np.zeros((n, h), "<i2") if h0 is None else np.ascontiguousarray(np.broadcast_to(np.asarray(h0, "<i2"), (n, h)))
        raw = _native.run_q15(self.cell.name, self.mode, d, h, self._native_weights(), self.calibration, xq.tobytes(), n, t, h0.tobytes(), every_step)
        out = np.frombuffer(raw, dtype="<i2")
        return out.reshape((n, t, h) if every_step else (n, h)).copy()

    def classify(self, hq) -> np.ndarray:
        if self.head is None:
            raise ValueError("the model has no linear head")
        return self.head.classify(hq)

    # -- persistence ---------------------------------------------------------

    def save(self, path: str) -> None:
        """Writes the model for `python -m tinyrnn run` (an `.npz`: arrays
        `w.<name>`, `head.*`, and a JSON `meta`)."""
        meta = {
            "format": "tinyrnn-quantized-model/1",
            "cell": self.cell.name,
            "mode": self.mode,
            "input_dims": self.input_dims,
            "hidden_dims": self.hidden_dims,
            "headroom": self.headroom,
            "ranges": self.ranges,
            "calibration": self.calibration,
            "head_exp": None if self.head is None else self.head.exp,
        }
        arrays = {"w." + k: np.asarray(v) for k, v in self.weights.items()}
        if self.head is not None:
            arrays["head.weight"] = self.head.weight
            arrays["head.bias"] = self.head.bias
        if self.mean is not None:
            arrays["norm.mean"] = self.mean
            arrays["norm.inv_std"] = self.inv_std
        with open(path, "wb") as f:
            np.savez(f, meta=np.array(json.dumps(meta)), **arrays)

    @classmethod
    def load(cls, path: str) -> "QuantizedModel":
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("format") != "tinyrnn-quantized-model/1":
                raise ValueError("%s: not a tinyrnn quantized model" % path)
            weights = {k[2:]: z[k] for k in z.files if k.startswith("w.")}
            head = None
            if meta["head_exp"] is not None:
                head = QuantizedHead(z["head.weight"], z["head.bias"], meta["head_exp"])
            norm = (z["norm.mean"], z["norm.inv_std"]) if "norm.mean" in z.files else (None, None)
        m = cls(meta["cell"], meta["mode"], meta["input_dims"], meta["hidden_dims"], weights, meta["calibration"], meta["headroom"], head)
        m.ranges = meta.get("ranges", {})
        m.mean, m.inv_std = norm
        return m

    # -- export ----------------------------------------------------------------

    def export_c(self, path: Optional[str] = None, name: str = "model") -> str:
        """The C header (see :func:`tinyrnn.export.c_header`); written to `path` if given."""
        from .export import c_header

        text = c_header(self, name)
        if path:
            with open(path, "w") as f:
                f.write(text)
        return text

    def export_rust(self, path: Optional[str] = None, name: str = "model") -> str:
        """The Rust module (see :func:`tinyrnn.export.rust_module`)."""
        from .export import rust_module

        text = rust_module(self, name)
        if path:
            with open(path, "w") as f:
                f.write(text)
        return text


@dataclass
class Agreement:
    """Float vs integer over a set of sequences, errors in LSBs of the state
    (`|h_q − h·2^state_exp|`), per step (`max_per_step`, `mean_per_step`)."""

    max_per_step: np.ndarray
    mean_per_step: np.ndarray
    max_lsb: float
    mean_lsb: float
    class_agreement: Optional[float] = None
    sequences: int = 0
    extra: Dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        lines = [
            "sequences: %d, steps: %d" % (self.sequences, len(self.max_per_step)),
            "state error (LSB): max %.1f, mean %.2f" % (self.max_lsb, self.mean_lsb),
            "per step max : " + " ".join("%.0f" % v for v in self.max_per_step),
            "per step mean: " + " ".join("%.1f" % v for v in self.mean_per_step),
        ]
        if self.class_agreement is not None:
            lines.append("class agreement (float head vs integer head): %.2f %%" % (100 * self.class_agreement))
        return "\n".join(lines)


def agreement(fm: FloatModel, qm: QuantizedModel, x, head: Optional[LinearHead] = None) -> Agreement:
    """Runs the float model and the integer model (on `qm.quantize_input(x)`)
    over `x` (N×T×D floats) and compares every state after every step."""
    x = _batch(x, np.float32)
    hf = fm.run(x, every_step=True).astype(np.float64)
    hq = qm.run(qm.quantize_input(x), every_step=True).astype(np.float64)
    err = np.abs(hq - hf * 2.0**qm.state_exp)
    rep = Agreement(
        max_per_step=err.max(axis=(0, 2)) if err.size else np.zeros(0),
        mean_per_step=err.mean(axis=(0, 2)) if err.size else np.zeros(0),
        max_lsb=float(err.max()) if err.size else 0.0,
        mean_lsb=float(err.mean()) if err.size else 0.0,
        sequences=x.shape[0],
    )
    if head is not None:
        qhead = qm.head if qm.head is not None else head.quantize(qm.state_exp)
        rep.class_agreement = float(np.mean(head.classify(hf[:, -1]) == qhead.classify(hq[:, -1].astype(np.int64))))
    return rep
