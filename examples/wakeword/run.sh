#!/usr/bin/env bash
# Rebuilds the wake-word demo end to end: synthesises the data (espeak-ng),
# computes the features with the library's front-end, trains every model in
# float (JAX, CPU), exports them with tinyrnn's Python package
# (`python -m tinyrnn export`) into models/, evaluates float and integer
# (the C program) accuracy on the held-out set, measures the models on
# QEMU Cortex-M4F / M0+, and writes REPORT.md and accuracy_vs_bytes.png.
#
#   bash run.sh [--epochs N] [--scale S] [--skip-data]
#
# Needs: espeak-ng, python3 with numpy, jax, matplotlib and the tinyrnn
# package (pip install ./python), a C compiler, and for the MCU part
# gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm. Takes a few
# minutes on two cores; everything goes to build/ except models/, REPORT.md
# and the plot, which are committed.
set -euo pipefail
cd "$(dirname "$0")"
epochs=60
scale=1.0
skip_data=0
while (($#)); do
  case "$1" in
    --epochs) epochs=$2; shift ;;
    --scale) scale=$2; shift ;;
    --skip-data) skip_data=1 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
PY=${PYTHON:-python3}
models=(fastgrnn hard_mgu gru fastgrnn_fft)
cells=(fastgrnn hard_mgu gru fastgrnn)

if ((!skip_data)); then
  echo "== data (espeak-ng)"
  rm -rf build/data
  $PY synth.py build/data --scale "$scale"
fi
echo "== features (the library's front-end)"
make -s features
tools=$(cd ../.. && pwd)/target/examples/wakeword
$PY features.py "$tools/features" build/data build/features_bandpass
$PY features.py "$tools/features_fft" build/data build/features_fft
echo "== training (float, JAX)"
$PY train.py build --epochs "$epochs"
cp build/models/norm_bandpass.h build/models/norm_fft.h models/
echo "== export (python -m tinyrnn export)"
for i in "${!models[@]}"; do
  m=${models[$i]}
  cp "build/models/$m.npz" "build/models/${m}_head.npz" models/
  $PY -m tinyrnn export --cell "${cells[$i]}" --weights "models/$m.npz" --head "models/${m}_head.npz" \
    --calib "build/models/${m}_calib.npy" --mode shift --name "$m" --out "models/$m.h"
done
echo "== integer accuracy (the C program on the test set)"
make -s models
$PY report.py host build "$tools" "${models[@]}"
echo "== the committed utterances' expected decisions (default model)"
make -s host >/dev/null
(cd samples && "$tools/wakeword" *.wav > expected.txt)
echo "== microcontrollers (QEMU)"
make -s mcu-report
$PY report.py write build "$tools" "${models[@]}"
echo "run.sh: wrote REPORT.md and accuracy_vs_bytes.png"
