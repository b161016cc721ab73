//! A profile's `index.json` (`tessera_core::vault::Index::from_json`). An
//! index that is read must write out and read back the same.
#![no_main]

mod body {
    include!("bodies/index_json.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
