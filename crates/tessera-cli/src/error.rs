//! CLI failures and their exit status.

use std::io::Write;
use std::process::ExitCode;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The user's input is wrong (exit 2).
    Invalid(String),
    /// Anything else (exit 1).
    Failed(String),
    /// The reason was already printed; exit with this status.
    Silent(u8),
}

impl CliError {
    /// Prints the one-line reason on stderr and returns the exit status.
    pub fn report(self) -> ExitCode {
        let (code, message) = match self {
            Self::Invalid(m) => (2, m),
            Self::Failed(m) => (1, m),
            Self::Silent(code) => return ExitCode::from(code),
        };
        let _ = writeln!(std::io::stderr(), "tessera: {message}");
        ExitCode::from(code)
    }

    /// Wraps any displayable failure that is not the user's input.
    pub fn failed(err: impl std::fmt::Display) -> Self {
        Self::Failed(err.to_string())
    }

    /// Wraps any displayable input error.
    pub fn invalid(err: impl std::fmt::Display) -> Self {
        Self::Invalid(err.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        Self::Failed(err.to_string())
    }
}

impl From<serde_json::Error> for CliError {
    fn from(err: serde_json::Error) -> Self {
        Self::Failed(err.to_string())
    }
}
