//! Command-line syntax (clap). Usage errors exit with status 2.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Tessera: two-factor codes (TOTP/HOTP/Steam) from the terminal.
#[derive(Debug, Parser)]
#[command(name = "tessera", version, about, propagate_version = true)]
pub struct Cli {
    /// Profile (separate vault) to use.
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        default_value = "default",
        env = "TESSERA_PROFILE"
    )]
    pub profile: String,
    /// Read PINs from standard input, one per line, instead of asking on the terminal.
    #[arg(long, global = true)]
    pub pin_stdin: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a one-time code: of a stored account (QUERY) or of a setup link (--uri).
    Code(CodeArgs),
    /// Describe a setup link (otpauth:// or otpauth-migration://) as JSON.
    Inspect(InspectArgs),
    /// Check a key as typed from a website: print it normalised and its strength.
    CheckKey(CheckKeyArgs),
    /// Add an account to the vault, from a setup link or from its parts.
    Add(AddArgs),
    /// List the vault's accounts (never their keys).
    List(ListArgs),
    /// Change an account's issuer and/or account name.
    Rename(RenameArgs),
    /// Remove an account and its key.
    Remove(RemoveArgs),
    /// Check the keychain, the data directory and the vault's consistency.
    Doctor(DoctorArgs),
    /// Set a PIN: every key is then sealed and the vault opens only with it.
    SetPin(SetPinArgs),
    /// Change the PIN (old PIN, then new PIN).
    ChangePin,
    /// Remove the PIN: keys are stored without the extra seal again.
    RemovePin,
    /// Check the PIN and finish an interrupted PIN change.
    Unlock,
    /// An account's one-time backup codes.
    BackupCodes(BackupCodesArgs),
    /// Find QR codes in image files, on the screen or through a camera and print their texts (exit 1 if none).
    Scan(ScanArgs),
    /// Write the printable backup sheet (PDF) of the backup codes.
    Print(PrintArgs),
    /// Show the profile's activity log (copies, reveals, PIN changes…), newest first.
    Log(LogArgs),
    /// Bring accounts in from another authenticator's export file.
    Import(ImportArgs),
    /// Write every account to a file: an encrypted Aegis vault, a Tessera backup, or a plain otpauth list.
    Export(ExportArgs),
    /// Encrypted backups of this profile: set the password, back up now, list, verify.
    Backup(BackupArgs),
    /// Bring accounts back from a Tessera backup (previewed, duplicates skipped).
    Restore(RestoreArgs),
    /// Check this computer's clock against time servers (NTP); exit 1 if it is
    /// more than 5 s off or could not be checked.
    Clock(ClockArgs),
    /// Share this profile with the other desks of a practice through a synced folder.
    Share(ShareArgs),
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    #[command(subcommand)]
    pub command: ShareCommand,
}

#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Found a practice in a folder your sync engine replicates (this desk becomes its admin).
    Init {
        /// The synced folder (Syncthing, Nextcloud, OneDrive/Dropbox, SMB share).
        #[arg(long, value_name = "DIR")]
        folder: std::path::PathBuf,
        /// The practice's name.
        #[arg(long, value_name = "NAME")]
        practice: String,
    },
    /// Ask to join the practice in a synced folder: prints the code to approve on an admin desk.
    Join {
        /// The synced folder.
        #[arg(long, value_name = "DIR")]
        folder: std::path::PathBuf,
    },
    /// Approve the desk showing CODE (admin desks only).
    Approve {
        /// The join code the new desk shows.
        code: String,
        /// Make it an admin desk too (default: staff).
        #[arg(long)]
        admin: bool,
    },
    /// One read-merge-write pass over the shared folder.
    Sync,
    /// The practice's desks, desks waiting to join, key conflicts and epoch.
    Status {
        /// JSON: {"practice","desks":[{"id","name","role","last_seen"}],"pending":[…],"conflicts":[…],"epoch"}.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a desk (by id or name): a new key for the others, and the accounts to re-enrol.
    Revoke {
        /// The desk's id or name.
        desk: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["files", "list_formats"])))]
