//! Reading arguments that may carry secrets: `-` means standard input, so the
//! value stays out of the process list and shell history. Everything read
//! from standard input or a file is size-capped before it is parsed: at most
//! the cap plus one byte is ever read.

use crate::error::CliError;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// Most bytes a link or key read from standard input may have: the longest
/// setup link Tessera reads (a transfer link).
pub const MAX_STDIN_BYTES: usize = tessera_core::migration::MAX_MIGRATION_BYTES;

/// The argument itself, or standard input when it is `-`.
pub fn argument_or_stdin(value: &str) -> Result<Zeroizing<String>, CliError> {
    if value != "-" {
        return Ok(Zeroizing::new(value.to_owned()));
    }
    stdin_text(MAX_STDIN_BYTES, "a setup link or a key")
}

/// All of standard input as text, refused unread past `max` bytes.
pub fn stdin_text(max: usize, what: &str) -> Result<Zeroizing<String>, CliError> {
    let mut bytes = Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .take(u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Err(CliError::Invalid(format!(
            "standard input holds more than {max} bytes, more than {what} can be"
        )));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(_) => Err(CliError::Invalid(
            "standard input is not text (UTF-8)".into(),
        )),
    }
}

/// A file's bytes, refused unread when larger than `max` (also a file whose
/// size the system does not tell, such as a device).
pub fn read_file_limited(path: &Path, max: usize) -> Result<Zeroizing<Vec<u8>>, CliError> {
    match tessera_fs::read_limited(path, max) {
        Ok(bytes) => Ok(Zeroizing::new(bytes)),
        Err(tessera_fs::LimitedReadError::TooLarge { .. }) => Err(CliError::Invalid(format!(
            "{}: the file is larger than {}, more than Tessera reads",
            path.display(),
            size_text(max)
        ))),
        Err(tessera_fs::LimitedReadError::Io(e)) => Err(CliError::Invalid(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// `20 MiB`, `64 KiB`, `100 bytes`.
fn size_text(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Now, as Unix seconds (the only clock read in the CLI).
pub fn now() -> Result<u64, CliError> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| CliError::Failed("the system clock is set before 1970".into()))
}
