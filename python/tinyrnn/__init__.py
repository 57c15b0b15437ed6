"""tinyrnn for Python: load trained recurrent cells, calibrate them to Q15,
run the firmware's integer kernels bit-exactly on NumPy batches, and export
C headers and Rust modules.

>>> import tinyrnn
>>> fm = tinyrnn.FloatModel.load("gru.npz")              # PyTorch / EdgeML / tinyrnn names
>>> qm = fm.quantize(calib, mode="shift")                # calib: N×T×D float
>>> print(tinyrnn.agreement(fm, qm, test_x))             # float vs integer, in state LSBs
>>> qm.export_c("kws_model.h", name="kws"); qm.save("kws.tinyrnn.npz")
"""

from .cells import CELLS
from .export import c_header, export, rust_module
from .loaders import load_weights, read_arrays, read_safetensors, write_safetensors
from .model import (
    DEFAULT_HEADROOM,
    Agreement,
    CalibrationError,
    FloatModel,
    LinearHead,
    QuantizedHead,
    QuantizedModel,
    agreement,
    q15,
)

__all__ = [
    "CELLS",
    "DEFAULT_HEADROOM",
    "Agreement",
    "CalibrationError",
    "FloatModel",
    "LinearHead",
    "QuantizedHead",
    "QuantizedModel",
    "agreement",
    "c_header",
    "export",
    "load_weights",
    "q15",
    "read_arrays",
    "read_safetensors",
    "rust_module",
    "write_safetensors",
]
