//! Tells the kernel seam (`src/kernels/`) which instruction-set extensions
//! the target has. Stable Rust does not expose Arm's `dsp`/`thumb2` target
//! features to `cfg`, so the target's name decides, as its definition does:
//!
//! | cfg | targets |
//! |---|---|
//! | `tinyrnn_arm_dsp` | ARMv7E-M (`thumbv7em-*`: Cortex-M4/M7) |
//! | `tinyrnn_armv6m` | ARMv6-M (`thumbv6m-*`: Cortex-M0/M0+/M1) |
//! | `tinyrnn_rv32im` | RV32 with the M extension (`riscv32im*`, e.g. `riscv32imc-*`, `riscv32imac-*`) |
//! | `tinyrnn_x86_sse2` | x86-64 with SSE2 (every x86-64 target: the architecture's baseline) |
//! ARMv8-M Mainline with `-C target-feature=+dsp` (Cortex-M33/M55) runs the
//! same instructions but keeps the portable kernels until
//! `scripts/qemu-kernels` also runs on an emulated Cortex-M33 with DSP
//! (`mps2-an505`): a kernel is selected only where it is tested.
//! `TINYRNN_PORTABLE_KERNELS=1` in the environment selects the portable
//! kernels everywhere (`tinyrnn_portable_kernels`; to compare or bisect).
use std::env;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(tinyrnn_arm_dsp)");
    println!("cargo::rustc-check-cfg=cfg(tinyrnn_armv6m)");
    println!("cargo::rustc-check-cfg=cfg(tinyrnn_rv32im)");
    println!("cargo::rustc-check-cfg=cfg(tinyrnn_x86_sse2)");
    println!("cargo::rustc-check-cfg=cfg(tinyrnn_portable_kernels)");
    println!("cargo::rerun-if-env-changed=TINYRNN_PORTABLE_KERNELS");
    if env::var("TINYRNN_PORTABLE_KERNELS").is_ok_and(|v| v == "1") {
        println!("cargo::rustc-cfg=tinyrnn_portable_kernels");
        return;
    }
    let target = env::var("TARGET").unwrap_or_default();
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if arch == "arm" && target.starts_with("thumbv7em") {
        println!("cargo::rustc-cfg=tinyrnn_arm_dsp");
    }
    if arch == "arm" && target.starts_with("thumbv6m") {
        println!("cargo::rustc-cfg=tinyrnn_armv6m");
    }
    if arch == "riscv32" && target.starts_with("riscv32im") {
        println!("cargo::rustc-cfg=tinyrnn_rv32im");
    }
    let features = env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    if arch == "x86_64" && features.split(',').any(|f| f == "sse2") {
        println!("cargo::rustc-cfg=tinyrnn_x86_sse2");
    }
}
