//! The tiny-cell family through the C ABI: the float cells `tinyrnn_<cell>`
//! and the Q15 cells `tinyrnn_q15_<cell>_{div,shift}` for FastRNN, UGRNN,
//! SiTGRU, Li-GRU, eGRU, MGU, hard MGU, TinyEats GRU and GRU (FastGRNN is
//! EdgeML's, driven by the `fastgrnn` target; `q15_v_softsign` by
//! `utils_vector`). Arbitrary sizes, steps, directions, normalisation,
//! matrix kinds per matrix (dense, low rank of any rank, and for Q15 sparse
//! with rows sometimes beyond the matrix), weights, packed codes and scales;
//! NULL structs and scratch buffers, NULL/misaligned arrays, writable
//! buffers overlapping others (and read-only buffers sharing memory, which is
//! allowed).
//!
//! Checks: the return code is documented, and the exact one where the
//! contract fixes it (`docs/cells.md`, `include/tinyrnn_cells_common.h`):
//! -100 for a NULL buffers or params struct (then for a NULL scales struct
//! after the scratch checks), EdgeML's code for the first missing scratch
//! buffer the call needs in EdgeML's order, -106 for a writable overlap,
//! -102 exactly when a sparse row exceeds its matrix; any refused array gives
//! an error; on every error the hidden state is unchanged.
#![no_main]

use std::ffi::c_void;
use std::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use tinyrnn_fuzz::ffi::*;
use tinyrnn_fuzz::input::Reader;
use tinyrnn_fuzz::mem::{product, same, Ctx, Elem, RawBuf};
use tinyrnn_fuzz::{documented_code, WORK_BUDGET};

fuzz_target!(|data: &[u8]| run(data));

type FloatCell = unsafe extern "C" fn(*mut f32, u32, *const f32, u32, u32, *const c_void, *mut c_void, i32, i32) -> i32;
type Q15Cell = unsafe extern "C" fn(*mut i16, u32, *const i16, u32, u32, *const c_void, *mut c_void, *const c_void, i32, i32) -> i32;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cell {
    FastRnn,
    Ugrnn,
    SitGru,
    LiGru,
    Egru,
    Mgu,
    HardMgu,
    TinyEats,
    Gru,
}

const CELLS: [Cell; 9] = [Cell::FastRnn, Cell::Ugrnn, Cell::SitGru, Cell::LiGru, Cell::Egru, Cell::Mgu, Cell::HardMgu, Cell::TinyEats, Cell::Gru];

const FLOAT: [FloatCell; 9] = [
    tinyrnn_fastrnn, tinyrnn_ugrnn, tinyrnn_sitgru, tinyrnn_ligru, tinyrnn_egru, tinyrnn_mgu, tinyrnn_hard_mgu, tinyrnn_tinyeats, tinyrnn_gru,
];
const Q15_DIV: [Q15Cell; 9] = [
    tinyrnn_q15_fastrnn_div, tinyrnn_q15_ugrnn_div, tinyrnn_q15_sitgru_div, tinyrnn_q15_ligru_div, tinyrnn_q15_egru_div,
    tinyrnn_q15_mgu_div, tinyrnn_q15_hard_mgu_div, tinyrnn_q15_tinyeats_div, tinyrnn_q15_gru_div,
];
const Q15_SHIFT: [Q15Cell; 9] = [
    tinyrnn_q15_fastrnn_shift, tinyrnn_q15_ugrnn_shift, tinyrnn_q15_sitgru_shift, tinyrnn_q15_ligru_shift, tinyrnn_q15_egru_shift,
    tinyrnn_q15_mgu_shift, tinyrnn_q15_hard_mgu_shift, tinyrnn_q15_tinyeats_shift, tinyrnn_q15_gru_shift,
];

