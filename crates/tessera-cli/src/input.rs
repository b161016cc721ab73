//! Reading arguments that may carry secrets: `-` means standard input, so the
//! value stays out of the process list and shell history.

use crate::error::CliError;
use std::io::Read;
use zeroize::Zeroizing;

/// The argument itself, or standard input when it is `-`.
pub fn argument_or_stdin(value: &str) -> Result<Zeroizing<String>, CliError> {
    if value != "-" {
        return Ok(Zeroizing::new(value.to_owned()));
    }
    let mut text = Zeroizing::new(String::new());
    std::io::stdin().read_to_string(&mut text)?;
    Ok(text)
}

/// Now, as Unix seconds (the only clock read in the CLI).
pub fn now() -> Result<u64, CliError> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| CliError::Failed("the system clock is set before 1970".into()))
}
