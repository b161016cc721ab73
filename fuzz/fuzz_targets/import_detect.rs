//! What an import file is (`tessera_core::import::detect`), from its bytes alone.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tessera_core::import::detect(data);
});
