//! Helpers shared by integration tests that call real reference tools.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

/// True when `tool` can be run. When it cannot and `TESSERA_REAL_TOOLS=1`
/// (set by the test script and CI), this panics: there a missing tool is a
/// broken set-up, not a reason to skip.
pub fn available(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        assert!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref() != Ok("1"),
            "{tool} is not installed; run scripts/setup.sh --tests"
        );
        println!("SKIPPED: {tool} is not installed (run scripts/setup.sh --tests)");
    }
    found
}

/// A small deterministic generator (SplitMix64) so failures can be replayed.
#[derive(Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}
