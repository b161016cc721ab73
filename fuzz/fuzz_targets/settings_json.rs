//! A profile's `settings.json` (`tessera_core::settings::Settings::from_json`,
//! which never fails). Settings read must write out and read back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::settings::Settings;

fuzz_target!(|data: &[u8]| {
    let settings = Settings::from_json(data);
    if let Ok(bytes) = settings.to_json() {
        assert_eq!(Settings::from_json(&bytes), settings, "settings do not read back");
    }
});
