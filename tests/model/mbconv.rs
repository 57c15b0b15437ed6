//! A plain model of EdgeML's five MBConv blocks (`quantized_mbconv.c`), the
//! oracle of `tests/proptest_mbconv.rs`.
//!
//! Written the textbook way rather than EdgeML's: the whole expanded tensor
//! (stage 1, with EdgeML's padding rows below the input) is computed first,
//! then the depthwise convolution reads it directly, then the projection.
//! EdgeML keeps only `HF` expanded rows in a ring; the two agree whenever
//! the ring holds every row a tap reads, i.e. when `HF - HPadU >= HStride`
//! (the generators stay there; beyond it EdgeML reads stale ring rows, which
//! the recorded vectors cover). EdgeML's padding rows (expanded rows below
//! the input) are never read by a tap, so they do not appear here.
//!
//! C arithmetic in `i64`, with [`super::int`] asserting each `int` value;
//! `Q15_T` intermediates of the all-Q7 block truncated with `as i16`.

use super::{down, down64, int, shl};

/// One block's element types and arithmetic, as plain flags.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    /// `q7_mbconv_block`: `t` and `x` stored in `Q15_T`.
    pub narrow: bool,
    /// The padding row narrowed to `Q15_T` (limit too): the all-Q7 block
    /// and `q7xq15_q15_mbconv_block`.
    pub narrow_padding: bool,
    /// `q15_mbconv_block`: 64-bit sums.
    pub sum64: bool,
    /// Element width of the conv buffers: 8 or 16.
    pub buf_bits: u32,
    /// Element width of the output.
    pub out_bits: u32,
}

#[derive(Clone, Copy, Debug)]
pub struct Geo {
    pub n: usize,
    pub h: usize,
    pub w: usize,
    pub c_in: usize,
    pub c_temp: usize,
    pub hf: usize,
    pub wf: usize,
    pub c_out: usize,
    pub h_out: usize,
    pub w_out: usize,
    pub pad: [i64; 4],
    pub stride: [usize; 2],
}

/// Output positions of one axis: first input coordinate and count.
pub fn positions(size: usize, f: usize, lo: i64, hi: i64, stride: usize) -> (i64, usize) {
    let first = ((f as i64 - 1) / 2) - lo;
    let end = size as i64 - (f as i64 / 2 - hi);
    let count = if end > first { ((end - first) as usize).div_ceil(stride) } else { 0 };
    (first, count)
}

/// The weights, widened to `i64`.
pub struct Weights {
    pub f1: Vec<i64>,
    pub bn1w: Vec<i64>,
    pub bn1b: Vec<i64>,
    pub f2: Vec<i64>,
    pub bn2w: Vec<i64>,
    pub bn2b: Vec<i64>,
    pub f3: Vec<i64>,
    pub bn3w: Vec<i64>,
    pub bn3b: Vec<i64>,
}

fn store(v: i64, bits: u32) -> i64 {
    if bits == 8 {
        v as i8 as i64
    } else {
        v as i16 as i64
    }
}

fn relu(x: i64, limit: i64) -> i64 {
    if x > limit {
        limit
    } else if x < 0 {
        0
    } else {
        x
    }
}

/// `(x ⋅shl) ./shr`: `*`, `/` or `<<`, `>>` on an `int`.
fn rescale(x: i64, shl_: i32, shr: i32, shift: bool) -> i64 {
    let up = if shift { shl(x, shl_ as i64) } else { int(x * shl_ as i64) };
    down(up, shr as i64, shift)
}

/// `(sum ⋅shl ./shr) + bias`, in `int` or (64-bit sums) `int64_t` then narrowed.
fn norm(sum: i64, shl_: i32, shr: i32, bias: i64, k: Kind, shift: bool) -> i64 {
    if k.sum64 {
        let up = if shift { sum << shl_ } else { sum * shl_ as i64 };
        let t = down64(up, shr as i64, shift) + bias;
        int(t)
    } else {
        int(rescale(int(sum), shl_, shr, shift) + bias)
    }
}

