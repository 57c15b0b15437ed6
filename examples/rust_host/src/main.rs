//! A host program that depends on `tinyrnn` with no features (no `std`
//! feature exists or is needed) and runs a Q15 FastGRNN; exits non-zero
//! unless the result is EdgeML's.

mod model;

fn main() {
    match model::run() {
        Ok(h) if h == model::EDGEML_STATE => println!("rust_host: hidden state {h:?} (EdgeML's)"),
        Ok(h) => {
            eprintln!("rust_host: hidden state {h:?}, EdgeML gives {:?}", model::EDGEML_STATE);
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("rust_host: {e}");
            std::process::exit(1);
        }
    }
}
