#!/usr/bin/env python3
"""Checks a zephyr/module.yml against the module schema Zephyr's
scripts/zephyr_module.py validates (pykwalify) -- the keys and types of the
`name`, `build` and `samples` parts, written out here as plain checks -- and
that every path it names exists relative to the module's root."""
import os
import re
import sys

import yaml

BUILD_KEYS = {"cmake", "kconfig", "cmake-ext", "kconfig-ext", "sysbuild-cmake", "sysbuild-kconfig",
              "sysbuild-cmake-ext", "sysbuild-kconfig-ext", "depends", "settings"}
TOP_KEYS = {"name", "build", "samples", "tests", "boards", "blobs", "security", "package-managers",
            "runners", "debug"}


def fail(msg):
    print(f"{path}: {msg}")
    sys.exit(1)


path = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(path)))
doc = yaml.safe_load(open(path))
if not isinstance(doc, dict):
    fail("not a mapping")
unknown = set(doc) - TOP_KEYS
if unknown:
    fail(f"unknown keys {sorted(unknown)}")
name = doc.get("name")
if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
    fail(f"name {name!r} must be a plain identifier")
build = doc.get("build")
if not isinstance(build, dict):
    fail("build must be a mapping")
if set(build) - BUILD_KEYS:
    fail(f"unknown build keys {sorted(set(build) - BUILD_KEYS)}")
cmake = build.get("cmake")
if not isinstance(cmake, str) or not os.path.isfile(os.path.join(root, cmake, "CMakeLists.txt")):
    fail(f"build.cmake {cmake!r}: no CMakeLists.txt there")
kconfig = build.get("kconfig")
if not isinstance(kconfig, str) or not os.path.isfile(os.path.join(root, kconfig)):
    fail(f"build.kconfig {kconfig!r} does not exist")
for s in doc.get("samples", []):
    if not isinstance(s, str) or not os.path.isfile(os.path.join(root, s, "sample.yaml")):
        fail(f"sample {s!r}: no sample.yaml")
    for f in ("CMakeLists.txt", "prj.conf", "src/main.c"):
        if not os.path.isfile(os.path.join(root, s, f)):
            fail(f"sample {s!r}: no {f}")
print(f"{path}: name {name}, cmake {cmake}, kconfig {kconfig}, samples {doc.get('samples', [])}")
