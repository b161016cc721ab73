//! A key as typed or pasted (`tessera_core::check_key`). A key that is
//! accepted must be accepted again, as the same bytes, in its normalised and
//! its grouped form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::check_key;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(checked) = check_key(text) {
        for form in [checked.normalized(), checked.grouped()] {
            let again = check_key(&form).map(|k| k.key);
            assert_eq!(again.as_ref().ok(), Some(&checked.key), "normalised key refused");
        }
    }
});
