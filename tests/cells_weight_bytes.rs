//! Weight bytes of every cell in its Q15 model format, for the sizes of
//! `docs/cells.md`: the wake-up setting (D = 16, H = 16) and FastGRNN's
//! keyword-spotting setting (H = 100, taken with D = 32 features). The
//! wake-up (hard) MGU must hold its weights in 512 bytes, and the packed
//! arrays the library writes have exactly the counted sizes.

use tinyrnn::cells::formats::{int4_bytes, pack_int4, pack_pow2, pow2_bytes};
use tinyrnn::cells::CellKind;

/// (cell, D = 16/H = 16 bytes, D = 32/H = 100 bytes).
const TABLE: [(CellKind, usize, usize); 10] = [
    (CellKind::FastGrnn, 1092, 26804),
    (CellKind::FastRnn, 1060, 26604),
    (CellKind::Ugrnn, 2112, 53200),
    (CellKind::Gru, 3264, 80400),
    (CellKind::Mgu, 2112, 53200),
    (CellKind::Egru, 396, 9975),
    (CellKind::TinyEats, 1584, 39900),
    (CellKind::SitGru, 2112, 53200),
    (CellKind::LiGru, 2112, 53200),
    (CellKind::HardMgu, 512, 13200),
];

#[test]
fn weight_bytes_match_the_documented_table() {
    for (kind, small, large) in TABLE {
        assert_eq!(kind.weight_bytes(16, 16), Some(small), "{kind:?} at D=16, H=16");
        assert_eq!(kind.weight_bytes(32, 100), Some(large), "{kind:?} at D=32, H=100");
        eprintln!("{:<9} {:>5} weights {:>6} bytes (16, 16)   {:>6} weights {:>6} bytes (32, 100)", kind.name(), kind.weight_count(16, 16).unwrap(), small, kind.weight_count(32, 100).unwrap(), large);
    }
}

#[test]
fn wake_up_mgu_weights_fit_512_bytes() {
    let (d, h) = (16, 16);
    assert_eq!(CellKind::HardMgu.weight_count(d, h), Some(1024));
    // The three packed matrices as the library writes them.
    let w = vec![0.5f32; 2 * h * d];
    let u = vec![-0.25f32; h * h];
    let (mut wb, mut ufb, mut uhb) = (vec![0u8; int4_bytes(w.len()).unwrap()], vec![0u8; int4_bytes(u.len()).unwrap()], vec![0u8; int4_bytes(u.len()).unwrap()]);
    pack_int4(&w, 3, &mut wb).unwrap();
    pack_int4(&u, 3, &mut ufb).unwrap();
    pack_int4(&u, 3, &mut uhb).unwrap();
    assert_eq!(wb.len() + ufb.len() + uhb.len(), 512);
    assert!(wb.len() + ufb.len() + uhb.len() <= 512);
}

#[test]
fn egru_packs_eight_codes_in_three_bytes() {
    assert_eq!(pow2_bytes(8), Some(3));
    let w = vec![0.25f32; 2 * 16 * 16];
    let mut out = vec![0u8; pow2_bytes(w.len()).unwrap()];
    pack_pow2(&w, &mut out).unwrap();
    assert_eq!(out.len(), 192);
}
