//! Codes as the list shows them, pushed once a second.

use serde::Serialize;

/// One account's code now. Time-based accounts always have a code (or a
/// problem); a counter-based one has a code only after "next code".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CodeView {
    /// The account's id.
    pub id: String,
    /// The code to type now.
    pub code: Option<String>,
    /// The code of the next period (time-based kinds).
    pub next_code: Option<String>,
    /// Seconds until `code` changes (time-based kinds).
    pub seconds_remaining: Option<u32>,
    /// Seconds per code (time-based kinds).
    pub period: Option<u32>,
    /// Why there is no code (for example the key is missing from the keychain).
    pub problem: Option<String>,
}

/// Everything the list needs to repaint, sent once a second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CodeFrame {
    /// Changes whenever accounts or the lock change: reload the list when it does.
    pub revision: u64,
    /// The app is locked: show the lock screen; `codes` is empty.
    pub locked: bool,
    /// Codes of the listed accounts.
    pub codes: Vec<CodeView>,
    /// Why no codes could be read at all (keychain unavailable or locked).
    pub problem: Option<crate::Error>,
}

/// A code was copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Copied {
    /// Seconds before the clipboard is cleared (0: it is not cleared).
    pub clear_after_seconds: u32,
    /// The next code was copied (asked for, or the current one was about to expire).
    pub next: bool,
    /// Seconds until the copied code stops being accepted (time-based kinds).
    pub valid_for_seconds: Option<u32>,
}