impl Cell {
    /// Gate blocks of `H` rows in `W` (and of the scratch `preComp1/2`).
    fn blocks(self) -> u32 {
        match self {
            Cell::FastRnn => 1,
            Cell::Gru | Cell::TinyEats => 3,
            _ => 2,
        }
    }
    /// Blocks of `H` rows in `U`.
    fn u_blocks(self) -> u32 {
        match self {
            Cell::Mgu | Cell::HardMgu => 1,
            Cell::TinyEats => 2,
            c => c.blocks(),
        }
    }
    /// Has `U_h` (and needs `preComp3`).
    fn reset_u(self) -> bool {
        matches!(self, Cell::Mgu | Cell::HardMgu | Cell::TinyEats)
    }
    /// Bias values in units of `H`: `(B or bias_ih, bias_hh)`.
    fn bias(self) -> (u32, u32) {
        match self {
            Cell::FastRnn => (1, 0),
            Cell::HardMgu => (0, 0),
            Cell::Gru => (3, 3),
            c => (c.blocks(), 0),
        }
    }
}

/// How a weight matrix is given.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Dense,
    LowRank(u32),
    Sparse,
}

/// The shape and kind of one matrix, read before any buffer.
#[derive(Clone, Debug)]
struct Plan {
    rows: u32,
    cols: u32,
    kind: Kind,
    /// Sparse encoding and its largest row number.
    ids: Vec<u32>,
    max_row: u32,
}

impl Plan {
    fn read(r: &mut Reader, rows: u32, cols: u32, sparse_ok: bool) -> Plan {
        let kind = match r.u8() % 3 {
            1 => match r.small_dim(6) {
                0 => Kind::Dense,
                k => Kind::LowRank(k),
            },
            2 if sparse_ok => Kind::Sparse,
            _ => Kind::Dense,
        };
        let (mut ids, mut max_row) = (Vec::new(), 0u32);
        if kind == Kind::Sparse && cols <= 4096 {
            for _ in 0..cols {
                for _ in 0..r.u8() % 8 {
                    let row = match r.u8() {
                        0xFF => r.u32().max(1),
                        0xFE => rows.saturating_add(1),
                        t => t as u32 % rows.max(1) + 1,
                    };
                    max_row = max_row.max(row);
                    ids.push(row);
                }
                ids.push(0);
            }
        }
        Plan { rows, cols, kind, ids, max_row }
    }

    fn rank(&self) -> u32 {
        match self.kind {
            Kind::LowRank(k) => k,
            _ => 0,
        }
    }

    /// Inner iterations of one product.
    fn cost(&self) -> u64 {
        let (r, c) = (self.rows as u64, self.cols as u64);
        match self.kind {
            Kind::Dense => r.saturating_mul(c),
            Kind::LowRank(k) => (k as u64).saturating_mul(r.saturating_add(c)),
            Kind::Sparse => (self.ids.len() as u64).saturating_add(r),
        }
    }

    fn rows_ok(&self) -> bool {
        self.kind != Kind::Sparse || self.max_row <= self.rows
    }
}

/// A matrix's buffers (kept alive for the call).
struct Mat<T> {
    m: RawBuf<T>,
    m1: RawBuf<T>,
    m2: RawBuf<T>,
    ids: RawBuf<u32>,
    vals: RawBuf<T>,
    plan: Plan,
}

fn mat<T: Elem>(cx: &mut Ctx, plan: &Plan) -> Mat<T> {
    let (rows, cols) = (plan.rows, plan.cols);
    let zero = |cx: &mut Ctx| cx.buf::<T>(Some(0));
    match plan.kind {
        Kind::Dense => {
            let m = cx.buf(product(&[rows, cols]));
            Mat { m, m1: zero(cx), m2: zero(cx), ids: cx.buf(Some(0)), vals: zero(cx), plan: plan.clone() }
        }
        Kind::LowRank(k) => {
            let m1 = cx.buf(product(&[k, cols]));
            let m2 = cx.buf(product(&[rows, k]));
            Mat { m: zero(cx), m1, m2, ids: cx.buf(Some(0)), vals: zero(cx), plan: plan.clone() }
        }
        Kind::Sparse => {
            let len = (cols <= 4096).then_some(plan.ids.len());
            let refused = cx.refused;
            let ids: RawBuf<u32> = cx.buf_with(len, |i| plan.ids[i]);
            let mut plan = plan.clone();
            if ids.cptr().is_null() {
                // A NULL `ids` selects the dense `M` (NULL here): an error
                // only if that matrix is not empty; and no sparse rows.
                plan.kind = Kind::Dense;
                if product(&[rows, cols]) == Some(0) {
                    cx.refused = refused;
                }
            }
            let vals = cx.buf(Some(plan.ids.iter().filter(|&&x| x != 0).count()));
            Mat { m: zero(cx), m1: zero(cx), m2: zero(cx), ids, vals, plan }
        }
    }
}

