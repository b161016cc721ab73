//! Settings → Updates as the app shows it: whether this copy may update
//! itself, and what the last check found.

use serde::Serialize;

/// Where updates stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum UpdateState {
    /// The administrator's policy turned updates off: no check is made.
    #[serde(rename_all = "camelCase")]
    Managed {
        /// Why, when the policy file could not be used.
        problem: Option<String>,
    },
    /// This copy cannot update itself: it was not installed from one of
    /// Tessera's packages, or it was built without a release key.
    #[serde(rename_all = "camelCase")]
    Unavailable {
        /// Which of the two, in words.
        reason: String,
    },
    /// Updates can be checked for; no check yet.
    Ready,
    /// The last check found nothing newer.
    UpToDate,
    /// A newer, signed version is offered.
    #[serde(rename_all = "camelCase")]
    Available {
        /// Its version.
        version: String,
        /// Its release notes, as published.
        notes: Option<String>,
    },
    /// A newer version was verified and installed: restart to use it.
    #[serde(rename_all = "camelCase")]
    Installed {
        /// The version installed.
        version: String,
    },
}

/// The updates section's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UpdateView {
    /// The version running now.
    pub current_version: String,
    /// Where updates stand.
    pub state: UpdateState,
}
