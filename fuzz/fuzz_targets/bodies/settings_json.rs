// The body of the fuzz target `settings_json` (fuzz/fuzz_targets/settings_json.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::settings::Settings;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    let settings = Settings::from_json(data);
    if let Ok(bytes) = settings.to_json() {
        assert_eq!(Settings::from_json(&bytes), settings, "settings do not read back");
    }
}