impl Mat<f32> {
    fn c(&self) -> TinyRNN_Matrix {
        match self.plan.kind {
            Kind::LowRank(k) => TinyRNN_Matrix { M: null(), M1: self.m1.cptr(), M2: self.m2.cptr(), rank: k },
            _ => TinyRNN_Matrix { M: self.m.cptr(), M1: null(), M2: null(), rank: 0 },
        }
    }
}

impl Mat<i16> {
    /// Pointers of the unused representations are NULL: a NULL `ids` selects
    /// the dense `M`, so a dangling `M` must never be paired with it.
    fn c(&self) -> TinyRNN_Q15_Matrix {
        let none = TinyRNN_Q15_Matrix { M: null(), M1: null(), M2: null(), rank: 0, ids: null(), vals: null() };
        match self.plan.kind {
            // A sparse matrix whose `ids` came out NULL: `M` is NULL too.
            Kind::Dense if !self.ids.is_empty() => none,
            Kind::Dense => TinyRNN_Q15_Matrix { M: self.m.cptr(), ..none },
            Kind::LowRank(k) => TinyRNN_Q15_Matrix { M1: self.m1.cptr(), M2: self.m2.cptr(), rank: k, ..none },
            Kind::Sparse => TinyRNN_Q15_Matrix { ids: self.ids.cptr(), vals: self.vals.cptr(), ..none },
        }
    }
}

/// A scales struct with every field from the input: `SCALE_T`/`ITER_T`
/// fields as scales (shift counts, divisors, edges), `Q15_T` ones raw.
fn scales<T: Default>(r: &mut Reader, layout: &[(&str, usize)]) -> T {
    let mut s = T::default();
    let base = &mut s as *mut T as *mut u8;
    let size = std::mem::size_of::<T>();
    for (i, &(_, off)) in layout.iter().enumerate() {
        let end = layout.get(i + 1).map_or(size, |&(_, o)| o);
        // SAFETY: inside the struct, whose fields are plain integers.
        unsafe {
            if end - off >= 4 && off % 4 == 0 {
                (base.add(off) as *mut i32).write(r.scale());
            } else {
                (base.add(off) as *mut i16).write(r.i16());
            }
        }
    }
    s
}

/// Sizes and choices common to both families.
struct Setup {
    cell: Cell,
    hd: u32,
    id: u32,
    steps: u32,
    backward: i32,
    normalize: i32,
    w: Plan,
    u: Plan,
    uh: Option<Plan>,
    /// 1 NULL params, 2 NULL buffers, 3 NULL scales, 4..=9 a NULL scratch
    /// field, 10 preComp1 = state, 11 input = state, 12 normFeatures =
    /// preComp2, 13 stdDev = mean (read-only: allowed), 14 preComp1 = state + 1.
    sfault: usize,
}

