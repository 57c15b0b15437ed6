"""Loaders against hand-built state_dicts whose layouts are known: each
loaded model, run by the library's float cell, equals the source
framework's own equations evaluated on the arrays as the framework stores
them (PyTorch's nn.GRUCell / nn.GRU, EdgeML's FastGRNNCell and FastRNNCell
from edgeml_pytorch/graph/rnn.py)."""

import numpy as np
import pytest

from tinyrnn import FloatModel, load_weights, read_arrays, write_safetensors
from tinyrnn.loaders import read_safetensors

D, H, T, N = 3, 5, 6, 4


def _sig(a):
    return 1 / (1 + np.exp(-a))


def _torch_gru(sd, x, suffix=""):
    """nn.GRUCell's equations on its own state_dict (rows r, z, n)."""
    wi, wh = sd["weight_ih" + suffix], sd["weight_hh" + suffix]
    bi, bh = sd["bias_ih" + suffix], sd["bias_hh" + suffix]
    h = np.zeros((x.shape[0], wh.shape[1]))
    for t in range(x.shape[1]):
        gi, gh = x[:, t] @ wi.T + bi, h @ wh.T + bh
        r = _sig(gi[:, :H] + gh[:, :H])
        z = _sig(gi[:, H : 2 * H] + gh[:, H : 2 * H])
        n = np.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])
        h = (1 - z) * n + z * h
    return h


def _edgeml_w(sd, name):
    return sd[name] if name in sd else sd[name + "1"] @ sd[name + "2"]


def _edgeml_fastgrnn(sd, x):
    """FastGRNNCell.forward: x @ W (+ low rank x @ W1 @ W2), biases 1×H, σ(zeta), σ(nu)."""
    W, U = _edgeml_w(sd, "W"), _edgeml_w(sd, "U")
    h = np.zeros((x.shape[0], H))
    for t in range(x.shape[1]):
        pre = x[:, t] @ W + h @ U
        z = _sig(pre + sd["bias_gate"])
        c = np.tanh(pre + sd["bias_update"])
        h = z * h + (_sig(sd["zeta"]) * (1 - z) + _sig(sd["nu"])) * c
    return h


def _edgeml_fastrnn(sd, x):
    W, U = _edgeml_w(sd, "W"), _edgeml_w(sd, "U")
    h = np.zeros((x.shape[0], H))
    for t in range(x.shape[1]):
        c = np.tanh(x[:, t] @ W + h @ U + sd["bias_update"])
        h = _sig(sd["beta"]) * h + _sig(sd["alpha"]) * c
    return h


@pytest.fixture
def rng():
    return np.random.default_rng(11)


@pytest.fixture
def x(rng):
    return rng.uniform(-1, 1, (N, T, D))


def _gru_sd(rng, suffix=""):
    return {
        "weight_ih" + suffix: rng.normal(0, 0.4, (3 * H, D)),
        "weight_hh" + suffix: rng.normal(0, 0.4, (3 * H, H)),
        "bias_ih" + suffix: rng.normal(0, 0.4, 3 * H),
        "bias_hh" + suffix: rng.normal(0, 0.4, 3 * H),
    }


def _close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=2e-5)


def test_pytorch_grucell_state_dict_loads_as_stored(rng, x):
    sd = _gru_sd(rng)
    fm = FloatModel.load({"cell." + k: v for k, v in sd.items()})
    assert fm.cell.name == "gru" and (fm.input_dims, fm.hidden_dims) == (D, H)
    np.testing.assert_array_equal(fm.weights["weight_ih"], sd["weight_ih"].astype(np.float32))
    _close(fm.run(x), _torch_gru(sd, x))


def test_pytorch_gru_single_layer_loads_and_multilayer_is_refused(rng, x):
    sd = _gru_sd(rng, "_l0")
    _close(FloatModel.load({"rnn." + k: v for k, v in sd.items()}).run(x), _torch_gru(sd, x, "_l0"))
    sd.update({k.replace("_l0", "_l1"): v for k, v in _gru_sd(rng, "_l0").items()})
    with pytest.raises(ValueError, match="single-layer"):
        FloatModel.load(sd)


def test_pytorch_gru_without_bias_gets_zero_biases(rng, x):
    sd = _gru_sd(rng)
    fm = FloatModel.load({"weight_ih": sd["weight_ih"], "weight_hh": sd["weight_hh"]})
    sd["bias_ih"][:] = 0
    sd["bias_hh"][:] = 0
    _close(fm.run(x), _torch_gru(sd, x))


