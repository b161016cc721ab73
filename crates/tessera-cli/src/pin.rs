//! Asking for PINs: on the terminal without echo, or from standard input with
//! `--pin-stdin` (one PIN per line, for scripts and tests).

use crate::error::CliError;
use std::io::{BufRead, IsTerminal, Read};
use zeroize::Zeroizing;

/// Most bytes of one PIN or password line read from standard input (a PIN
/// has at most 256 characters).
const MAX_LINE_BYTES: u64 = 4096;

/// Where PINs come from for this run.
#[derive(Debug)]
pub struct PinSource {
    from_stdin: bool,
}

impl PinSource {
    /// PINs from stdin lines when `from_stdin`, else from the terminal.
    pub fn new(from_stdin: bool) -> Self {
        Self { from_stdin }
    }

    /// Reads one PIN, showing `prompt` on the terminal.
    pub fn read(&self, prompt: &str) -> Result<Zeroizing<String>, CliError> {
        if self.from_stdin {
            let mut line = Zeroizing::new(String::new());
            std::io::stdin()
                .lock()
                .take(MAX_LINE_BYTES)
                .read_line(&mut line)?;
            let pin = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
            if pin.is_empty() {
                return Err(CliError::Invalid("no PIN on standard input".into()));
            }
            return Ok(pin);
        }
        if !std::io::stdin().is_terminal() {
            return Err(CliError::Invalid(
                "a PIN is needed but there is no terminal to ask on: use --pin-stdin".into(),
            ));
        }
        Ok(Zeroizing::new(rpassword::prompt_password(prompt)?))
    }

    /// Reads a new PIN and its confirmation: on a terminal it is asked
    /// twice; from standard input one line stands for both.
    pub fn read_new(
        &self,
        prompt: &str,
    ) -> Result<(Zeroizing<String>, Zeroizing<String>), CliError> {
        let pin = self.read(prompt)?;
        let again = if self.from_stdin {
            pin.clone()
        } else {
            self.read("Repeat the new PIN: ")?
        };
        Ok((pin, again))
    }
}

/// Reads a file's (or a backup's) password: the next line of standard input
/// with `--password-stdin`, else asked on the terminal.
pub fn read_password(from_stdin: bool, prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if from_stdin {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .take(MAX_LINE_BYTES)
            .read_line(&mut line)?;
        let password = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
        if password.is_empty() {
            return Err(CliError::Invalid("no password on standard input".into()));
        }
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Invalid(
            "a password is needed but there is no terminal to ask on: use --password-stdin".into(),
        ));
    }
    Ok(Zeroizing::new(rpassword::prompt_password(prompt)?))
}

/// A new password and its confirmation (asked twice on a terminal; one
/// line stands for both from standard input).
pub fn read_new_password(
    from_stdin: bool,
    prompt: &str,
) -> Result<(Zeroizing<String>, Zeroizing<String>), CliError> {
    let password = read_password(from_stdin, prompt)?;
    let again = if from_stdin {
        password.clone()
    } else {
        read_password(false, "Repeat the password: ")?
    };
    Ok((password, again))
}
