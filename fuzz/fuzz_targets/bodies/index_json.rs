// The body of the fuzz target `index_json` (fuzz/fuzz_targets/index_json.rs, which
// says what it checks), included there and by
// crates/tessera-service/tests/fuzz_targets.rs, which runs it on the
// committed seeds in every test run.

use tessera_core::vault::Index;

/// One input: what the fuzz target checks.
pub fn run(data: &[u8]) {
    if let Ok(index) = Index::from_json(data, "fuzz") {
        let bytes = index.to_json();
        let again = bytes.and_then(|b| Index::from_json(&b, "fuzz"));
        assert_eq!(again.as_ref(), Ok(&index), "the index does not read back");
    }
}
