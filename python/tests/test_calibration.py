"""Calibration: power-of-two scales from N×T×D float sequences that never
overflow on the calibration set itself, for every cell and both builds;
the integer model tracks the float one; overflow risks are refused."""

import zlib

import numpy as np
import pytest

from tinyrnn import CalibrationError, FloatModel, LinearHead, agreement
from tinyrnn.cells import CELLS
from tinyrnn.reference import run as reference_run

from conftest import random_weights

CASES = [(c, m) for c in CELLS for m in ("shift", "div")]
# Mean |Q15 − float| in state LSBs the integer model must stay within: twice
# the library's own bounds (docs/cells.md, inputs in ±1), as these sets reach
# ±3; the hard MGU's float twin has exact hard activations, its Q15 cell
# 4-bit ones (docs/cells.md: mean ~2000 LSB, bound 4000).
MEAN_BOUND = {"fastgrnn": 64, "tinyeats": 64, "sitgru": 48, "hard_mgu": 4000}


def _seed(*parts):
    return zlib.crc32("/".join(map(str, parts)).encode())


def _is_pow2(v):
    return v > 0 and v & (v - 1) == 0


@pytest.mark.parametrize("cell,mode", CASES)
def test_calibration_never_overflows_its_own_calibration_set(cell, mode):
    rng = np.random.default_rng(_seed(cell, mode))
    for d, h, scale in [(4, 8, 1.0), (16, 16, 3.0), (8, 12, 0.2)]:
        fm = FloatModel(cell, random_weights(cell, d, h, rng))
        calib = rng.uniform(-scale, scale, (24, 20, d))
        qm = fm.quantize(calib, mode=mode)
        # Every scale of the division build is a power of two (the shift
        # build's are exponents of the same powers).
        if mode == "div":
            from tinyrnn._layouts import SCALES

            for field, kind, path in SCALES[qm.cell.scales_struct]:
                if kind == "S":
                    assert _is_pow2(qm.calibration[path]), (field, qm.calibration[path])
        xq = qm.quantize_input(calib)
        # Inputs fit: no value saturates.
        assert np.all(np.abs(xq.astype(np.int32)) < 32767)
        hq = qm.run(xq, every_step=True).astype(np.int64)
        hf = fm.run(calib, every_step=True)
        # No wrap: the integer state stays within the calibrated range and
        # tracks the float state closely at every step.
        assert np.max(np.abs(hq)) <= qm.ranges["state"] * 2.0**qm.state_exp + 2
        err = np.abs(hq - hf * 2.0**qm.state_exp)
        assert err.mean() < MEAN_BOUND.get(cell, 32), (d, h, err.mean())
        # A wrapped Q15 intermediate throws a state off by a large part of its
        # range; rounding alone stays far below (the hard MGU's 4-bit codes aside).
        if cell != "hard_mgu":
            assert err.max() < 0.1 * 2.0**qm.state_exp * max(1.0, qm.ranges["state"]), (d, h, err.max())


@pytest.mark.parametrize("cell", list(CELLS))
def test_numpy_reference_equals_the_library_float_cells(cell):
    rng = np.random.default_rng(_seed("ref", cell))
    fm = FloatModel(cell, random_weights(cell, 6, 9, rng))
    x = rng.uniform(-1, 1, (5, 8, 6))
    states, peak = reference_run(cell, fm.weights, x)
    np.testing.assert_allclose(states, fm.run(x, every_step=True), rtol=1e-4, atol=1e-5)
    assert peak >= 0


def test_pre_activations_beyond_q11_are_refused():
    rng = np.random.default_rng(3)
    w = random_weights("gru", 8, 8, rng)
    w["weight_ih"] = w["weight_ih"] * 40  # pre-activations far beyond ±16
    fm = FloatModel("gru", w)
    calib = rng.uniform(-1, 1, (8, 5, 8))
    with pytest.raises(CalibrationError, match="±16"):
        fm.quantize(calib)
    fm.quantize(calib, allow_wrap=True)  # explicitly accepted


def test_input_scale_follows_the_calibration_set_with_headroom():
    rng = np.random.default_rng(4)
    fm = FloatModel("mgu", random_weights("mgu", 4, 6, rng))
    for peak, exp in [(1.0, 14), (3.0, 12), (0.1, 17 - 2)]:
        calib = rng.uniform(-peak, peak, (8, 5, 4))
        calib[0, 0, 0] = peak
        qm = fm.quantize(calib, headroom=1.25)
        # The largest exponent with headroom · peak · 2^e ≤ 32767.
        bound = 1.25 * peak
        e = max(k for k in range(-15, 16) if np.float32(bound) * np.float32(2.0**k) <= 32767)
        assert qm.input_exp == e
        np.testing.assert_array_equal(qm.quantize_input(np.array([[peak]])), [[round(peak * 2**e)]])


def test_agreement_report_counts_lsbs_and_classes():
    rng = np.random.default_rng(5)
    fm = FloatModel("gru", random_weights("gru", 6, 10, rng))
    x = rng.uniform(-1, 1, (40, 12, 6))
    head = LinearHead(rng.normal(size=(4, 10)), rng.normal(size=4) * 0.1)
    qm = fm.quantize(x, head=head)
    rep = agreement(fm, qm, x, head)
    assert rep.max_per_step.shape == (12,) and rep.sequences == 40
    hf = fm.run(x, every_step=True)
    hq = qm.run(qm.quantize_input(x), every_step=True)
    err = np.abs(hq - hf * 2.0**qm.state_exp)
    assert rep.max_lsb == pytest.approx(err.max()) and rep.mean_lsb == pytest.approx(err.mean())
    assert 0.9 <= rep.class_agreement <= 1.0
    assert "class agreement" in str(rep)


def test_normalisation_is_applied_before_the_cell_and_the_input_scale():
    rng = np.random.default_rng(6)
    w = random_weights("ugrnn", 4, 6, rng)
    mean, std = np.array([10.0, -5.0, 0.0, 100.0]), np.array([2.0, 0.5, 1.0, 50.0])
    raw = mean + std * rng.uniform(-1, 1, (16, 7, 4))
    fm, plain = FloatModel("ugrnn", w, mean, std), FloatModel("ugrnn", w)
    xn = ((raw.astype(np.float32) - mean.astype(np.float32)) * (np.float32(1) / std.astype(np.float32))).astype(np.float32)
    np.testing.assert_array_equal(fm.run(raw), plain.run(xn))
    qm = fm.quantize(raw)
    assert qm.input_exp == plain.quantize(xn).input_exp  # scaled for |x − mean|/std ≤ 1, not for the raw values
    np.testing.assert_array_equal(qm.quantize_input(raw), plain.quantize(xn).quantize_input(xn))