/// Batch norm times the factor: `Q15_T` in the narrow block.
fn product(t: i64, factor: i64, k: Kind, truncate: bool) -> i64 {
    if k.narrow {
        let p = int(t as i16 as i64 * factor);
        if truncate {
            p as i16 as i64
        } else {
            p
        }
    } else {
        int(t * factor)
    }
}

/// The block's output, `[N][HOut][WOut][COut]`. `sc` in EdgeML's order:
/// shrU1 shrX1 shrU2 shrX2 shrU3 shrW3 shlU1 shlX1 shlU2 shlX2 shlU3 shlW3.
pub fn mbconv(input: &[i64], wt: &Weights, g: &Geo, limits: (i64, i64), sc: [i32; 12], k: Kind, shift: bool) -> Vec<i64> {
    let [shr_u1, shr_x1, shr_u2, shr_x2, shr_u3, shr_w3, shl_u1, shl_x1, shl_u2, shl_x2, shl_u3, shl_w3] = sc;
    let (h_first, h_count) = positions(g.h, g.hf, g.pad[0], g.pad[1], g.stride[0]);
    let (w_first, w_count) = positions(g.w, g.wf, g.pad[2], g.pad[3], g.stride[1]);
    let mut out = vec![0i64; g.n * g.h_out * g.w_out * g.c_out];
    for n in 0..g.n {
        // Stage 1 for every input row: the expanded tensor [H][W][CTemp].
        let mut expanded = vec![0i64; g.h * g.w * g.c_temp];
        for y in 0..g.h {
            for x in 0..g.w {
                for c in 0..g.c_temp {
                    let mut sum = 0i64;
                    for ci in 0..g.c_in {
                        sum += input[((n * g.h + y) * g.w + x) * g.c_in + ci] * wt.f1[ci * g.c_temp + c];
                    }
                    let t = norm(sum, shl_u1, shr_u1, wt.bn1b[c], k, shift);
                    let v = relu(product(t, wt.bn1w[c], k, true), limits.0);
                    expanded[(y * g.w + x) * g.c_temp + c] = store(rescale(v, shl_x1, shr_x1, shift), k.buf_bits);
                }
            }
        }
        for ho in 0..h_count {
            let hc = h_first + (ho * g.stride[0]) as i64;
            for wo in 0..w_count {
                let wc = w_first + (wo * g.stride[1]) as i64;
                let mut mid = vec![0i64; g.c_temp];
                for c in 0..g.c_temp {
                    let mut sum = 0i64;
                    for th in 0..g.hf {
                        let y = hc + th as i64 - (g.hf as i64 - 1) / 2;
                        if y < 0 || y >= g.h as i64 {
                            continue;
                        }
                        for tw in 0..g.wf {
                            let x = wc + tw as i64 - (g.wf as i64 - 1) / 2;
                            if x < 0 || x >= g.w as i64 {
                                continue;
                            }
                            sum += expanded[(y as usize * g.w + x as usize) * g.c_temp + c] * wt.f2[(c * g.hf + th) * g.wf + tw];
                        }
                    }
                    let t = norm(sum, shl_u2, shr_u2, wt.bn2b[c], k, shift);
                    let v = relu(product(t, wt.bn2w[c], k, true), limits.1);
                    mid[c] = store(rescale(v, shl_x2, shr_x2, shift), k.buf_bits);
                }
                for o in 0..g.c_out {
                    let mut sum = 0i64;
                    for c in 0..g.c_temp {
                        sum += mid[c] * wt.f3[c * g.c_out + o];
                    }
                    let t = norm(sum, shl_u3, shr_u3, wt.bn3b[o], k, shift);
                    let y = product(t, wt.bn3w[o], k, false);
                    out[((n * g.h_out + ho) * g.w_out + wo) * g.c_out + o] = store(rescale(y, shl_w3, shr_w3, shift), k.out_bits);
                }
            }
        }
    }
    out
}
