//! The activity log as the app's Settings → Activity shows it.

use serde::Serialize;

/// One thing that happened on this profile. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActivityView {
    /// When (Unix seconds).
    pub time: u64,
    /// The operating-system user who was signed in.
    pub user: String,
    /// What happened, as a stable name (`copied`, `keyRevealed`, …).
    pub event: String,
    /// The account concerned, "issuer (name)", if any.
    pub account: Option<String>,
    /// More detail ("with keys", "3 tries left"), if any.
    pub detail: Option<String>,
}
