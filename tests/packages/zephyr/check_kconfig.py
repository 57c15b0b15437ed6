#!/usr/bin/env python3
"""Loads the module's Kconfig with kconfiglib under stub definitions of the
Zephyr symbols it refers to, and checks for each CPU configuration that
CONFIG_TINYRNN can be enabled exactly where an archive exists."""
import os
import sys
import tempfile

import kconfiglib

STUB_SYMS = ["CPU_CORTEX_M0", "CPU_CORTEX_M0PLUS", "CPU_CORTEX_M1", "CPU_CORTEX_M3", "CPU_CORTEX_M4",
             "CPU_CORTEX_M7", "CPU_CORTEX_M23", "CPU_CORTEX_M33", "CPU_CORTEX_M55", "CPU_CORTEX_M85",
             "CPU_CORTEX_A53", "CPU_CORTEX_R5", "ARMV8_M_DSP", "FPU", "FP_HARDABI", "FP_SOFTABI",
             "RISCV", "RISCV_ISA_RV32I", "RISCV_ISA_RV32E", "RISCV_ISA_RV64I", "RISCV_ISA_EXT_M",
             "RISCV_ISA_EXT_A", "RISCV_ISA_EXT_C", "64BIT", "XTENSA"]

# (symbols set to y, TINYRNN may be enabled)
CASES = [
    (["CPU_CORTEX_M0"], True), (["CPU_CORTEX_M0PLUS"], True), (["CPU_CORTEX_M1"], True),
    (["CPU_CORTEX_M3"], True), (["CPU_CORTEX_M4"], True), (["CPU_CORTEX_M4", "FPU", "FP_HARDABI"], True),
    (["CPU_CORTEX_M7", "FPU", "FP_SOFTABI"], True), (["CPU_CORTEX_M23"], True),
    (["CPU_CORTEX_M33"], True), (["CPU_CORTEX_M33", "ARMV8_M_DSP", "FPU", "FP_HARDABI"], True),
    (["CPU_CORTEX_M55", "ARMV8_M_DSP", "FPU", "FP_HARDABI"], True),
    (["CPU_CORTEX_M85", "ARMV8_M_DSP"], False), (["CPU_CORTEX_A53"], False), (["CPU_CORTEX_R5"], False),
    (["XTENSA"], False),
    (["RISCV", "RISCV_ISA_RV32I", "RISCV_ISA_EXT_M", "RISCV_ISA_EXT_C"], True),
    (["RISCV", "RISCV_ISA_RV32I", "RISCV_ISA_EXT_M", "RISCV_ISA_EXT_A", "RISCV_ISA_EXT_C"], True),
    (["RISCV", "RISCV_ISA_RV32I", "RISCV_ISA_EXT_M", "RISCV_ISA_EXT_A", "RISCV_ISA_EXT_C", "FPU", "FP_SOFTABI"], True),
    (["RISCV", "RISCV_ISA_RV32I", "RISCV_ISA_EXT_M", "RISCV_ISA_EXT_C", "FPU", "FP_HARDABI"], False),
    (["RISCV", "RISCV_ISA_RV32I", "RISCV_ISA_EXT_M"], False),
    (["RISCV", "RISCV_ISA_RV32E", "RISCV_ISA_EXT_M", "RISCV_ISA_EXT_C"], False),
    (["RISCV", "RISCV_ISA_RV64I", "64BIT", "RISCV_ISA_EXT_M", "RISCV_ISA_EXT_C"], False),
]

module_kconfig = os.path.abspath(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    top = os.path.join(tmp, "Kconfig")
    with open(top, "w") as f:
        f.write('mainmenu "stub Zephyr"\n')
        for s in STUB_SYMS:
            f.write(f'config {s}\n\tbool "{s}"\n')
        f.write(f'source "{module_kconfig}"\n')
    kconf = kconfiglib.Kconfig(top, warn_to_stderr=False)
    failures = 0
    for on, want in CASES:
        kconf.unset_values()
        for s in on:
            kconf.syms[s].set_value(2)
        tiny = kconf.syms["TINYRNN"]
        tiny.set_value(2)
        got = tiny.tri_value == 2
        print(f"{'ok  ' if got == want else 'FAIL'} {'+'.join(on)}: TINYRNN {'available' if got else 'unavailable'}")
        failures += got != want
    if kconf.warnings:
        print("\n".join(kconf.warnings))
sys.exit(1 if failures else 0)
