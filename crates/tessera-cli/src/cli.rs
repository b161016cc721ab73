//! Command-line syntax (clap). Usage errors exit with status 2.

use clap::{Args, Parser, Subcommand};

/// Tessera: two-factor codes (TOTP/HOTP/Steam) from the terminal.
#[derive(Debug, Parser)]
#[command(name = "tessera", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the one-time code of a setup link for a moment in time (default: now).
    Code(CodeArgs),
    /// Describe a setup link (otpauth:// or otpauth-migration://) as JSON.
    Inspect(InspectArgs),
    /// Check a key as typed from a website: print it normalised and its strength.
    CheckKey(CheckKeyArgs),
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// The otpauth:// link; `-` reads it from standard input.
    #[arg(long, value_name = "URI")]
    pub uri: String,
    /// Unix time in seconds to compute the code for, instead of now.
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub at: Option<u64>,
    /// Print {"code","seconds_remaining","next_code"} as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The otpauth:// or otpauth-migration:// link; `-` reads it from standard input.
    #[arg(value_name = "URI")]
    pub uri: String,
    /// Include each key (base32) in the output.
    #[arg(long)]
    pub show_secret: bool,
}

#[derive(Debug, Args)]
pub struct CheckKeyArgs {
    /// The key as shown by the website; `-` reads it from standard input.
    #[arg(value_name = "KEY")]
    pub key: String,
    /// Print {"key","bits","weak"} as JSON.
    #[arg(long)]
    pub json: bool,
}
