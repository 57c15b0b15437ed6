"""What each cell is made of: its weights under tinyrnn's names (the C
parameter structs' field names, `docs/cells.md`), their shapes, how each is
stored in the Q15 model, and the C names of its structs and kernel."""

from dataclasses import dataclass
from typing import Dict, Tuple


@dataclass(frozen=True)
class Weight:
    """One weight array: `rows` and `cols` in units (`"h"`, `"d"`, or a
    multiple such as `"2h"`), its storage in the Q15 model (`q15`, `q7`,
    `pow2` packed 3-bit codes, `int4` packed 4-bit codes, `scalar` a Q15
    scalar) and the calibration entry holding its exponent."""

    name: str
    rows: str
    cols: str  # "" for a vector, "1" for a scalar
    storage: str
    exp: str = ""  # calibration key of the exponent (not for pow2)
    c_field: str = ""  # field of the C params struct (default: name)


def _dim(unit: str, d: int, h: int) -> int:
    if unit == "":
        return 1
    if unit == "1":
        return 1
    n = int(unit[:-1]) if len(unit) > 1 else 1
    return n * (h if unit[-1] == "h" else d)


@dataclass(frozen=True)
class Cell:
    name: str  # CellKind::name, as in the C symbols
    header: str  # family header to include
    c_prefix: str  # Q15_<prefix>_Params / _Scales / _Buffers
    weights: Tuple[Weight, ...]
    blocks: int  # preComp1/preComp2 hold blocks·H values
    pre_comp3: bool
    state_grows: bool  # the state range must be measured (not 1)

    def shape(self, w: Weight, d: int, h: int) -> Tuple[int, ...]:
        if w.cols == "1":
            return ()
        if w.cols == "":
            return (_dim(w.rows, d, h),)
        return (_dim(w.rows, d, h), _dim(w.cols, d, h))

    def shapes(self, d: int, h: int) -> Dict[str, Tuple[int, ...]]:
        return {w.name: self.shape(w, d, h) for w in self.weights}

    @property
    def kernel(self) -> str:
        return "tinyrnn_q15_%s_{mode}" % self.name if self.name != "fastgrnn" else "tinyrnn_q15_fastgrnn_{mode}_dense"

    @property
    def scales_struct(self) -> str:
        return "Q15_%s_Scales" % self.c_prefix


def _q15(name, rows, cols, exp):
    return Weight(name, rows, cols, "q15", exp)


_TWO_BLOCK = (_q15("W", "2h", "d", "w.exp"), _q15("U", "2h", "h", "u.exp"), _q15("B", "2h", "", "b_exp"))

CELLS: Dict[str, Cell] = {
    c.name: c
    for c in [
        Cell(
            "fastgrnn",
            "quantized_fastgrnn.h",
            "FastGRNN",
            (
                _q15("W", "h", "d", "w.exp"),
                _q15("U", "h", "h", "u.exp"),
                _q15("Bg", "h", "", "bg_exp"),
                _q15("Bh", "h", "", "bh_exp"),
                Weight("sigmoid_zeta", "1", "1", "scalar", "zeta_exp"),
                Weight("sigmoid_nu", "1", "1", "scalar", "zeta_exp"),
            ),
            1,
            True,
            True,
        ),
        Cell(
            "fastrnn",
            "tinyrnn_fastrnn.h",
            "FastRNN",
            (
                _q15("W", "h", "d", "w.exp"),
                _q15("U", "h", "h", "u.exp"),
                _q15("B", "h", "", "b_exp"),
                Weight("alpha", "1", "1", "scalar", "scalar_exp"),
                Weight("beta", "1", "1", "scalar", "scalar_exp"),
            ),
            1,
            False,
            True,
        ),
        Cell("ugrnn", "tinyrnn_ugrnn.h", "UGRNN", _TWO_BLOCK, 2, False, False),
        Cell("sitgru", "tinyrnn_ugrnn.h", "SiTGRU", _TWO_BLOCK, 2, False, False),
        Cell("ligru", "tinyrnn_ugrnn.h", "LiGRU", _TWO_BLOCK, 2, False, True),
        Cell(
            "egru",
            "tinyrnn_ugrnn.h",
            "EGRU",
            (Weight("W", "2h", "d", "pow2"), Weight("U", "2h", "h", "pow2"), Weight("B", "2h", "", "pow2")),
            2,
            False,
            False,
        ),
        Cell(
            "mgu",
            "tinyrnn_mgu.h",
            "MGU",
            (_q15("W", "2h", "d", "w.exp"), _q15("Uf", "h", "h", "u.exp"), _q15("Uh", "h", "h", "u_h.exp"), _q15("B", "2h", "", "b_exp")),
            2,
            True,
            False,
        ),
        Cell(
            "hard_mgu",
            "tinyrnn_mgu.h",
            "HardMGU",
            (Weight("W", "2h", "d", "int4", "w.exp"), Weight("Uf", "h", "h", "int4", "u.exp"), Weight("Uh", "h", "h", "int4", "u_h.exp")),
            2,
            True,
            False,
        ),
        Cell(
            "tinyeats",
            "tinyrnn_gru.h",
            "TinyEats",
            (
                Weight("W", "3h", "d", "q7", "w.exp"),
                Weight("U", "2h", "h", "q7", "u.exp"),
                Weight("Uh", "h", "h", "q7", "u_h.exp"),
                Weight("B", "3h", "", "q7", "b_exp"),
            ),
            3,
            True,
            False,
        ),
        Cell(
            "gru",
            "tinyrnn_gru.h",
            "GRU",
            (
                _q15("weight_ih", "3h", "d", "w.exp"),
                _q15("weight_hh", "3h", "h", "u.exp"),
                _q15("bias_ih", "3h", "", "b_exp"),
                _q15("bias_hh", "3h", "", "b2_exp"),
            ),
            3,
            False,
            False,
        ),
    ]
}


def cell(name: str) -> Cell:
    key = name.lower().replace("-", "_")
    key = {"hardmgu": "hard_mgu", "wakeup_mgu": "hard_mgu", "li_gru": "ligru", "sit_gru": "sitgru", "e_gru": "egru"}.get(key, key)
    if key not in CELLS:
        raise ValueError("unknown cell %r (known: %s)" % (name, ", ".join(CELLS)))
    return CELLS[key]
