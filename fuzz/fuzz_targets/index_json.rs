//! A profile's `index.json` (`tessera_core::vault::Index::from_json`). An
//! index that is read must write out and read back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::vault::Index;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = Index::from_json(data, "fuzz") {
        let bytes = index.to_json();
        let again = bytes.and_then(|b| Index::from_json(&b, "fuzz"));
        assert_eq!(again.as_ref(), Ok(&index), "the index does not read back");
    }
});
