//! A profile's `settings.json` (`tessera_core::settings::Settings::from_json`,
//! which never fails). Settings read must write out and read back the same.
#![no_main]

mod body {
    include!("bodies/settings_json.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