fn setup(cx: &mut Ctx, cell: Cell, sparse_ok: bool) -> Option<Setup> {
    let r = &mut cx.r;
    let (hd, id, steps) = (r.small_dim(10), r.small_dim(10), r.small_dim(5));
    let (backward, normalize) = (r.u8() as i32 % 3, r.u8() as i32 % 3);
    let sfault = match r.u8() {
        t @ 0xF0..=0xFF => (t - 0xEF) as usize,
        _ => 0,
    };
    let w = Plan::read(r, hd.saturating_mul(cell.blocks()), id, sparse_ok);
    let u = Plan::read(r, hd.saturating_mul(cell.u_blocks()), hd, sparse_ok);
    let uh = cell.reset_u().then(|| Plan::read(r, hd, hd, sparse_ok));
    let per_step = w
        .cost()
        .saturating_add(u.cost())
        .saturating_add(uh.as_ref().map_or(0, Plan::cost))
        .saturating_add((hd as u64).saturating_mul(16))
        .saturating_add(id as u64 * 2 + 1);
    ((steps as u64).saturating_mul(per_step) <= WORK_BUDGET).then_some(Setup { cell, hd, id, steps, backward, normalize, w, u, uh, sfault })
}

/// The common buffers of one call (state, input, normalisation, scratch).
struct Common<T> {
    hidden: RawBuf<T>,
    input: RawBuf<T>,
    mean: RawBuf<T>,
    std_dev: RawBuf<T>,
    scratch: [RawBuf<T>; 6],
}

fn common<T: Elem>(cx: &mut Ctx, s: &Setup) -> Common<T> {
    let inputs = product(&[s.steps, s.id]);
    let norm = if s.normalize != 0 { inputs } else { Some(0) };
    let rows = product(&[s.hd, s.cell.blocks()]);
    let lru = s.u.rank().max(s.uh.as_ref().map_or(0, Plan::rank));
    let hidden = cx.buf(Some(s.hd as usize));
    let input = cx.buf(inputs);
    let mean = cx.buf(norm);
    let std_dev = cx.buf(norm);
    let pc3 = if s.cell.reset_u() { s.hd as usize } else { 0 };
    let scratch = [
        cx.buf(rows),
        cx.buf(rows),
        cx.buf(Some(pc3)),
        cx.buf(Some(s.w.rank() as usize)),
        cx.buf(Some(lru as usize)),
        cx.buf(Some(s.id as usize)),
    ];
    Common { hidden, input, mean, std_dev, scratch }
}

/// Pointers actually passed: scratch (after NULL/overlap faults), input,
/// stdDev; and whether a writable overlap was made.
struct Passed<T> {
    scratch: [*mut T; 6],
    input: *const T,
    std_dev: *const T,
    overlap: bool,
}

fn passed<T: Elem>(cx: &Ctx, s: &Setup, c: &Common<T>) -> Passed<T> {
    let mut scratch: [*mut T; 6] = std::array::from_fn(|i| c.scratch[i].ptr());
    let (mut input, mut std_dev, mut overlap) = (c.input.cptr(), c.std_dev.cptr(), false);
    let hd = s.hd as usize;
    let ok = !cx.refused;
    match s.sfault {
        4..=9 => scratch[s.sfault - 4] = null_mut(),
        10 if ok && hd > 0 => {
            scratch[0] = c.hidden.ptr();
            overlap = true;
        }
        11 if ok && hd > 0 && !c.input.is_empty() => {
            input = c.hidden.cptr();
            overlap = true;
        }
        12 if ok && !c.scratch[1].is_empty() && !c.scratch[5].is_empty() => {
            scratch[5] = c.scratch[1].ptr();
            overlap = true;
        }
        13 if ok && !c.mean.is_empty() => std_dev = c.mean.cptr(),
        14 if ok && hd > 1 => {
            scratch[0] = unsafe { c.hidden.ptr().add(1) };
            overlap = true;
        }
        _ => {}
    }
    Passed { scratch, input, std_dev, overlap }
}

