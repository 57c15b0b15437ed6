#!/usr/bin/env python3
"""Synthesises the wake-word data set offline with espeak-ng and NumPy.

One-second 16 kHz mono clips: the keyword "marvin", other words (Google
Speech Commands words and words that sound like "marvin"), and silence,
spoken by espeak-ng's English voices and voice variants at random speeds
and pitches, placed at a random offset, at a random level, with noise
(white, pink, brown, babble of other words) mixed in at SNRs of 20, 10 and
5 dB or none. Nothing is downloaded.

    python3 synth.py OUT_DIR [--scale 1.0] [--seed 1]

writes OUT_DIR/{train,val,test}/NNNNN.wav and OUT_DIR/manifest.csv
(path,label,split,word,voice,snr). Splits are by voice variant, so the test
set is spoken by variants the model never heard.
"""
import argparse
import csv
import os
import subprocess
import tempfile
import wave

import numpy as np

FS = 16000
CLIP = FS  # one second

KEYWORD = "marvin"
COMMANDS = ("yes no up down left right on off stop go zero one two three four five six seven eight nine "
            "bed bird cat dog happy house sheila tree wow backward forward follow learn visual").split()
SIMILAR = ("marble martin marvel margin carving starving marlin garden harvard moving marvellous murphy "
           "marvis darwin mark vin marching barbin martian morven melvin").split()
ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan", "en-gb-x-gbcwmd"]
VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5",
            "croak", "klatt", "klatt2", "klatt3", "whisper", "Andy", "Annie", "Denis", "Mario", "Michael",
            "aunty", "boris", "david", "edward", "grandma", "grandpa", "anika", "belinda", "benjamin"]
# Voice variants heard only in validation / test.
VAL_VARIANTS = {"m5", "f3", "Denis", "grandpa", "belinda"}
TEST_VARIANTS = {"m6", "f4", "Mario", "aunty", "klatt2", "benjamin"}
SNRS = [None, 20.0, 10.0, 5.0]


def speak(text, voice, speed, pitch, tmp):
    path = os.path.join(tmp, "w.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", path, text],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with wave.open(path) as w:
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float64) / 32768.0
    return resample(x, rate, FS)


def resample(x, src, dst):
    """Band-limited resampling by FFT (exact for a periodic signal)."""
    if src == dst or len(x) == 0:
        return x
    n_out = int(round(len(x) * dst / src))
    spec = np.fft.rfft(x)
    keep = n_out // 2 + 1
    out = np.zeros(keep, dtype=complex)
    m = min(keep, len(spec))
    out[:m] = spec[:m]
    return np.fft.irfft(out, n_out) * (n_out / len(x))


def trim(x, thresh=0.01):
    idx = np.nonzero(np.abs(x) > thresh * max(np.max(np.abs(x)), 1e-9))[0]
    return x[idx[0]:idx[-1] + 1] if len(idx) else x[:0]


def coloured_noise(kind, n, rng):
    white = rng.standard_normal(n)
    if kind == "white":
        return white
    spec = np.fft.rfft(white)
    f = np.arange(len(spec), dtype=float)
    f[0] = 1.0
    spec /= np.sqrt(f) if kind == "pink" else f
    return np.fft.irfft(spec, n)


def place(word, rng):
    clip = np.zeros(CLIP)
    word = word[:CLIP]
    start = rng.integers(0, CLIP - len(word) + 1)
    clip[start:start + len(word)] = word
    return clip


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the number of clips")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    n_pos, n_sim, n_cmd, n_sil = (int(args.scale * k) for k in (1500, 1000, 1500, 400))
    jobs = [(KEYWORD, 1)] * n_pos + [(w, 0) for w in rng.choice(SIMILAR, n_sim)] \
        + [(w, 0) for w in rng.choice(COMMANDS, n_cmd)] + [("", 0)] * n_sil
    rng.shuffle(jobs)
    babble_pool = []
    rows = []
    for split in ("train", "val", "test"):
        os.makedirs(os.path.join(args.out, split), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for i, (word, label) in enumerate(jobs):
            variant = str(rng.choice(VARIANTS))
            accent = str(rng.choice(ACCENTS))
            split = "test" if variant in TEST_VARIANTS else "val" if variant in VAL_VARIANTS else "train"
            voice = f"{accent}+{variant}"
            if word:
                speed = int(rng.integers(110, 200))
                pitch = int(rng.integers(20, 80))
                w = trim(speak(word, voice, speed, pitch, tmp))
                if len(w) == 0:
                    continue
                w /= np.max(np.abs(w))
                if len(babble_pool) < 200 and split == "train" and not label:
                    babble_pool.append(w)
                clip = place(w, rng) * 10 ** (rng.uniform(-26, -1) / 20)
            else:
                clip = np.zeros(CLIP)
            snr = SNRS[rng.integers(0, len(SNRS))] if word else 0.0
            kind = str(rng.choice(["white", "pink", "brown", "babble"]))
            if kind == "babble" and babble_pool:
                noise = sum(place(babble_pool[j], rng) for j in rng.integers(0, len(babble_pool), 3))
            else:
                kind = "pink" if kind == "babble" else kind
                noise = coloured_noise(kind, CLIP, rng)
            noise = noise / (np.sqrt(np.mean(noise ** 2)) + 1e-12)
            if word and snr is not None:
                sig_rms = np.sqrt(np.mean(trim(clip) ** 2)) if np.any(clip) else 0.0
                clip = clip + noise * sig_rms * 10 ** (-snr / 20)
            elif not word:
                clip = noise * 10 ** (rng.uniform(-70, -20) / 20)  # silence: noise only, -70..-20 dBFS rms
            peak = np.max(np.abs(clip))
            if peak > 0.99:
                clip *= 0.99 / peak
            pcm = np.round(clip * 32767).astype(np.int16)
            rel = os.path.join(split, f"{i:05d}.wav")
            with wave.open(os.path.join(args.out, rel), "wb") as wf:
                wf.setnchannels(1)
                wf.setsampwidth(2)
                wf.setframerate(FS)
                wf.writeframes(pcm.tobytes())
            rows.append((rel, label, split, word or "<silence>", voice, "none" if snr is None else snr))
    with open(os.path.join(args.out, "manifest.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["path", "label", "split", "word", "voice", "snr"])
        wr.writerows(rows)
    counts = {s: sum(1 for r in rows if r[2] == s) for s in ("train", "val", "test")}
    print(f"synth: {len(rows)} clips in {args.out} {counts}")


if __name__ == "__main__":
    main()
