"""Trained float weights from `.npz`, safetensors or (when torch is
installed) `.pt` files, or from a dict of arrays, turned into tinyrnn's
names and layouts (`docs/cells.md`):

- PyTorch `nn.GRUCell` (`weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`) and
  single-layer, one-direction `nn.GRU` (`weight_ih_l0`, …): tinyrnn's GRU
  has PyTorch's layout and equations, so the arrays load as stored.
- EdgeML's PyTorch `FastGRNNCell` (`edgeml_pytorch/graph/rnn.py`): `W`
  (`input × hidden`, used as `x @ W`) or `W1` (`input × wRank`), `W2`
  (`wRank × hidden`); `U` or `U1`, `U2` likewise on the state;
  `bias_gate`, `bias_update` (`1 × hidden`); `zeta`, `nu` (`1 × 1`, used as
  `sigmoid(zeta)`, `sigmoid(nu)`). tinyrnn's `W` is `(x @ W)`'s matrix
  transposed (`hidden × input`), low-rank factors are multiplied out
  (`(W1 @ W2).T`), `Bg`/`Bh` are the biases flattened, and
  `sigmoid_zeta = σ(zeta)`, `sigmoid_nu = σ(nu)` (EdgeML's C takes them so).
- EdgeML's `FastRNNCell`: `W`/`U` (or factors) as above, `bias_update`,
  `alpha`, `beta` with `h' = σ(beta)·h + σ(alpha)·h̃`: tinyrnn's FastRNN
  gets `alpha = σ(alpha)`, `beta = σ(beta)`.
- tinyrnn's own names for every cell (the C params fields: `W`, `U`, `B`,
  `Uf`, `Uh`, `alpha`, …), matrices `rows × cols` acting on column
  vectors; a low-rank matrix may be given as `W1` (`rank × cols`) and `W2`
  (`rows × rank`), `W = W2 · W1`, and is multiplied out.

A `state_dict`'s module prefixes (`rnn.cell.`, `module.`, …) are ignored.
Safetensors files are parsed here (the format is a JSON header and raw
little-endian arrays), so no `safetensors` package is needed.
"""

import json
import os
import struct
from typing import Dict, Mapping, Optional, Tuple

import numpy as np

from .cells import CELLS, cell as cell_spec

_SAFETENSORS_DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U8": "u1",
    "BOOL": "?",
}


