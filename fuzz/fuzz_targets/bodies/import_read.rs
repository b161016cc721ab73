// The body of the fuzz target `import_read` (fuzz/fuzz_targets/import_read.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::import::{self, Format};

/// The password of every encrypted fixture (crates/tessera-core/tests/fixtures/import).
const PASSWORD: &str = "correct horse battery staple";

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
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
}
