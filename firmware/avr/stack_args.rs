//! Probe of rustc's AVR code generation (scripts/avr-test): an `extern "C"`
//! function whose last argument is passed on the stack (the first 18 bytes
//! of arguments go in r25…r8). avr-gcc reads it above a 2-byte return
//! address on 2-byte-PC devices (ATmega328P) and above a 3-byte one on
//! ATmega2560 (avr6, 3-byte PC); firmware/avr/stack_args.c checks that Rust
//! agrees.
#![no_std]

#[no_mangle]
pub extern "C" fn tinyrnn_probe_stack_arg(_a: u32, _b: u32, _c: u32, _d: u32, _e: u32, x: u16) -> u16 {
    x
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