def read_safetensors(path: str) -> Dict[str, np.ndarray]:
    """The arrays of a safetensors file (BF16 is widened to float32)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("%s: not a safetensors file" % path)
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    body = data[8 + n :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = body[start:end]
        dtype = info["dtype"]
        if dtype == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            arr = bits.view(np.float32)
        elif dtype in _SAFETENSORS_DTYPES:
            arr = np.frombuffer(raw, dtype=_SAFETENSORS_DTYPES[dtype])
        else:
            raise ValueError("%s: unsupported dtype %s for %s" % (path, dtype, name))
        out[name] = arr.reshape(info["shape"]).copy()
    return out


def write_safetensors(path: str, arrays: Mapping[str, np.ndarray]) -> None:
    """Writes float32 arrays as a safetensors file (for tests and tools)."""
    header, blobs, offset = {}, [], 0
    for name, a in arrays.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(a)), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def read_arrays(path: str) -> Dict[str, np.ndarray]:
    """Every array of a `.npz`, `.safetensors` or `.pt`/`.pth` file."""
    ext = os.path.splitext(path)[1].lower()
    if ext == ".npz":
        with np.load(path) as z:
            return {k: z[k] for k in z.files}
    if ext == ".safetensors":
        return read_safetensors(path)
    if ext in (".pt", ".pth"):
        try:
            import torch  # noqa: F401  (optional)
        except ImportError as e:
            raise ValueError("%s: reading .pt files needs torch; save the state_dict as .npz or safetensors instead" % path) from e
        obj = torch.load(path, map_location="cpu")
        if hasattr(obj, "state_dict"):
            obj = obj.state_dict()
        return {k: v.detach().cpu().numpy() for k, v in obj.items()}
    raise ValueError("%s: expected .npz, .safetensors or .pt" % path)


def _strip_prefixes(arrays: Mapping[str, np.ndarray]) -> Dict[str, np.ndarray]:
    out = {}
    for k, v in arrays.items():
        short = k.rsplit(".", 1)[-1]
        if short in out:
            raise ValueError("two arrays named %r (%s): load one module's state_dict at a time" % (short, k))
        out[short] = np.asarray(v, dtype=np.float64)
    return out


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def _scalar(a: np.ndarray, name: str) -> float:
    if np.size(a) != 1:
        raise ValueError("%s must be a scalar, has shape %s" % (name, np.shape(a)))
    return float(np.reshape(a, ()))


def _edgeml_matrix(a: Dict[str, np.ndarray], name: str) -> np.ndarray:
    """EdgeML's `x @ M` (or `x @ M1 @ M2`) matrix as tinyrnn's `M` (out × in)."""
    if name in a:
        return a[name].T
    if name + "1" in a and name + "2" in a:
        return (a[name + "1"] @ a[name + "2"]).T
    raise ValueError("EdgeML weights lack %s (or %s1, %s2)" % (name, name, name))


def _from_edgeml(a: Dict[str, np.ndarray], cell: str) -> Dict[str, np.ndarray]:
    w, u = _edgeml_matrix(a, "W"), _edgeml_matrix(a, "U")
    if cell == "fastgrnn":
        return {
            "W": w,
            "U": u,
            "Bg": a["bias_gate"].reshape(-1),
            "Bh": a["bias_update"].reshape(-1),
            "sigmoid_zeta": np.array(_sigmoid(_scalar(a["zeta"], "zeta"))),
            "sigmoid_nu": np.array(_sigmoid(_scalar(a["nu"], "nu"))),
        }
    return {
        "W": w,
        "U": u,
        "B": a["bias_update"].reshape(-1),
        "alpha": np.array(_sigmoid(_scalar(a["alpha"], "alpha"))),
        "beta": np.array(_sigmoid(_scalar(a["beta"], "beta"))),
    }


def _from_torch_gru(a: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
    suffix = ""
    if "weight_ih" not in a:
        layers = sorted(k[len("weight_ih_") :] for k in a if k.startswith("weight_ih_"))
        if layers != ["l0"]:
            raise ValueError("only single-layer, one-direction nn.GRU models load (found %s)" % layers)
        suffix = "_l0"
    out = {n: a[n + suffix] for n in ("weight_ih", "weight_hh")}
    h = out["weight_hh"].shape[1]
    for n in ("bias_ih", "bias_hh"):
        out[n] = a.get(n + suffix, np.zeros(3 * h))  # bias=False
    return out


def _multiply_out(a: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
    """tinyrnn low-rank factors `X1` (rank × cols), `X2` (rows × rank) → `X = X2 · X1`."""
    out = dict(a)
    for k in list(a):
        if k.endswith("1") and k[:-1] + "2" in a and k[:-1] not in a:
            base = k[:-1]
            out[base] = a[base + "2"] @ a[base + "1"]
            del out[base + "1"], out[base + "2"]
    return out


def detect_cell(names) -> Optional[str]:
    """The cell a set of (prefix-stripped) names belongs to, when unambiguous."""
    names = set(names)
    if "weight_ih" in names or "weight_ih_l0" in names:
        return "gru"
    if {"bias_gate", "zeta", "nu"} <= names:
        return "fastgrnn"
    if {"bias_update", "alpha", "beta"} <= names:
        return "fastrnn"
    if {"Bg", "Bh"} <= names:
        return "fastgrnn"
    return None


def to_tinyrnn(arrays: Mapping[str, np.ndarray], cell: Optional[str] = None) -> Tuple[str, Dict[str, np.ndarray]]:
    """`(cell, weights)` in tinyrnn's names and layouts (float64 arrays),
    from any of the supported naming schemes (see the module docstring)."""
    a = _strip_prefixes(arrays)
    found = detect_cell(a)
    name = cell_spec(cell).name if cell else found
    if name is None:
        raise ValueError("cannot tell the cell from the names %s: pass cell=" % sorted(a))
    if name == "gru" and found == "gru":
        return name, _from_torch_gru(a)
    if name in ("fastgrnn", "fastrnn") and ("bias_update" in a):
        return name, _from_edgeml(a, name)
    a = _multiply_out(a)
    spec = CELLS[name]
    missing = [w.name for w in spec.weights if w.name not in a]
    if missing:
        raise ValueError("%s weights lack %s (have %s)" % (name, missing, sorted(a)))
    return name, {w.name: a[w.name] for w in spec.weights}


def dims_of(cell: str, weights: Mapping[str, np.ndarray]) -> Tuple[int, int]:
    """`(input_dims, hidden_dims)` from the weights' shapes, checked."""
    spec = CELLS[cell]
    first = spec.weights[0]
    blocks = int(first.rows[:-1] or 1)
    rows, d = np.shape(weights[first.name])
    h = rows // blocks
    for w in spec.weights:
        want = spec.shape(w, d, h)
        got = np.shape(weights[w.name])
        if tuple(got) != want and not (want == () and np.size(weights[w.name]) == 1):
            raise ValueError("%s: %s has shape %s, expected %s for D=%d, H=%d" % (cell, w.name, got, want, d, h))
    return d, h


def load_weights(source, cell: Optional[str] = None):
    """`(cell, weights)` from a file path or a dict of arrays (see the module
    docstring); weights are float32 arrays in tinyrnn's layout."""
    arrays = read_arrays(source) if isinstance(source, (str, os.PathLike)) else source
    name, w = to_tinyrnn(arrays, cell)
    d, h = dims_of(name, w)
    out = {}
    for spec in CELLS[name].weights:
        out[spec.name] = np.asarray(w[spec.name], dtype=np.float32).reshape(CELLS[name].shape(spec, d, h))
    return name, out
