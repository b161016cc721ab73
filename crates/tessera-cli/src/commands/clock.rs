//! `tessera clock [--server HOST[:PORT]]… [--json]`: how far this computer's
//! clock is from time servers (SNTP). Needs no profile and no keychain.
//! Exit 0 when the clock is right, 1 when it is more than 5 s off or no
//! server answered (offline), 2 for a malformed server.

use super::print_line;
use crate::cli::ClockArgs;
use crate::error::CliError;
use tessera_clock::{ClockReport, ServerResult, Verdict, DEFAULT_TIMEOUT};

/// The code period the warning is about (the usual one; the command knows
/// no accounts).
const PERIOD: u32 = 30;

/// `1.5 s`, `0.012 s`, `90 s`: seconds for people.
fn seconds(ms: u64) -> String {
    let text = format!("{:.3}", ms as f64 / 1000.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} s")
}

fn server_line(result: &ServerResult, width: usize) -> String {
    match result {
        ServerResult::Ok(r) => format!(
            "{:<width$}  {}{}  (round trip {} ms)",
            r.server,
            match r.offset_ms {
                ..0 => "-",
                0 => "",
                _ => "+",
            },
            seconds(r.offset_ms.unsigned_abs()),
            r.rtt_ms
        ),
        ServerResult::Err { server, error } => format!("{server:<width$}  {error}"),
    }
}

/// What the report means, in a sentence or two.
fn summary(report: &ClockReport) -> Vec<String> {
    let Some(offset) = report.offset_ms else {
        return vec!["Clock not checked (offline): no time server answered.".into()];
    };
    let off = offset.unsigned_abs();
    if report.verdict == Verdict::Ok {
        return vec![format!(
            "Your clock is right (off by {} from the time servers).",
            seconds(off)
        )];
    }
    // The servers' time minus ours: negative means ours is ahead.
    let way = if offset < 0 { "fast" } else { "slow" };
    let whole = (off + 500) / 1000;
    let mut lines = vec![format!("Your clock is {whole} s {way}.")];
    if report.would_give_wrong_codes(PERIOD) {
        lines.push(format!(
            "WARNING: codes made with this clock are often wrong, and websites refuse them \
             (it is off by {whole} s; {PERIOD}-second codes need it within {} s). Set the clock: \
             turn on automatic date and time in the system's settings.",
            PERIOD / 2
        ));
    }
    lines
}

pub fn run(args: &ClockArgs) -> Result<(), CliError> {
    let servers = if args.servers.is_empty() {
        tessera_clock::default_servers()
    } else {
        args.servers.clone()
    };
    let report = tessera_clock::check(&servers, DEFAULT_TIMEOUT);
    if args.json {
        print_line(&serde_json::to_string(&report)?)?;
    } else {
        let width = report
            .servers
            .iter()
            .map(|s| s.server().len())
            .max()
            .unwrap_or(0);
        for result in &report.servers {
            print_line(&server_line(result, width))?;
        }
        for line in summary(&report) {
            print_line(&line)?;
        }
    }
    match report.verdict {
        Verdict::Ok => Ok(()),
        Verdict::Skewed | Verdict::Unknown => Err(CliError::Silent(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tessera_clock::ServerReading;

    fn at(offset_ms: i64) -> ClockReport {
        ClockReport::from_results(vec![ServerResult::Ok(ServerReading {
            server: "s".into(),
            offset_ms,
            rtt_ms: 0,
        })])
    }

    #[test]
    fn calm_when_right_plain_when_off_loud_when_codes_are_wrong() {
        assert_eq!(
            summary(&at(-230)),
            ["Your clock is right (off by 0.23 s from the time servers)."]
        );
        assert_eq!(summary(&at(-7_400)), ["Your clock is 7 s fast."]);
        assert_eq!(summary(&at(12_600)), ["Your clock is 13 s slow."]);
        let wrong = summary(&at(-90_012));
        assert_eq!(wrong[0], "Your clock is 90 s fast.");
        assert!(wrong[1].starts_with("WARNING: codes made with this clock are often wrong"));
        assert!(summary(&at(15_000))[1].starts_with("WARNING"));
        assert_eq!(summary(&at(14_999)).len(), 1);
        let offline = ClockReport::from_results(vec![ServerResult::Err {
            server: "pool.ntp.org".into(),
            error: "no answer within 3000 ms".into(),
        }]);
        assert_eq!(
            summary(&offline),
            ["Clock not checked (offline): no time server answered."]
        );
    }

    #[test]
    fn seconds_for_people() {
        assert_eq!(seconds(0), "0 s");
        assert_eq!(seconds(12), "0.012 s");
        assert_eq!(seconds(1_500), "1.5 s");
        assert_eq!(seconds(90_000), "90 s");
    }
}