pub struct ImportArgs {
    /// The export files (the format is found from their content).
    #[arg(value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
    /// Read the files as this format (see --list-formats) instead of finding it.
    #[arg(long, value_name = "NAME")]
    pub format: Option<String>,
    /// Read the file password from the first line of standard input (before any PIN).
    #[arg(long)]
    pub password_stdin: bool,
    /// Show what would be imported; add nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: print {"format","accounts":[…],"skipped":[{"entry","reason"}]} as JSON.
    #[arg(long)]
    pub json: bool,
    /// With --dry-run --json: include each account's key ("secret", base32).
    #[arg(long)]
    pub show_secret: bool,
    /// List the formats that can be imported.
    #[arg(long)]
    pub list_formats: bool,
}

/// Export format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    Aegis,
    Otpauth,
    Tessera,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// aegis (encrypted, read by Aegis, Ente, Proton, 2FAS, Stratum), tessera (a Tessera backup), otpauth (plain links).
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Where to write (replaced atomically if it exists).
    #[arg(long, value_name = "FILE")]
    pub out: std::path::PathBuf,
    /// Read the file's password from the first line of standard input (before any PIN).
    #[arg(long)]
    pub password_stdin: bool,
    /// Allow an unencrypted export (required for otpauth).
    #[arg(long)]
    pub plain: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: BackupCommand,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Set (or change) the backup password; the first time, print the recovery key once.
    SetPassword {
        /// Read the password from the first line of standard input (before any PIN).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Write a backup now (to the folder chosen in the app, or --dir).
    Now {
        /// The folder to write to.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
    /// List this profile's backups in the backup folder, newest first.
    List {
        /// The folder to look in (default: the one chosen in the app).
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
        /// Print [{"path","created","bytes"}] as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check that a backup file is whole and opens with this profile's backup key.
    Verify {
        /// The backup file.
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("credential").args(["password_stdin", "recovery_key_stdin"])))]
pub struct RestoreArgs {
    /// The backup file.
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Read the backup password from the first line of standard input (before any PIN).
    #[arg(long)]
    pub password_stdin: bool,
    /// Read the recovery key (as printed, with or without spaces and check letters) from standard input, up to an empty line.
    #[arg(long)]
    pub recovery_key_stdin: bool,
    /// Show what would be restored; add nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print {"format","accounts":[…],"skipped":[…]} as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ClockArgs {
    /// A time server to ask (repeat for several). Default: the servers the
    /// system's time service is configured with, else pool.ntp.org.
    #[arg(long = "server", value_name = "HOST[:PORT]", value_parser = server_arg)]
    pub servers: Vec<String>,
    /// Print {"offset_ms","servers":[{"server","offset_ms","rtt_ms"}|{"server","error"}],"verdict"} as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A `--server` as given, refused (exit 2) unless it is `HOST[:PORT]`.
fn server_arg(text: &str) -> Result<String, String> {
    tessera_clock::ServerAddress::parse(text)
        .map(|_| text.trim().to_owned())
        .map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Print [{"time","user","event","account","detail"}] as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Paper size for `print`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// Where to write the PDF (replaced atomically if it exists).
    #[arg(long, value_name = "FILE.pdf")]
    pub out: std::path::PathBuf,
    /// Accounts to print (a case-insensitive part of issuer or name; repeat
    /// for several). Default: every account.
    #[arg(long = "account", value_name = "QUERY")]
    pub accounts: Vec<String>,
    /// Also print each account's QR code and key. Anyone holding the sheet
    /// can then make the account's codes.
    #[arg(long)]
    pub with_recovery: bool,
    /// Paper size; default from the locale (Letter in the US and Canada, else A4).
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["images", "screen", "camera"])))]
pub struct ScanArgs {
    /// Image files (PNG, JPEG, WebP, BMP, GIF) to scan.
    #[arg(long = "image", value_name = "FILE", num_args = 1..)]
    pub images: Vec<std::path::PathBuf>,
    /// Scan every monitor of the screen.
    #[arg(long)]
    pub screen: bool,
    /// Scan from a camera until a code is seen (or --timeout).
    #[arg(long)]
    pub camera: bool,
    /// Camera number (default 0; the list is printed when it does not exist).
    #[arg(long, value_name = "N")]
    pub device: Option<u32>,
    /// Seconds to look through the camera before giving up (default 30).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    /// Add the accounts found to the vault.
    #[arg(long)]
    pub add: bool,
}

#[derive(Debug, Args)]
pub struct BackupCodesArgs {
    #[command(subcommand)]
    pub command: BackupCodesCommand,
}

