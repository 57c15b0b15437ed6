//! Errors of the safe API and their C return codes.
//!
//! Codes -1 … -4 are EdgeML's (`ERR_PRECOMP_NOT_INIT` … `ERR_NORMFEATURES_NOT_INIT`)
//! and keep their meaning. Codes from -100 down are tinyrnn's own, for inputs
//! on which the reference is undefined (it would dereference NULL, index out
//! of bounds, or loop forever).

/// Why a kernel refused its input. No output was written when this is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// A `preComp*` buffer is missing (EdgeML `ERR_PRECOMP_NOT_INIT`, -1).
    PrecompNotInit,
    /// `tempLRW` is missing (EdgeML `ERR_TEMPLRW_NOT_INIT`, -2).
    TempLrwNotInit,
    /// `tempLRU` is missing (EdgeML `ERR_TEMPLRU_NOT_INIT`, -3).
    TempLruNotInit,
    /// `normFeatures` is missing (EdgeML `ERR_NORMFEATURES_NOT_INIT`, -4).
    NormFeaturesNotInit,
    /// A required pointer is NULL (`TINYRNN_ERR_NULL`, -100).
    Null,
    /// A pointer is not aligned for its element type (`TINYRNN_ERR_ALIGNMENT`, -101).
    Misaligned,
    /// A buffer is shorter than its dimensions require (`TINYRNN_ERR_LENGTH`, -102).
    Length,
    /// A size product overflows the address space (`TINYRNN_ERR_OVERFLOW`, -103).
    Overflow,
    /// A parameter that must be non-zero is zero, e.g. a convolution stride
    /// (`TINYRNN_ERR_ZERO`, -104).
    Zero,
    /// A sparse matrix encoding indexes past its output or ends early
    /// (`TINYRNN_ERR_SPARSE_INDEX`, -105).
    SparseIndex,
    /// An output buffer overlaps an input in a way the kernel cannot honour
    /// (`TINYRNN_ERR_ALIASING`, -106).
    Aliasing,
    /// A convolution's geometry does not fit its buffers (`TINYRNN_ERR_GEOMETRY`, -107).
    Geometry,
    /// A front-end configuration is outside its domain: an FFT size that is
    /// not a supported power of two, a frequency above Nyquist, a
    /// non-finite parameter (`TINYRNN_ERR_CONFIG`, -108).
    Config,
}

impl Error {
    /// The C return code of this error.
    pub const fn code(self) -> i32 {
        match self {
            Error::PrecompNotInit => -1,
            Error::TempLrwNotInit => -2,
            Error::TempLruNotInit => -3,
            Error::NormFeaturesNotInit => -4,
            Error::Null => -100,
            Error::Misaligned => -101,
            Error::Length => -102,
            Error::Overflow => -103,
            Error::Zero => -104,
            Error::SparseIndex => -105,
            Error::Aliasing => -106,
            Error::Geometry => -107,
            Error::Config => -108,
        }
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let what = match self {
            Error::PrecompNotInit => "a preComp buffer is missing",
            Error::TempLrwNotInit => "the tempLRW buffer is missing",
            Error::TempLruNotInit => "the tempLRU buffer is missing",
            Error::NormFeaturesNotInit => "the normFeatures buffer is missing",
            Error::Null => "a required pointer is NULL",
            Error::Misaligned => "a pointer is not aligned for its element type",
            Error::Length => "a buffer is shorter than its dimensions require",
            Error::Overflow => "a size product overflows",
            Error::Zero => "a parameter that must be non-zero is zero",
            Error::SparseIndex => "a sparse matrix encoding indexes past its output or ends early",
            Error::Aliasing => "an output buffer overlaps an input",
            Error::Geometry => "a convolution's geometry does not fit its buffers",
            Error::Config => "an audio front-end configuration is outside its domain",
        };
        write!(f, "{what} (code {})", self.code())
    }
}

impl core::error::Error for Error {}

/// Result of a kernel of the safe API.
pub type Result<T = ()> = core::result::Result<T, Error>;

/// `a · b`, or `None` when it overflows `usize`: `usize::checked_mul`
/// without the double-width multiply it calls on cores without one
/// (`__aeabi_lmul` on ARMv6-M, ~80 instructions a call, twice per FastGRNN
/// call): when both fit in half a word, as the sizes of models do, one
/// plain multiply. Elsewhere `checked_mul` itself (one instruction more
/// than a multiply; the second path cost 24–56 bytes of flash).
#[doc(hidden)] // for the C library's checks
#[inline(always)]
pub fn size_mul(a: usize, b: usize) -> Option<usize> {
    // The cores without a divide instruction are those without a
    // 32 × 32 → 64 multiply (ARMv6-M).
    if crate::scale::NO_DIVIDE && (a | b) >> (usize::BITS / 2) == 0 {
        Some(a * b)
    } else {
        a.checked_mul(b)
    }
}

/// `n1 * n2 * …` of C dimensions, or [`Error::Overflow`] when it exceeds
/// `ITER_T` (32 bits), where EdgeML's own product would wrap: the same rule
/// on 32- and 64-bit targets. On a 16-bit target (AVR) it must also fit
/// `usize`, the address space.
// Inlined, the products written out for up to five factors: the callers
// pass a literal array, so one arm remains and its factors stay in
// registers. Out of line, or as a loop (not unrolled at `opt-level = "s"`),
// each array was stored in the caller's frame (116 bytes in MBConv's
// lengths).
#[inline(always)]
pub fn checked_product(dims: &[u32]) -> Result<usize> {
    let mul = |a: u32, b: u32| a.checked_mul(b).ok_or(Error::Overflow);
    let p = match *dims {
        [] => 1,
        [a] => a,
        [a, b] => mul(a, b)?,
        [a, b, c] => mul(mul(a, b)?, c)?,
        [a, b, c, d] => mul(mul(mul(a, b)?, c)?, d)?,
        [a, b, c, d, e] => mul(mul(mul(mul(a, b)?, c)?, d)?, e)?,
        [first, ref rest @ ..] => rest.iter().try_fold(first, |p, &d| mul(p, d))?,
    };
    usize::try_from(p).map_err(|_| Error::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as a loop: each partial product must fit 32 bits.
    fn by_loop(dims: &[u32]) -> Result<usize> {
        let mut p: u32 = 1;
        for &d in dims {
            p = p.checked_mul(d).ok_or(Error::Overflow)?;
        }
        usize::try_from(p).map_err(|_| Error::Overflow)
    }

    #[test]
    fn checked_product_written_out_agrees_with_the_loop_for_every_length() {
        let mut rng = crate::kernels::tests::Rng(0x2545_f491);
        let mut next = move || rng.next();
        for _ in 0..if cfg!(miri) { 200 } else { 20_000 } {
            let n = (next() % 8) as usize;
            // Factors small, large, zero and at the edges, so that products
            // fit, overflow late, or overflow before a zero factor.
            let dims: Vec<u32> = (0..n)
                .map(|_| match next() % 5 {
                    0 => 0,
                    1 => u32::MAX,
                    2 => next() % 8,
                    3 => 1 << (next() % 17),
                    _ => next() % 70_000,
                })
                .collect();
            assert_eq!(checked_product(&dims), by_loop(&dims), "{dims:?}");
        }
        assert_eq!(checked_product(&[65_536, 65_536, 0]), Err(Error::Overflow));
        assert_eq!(checked_product(&[65_535, 65_537]), Ok(u32::MAX as usize));
    }
}
