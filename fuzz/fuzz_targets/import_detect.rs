//! What an import file is (`tessera_core::import::detect`), from its bytes alone.
#![no_main]

mod body {
    include!("bodies/import_detect.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
