//! A key as typed or pasted (`tessera_core::check_key`). A key that is
//! accepted must be accepted again, as the same bytes, in its normalised and
//! its grouped form.
#![no_main]

mod body {
    include!("bodies/key_entry.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| body::run(data));