#[derive(Debug, Subcommand)]
pub enum BackupCodesCommand {
    /// Store the codes given on standard input (as the website shows them;
    /// with --pin-stdin the first line is the PIN).
    Set {
        /// The account: a case-insensitive part of its issuer or name.
        #[arg(value_name = "QUERY")]
        query: String,
        /// Add to the stored codes instead of replacing them.
        #[arg(long)]
        append: bool,
    },
    /// Show the stored codes and which are used.
    List {
        /// The account: a case-insensitive part of its issuer or name.
        #[arg(value_name = "QUERY")]
        query: String,
        /// Print [{"code","used"}] as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark a code used.
    Use {
        /// The account: a case-insensitive part of its issuer or name.
        #[arg(value_name = "QUERY")]
        query: String,
        /// The code (case, spaces and dashes do not matter).
        #[arg(value_name = "CODE")]
        code: String,
    },
}

#[derive(Debug, Args)]
pub struct SetPinArgs {
    /// Shared front-desk PC: the PIN becomes mandatory and cannot be removed.
    #[arg(long)]
    pub shared_desk: bool,
}

#[derive(Args)]
pub struct CodeArgs {
    /// Stored account to use: a case-insensitive part of its issuer or name.
    #[arg(
        value_name = "QUERY",
        conflicts_with = "uri",
        required_unless_present = "uri"
    )]
    pub query: Option<String>,
    /// A setup link instead of a stored account; `-` reads it from standard input.
    #[arg(long, value_name = "URI")]
    pub uri: Option<String>,
    /// Unix time in seconds to compute the code for, instead of now.
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub at: Option<u64>,
    /// Print {"code","seconds_remaining","next_code"} as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct InspectArgs {
    /// The otpauth:// or otpauth-migration:// link; `-` reads it from standard input.
    #[arg(value_name = "URI")]
    pub uri: String,
    /// Include each key (base32) in the output.
    #[arg(long)]
    pub show_secret: bool,
}

#[derive(Args)]
pub struct CheckKeyArgs {
    /// The key as shown by the website; `-` reads it from standard input.
    #[arg(value_name = "KEY")]
    pub key: String,
    /// Print {"key","bits","weak"} as JSON.
    #[arg(long)]
    pub json: bool,
}

/// OTP type for `add`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Totp,
    Hotp,
    Steam,
}

#[derive(Args)]
pub struct AddArgs {
    /// Setup link (otpauth:// or otpauth-migration://); `-` reads it from standard input.
    #[arg(long, value_name = "URI", conflicts_with_all = ["issuer", "account", "secret"])]
    pub uri: Option<String>,
    /// Who issued the key, e.g. "GitHub".
    #[arg(long, value_name = "ISSUER", required_unless_present = "uri")]
    pub issuer: Option<String>,
    /// The account at the issuer, e.g. an e-mail address.
    #[arg(long, value_name = "ACCOUNT", required_unless_present = "uri")]
    pub account: Option<String>,
    /// The key as the website shows it; `-` reads it from standard input.
    #[arg(long, value_name = "KEY", required_unless_present = "uri")]
    pub secret: Option<String>,
    /// Kind of code.
    #[arg(long = "type", value_enum, default_value = "totp")]
    pub kind: KindArg,
    /// Hash: SHA1, SHA256 or SHA512.
    #[arg(long, default_value = "SHA1")]
    pub algorithm: String,
    /// Digits per code (6, 7 or 8).
    #[arg(long, default_value_t = 6)]
    pub digits: u32,
    /// Seconds per code (TOTP, Steam).
    #[arg(long, conflicts_with = "counter")]
    pub period: Option<u64>,
    /// Counter of the first code (HOTP).
    #[arg(long)]
    pub counter: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print the accounts as a JSON array.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The account: a case-insensitive part of its issuer or name.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// New issuer.
    #[arg(long, required_unless_present_any = ["account", "tags"])]
    pub issuer: Option<String>,
    /// New account name.
    #[arg(long)]
    pub account: Option<String>,
    /// The account's groups (tags), comma-separated; "" removes them all.
    #[arg(long, value_name = "GROUP,…")]
    pub tags: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The account: a case-insensitive part of its issuer or name.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

// Arguments that may hold a key or a setup link: `Debug` never shows them.
macro_rules! redacted_debug {
    ($($ty:ident),+) => {$(
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($ty), " { <redacted> }"))
            }
        }
    )+};
}

redacted_debug!(AddArgs, CheckKeyArgs, InspectArgs, CodeArgs);
