"""Exported Rust modules, built against the `tinyrnn` crate, give exactly
the states of the Python emulation: every cell, both builds, one binary."""

import re

import numpy as np

from tinyrnn import FloatModel
from tinyrnn.cells import CELLS

from conftest import PYTHON_DIR, random_weights, run


def _tinyrnn_dependency():
    """The extension's own `tinyrnn = …` line, its path made absolute."""
    text = (PYTHON_DIR / "Cargo.toml").read_text()
    line = re.search(r"^tinyrnn = \{.*\}$", text, re.M).group(0)
    rel = re.search(r'path = "([^"]+)"', line).group(1)
    return line.replace('path = "%s"' % rel, 'path = "%s"' % (PYTHON_DIR / rel).resolve())


def test_exported_rust_modules_run_bit_exact(build_dir):
    rng = np.random.default_rng(31)
    proj = build_dir / "rust_export"
    (proj / "src").mkdir(parents=True, exist_ok=True)
    mods, checks, expected = [], [], []
    n, t = 3, 6
    for cell in CELLS:
        for mode in ("shift", "div"):
            d, h = 5, 7
            norm = (rng.normal(0, 0.5, d), rng.uniform(0.5, 2.0, d)) if mode == "div" else (None, None)
            fm = FloatModel(cell, random_weights(cell, d, h, rng), *norm)
            qm = fm.quantize(rng.uniform(-1, 1, (10, t, d)), mode=mode)
            name = "m_%s_%s" % (cell, mode)
            (proj / "src" / (name + ".rs")).write_text(qm.export_rust(name=name))
            x = rng.uniform(-1.5, 1.5, (n, t, d)).astype(np.float32)
            xq = qm.quantize_input(x)
            mods.append("mod %s;" % name)
            floats = ", ".join(repr(float(v)) + "f32" for v in x.reshape(-1))
            checks.append("    { let mut q = [0i16; %d]; %s::quantize_input(&[%s], &mut q); println!(\"{:?}\", q); }" % (x.size, name, floats))
            expected.append("[%s]" % ", ".join(str(int(v)) for v in xq.reshape(-1)))
            for s in range(n):
                checks.append(
                    "    { let mut h = [0i16; %s::HIDDEN_DIMS]; %s::run(&mut h, &[%s], %d).unwrap(); println!(\"{:?}\", h); }"
                    % (name, name, ", ".join(str(int(v)) for v in xq[s].reshape(-1)), t)
                )
            expected.extend("[%s]" % ", ".join(str(int(v)) for v in row) for row in qm.run(xq))
    (proj / "src" / "main.rs").write_text("\n".join(mods) + "\n\nfn main() {\n" + "\n".join(checks) + "\n}\n")
    (proj / "Cargo.toml").write_text(
        '[package]\nname = "rust-export-check"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n'
        "[dependencies]\n%s\n\n[profile.dev]\nopt-level = 1\n" % _tinyrnn_dependency()
    )
    out = run(["cargo", "run", "-q", "--manifest-path", proj / "Cargo.toml"]).stdout.split("\n")
    assert [line for line in out if line] == expected
