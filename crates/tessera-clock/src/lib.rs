//! The clock check: how far this computer's clock is from the time NTP
//! servers keep. Time-based codes (RFC 6238) are made from the clock, so a
//! clock that is off by half a period or more gives codes websites refuse.
//!
//! Each server is asked once with SNTP, the simple client side of NTP
//! ([RFC 4330](https://www.rfc-editor.org/rfc/rfc4330), now part of
//! [RFC 5905](https://www.rfc-editor.org/rfc/rfc5905) §14), through the
//! blocking client of the `rsntp` crate. A reply's four timestamps give the
//! clock offset `((T2 − T1) + (T3 − T4)) / 2` and the round trip
//! `(T4 − T1) − (T3 − T2)`; the offset is *server minus this computer*, so a
//! clock that runs 90 s fast measures −90 000 ms. [`check`] asks several
//! servers at once and takes the median of the answers, so one wrong server
//! does not decide.
//!
//! Nothing here changes the system clock (that needs privileges and is the
//! operating system's job); the service can instead apply a measured offset
//! to the codes it makes. Which servers to ask: the ones the operating
//! system is configured with ([`default_servers`]), else `pool.ntp.org`.
//! With no network every server fails and the verdict is
//! [`Verdict::Unknown`] — an answer, never a panic.

pub mod servers;
mod sntp;

pub use servers::{default_servers, FALLBACK_SERVER};
pub use sntp::{query, ClockError, ServerAddress, DEFAULT_PORT};

use serde::Serialize;
use std::time::Duration;

/// Beyond this many milliseconds either way the clock counts as wrong.
pub const SKEW_LIMIT_MS: u64 = 5_000;

/// How long [`check`] waits for each server by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

/// One server's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerReading {
    /// The server as asked (`HOST[:PORT]`).
    pub server: String,
    /// The server's time minus this computer's, in milliseconds: negative
    /// when this clock is fast.
    pub offset_ms: i64,
    /// Round trip to the server (network delay), in milliseconds.
    pub rtt_ms: u64,
}

/// One server's answer or why there was none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ServerResult {
    /// The server answered.
    Ok(ServerReading),
    /// The server could not be asked or did not answer properly.
    Err {
        /// The server as asked.
        server: String,
        /// Why (English, for people).
        error: String,
    },
}

impl ServerResult {
    /// The server as asked.
    pub fn server(&self) -> &str {
        match self {
            Self::Ok(reading) => &reading.server,
            Self::Err { server, .. } => server,
        }
    }

    /// The offset it measured, if it answered.
    pub fn offset_ms(&self) -> Option<i64> {
        match self {
            Self::Ok(reading) => Some(reading.offset_ms),
            Self::Err { .. } => None,
        }
    }
}

/// What the check concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Within [`SKEW_LIMIT_MS`] of the servers' time.
    Ok,
    /// More than [`SKEW_LIMIT_MS`] off.
    Skewed,
    /// No server answered (offline, or every server failed): not checked.
    Unknown,
}

impl Verdict {
    /// The verdict for a measured offset (`None`: nothing measured).
    pub fn of(offset_ms: Option<i64>) -> Self {
        match offset_ms {
            None => Self::Unknown,
            Some(ms) if ms.unsigned_abs() > SKEW_LIMIT_MS => Self::Skewed,
            Some(_) => Self::Ok,
        }
    }

    /// `"ok"`, `"skewed"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Skewed => "skewed",
            Self::Unknown => "unknown",
        }
    }
}

/// The result of asking every server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockReport {
    /// The median of the servers' offsets (server minus this computer);
    /// `None` when no server answered.
    pub offset_ms: Option<i64>,
    /// Every server's answer, in the order asked.
    pub servers: Vec<ServerResult>,
    /// What that means.
    pub verdict: Verdict,
}

impl ClockReport {
    /// The report for these answers: their median offset and its verdict.
    pub fn from_results(servers: Vec<ServerResult>) -> Self {
        let mut offsets: Vec<i64> = servers.iter().filter_map(ServerResult::offset_ms).collect();
        let offset_ms = median(&mut offsets);
        Self {
            offset_ms,
            servers,
            verdict: Verdict::of(offset_ms),
        }
    }

    /// Whether codes of `period` seconds made from this clock are wrong:
    /// off by half a period or more (15 s for 30-s codes), the code shown is
    /// mostly another period's, which websites refuse. False when unknown.
    pub fn would_give_wrong_codes(&self, period: u32) -> bool {
        self.offset_ms
            .is_some_and(|ms| gives_wrong_codes(ms, period))
    }
}

