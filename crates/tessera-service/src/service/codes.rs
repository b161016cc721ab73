//! Codes: what the list shows each second, copying, HOTP's "next code".

use super::{account_id, guard, Service};
use crate::activity::Event;
use crate::codes::{step, CachedCode, CodeCache};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::views::{CodeFrame, CodeView, Copied};
use std::collections::HashMap;
use std::time::Duration;
use tessera_core::vault::{AccountId, AccountRecord, IndexStore};
use zeroize::Zeroizing;

/// Seconds before an account whose code could not be made is tried again.
const RETRY_PROBLEMS_AFTER: u64 = 5;

/// A copy with this many seconds left or fewer copies the next code instead
/// (when the profile's setting asks for it): the current one would expire
/// while it is being typed.
pub const NEAR_END_SECONDS: u32 = 3;

/// Which of an account's codes to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Current,
    Next,
}

fn problem_view(record: &AccountRecord, err: Error) -> CodeView {
    CodeView {
        id: record.id.to_string(),
        code: None,
        next_code: None,
        seconds_remaining: None,
        period: record.params.period(),
        problem: Some(err.message),
    }
}

fn problem_frame(revision: u64, problem: Error) -> CodeFrame {
    CodeFrame {
        revision,
        locked: false,
        codes: Vec::new(),
        problem: Some(problem),
    }
}

impl Service {
    /// Everything the list shows now. Locks first when idle too long.
    pub fn frame(&self) -> CodeFrame {
        let revision = self.revision();
        let index = match self.index().and_then(|i| Ok(i.load()?)) {
            Ok(index) => index,
            Err(problem) => return problem_frame(revision, problem),
        };
        let pin_set = index.pin.is_some();
        if !self.is_locked(pin_set) {
            let auto = self.settings().auto_lock_for(index.shared_desk);
            if auto > 0 && self.idle() >= Duration::from_secs(u64::from(auto)) {
                self.lock();
            }
        }
        let revision = self.revision();
        if self.is_locked(pin_set) {
            return CodeFrame {
                revision,
                locked: true,
                codes: Vec::new(),
                problem: None,
            };
        }
        match self.codes(revision) {
            Ok(codes) => CodeFrame {
                revision,
                locked: false,
                codes,
                problem: None,
            },
            Err(problem) => problem_frame(revision, problem),
        }
    }

    fn codes(&self, revision: u64) -> Result<Vec<CodeView>> {
        let now = self.code_now();
        let monotonic = self.clock.monotonic().as_secs();
        let mut cache = guard(&self.cache);
        let fresh = cache
            .as_ref()
            .is_some_and(|c| c.is_fresh(revision, now, monotonic));
        if !fresh {
            *cache = Some(self.compute_codes(revision, now, monotonic)?);
        }
        Ok(cache
            .as_ref()
            .map(|c| c.frame_codes(now))
            .unwrap_or_default())
    }

    fn compute_codes(&self, revision: u64, now: u64, monotonic: u64) -> Result<CodeCache> {
        let vault = self.vault()?;
        let accounts = vault.accounts()?;
        let mut retry = false;
        let mut computed: HashMap<String, CachedCode> = vault
            .current_codes(now)?
            .into_iter()
            .map(|(record, result)| {
                let id = record.id.to_string();
                let entry = match (result, record.params.period()) {
                    (Ok(at), Some(period)) => CachedCode {
                        view: CodeView {
                            id: id.clone(),
                            code: Some(at.code.clone()),
                            next_code: Some(at.next_code.clone()),
                            seconds_remaining: at.seconds_remaining,
                            period: Some(period),
                            problem: None,
                        },
                        step: Some((period, step(now, period))),
                    },
                    (Ok(_), None) => CachedCode {
                        view: problem_view(&record, Error::internal("not a time-based account")),
                        step: None,
                    },
                    (Err(err), _) => {
                        retry = true;
                        CachedCode {
                            view: problem_view(&record, err.into()),
                            step: None,
                        }
                    }
                };
                (id, entry)
            })
            .collect();
        let mut codes = Vec::with_capacity(accounts.len());
        for record in &accounts {
            if let Some(entry) = computed.remove(record.id.as_str()) {
                codes.push(entry);
            } else {
                let shown = guard(&self.hotp_shown).get(&record.id).cloned();
                codes.push(CachedCode {
                    view: CodeView {
                        id: record.id.to_string(),
                        code: shown.map(|c| c.to_string()),
                        next_code: None,
                        seconds_remaining: None,
                        period: None,
                        problem: None,
                    },
                    step: None,
                });
            }
        }
        Ok(CodeCache {
            revision,
            codes,
            retry_after: retry.then_some(monotonic + RETRY_PROBLEMS_AFTER),
        })
    }