/// The code the contract fixes for this call, if it fixes one.
fn expected<T>(s: &Setup, p: &Passed<T>, q15: bool) -> Option<i32> {
    let n = |i: usize| p.scratch[i].is_null();
    let lru = s.u.rank().max(s.uh.as_ref().map_or(0, Plan::rank));
    if s.sfault == 2 || s.sfault == 1 {
        Some(-100)
    } else if n(0) || n(1) || (s.cell.reset_u() && n(2)) {
        Some(-1)
    } else if s.w.rank() > 0 && n(3) {
        Some(-2)
    } else if lru > 0 && n(4) {
        Some(-3)
    } else if n(5) {
        Some(-4)
    } else if s.sfault == 3 && q15 {
        Some(-100)
    } else if p.overlap {
        Some(-106)
    } else {
        None
    }
}

fn check<T: Elem>(rc: i32, expected: Option<i32>, refused: bool, ok: i32, before: &[T], after: &[T], s: &Setup) {
    let what = || format!("{:?} hd={} id={} steps={} sfault={}", s.cell, s.hd, s.id, s.steps, s.sfault);
    assert!(documented_code(rc), "undocumented return code {rc} ({})", what());
    match expected {
        Some(e) => assert_eq!(rc, e, "expected code {e} ({})", what()),
        None if refused => assert!(rc != 0, "a refused call returned 0 ({})", what()),
        None => assert_eq!(rc, ok, "expected code {ok} ({})", what()),
    }
    if rc != 0 {
        assert!(same(before, after), "hidden state changed by a failing call (rc {rc}, {})", what());
    }
}

fn run(data: &[u8]) {
    let mut cx = Ctx::new(data);
    let sel = cx.r.u8() as usize % 27;
    let (cell, mode) = (CELLS[sel / 3], sel % 3);
    if mode == 0 {
        float_cell(&mut cx, cell, FLOAT[sel / 3]);
    } else {
        q15_cell(&mut cx, cell, if mode == 1 { Q15_DIV[sel / 3] } else { Q15_SHIFT[sel / 3] });
    }
}

fn float_cell(cx: &mut Ctx, cell: Cell, f: FloatCell) {
    let Some(s) = setup(cx, cell, false) else { return };
    let (alpha, beta) = (cx.r.f32(), cx.r.f32());
    let c: Common<f32> = common(cx, &s);
    let w: Mat<f32> = mat(cx, &s.w);
    let u: Mat<f32> = mat(cx, &s.u);
    let uh: Option<Mat<f32>> = s.uh.as_ref().map(|p| mat(cx, p));
    let (nb, nb2) = cell.bias();
    let b: RawBuf<f32> = cx.buf(product(&[s.hd, nb]));
    let b2: RawBuf<f32> = cx.buf(product(&[s.hd, nb2]));
    let p = passed(cx, &s, &c);
    let (mean, sd) = (c.mean.cptr(), p.std_dev);
    let uh_c = uh.as_ref().map(Mat::<f32>::c);
    let fast = FastRNN_Params { mean, stdDev: sd, W: w.c(), U: u.c(), B: b.cptr(), alpha, beta };
    let ugrnn = UGRNN_Params { mean, stdDev: sd, W: w.c(), U: u.c(), B: b.cptr() };
    let mgu = uh_c.map(|uh| MGU_Params { mean, stdDev: sd, W: w.c(), Uf: u.c(), Uh: uh, B: b.cptr() });
    let hard = uh_c.map(|uh| HardMGU_Params { mean, stdDev: sd, W: w.c(), Uf: u.c(), Uh: uh });
    let eats = uh_c.map(|uh| TinyEats_Params { mean, stdDev: sd, W: w.c(), U: u.c(), Uh: uh, B: b.cptr() });
    let gru = GRU_Params { mean, stdDev: sd, weight_ih: w.c(), weight_hh: u.c(), bias_ih: b.cptr(), bias_hh: b2.cptr() };
    fn v<P>(p: &P) -> *const c_void {
        p as *const P as *const c_void
    }
    let params = match cell {
        Cell::FastRnn => v(&fast),
        Cell::Ugrnn | Cell::SitGru | Cell::LiGru | Cell::Egru => v(&ugrnn),
        Cell::Mgu => v(mgu.as_ref().unwrap()),
        Cell::HardMgu => v(hard.as_ref().unwrap()),
        Cell::TinyEats => v(eats.as_ref().unwrap()),
        Cell::Gru => v(&gru),
    };
    let sc = p.scratch;
    let mut bufs = TinyRNN_Buffers { preComp1: sc[0], preComp2: sc[1], preComp3: sc[2], tempLRW: sc[3], tempLRU: sc[4], normFeatures: sc[5] };
    let pp = if s.sfault == 1 { null() } else { params };
    let bp = if s.sfault == 2 { null_mut() } else { &mut bufs as *mut _ as *mut c_void };
    let before = c.hidden.contents();
    let rc = unsafe { f(c.hidden.ptr(), s.hd, p.input, s.id, s.steps, pp, bp, s.backward, s.normalize) };
    check(rc, expected(&s, &p, false), cx.refused, 0, &before, &c.hidden.contents(), &s);
}

