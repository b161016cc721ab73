//! Every import format (`tessera_core::import::read`). The first byte picks
//! the format: 0 detects it, n forces `Format::ALL[n - 1]`; the second byte
//! says whether the fixed password is given (odd) or not (even); the rest is
//! the file. Under `cfg(fuzzing)` the key-derivation caps are lower (see
//! `import/crypto.rs`), so inputs spend their time parsing, not deriving.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::import::{self, Format};

/// The password of every encrypted fixture (crates/tessera-core/tests/fixtures/import).
const PASSWORD: &str = "correct horse battery staple";

fuzz_target!(|data: &[u8]| {
    let [pick, flags, file @ ..] = data else {
        return;
    };
    let format = match usize::from(*pick) {
        0 => None,
        n => match Format::ALL.get(n - 1) {
            Some(format) => Some(*format),
            None => return,
        },
    };
    let password = (flags & 1 == 1).then_some(PASSWORD);
    if let Ok(imported) = import::read(file, format, password) {
        assert!(imported.accounts.len() + imported.skipped.len() <= import::MAX_ENTRIES);
    }
});
