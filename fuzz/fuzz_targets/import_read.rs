//! Every import format (`tessera_core::import::read`). The first byte picks
//! the format: 0 detects it, n forces `Format::ALL[n - 1]`; the second byte
//! says whether the fixed password is given (odd) or not (even); the rest is
//! the file. Under `cfg(fuzzing)` the key-derivation caps are lower (see
//! `import/crypto.rs`), so inputs spend their time parsing, not deriving.
#![no_main]

mod body {
    include!("bodies/import_read.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
