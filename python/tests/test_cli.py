"""`python -m tinyrnn export` / `run` / `report`, and the saved model."""

import subprocess
import sys

import numpy as np

from tinyrnn import FloatModel, QuantizedModel, export

from conftest import random_weights


def _tinyrnn(*args, cwd):
    p = subprocess.run([sys.executable, "-m", "tinyrnn", *map(str, args)], capture_output=True, text=True, cwd=cwd)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_export_then_run_gives_the_emulated_final_states(tmp_path):
    rng = np.random.default_rng(21)
    w = random_weights("gru", 6, 10, rng)
    np.savez(tmp_path / "gru.npz", **{"rnn." + k: v for k, v in w.items()})
    calib = rng.uniform(-1, 1, (12, 9, 6)).astype(np.float32)
    np.save(tmp_path / "calib.npy", calib)
    np.savez(tmp_path / "head.npz", weight=rng.normal(size=(3, 10)), bias=rng.normal(size=3))
    out = _tinyrnn("export", "--weights", "gru.npz", "--calib", "calib.npy", "--mode", "shift", "--name", "kws", "--head", "head.npz",
                   "--out", "kws_model.h", "--rust", "kws.rs", "--save", "kws.tinyrnn.npz", "--report", cwd=tmp_path)
    assert "gru: D=6 H=10" in out and "state error (LSB)" in out and "class agreement" in out
    np.savez(tmp_path / "norm.npz", mean=np.full(6, 0.1), std=np.full(6, 2.0))
    out = _tinyrnn("report", "--weights", "gru.npz", "--calib", "calib.npy", "--mode", "div", "--norm", "norm.npz", cwd=tmp_path)
    assert "per step max" in out
    header = (tmp_path / "kws_model.h").read_text()
    for needle in ("#define KWS_INPUT_DIMS 6", "#define KWS_HIDDEN_DIMS 10", "static inline int kws_run(Q15_T* hidden, const Q15_T* input, ITER_T steps)",
                   "static inline void kws_quantize_input(const float* x, Q15_T* out, ITER_T n)", "tinyrnn_q15_gru_shift(", "static inline ITER_T kws_classify(const Q15_T* hidden)"):
        assert needle in header
    qm = QuantizedModel.load(str(tmp_path / "kws.tinyrnn.npz"))
    xq = qm.quantize_input(rng.uniform(-1, 1, (5, 9, 6)))
    np.save(tmp_path / "xq.npy", xq)
    np.save(tmp_path / "one.npy", xq[0])
    _tinyrnn("run", "kws.tinyrnn.npz", "--input", "xq.npy", "--out", "h.npy", cwd=tmp_path)
    _tinyrnn("run", "kws.tinyrnn.npz", "--input", "one.npy", "--out", "h1.npy", cwd=tmp_path)
    expected = FloatModel.load(str(tmp_path / "gru.npz")).quantize(calib, mode="shift").run(xq)
    assert qm.head is not None and qm.head.weight.shape == (3, 10)
    np.testing.assert_array_equal(np.load(tmp_path / "h.npy"), expected)
    np.testing.assert_array_equal(np.load(tmp_path / "h1.npy"), expected[0])
    assert np.load(tmp_path / "h.npy").dtype == np.int16


def test_saved_model_round_trips_every_cell(tmp_path):
    from tinyrnn.cells import CELLS

    rng = np.random.default_rng(22)
    for cell in CELLS:
        for mode in ("shift", "div"):
            norm = (rng.normal(size=4), rng.uniform(0.5, 2, 4)) if mode == "div" else (None, None)
            fm = FloatModel(cell, random_weights(cell, 4, 5, rng), *norm)
            qm = fm.quantize(rng.uniform(-1, 1, (6, 5, 4)), mode=mode)
            qm.save(str(tmp_path / "m.npz"))
            back = QuantizedModel.load(str(tmp_path / "m.npz"))
            x = rng.uniform(-1, 1, (3, 5, 4))
            xq = qm.quantize_input(x)
            np.testing.assert_array_equal(back.quantize_input(x), xq)
            np.testing.assert_array_equal(back.run(xq), qm.run(xq))
            assert back.calibration == qm.calibration


def test_export_is_a_library_call(tmp_path):
    rng = np.random.default_rng(23)
    w = random_weights("mgu", 3, 4, rng)
    qm = export(w, rng.uniform(-1, 1, (4, 6, 3)), cell="mgu", mode="div", name="wake", header=str(tmp_path / "w.h"), save=str(tmp_path / "w.npz"))
    assert qm.cell.name == "mgu" and (tmp_path / "w.h").exists() and (tmp_path / "w.npz").exists()
    assert "tinyrnn_q15_mgu_div(" in (tmp_path / "w.h").read_text()


def test_bad_inputs_fail_with_a_message(tmp_path):
    rng = np.random.default_rng(24)
    fm = FloatModel("gru", random_weights("gru", 2, 3, rng))
    fm.quantize(rng.uniform(-1, 1, (2, 3, 2))).save(str(tmp_path / "m.npz"))
    np.save(tmp_path / "f.npy", np.zeros((3, 2), np.float32))
    p = subprocess.run([sys.executable, "-m", "tinyrnn", "run", "m.npz", "--input", "f.npy", "--out", "h.npy"], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode != 0 and "int16" in (p.stderr + p.stdout)
