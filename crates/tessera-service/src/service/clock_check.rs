//! The clock check and the time correction for codes. A check asks time
//! servers how far this computer's clock is off (it needs no unlocked
//! vault: the lock screen can warn too); applying the correction stores the
//! measured offset in the profile's settings, and from then on codes — and
//! only codes — are made at the clock plus that offset.

use super::{guard, Service};
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::views::ClockView;
use tessera_clock::ClockReport;
use tessera_core::vault::IndexStore;

/// The period the "wrong codes" warning assumes when the profile has no
/// time-based account.
const USUAL_PERIOD: u32 = 30;

impl Service {
    /// Checks the clock against `servers` (`HOST[:PORT]`; none: the
    /// operating system's configured servers, else `pool.ntp.org`). Blocks
    /// for up to a few seconds; offline is a verdict ("unknown"), not an
    /// error. The measured offset is kept for
    /// [`Service::apply_clock_correction`].
    pub fn check_clock(&self, servers: &[String]) -> Result<ClockView> {
        self.authorize(Operation::CheckClock, None)?;
        let servers = if servers.is_empty() {
            tessera_clock::default_servers()
        } else {
            servers.to_vec()
        };
        let report = tessera_clock::check(&servers, tessera_clock::DEFAULT_TIMEOUT);
        Ok(self.clock_checked(report))
    }

    /// Keeps `report` as the last check and shows it.
    pub(crate) fn clock_checked(&self, report: ClockReport) -> ClockView {
        *guard(&self.clock_report) = Some(report);
        self.clock_view()
    }

    /// The last check (if any) and the correction in use.
    pub fn clock_view(&self) -> ClockView {
        let correction = guard(&self.settings).clock_correction_ms;
        ClockView::of(
            guard(&self.clock_report).as_ref(),
            correction,
            self.shortest_period(),
        )
    }

    /// The shortest period of the profile's time-based accounts.
    fn shortest_period(&self) -> u32 {
        self.index()
            .and_then(|i| Ok(i.load()?))
            .ok()
            .and_then(|index| {
                index
                    .accounts
                    .iter()
                    .filter_map(|a| a.params.period())
                    .min()
            })
            .unwrap_or(USUAL_PERIOD)
    }

    /// Turns the time correction for codes on (the last check's measured
    /// offset becomes the profile's correction) or off. On needs a check
    /// that measured something. Needs the app unlocked, as any setting.
    pub fn apply_clock_correction(&self, on: bool) -> Result<ClockView> {
        self.authorize(Operation::ChangeSettings, None)?;
        let correction = if on {
            let measured = guard(&self.clock_report).as_ref().and_then(|r| r.offset_ms);
            Some(measured.ok_or_else(|| {
                Error::invalid("the clock has not been measured: check it (online) first")
            })?)
        } else {
            None
        };
        let mut settings = guard(&self.settings).clone();
        settings.clock_correction_ms = correction;
        self.save_settings(settings)?;
        self.bump();
        Ok(self.clock_view())
    }
}
