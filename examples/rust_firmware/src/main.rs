//! A bare-metal Cortex-M program that depends on `tinyrnn` and brings its own
//! panic handler (as firmware using `panic-halt` or `panic-probe` does). It
//! runs a Q15 FastGRNN and reports through semihosting: exit status 0 and
//! "RESULT: PASS" when the hidden state is EdgeML's.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};

#[path = "../../rust_host/src/model.rs"]
mod model;

#[entry]
fn main() -> ! {
    let ok = match model::run() {
        Ok(h) => {
            hprintln!("hidden state {:?}, EdgeML gives {:?}", h, model::EDGEML_STATE);
            h == model::EDGEML_STATE
        }
        Err(e) => {
            hprintln!("error: {}", e);
            false
        }
    };
    hprintln!("RESULT: {}", if ok { "PASS" } else { "FAIL" });
    debug::exit(if ok { debug::EXIT_SUCCESS } else { debug::EXIT_FAILURE });
    loop {}
}

/// This firmware's own panic handler: tinyrnn brings none, so there is no
/// duplicate `panic_impl`.
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    hprintln!("panic: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