    /// Copies an account's code: the current one for time-based accounts
    /// (the next one when [`NEAR_END_SECONDS`] or fewer are left and the
    /// profile's setting asks for it), the one shown for HOTP (a new one if
    /// none is shown yet). Says which was copied and when the clipboard clears.
    pub fn copy_code(&self, id: &str) -> Result<Copied> {
        self.copy(id, Which::Current)
    }

    /// Copies an account's next code: the next period's for time-based
    /// accounts, a new one (the counter moves on) for HOTP.
    pub fn copy_next_code(&self, id: &str) -> Result<Copied> {
        self.copy(id, Which::Next)
    }

    fn copy(&self, id: &str, which: Which) -> Result<Copied> {
        let id = account_id(id)?;
        self.authorize(Operation::CopyCode, None)?;
        let clipboard = self
            .clipboard
            .as_ref()
            .ok_or_else(|| Error::internal("there is no clipboard here"))?;
        let record = self
            .index()?
            .load()?
            .get(&id)
            .cloned()
            .ok_or_else(|| Error::new(crate::ErrorKind::NotFound, "no such account"))?;
        let settings = self.settings();
        let (code, next, valid_for_seconds) = if record.params.counter().is_some() {
            let shown = guard(&self.hotp_shown).get(&id).cloned();
            match (which, shown) {
                (Which::Current, Some(code)) => (code, false, None),
                (Which::Current, None) => (self.produce_hotp(&id)?, false, None),
                (Which::Next, _) => (self.produce_hotp(&id)?, true, None),
            }
        } else {
            let at = self.vault()?.code(&id, self.code_now())?;
            let left = at.seconds_remaining.unwrap_or(u32::MAX);
            let period = record.params.period().unwrap_or(30);
            let late = settings.copy_next_near_end && left <= NEAR_END_SECONDS;
            if which == Which::Next || late {
                let valid = left.saturating_add(period);
                (Zeroizing::new(at.next_code.clone()), true, Some(valid))
            } else {
                (Zeroizing::new(at.code.clone()), false, Some(left))
            }
        };
        let seconds = settings.clipboard_seconds;
        let delay = (seconds > 0).then(|| Duration::from_secs(u64::from(seconds)));
        clipboard.copy(&code, delay)?;
        self.record(Event::Copied, Some(record.display_name()), None);
        Ok(Copied {
            clear_after_seconds: seconds,
            next,
            valid_for_seconds,
        })
    }

    /// Produces a counter-based account's next code (the counter is saved
    /// before the code is returned) and shows it until the lock.
    pub fn next_hotp_code(&self, id: &str) -> Result<CodeView> {
        let id = account_id(id)?;
        self.authorize(Operation::NextHotpCode, None)?;
        let code = self.produce_hotp(&id)?;
        Ok(CodeView {
            id: id.to_string(),
            code: Some(code.to_string()),
            next_code: None,
            seconds_remaining: None,
            period: None,
            problem: None,
        })
    }

    fn produce_hotp(&self, id: &AccountId) -> Result<Zeroizing<String>> {
        let code = Zeroizing::new(self.vault()?.code(id, self.code_now())?.code.clone());
        guard(&self.hotp_shown).insert(id.clone(), code.clone());
        self.changed();
        Ok(code)
    }

    /// The code of a stored account at `at` (default now, with the profile's
    /// time correction): the CLI's `code`.
    /// For HOTP the counter advances.
    pub fn code_at(&self, id: &str, at: Option<u64>) -> Result<tessera_core::CodeAt> {
        let id = account_id(id)?;
        self.authorize(Operation::ShowCodes, None)?;
        Ok(self
            .vault()?
            .code(&id, at.unwrap_or_else(|| self.code_now()))?)
    }
}