/// Whether a clock `offset_ms` off gives wrong codes of `period` seconds:
/// off by half a period or more.
pub fn gives_wrong_codes(offset_ms: i64, period: u32) -> bool {
    offset_ms.unsigned_abs().saturating_mul(2) >= u64::from(period) * 1000
}

/// The median (the mean of the middle two for an even count).
fn median(values: &mut [i64]) -> Option<i64> {
    values.sort_unstable();
    let mid = values.len() / 2;
    match values.len() {
        0 => None,
        n if n % 2 == 1 => values.get(mid).copied(),
        _ => Some(values.get(mid - 1)?.midpoint(*values.get(mid)?)),
    }
}

/// Asks every server at once (each waits at most `timeout`) and sums up
/// their answers. No server, or no answer: [`Verdict::Unknown`].
pub fn check(servers: &[String], timeout: Duration) -> ClockReport {
    let results = std::thread::scope(|scope| {
        let asking: Vec<_> = servers
            .iter()
            .map(|server| (server, scope.spawn(|| query(server, timeout))))
            .collect();
        asking
            .into_iter()
            .map(|(server, asked)| {
                let answer = asked
                    .join()
                    .unwrap_or_else(|_| Err(ClockError::Failed("the query stopped".into())));
                match answer {
                    Ok(reading) => ServerResult::Ok(reading),
                    Err(err) => ServerResult::Err {
                        server: server.clone(),
                        error: err.to_string(),
                    },
                }
            })
            .collect()
    });
    ClockReport::from_results(results)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ok(server: &str, offset_ms: i64) -> ServerResult {
        ServerResult::Ok(ServerReading {
            server: server.into(),
            offset_ms,
            rtt_ms: 1,
        })
    }

    fn failed(server: &str) -> ServerResult {
        ServerResult::Err {
            server: server.into(),
            error: "no answer".into(),
        }
    }

    #[test]
    fn the_median_of_the_answers_decides() {
        let r = ClockReport::from_results(vec![ok("a", -90_000), ok("b", 40), ok("c", -89_900)]);
        assert_eq!(r.offset_ms, Some(-89_900));
        assert_eq!(r.verdict, Verdict::Skewed);
        let even = ClockReport::from_results(vec![ok("a", 100), failed("x"), ok("b", 301)]);
        assert_eq!(even.offset_ms, Some(200));
        assert_eq!(even.verdict, Verdict::Ok);
    }

    #[test]
    fn no_answer_is_unknown_not_ok() {
        let r = ClockReport::from_results(vec![failed("a"), failed("b")]);
        assert_eq!(r.offset_ms, None);
        assert_eq!(r.verdict, Verdict::Unknown);
        assert!(!r.would_give_wrong_codes(30));
        assert_eq!(ClockReport::from_results(vec![]).verdict, Verdict::Unknown);
        assert_eq!(check(&[], DEFAULT_TIMEOUT).verdict, Verdict::Unknown);
    }

    #[test]
    fn skewed_beyond_five_seconds_either_way() {
        assert_eq!(Verdict::of(Some(5_000)), Verdict::Ok);
        assert_eq!(Verdict::of(Some(-5_000)), Verdict::Ok);
        assert_eq!(Verdict::of(Some(5_001)), Verdict::Skewed);
        assert_eq!(Verdict::of(Some(-5_001)), Verdict::Skewed);
        assert_eq!(Verdict::of(Some(i64::MIN)), Verdict::Skewed);
    }

    #[test]
    fn wrong_codes_from_half_a_period() {
        let at = |ms| ClockReport::from_results(vec![ok("a", ms)]);
        assert!(!at(14_999).would_give_wrong_codes(30));
        assert!(at(15_000).would_give_wrong_codes(30));
        assert!(at(-15_000).would_give_wrong_codes(30));
        assert!(!at(-29_999).would_give_wrong_codes(60));
        assert!(at(-30_000).would_give_wrong_codes(60));
        assert!(at(i64::MIN).would_give_wrong_codes(30));
    }

    #[test]
    fn the_json_is_what_the_cli_prints() {
        let r = ClockReport::from_results(vec![ok("127.0.0.1:123", -90_012), failed("x")]);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"offset_ms":-90012,"servers":[{"server":"127.0.0.1:123","offset_ms":-90012,"rtt_ms":1},{"server":"x","error":"no answer"}],"verdict":"skewed"}"#
        );
    }
}