def _fastgrnn_sd(rng, low_rank):
    sd = {
        "bias_gate": rng.normal(0, 0.5, (1, H)),
        "bias_update": rng.normal(0, 0.5, (1, H)),
        "zeta": np.array([[1.3]]),
        "nu": np.array([[-2.1]]),
    }
    if low_rank:
        sd.update(W1=rng.normal(0, 0.5, (D, 2)), W2=rng.normal(0, 0.5, (2, H)), U1=rng.normal(0, 0.4, (H, 3)), U2=rng.normal(0, 0.4, (3, H)))
    else:
        sd.update(W=rng.normal(0, 0.5, (D, H)), U=rng.normal(0, 0.4, (H, H)))
    return sd


@pytest.mark.parametrize("low_rank", [False, True])
def test_edgeml_fastgrnncell_transposes_and_squashes(rng, x, low_rank):
    sd = _fastgrnn_sd(rng, low_rank)
    fm = FloatModel.load({"fastgrnn.cell." + k: v for k, v in sd.items()})
    assert fm.cell.name == "fastgrnn"
    assert fm.weights["W"].shape == (H, D)
    np.testing.assert_allclose(fm.weights["sigmoid_zeta"], _sig(1.3), rtol=1e-6)
    np.testing.assert_allclose(fm.weights["sigmoid_nu"], _sig(-2.1), rtol=1e-6)
    _close(fm.run(x), _edgeml_fastgrnn(sd, x))


def test_edgeml_fastrnncell_loads(rng, x):
    sd = {"W": rng.normal(0, 0.5, (D, H)), "U": rng.normal(0, 0.4, (H, H)), "bias_update": rng.normal(0, 0.5, (1, H)), "alpha": np.array([[-1.0]]), "beta": np.array([[2.0]])}
    fm = FloatModel.load(sd)
    assert fm.cell.name == "fastrnn"
    _close(fm.run(x), _edgeml_fastrnn(sd, x))


def test_tinyrnn_names_with_low_rank_factors_multiply_out(rng, x):
    w1, w2 = rng.normal(0, 0.5, (2, D)), rng.normal(0, 0.5, (2 * H, 2))
    sd = {"W1": w1, "W2": w2, "U": rng.normal(0, 0.3, (2 * H, H)), "B": rng.normal(0, 0.3, 2 * H)}
    name, w = load_weights(sd, cell="ugrnn")
    assert name == "ugrnn"
    np.testing.assert_allclose(w["W"], (w2 @ w1).astype(np.float32), rtol=1e-6)


def test_shapes_are_checked(rng):
    with pytest.raises(ValueError, match="shape"):
        load_weights({"W": np.zeros((2 * H, D)), "U": np.zeros((2 * H, H + 1)), "B": np.zeros(2 * H)}, cell="ugrnn")
    with pytest.raises(ValueError, match="lack"):
        load_weights({"W": np.zeros((2 * H, D))}, cell="mgu")
    with pytest.raises(ValueError, match="cell="):
        load_weights({"W": np.zeros((2 * H, D))})


def test_files_npz_and_safetensors_round_trip(rng, x, tmp_path):
    sd = _gru_sd(rng)
    np.savez(tmp_path / "gru.npz", **sd)
    write_safetensors(tmp_path / "gru.safetensors", sd)
    a = FloatModel.load(str(tmp_path / "gru.npz")).run(x)
    b = FloatModel.load(str(tmp_path / "gru.safetensors")).run(x)
    np.testing.assert_array_equal(a, b)
    st = read_safetensors(str(tmp_path / "gru.safetensors"))
    assert st["weight_ih"].dtype == np.float32 and st["weight_ih"].shape == (3 * H, D)


def test_safetensors_half_and_bf16_are_widened(tmp_path):
    import json
    import struct

    vals = np.array([1.0, -2.5, 0.125], dtype=np.float32)
    f16 = vals.astype("<f2").tobytes()
    bf16 = (vals.view(np.uint32) >> 16).astype("<u2").tobytes()
    header = {"a": {"dtype": "F16", "shape": [3], "data_offsets": [0, 6]}, "b": {"dtype": "BF16", "shape": [3], "data_offsets": [6, 12]}, "__metadata__": {"k": "v"}}
    h = json.dumps(header).encode()
    (tmp_path / "m.safetensors").write_bytes(struct.pack("<Q", len(h)) + h + f16 + bf16)
    got = read_safetensors(str(tmp_path / "m.safetensors"))
    np.testing.assert_array_equal(got["a"].astype(np.float32), vals)
    np.testing.assert_array_equal(got["b"], vals)


def test_pt_files_need_torch_only_when_read(tmp_path):
    (tmp_path / "m.pt").write_bytes(b"not really")
    try:
        import torch  # noqa: F401
    except ImportError:
        with pytest.raises(ValueError, match="needs torch"):
            read_arrays(str(tmp_path / "m.pt"))
    else:
        with pytest.raises(Exception):
            read_arrays(str(tmp_path / "m.pt"))
