//! The fuzz input format: a little-endian byte stream read field by field.
//!
//! [`Reader`] turns libFuzzer's bytes into sizes, scales and contents; it
//! never fails (an exhausted input reads as zeros), so every byte string is
//! a valid input. [`Writer`] is its inverse for the few encodings that have
//! one, so `seed_corpus` can write the EdgeML vectors as exact inputs.
//!
//! Encodings (one tag byte, sometimes followed by a payload):
//! - `dim`: `0..=0xEF` → `tag % 48` (small sizes, the common case);
//!   `0xF0` → next `u16`; `0xF1` → next `u32`; `0xF2..=0xFF` → an edge value
//!   from [`DIM_EDGES`] (`u32::MAX`, 2^16, 2^31, …).
//! - `scale`: `0..=0xDF` → `tag - 16` (-16..=207: every in-range shift count
//!   and small divisor, zero and negatives); `0xE0..=0xEE` → `2^(tag-0xE0+8)`;
//!   `0xEF` → next `i32`; `0xF0..=0xFF` → an edge value from [`SCALE_EDGES`].
//! - `pad`: `0..=0xEF` → `tag % 16 - 8`; `0xF0`/`0xF1` → `i32::MIN`/`MAX`;
//!   otherwise the next `i32`.
//! - `f32`: `0xFF` → next 4 bytes as raw bits; otherwise `(tag as i8) / 16`.
//! - contents: raw little-endian `i8`/`i16`/`u32`.

/// Dimensions the fuzzer reaches in one byte: overflow and wrap-around edges.
pub const DIM_EDGES: [u32; 14] = [
    u32::MAX,
    1 << 16,
    1 << 31,
    (1 << 16) + 1,
    1 << 15,
    0x7fff_ffff,
    1 << 30,
    u32::MAX - 1,
    1 << 24,
    0x8000_0001,
    65535,
    1 << 20,
    3 << 30,
    1 << 28,
];

/// Scales the fuzzer reaches in one byte: shift counts past the width,
/// `INT_MIN` (whose negation overflows), and large divisors.
pub const SCALE_EDGES: [i32; 16] = [
    i32::MIN,
    i32::MAX,
    -1,
    31,
    32,
    63,
    64,
    i32::MIN + 1,
    -32,
    -64,
    1 << 30,
    -(1 << 30),
    65536,
    -65536,
    1 << 16 | 1,
    46341, // its square overflows int32
];

/// Reads fields from a fuzz input; zeros once the input is exhausted.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub fn remaining(&self) -> usize {
        self.data.len()
    }

    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for b in out.iter_mut() {
            *b = self.u8();
        }
        out
    }

    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    pub fn i8(&mut self) -> i8 {
        self.u8() as i8
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.bytes())
    }

    pub fn i16(&mut self) -> i16 {
        i16::from_le_bytes(self.bytes())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes())
    }

    pub fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.bytes())
    }

    /// A choice among `n` alternatives (`n >= 1`).
    pub fn choose(&mut self, n: usize) -> usize {
        self.u8() as usize % n.max(1)
    }

    /// A dimension (see the module documentation).
    pub fn dim(&mut self) -> u32 {
        match self.u8() {
            t @ 0..=0xEF => (t % 48) as u32,
            0xF0 => self.u16() as u32,
            0xF1 => self.u32(),
            t => DIM_EDGES[(t - 0xF2) as usize],
        }
    }

    /// A dimension that is small unless the input insists (`0..=max` most
    /// of the time): for sizes whose cost is not bounded by a buffer.
    pub fn small_dim(&mut self, max: u32) -> u32 {
        match self.u8() {
            0xFF => self.dim(),
            t => t as u32 % (max + 1),
        }
    }

    /// A size in `0..=max`, with no escape to large values.
    pub fn bounded(&mut self, max: u32) -> u32 {
        self.u8() as u32 % (max + 1)
    }

    /// A scale: a divisor in the division build, an exponent under `SHIFT`.
    pub fn scale(&mut self) -> i32 {
        match self.u8() {
            t @ 0..=0xDF => t as i32 - 16,
            t @ 0xE0..=0xEE => 1 << (t - 0xE0 + 8),
            0xEF => self.i32(),
            t => SCALE_EDGES[(t - 0xF0) as usize],
        }
    }

    /// A padding (`S_ITER_T`): small signed values, or any `i32`.
    pub fn pad(&mut self) -> i32 {
        match self.u8() {
            t @ 0..=0xEF => (t % 16) as i32 - 8,
            0xF0 => i32::MIN,
            0xF1 => i32::MAX,
            _ => self.i32(),
        }
    }

    /// A float: small multiples of 1/16 mostly, or any bit pattern.
    pub fn f32(&mut self) -> f32 {
        match self.u8() {
            0xFF => f32::from_bits(self.u32()),
            t => (t as i8) as f32 / 16.0,
        }
    }
}

