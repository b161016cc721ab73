// The body of the fuzz target `migration` (fuzz/fuzz_targets/migration.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use base64::Engine as _;
use tessera_core::parse_migration;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    match data.split_first() {
        Some((0, payload)) => {
            let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload);
            let _ = parse_migration(&format!("otpauth-migration://offline?data={b64}"));
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(data) {
                let _ = parse_migration(text);
            }
        }
    }
}
