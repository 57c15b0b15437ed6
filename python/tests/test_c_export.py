"""Exported C headers, compiled with libtinyrnn.a and run by a C driver,
give exactly the states of the Python emulation: every cell, both builds;
one model also on a Cortex-M4 under QEMU. The headers also compile as C++
with -Wall -Wextra -Werror."""

import shutil
import zlib

import numpy as np
import pytest

from tinyrnn import FloatModel, LinearHead
from tinyrnn.cells import CELLS

from conftest import INCLUDE, REPO, random_weights, run

N, T = 4, 7  # sequences × steps per model


def _c_array(ty, name, values, fmt=str):
    body = ", ".join(fmt(v) for v in np.asarray(values).reshape(-1))
    return "static const %s %s[%d] = { %s };\n" % (ty, name, max(np.size(values), 1), body or "0")


def _float(v):
    return '__builtin_nanf("")' if np.isnan(v) else repr(float(np.float32(v))) + "f"


def driver_source(name, x, xq, h0, with_head, firmware=False):
    """A C program that quantizes `x` with NAME_quantize_input, runs each
    sequence from `h0` through NAME_run and prints every value (one per
    line): the quantized inputs, the return codes and final states, and the
    classes when the model has a head."""
    n, t, d = x.shape
    src = ["#include <stdint.h>\n", '#include "%s_model.h"\n' % name]
    if firmware:
        src.append('#include "semihost.h"\n#define PUT(v) do { con_put_int((int32_t)(v)); con_putc(\'\\n\'); } while (0)\n')
    else:
        src.append("#include <stdio.h>\n#define PUT(v) printf(\"%ld\\n\", (long)(v))\n")
    src.append(_c_array("float", "x", x, _float))
    src.append(_c_array("Q15_T", "h0", h0))
    src.append("int main(void) {\n")
    src.append("    static Q15_T xq[%d];\n    Q15_T h[%d];\n    int s, i;\n" % (n * t * d, h0.shape[1]))
    src.append("    %s_quantize_input(x, xq, %d);\n" % (name, n * t * d))
    src.append("    for (i = 0; i < %d; i++) PUT(xq[i]);\n" % (n * t * d))
    src.append("    for (s = 0; s < %d; s++) {\n" % n)
    src.append("        for (i = 0; i < %d; i++) h[i] = h0[s * %d + i];\n" % (h0.shape[1], h0.shape[1]))
    src.append("        PUT(%s_run(h, xq + s * %d, %d));\n" % (name, t * d, t))
    src.append("        for (i = 0; i < %d; i++) PUT(h[i]);\n" % h0.shape[1])
    if with_head:
        src.append("        PUT(%s_classify(h));\n" % name)
    src.append("    }\n    return 0;\n}\n")
    return "".join(src)


def expected(qm, x, h0, with_head):
    xq = qm.quantize_input(x)
    hq = qm.run(xq, h0=h0)
    out = list(xq.reshape(-1))
    for s in range(x.shape[0]):
        out.append(0)
        out.extend(hq[s])
        if with_head:
            out.append(qm.classify(hq[s : s + 1].astype(np.int64))[0])
    return [int(v) for v in out]


def make_case(cell, mode, seed, with_head=False, d=5, h=6, norm=False):
    rng = np.random.default_rng(seed)
    mean, std = (rng.normal(0, 0.5, d), rng.uniform(0.5, 2.0, d)) if norm else (None, None)
    fm = FloatModel(cell, random_weights(cell, d, h, rng), mean, std)
    calib = rng.uniform(-1.5, 1.5, (16, T, d))
    head = LinearHead(rng.normal(size=(3, h)), rng.normal(size=3)) if with_head else None
    qm = fm.quantize(calib, mode=mode, head=head)
    x = rng.uniform(-2, 2, (N, T, d)).astype(np.float32)
    x[0, 0, : min(d, 4)] = [0.0, 1e9, -1e9, 2.0**-16][: min(d, 4)]  # saturation, tiny values
    # Halves round away from zero; the float just below a half rounds down.
    ulp = 2.0 ** -qm.input_exp
    if not norm:
        x[1, 0, :4] = [3.5 * ulp, -2.5 * ulp, float(np.nextafter(np.float32(0.5), np.float32(0))) * ulp, np.nan][:4]
    h0 = np.round(rng.uniform(-0.5, 0.5, (N, h)) * 2.0**qm.state_exp).astype(np.int16)
    return qm, x, h0


CASES = [(c, m) for c in CELLS for m in ("shift", "div")]


@pytest.mark.parametrize("cell,mode", CASES)
def test_exported_header_runs_bit_exact_on_host(cell, mode, host_lib, build_dir, tmp_path):
    with_head = cell == "gru"
    # The division builds' models also normalise their inputs.
    qm, x, h0 = make_case(cell, mode, seed=zlib.crc32(("%s/%s" % (cell, mode)).encode()), with_head=with_head, norm=mode == "div")
    name = "m_%s_%s" % (cell, mode)
    qm.export_c(tmp_path / ("%s_model.h" % name), name)
    (tmp_path / "driver.c").write_text(driver_source(name, x, None, h0, with_head))
    exe = tmp_path / "driver"
    flags = ["-std=c99", "-pedantic", "-O1", "-Wall", "-Wextra", "-Werror", "-I", INCLUDE, "-I", tmp_path]
    run(["cc", *flags, tmp_path / "driver.c", host_lib, "-o", exe])
    got = [int(v) for v in run([exe]).stdout.split()]
    assert got == expected(qm, x, h0, with_head)
    # The same header as C++ (-Wall -Wextra -Werror), compiled and linked.
    cxx = shutil.which("c++") or shutil.which("g++")
    assert cxx, "a C++ compiler is needed"
    run([cxx, "-x", "c++", "-std=c++11", "-pedantic", "-O1", "-Wall", "-Wextra", "-Werror", "-I", INCLUDE, "-I", tmp_path, tmp_path / "driver.c", "-x", "none", host_lib, "-o", tmp_path / "driver_cxx"])
    assert [int(v) for v in run([tmp_path / "driver_cxx"]).stdout.split()] == got


def test_exported_header_runs_bit_exact_on_cortex_m4(m4_lib, build_dir, tmp_path):
    for tool in ("arm-none-eabi-gcc", "qemu-system-arm"):
        assert shutil.which(tool), "%s is needed (scripts/setup installs it)" % tool
    qm, x, h0 = make_case("gru", "shift", seed=7, with_head=True, d=8, h=12, norm=True)
    name = "kws"
    qm.export_c(tmp_path / "kws_model.h", name)
    (tmp_path / "driver.c").write_text(driver_source(name, x, None, h0, True, firmware=True))
    fw = REPO / "firmware"
    elf = tmp_path / "driver.elf"
    arch = ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"]
    link = ["--specs=nano.specs", "-nostartfiles", "-Wl,--gc-sections", "-Wl,--no-warn-execstack", "-T", fw / "mps2.ld"]
    cflags = ["-Os", "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffunction-sections", "-fdata-sections", "-I", INCLUDE, "-I", fw, "-I", tmp_path]
    run(["arm-none-eabi-gcc", *arch, *cflags, *link, tmp_path / "driver.c", fw / "startup.c", fw / "semihost.c", m4_lib, "-o", elf])
    p = run(
        ["timeout", "120", "qemu-system-arm", "-M", "mps2-an386", "-cpu", "cortex-m4", "-nographic", "-semihosting-config", "enable=on,target=native", "-kernel", elf]
    )
    got = [int(v) for v in (p.stdout + p.stderr).split()]
    assert got == expected(qm, x, h0, True)