/// Writes the encodings [`Reader`] reads.
#[derive(Default, Debug)]
pub struct Writer {
    pub out: Vec<u8>,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.out.push(v);
        self
    }

    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(v as u8)
    }

    pub fn i8(&mut self, v: i8) -> &mut Self {
        self.u8(v as u8)
    }

    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.out.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn i16(&mut self, v: i16) -> &mut Self {
        self.out.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.out.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn i32(&mut self, v: i32) -> &mut Self {
        self.out.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn dim(&mut self, v: u32) -> &mut Self {
        if v < 48 {
            self.u8(v as u8)
        } else if v <= u16::MAX as u32 {
            self.u8(0xF0).u16(v as u16)
        } else {
            self.u8(0xF1).u32(v)
        }
    }

    /// For [`Reader::small_dim`] with the same `max`.
    pub fn small_dim(&mut self, v: u32, max: u32) -> &mut Self {
        if v <= max && v < 0xFF {
            self.u8(v as u8)
        } else {
            self.u8(0xFF).dim(v)
        }
    }

    /// For [`Reader::bounded`] (`v <= max`).
    pub fn bounded(&mut self, v: u32) -> &mut Self {
        self.u8(v as u8)
    }

    pub fn scale(&mut self, v: i32) -> &mut Self {
        if (-16..=207).contains(&v) {
            self.u8((v + 16) as u8)
        } else {
            self.u8(0xEF).i32(v)
        }
    }

    pub fn pad(&mut self, v: i32) -> &mut Self {
        if (-8..=7).contains(&v) {
            self.u8((v + 8) as u8)
        } else {
            self.u8(0xFF).i32(v)
        }
    }

    pub fn f32(&mut self, v: f32) -> &mut Self {
        self.u8(0xFF).u32(v.to_bits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_is_the_inverse_of_reader() {
        let dims = [0u32, 1, 47, 48, 1000, 65535, 65536, u32::MAX];
        let scales = [-16i32, 0, 1, 31, 207, 208, -17, i32::MIN, i32::MAX];
        let pads = [-8i32, -3, 0, 7, 8, -9, i32::MIN, i32::MAX];
        let mut w = Writer::new();
        for &d in &dims {
            w.dim(d).small_dim(d, 8);
        }
        for &s in &scales {
            w.scale(s);
        }
        for &p in &pads {
            w.pad(p);
        }
        w.f32(-0.0).f32(f32::NAN).i16(-2).i8(-3).u32(7).bool(true);
        let mut r = Reader::new(&w.out);
        for &d in &dims {
            assert_eq!(r.dim(), d);
            assert_eq!(r.small_dim(8), d);
        }
        for &s in &scales {
            assert_eq!(r.scale(), s);
        }
        for &p in &pads {
            assert_eq!(r.pad(), p);
        }
        assert_eq!(r.f32().to_bits(), (-0.0f32).to_bits());
        assert!(r.f32().is_nan());
        assert_eq!((r.i16(), r.i8(), r.u32(), r.bool()), (-2, -3, 7, true));
        assert_eq!(r.remaining(), 0);
        assert_eq!(r.u32(), 0);
    }
}
