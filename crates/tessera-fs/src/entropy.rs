//! The OS random source, for keys, salts and nonces.

use tessera_core::vault::{Entropy, SealError};

/// Random bytes from the operating system (getrandom).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&self, buf: &mut [u8]) -> Result<(), SealError> {
        getrandom::fill(buf).map_err(|e| SealError::NoEntropy(e.to_string()))
    }
}
