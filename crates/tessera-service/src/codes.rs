//! The codes on screen, cached per time step: the keychain is read once per
//! period, not once per second, and a code is reused only while the clock is
//! still in the very step it was made for. Keying by step (not by "until it
//! expires") means a clock stepped *back* — by NTP or a user — recomputes at
//! once instead of showing later codes until the clock catches up.

use crate::views::CodeView;

/// Seconds before the end of a period from which the next code is shown.
pub const NEXT_CODE_SECONDS: u32 = 5;

/// One account's cached code.
#[derive(Debug, Clone)]
pub(crate) struct CachedCode {
    /// What the list shows (its `seconds_remaining` is filled in per frame).
    pub view: CodeView,
    /// `(period, step)` the code was made for; `None` for codes that do not
    /// depend on time (HOTP, problems).
    pub step: Option<(u32, u64)>,
}

/// Codes made at one moment for one revision of the account list.
#[derive(Debug, Clone)]
pub(crate) struct CodeCache {
    pub revision: u64,
    pub codes: Vec<CachedCode>,
    /// Problems are retried after this many seconds of monotonic time.
    pub retry_after: Option<u64>,
}

/// The time step of `unix` for `period`.
pub(crate) fn step(unix: u64, period: u32) -> u64 {
    unix / u64::from(period.max(1))
}

impl CodeCache {
    /// Whether every cached code still belongs to the step `now` is in.
    pub fn is_fresh(&self, revision: u64, now: u64, monotonic_s: u64) -> bool {
        self.revision == revision
            && self.retry_after.is_none_or(|t| monotonic_s < t)
            && self.codes.iter().all(|c| match c.step {
                Some((period, made_for)) => step(now, period) == made_for,
                None => true,
            })
    }

    /// The codes as shown at `now`: time left filled in, and the next code
    /// only in the last few seconds of its period.
    pub fn frame_codes(&self, now: u64) -> Vec<CodeView> {
        self.codes
            .iter()
            .map(|c| {
                let mut view = c.view.clone();
                if let Some((period, _)) = c.step {
                    let into = (now % u64::from(period.max(1))) as u32;
                    let left = period - into;
                    view.seconds_remaining = Some(left);
                    if left > NEXT_CODE_SECONDS {
                        view.next_code = None;
                    }
                }
                view
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(made_at: u64) -> CodeCache {
        CodeCache {
            revision: 1,
            codes: vec![CachedCode {
                view: CodeView {
                    id: "a".into(),
                    code: Some("123456".into()),
                    next_code: Some("654321".into()),
                    seconds_remaining: None,
                    period: Some(30),
                    problem: None,
                },
                step: Some((30, step(made_at, 30))),
            }],
            retry_after: None,
        }
    }

    #[test]
    fn fresh_only_within_the_step_it_was_made_for() {
        let c = cache(1_000_020); // step 33334, which ends at 1_000_050
        assert!(c.is_fresh(1, 1_000_049, 0));
        assert!(!c.is_fresh(1, 1_000_050, 0), "the next step");
        assert!(!c.is_fresh(2, 1_000_030, 0), "another revision");
        // The clock steps back a minute: a different step, not "still fresh".
        assert!(!c.is_fresh(1, 1_000_020 - 60, 0));
    }

    #[test]
    fn next_code_only_in_the_last_seconds() {
        let c = cache(1_000_020);
        let early = c.frame_codes(1_000_030);
        assert_eq!(early[0].seconds_remaining, Some(20));
        assert_eq!(early[0].next_code, None);
        let late = c.frame_codes(1_000_046);
        assert_eq!(late[0].seconds_remaining, Some(4));
        assert_eq!(late[0].next_code.as_deref(), Some("654321"));
    }
}