fn q15_cell(cx: &mut Ctx, cell: Cell, f: Q15Cell) {
    // eGRU, hard MGU and TinyEats have dense packed weights only.
    let special = matches!(cell, Cell::Egru | Cell::HardMgu | Cell::TinyEats);
    let Some(mut s) = setup(cx, cell, !special) else { return };
    if special {
        for p in [Some(&mut s.w), Some(&mut s.u), s.uh.as_mut()].into_iter().flatten() {
            p.kind = Kind::Dense;
        }
    }
    let r = &mut cx.r;
    let sc_fast: Q15_FastRNN_Scales = scales(r, Q15_FastRNN_Scales::LAYOUT);
    let sc_ugrnn: Q15_UGRNN_Scales = scales(r, Q15_UGRNN_Scales::LAYOUT);
    let (sc_sit, sc_li, sc_egru): (Q15_SiTGRU_Scales, Q15_LiGRU_Scales, Q15_EGRU_Scales) =
        (scales(r, Q15_SiTGRU_Scales::LAYOUT), scales(r, Q15_LiGRU_Scales::LAYOUT), scales(r, Q15_EGRU_Scales::LAYOUT));
    let (sc_mgu, sc_hard): (Q15_MGU_Scales, Q15_HardMGU_Scales) = (scales(r, Q15_MGU_Scales::LAYOUT), scales(r, Q15_HardMGU_Scales::LAYOUT));
    let (sc_eats, sc_gru): (Q15_TinyEats_Scales, Q15_GRU_Scales) = (scales(r, Q15_TinyEats_Scales::LAYOUT), scales(r, Q15_GRU_Scales::LAYOUT));
    let (alpha, beta) = (r.i16(), r.i16());
    let c: Common<i16> = common(cx, &s);
    let (nb, nb2) = cell.bias();
    let hd = s.hd;
    let pow2 = |n: Option<usize>| n.and_then(|n| n.checked_mul(3)).map(|b| b.div_ceil(8));
    let int4 = |n: Option<usize>| n.map(|n| n.div_ceil(2));
    let area = |p: &Plan| product(&[p.rows, p.cols]);
    let mut k8: Vec<RawBuf<i8>> = Vec::new();
    let mut kq: Vec<Mat<i16>> = Vec::new();
    let (mut b, mut b2): (RawBuf<i16>, RawBuf<i16>) = (cx.buf(Some(0)), cx.buf(Some(0)));
    match cell {
        Cell::Egru => {
            k8.push(cx.buf(pow2(area(&s.w))));
            k8.push(cx.buf(pow2(area(&s.u))));
            k8.push(cx.buf(pow2(product(&[hd, nb]))));
        }
        Cell::HardMgu => {
            k8.push(cx.buf(int4(area(&s.w))));
            k8.push(cx.buf(int4(area(&s.u))));
            k8.push(cx.buf(int4(area(s.uh.as_ref().unwrap()))));
        }
        Cell::TinyEats => {
            k8.push(cx.buf(area(&s.w)));
            k8.push(cx.buf(area(&s.u)));
            k8.push(cx.buf(area(s.uh.as_ref().unwrap())));
            k8.push(cx.buf(product(&[hd, nb])));
        }
        _ => {
            kq.push(mat(cx, &s.w));
            kq.push(mat(cx, &s.u));
            if let Some(p) = &s.uh {
                kq.push(mat(cx, p));
            }
            b = cx.buf(product(&[hd, nb]));
            b2 = cx.buf(product(&[hd, nb2]));
        }
    }
    // Faults and overlaps once every buffer (and so the refusal) is known.
    let p = passed(cx, &s, &c);
    let (mean, sd) = (c.mean.cptr(), p.std_dev);
    let q8 = |i: usize| k8[i].cptr() as *const u8;
    let qm = |i: usize| kq[i].c();
    fn v<P>(p: &P) -> *const c_void {
        p as *const P as *const c_void
    }
    let (egru, hard, eats, fast, ugrnn, mgu, gru);
    let params = match cell {
        Cell::Egru => {
            egru = Q15_EGRU_Params { mean, stdDev: sd, W: q8(0), U: q8(1), B: q8(2) };
            v(&egru)
        }
        Cell::HardMgu => {
            hard = Q15_HardMGU_Params { mean, stdDev: sd, W: q8(0), Uf: q8(1), Uh: q8(2) };
            v(&hard)
        }
        Cell::TinyEats => {
            eats = Q15_TinyEats_Params { mean, stdDev: sd, W: k8[0].cptr(), U: k8[1].cptr(), Uh: k8[2].cptr(), B: k8[3].cptr() };
            v(&eats)
        }
        Cell::FastRnn => {
            fast = Q15_FastRNN_Params { mean, stdDev: sd, W: qm(0), U: qm(1), B: b.cptr(), alpha, beta };
            v(&fast)
        }
        Cell::Mgu => {
            mgu = Q15_MGU_Params { mean, stdDev: sd, W: qm(0), Uf: qm(1), Uh: qm(2), B: b.cptr() };
            v(&mgu)
        }
        Cell::Gru => {
            gru = Q15_GRU_Params { mean, stdDev: sd, weight_ih: qm(0), weight_hh: qm(1), bias_ih: b.cptr(), bias_hh: b2.cptr() };
            v(&gru)
        }
        _ => {
            ugrnn = Q15_UGRNN_Params { mean, stdDev: sd, W: qm(0), U: qm(1), B: b.cptr() };
            v(&ugrnn)
        }
    };
    let scales = match cell {
        Cell::FastRnn => v(&sc_fast),
        Cell::Ugrnn => v(&sc_ugrnn),
        Cell::SitGru => v(&sc_sit),
        Cell::LiGru => v(&sc_li),
        Cell::Egru => v(&sc_egru),
        Cell::Mgu => v(&sc_mgu),
        Cell::HardMgu => v(&sc_hard),
        Cell::TinyEats => v(&sc_eats),
        Cell::Gru => v(&sc_gru),
    };
    let sc = p.scratch;
    let mut bufs = TinyRNN_Q15_Buffers { preComp1: sc[0], preComp2: sc[1], preComp3: sc[2], tempLRW: sc[3], tempLRU: sc[4], normFeatures: sc[5] };
    let pp = if s.sfault == 1 { null() } else { params };
    let bp = if s.sfault == 2 { null_mut() } else { &mut bufs as *mut _ as *mut c_void };
    let sp = if s.sfault == 3 { null() } else { scales };
    let before = c.hidden.contents();
    let rc = unsafe { f(c.hidden.ptr(), hd, p.input, s.id, s.steps, pp, bp, sp, s.backward, s.normalize) };
    let rows_ok = kq.iter().all(|m| m.plan.rows_ok());
    check(rc, expected(&s, &p, true), cx.refused, if rows_ok { 0 } else { -102 }, &before, &c.hidden.contents(), &s);
    drop((k8, kq, b, b2));
}
