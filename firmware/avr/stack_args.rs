//! Probe of rustc's AVR code generation (scripts/avr-test): an `extern "C"`
//! function whose last argument is passed on the stack (the first 18 bytes
//! of arguments go in r25…r8). avr-gcc reads it above a 2-byte return
//! address on 2-byte-PC devices (ATmega328P) and above a 3-byte one on
//! ATmega2560 (avr6, 3-byte PC); firmware/avr/stack_args.c checks that Rust
//! agrees, from C and between two Rust functions.
#![no_std]

#[no_mangle]
pub extern "C" fn tinyrnn_probe_stack_arg(_a: u32, _b: u32, _c: u32, _d: u32, _e: u32, x: u16) -> u16 {
    x
}

/// The same between two Rust functions (the callee reads its stack
/// arguments as the caller wrote them?): returns `x` when all is well.
#[no_mangle]
pub extern "C" fn tinyrnn_probe_stack_arg_internal(x: u16) -> u16 {
    use core::hint::black_box;
    inner(black_box(1), black_box(2), black_box(3), black_box(4), black_box(5), x).wrapping_sub(1)
}

#[inline(never)]
fn inner(a: u32, b: u32, c: u32, d: u32, e: u32, x: u16) -> u16 {
    core::hint::black_box(x).wrapping_add((a ^ b ^ c ^ d ^ e) as u16)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
