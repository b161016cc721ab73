//! The clock check as the app shows it: how far this computer's clock is
//! from time servers, and whether codes are being corrected for it.

use serde::Serialize;
use tessera_clock::{ClockReport, ServerResult, Verdict};

/// What the clock check concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ClockVerdict {
    /// Within 5 s of the servers.
    Ok,
    /// More than 5 s off.
    Skewed,
    /// Not checked: no server answered (offline), or no check yet.
    Unknown,
}

impl From<Verdict> for ClockVerdict {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Ok => Self::Ok,
            Verdict::Skewed => Self::Skewed,
            Verdict::Unknown => Self::Unknown,
        }
    }
}

/// One server's answer: an offset and round trip, or an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServerCheck {
    /// The server as asked (`HOST[:PORT]`).
    pub server: String,
    /// Its time minus this computer's, in milliseconds, when it answered.
    pub offset_ms: Option<i64>,
    /// Round trip to it, in milliseconds, when it answered.
    pub rtt_ms: Option<u64>,
    /// Why it gave no time.
    pub error: Option<String>,
}

impl From<&ServerResult> for ServerCheck {
    fn from(result: &ServerResult) -> Self {
        match result {
            ServerResult::Ok(r) => Self {
                server: r.server.clone(),
                offset_ms: Some(r.offset_ms),
                rtt_ms: Some(r.rtt_ms),
                error: None,
            },
            ServerResult::Err { server, error } => Self {
                server: server.clone(),
                offset_ms: None,
                rtt_ms: None,
                error: Some(error.clone()),
            },
        }
    }
}

/// The last clock check and the profile's time correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClockView {
    /// The servers' time minus this computer's (their median), in
    /// milliseconds: negative when this clock is fast. `None` when no
    /// server answered.
    pub offset_ms: Option<i64>,
    /// What that means for the clock itself.
    pub verdict: ClockVerdict,
    /// Every server asked, in order.
    pub servers: Vec<ServerCheck>,
    /// The time correction codes are made with now (milliseconds added to
    /// the clock), if any.
    pub correction_ms: Option<i64>,
    /// The codes shown now (with the correction, if any) are off by half a
    /// period or more of the profile's shortest period (15 s for 30-s
    /// codes): websites refuse them. Show a strong warning.
    pub wrong_codes: bool,
}

impl ClockView {
    /// The view of `report` (`None`: not checked yet) with `correction_ms`
    /// applied to codes of at most `period` seconds.
    pub fn of(report: Option<&ClockReport>, correction_ms: Option<i64>, period: u32) -> Self {
        let offset_ms = report.and_then(|r| r.offset_ms);
        let residual = offset_ms.map(|ms| ms.saturating_sub(correction_ms.unwrap_or(0)));
        Self {
            offset_ms,
            verdict: report.map_or(ClockVerdict::Unknown, |r| r.verdict.into()),
            servers: report
                .map(|r| r.servers.iter().map(ServerCheck::from).collect())
                .unwrap_or_default(),
            correction_ms,
            wrong_codes: residual.is_some_and(|ms| tessera_clock::gives_wrong_codes(ms, period)),
        }
    }
}
