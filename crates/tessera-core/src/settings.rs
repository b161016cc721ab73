//! The app's preferences: what they are, their defaults and their limits.
//! Stored as JSON by the shell; unknown or out-of-range values fall back to
//! defaults so an edited or old file never stops the app from starting.

use serde::{Deserialize, Serialize};

/// Seconds before a copied code is cleared from the clipboard, by default.
pub const DEFAULT_CLIPBOARD_SECONDS: u32 = 30;
/// Idle seconds before the app locks, by default.
pub const DEFAULT_AUTO_LOCK_SECONDS: u32 = 300;
/// Idle seconds before a shared-desk profile locks, unless the user chose.
pub const SHARED_DESK_AUTO_LOCK_SECONDS: u32 = 120;
/// Longest delay either setting accepts (one day).
pub const MAX_DELAY_SECONDS: u32 = 86_400;
/// A shared-desk profile locks after at most this many idle seconds (never "never").
pub const SHARED_DESK_MAX_AUTO_LOCK_SECONDS: u32 = 600;
/// A shared-desk profile clears a copied code after at most this many seconds
/// (never "never").
pub const SHARED_DESK_MAX_CLIPBOARD_SECONDS: u32 = 60;

/// Largest settings file read, in bytes; a larger one is not parsed and
/// reads as the defaults, like any unreadable file (a real one is under 1 KiB).
pub const MAX_SETTINGS_BYTES: usize = 64 * 1024;

/// Smallest text size the app offers, in percent of the normal size.
pub const MIN_ZOOM_PERCENT: u16 = 100;
/// Largest text size the app offers, in percent of the normal size.
pub const MAX_ZOOM_PERCENT: u16 = 200;

/// Colour scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Everything the Settings screen changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Colour scheme.
    pub theme: Theme,
    /// Seconds before a copied code is cleared; 0 never clears.
    pub clipboard_seconds: u32,
    /// Idle seconds before locking; `None` is the profile's default; 0 never locks.
    pub auto_lock_seconds: Option<u32>,
    /// Show codes only while clicked/focused (open-plan desks).
    pub hide_codes: bool,
    /// Larger text everywhere (older files; `zoom_percent` is the size now).
    pub large_type: bool,
    /// Text size in percent of the normal size (Ctrl+= / Ctrl+- / Ctrl+0 and
    /// Settings → Text size), within [`MIN_ZOOM_PERCENT`]..=[`MAX_ZOOM_PERCENT`].
    pub zoom_percent: u16,
    /// Start hidden in the tray.
    pub start_in_tray: bool,
    /// Folder for automatic backups; none: no automatic backups.
    pub backup_dir: Option<String>,
    /// Back up after every change and daily, when a folder and a backup
    /// password are set.
    pub auto_backup: bool,
    /// Time correction for codes, in milliseconds (as Google Authenticator's
    /// "time correction for codes"): added to this computer's clock when
    /// codes are made, and only then (the lockout and the activity log keep
    /// the real clock). Set from a clock check's measured offset (server
    /// minus this computer: negative when the clock is fast); `None` uses
    /// the clock as it is.
    pub clock_correction_ms: Option<i64>,
    /// How much room each account takes in the list.
    pub density: Density,
    /// Empty the search field after a code is copied, so the next lookup
    /// starts fresh.
    pub clear_search_after_copy: bool,
    /// A copy in a code's last seconds copies the next code instead (and
    /// says so), since the current one would expire before it is typed.
    pub copy_next_near_end: bool,
    /// The shortcut that brings up the mini window from any application
    /// (`Ctrl+Alt+T`, see [`crate::shortcut`]); `None` turns it off.
    pub global_shortcut: Option<String>,
}

/// How much room each account takes in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Density {
    /// Two lines per account.
    #[default]
    Comfortable,
    /// One line per account, smaller paddings: every practice account at a glance.
    Compact,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            clipboard_seconds: DEFAULT_CLIPBOARD_SECONDS,
            auto_lock_seconds: None,
            hide_codes: false,
            large_type: false,
            zoom_percent: MIN_ZOOM_PERCENT,
            start_in_tray: false,
            backup_dir: None,
            auto_backup: true,
            clock_correction_ms: None,
            density: Density::Comfortable,
            clear_search_after_copy: true,
            copy_next_near_end: true,
            global_shortcut: Some(crate::shortcut::DEFAULT_GLOBAL_SHORTCUT.to_owned()),
        }
    }
}

impl Settings {
    /// Reads settings, falling back to defaults for anything unreadable (and
    /// for a file larger than [`MAX_SETTINGS_BYTES`], which is not parsed).
    pub fn from_json(bytes: &[u8]) -> Self {
        if bytes.len() > MAX_SETTINGS_BYTES {
            return Self::default();
        }
        serde_json::from_slice::<Self>(bytes)
            .unwrap_or_default()
            .clamped()
    }

    /// The settings as pretty JSON.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec_pretty(self)
    }

    /// The same settings with every delay within limits.
    pub fn clamped(mut self) -> Self {
        self.clipboard_seconds = self.clipboard_seconds.min(MAX_DELAY_SECONDS);
        self.auto_lock_seconds = self.auto_lock_seconds.map(|s| s.min(MAX_DELAY_SECONDS));
        self.zoom_percent = self.zoom_percent.clamp(MIN_ZOOM_PERCENT, MAX_ZOOM_PERCENT);
        // A shortcut in its canonical spelling; one that does not parse is
        // kept as written (the app says why it is not in use).
        if let Some(Ok(shortcut)) = self
            .global_shortcut
            .as_deref()
            .map(str::parse::<crate::shortcut::Shortcut>)
        {
            self.global_shortcut = Some(shortcut.to_string());
        }
        self
    }

    /// The same settings within a profile's limits: every delay within
    /// [`MAX_DELAY_SECONDS`]; on a shared-desk profile, auto-lock within
    /// [`SHARED_DESK_MAX_AUTO_LOCK_SECONDS`] and clipboard clearing within
    /// [`SHARED_DESK_MAX_CLIPBOARD_SECONDS`], neither ever off.
    pub fn limited(self, shared_desk: bool) -> Self {
        let mut s = self.clamped();
        if shared_desk {
            s.clipboard_seconds = match s.clipboard_seconds {
                0 => SHARED_DESK_MAX_CLIPBOARD_SECONDS,
                n => n.min(SHARED_DESK_MAX_CLIPBOARD_SECONDS),
            };
            s.auto_lock_seconds = s.auto_lock_seconds.map(|n| match n {
                0 => SHARED_DESK_AUTO_LOCK_SECONDS,
                n => n.min(SHARED_DESK_MAX_AUTO_LOCK_SECONDS),
            });
        }
        s
    }

    /// Idle seconds before locking for a profile (0: never). A shared-desk
    /// profile locks after two minutes unless the user chose a delay, never
    /// later than [`SHARED_DESK_MAX_AUTO_LOCK_SECONDS`], and never "never".
    pub fn auto_lock_for(&self, shared_desk: bool) -> u32 {
        match (self.auto_lock_seconds, shared_desk) {
            (None, true) | (Some(0), true) => SHARED_DESK_AUTO_LOCK_SECONDS,
            (None, false) => DEFAULT_AUTO_LOCK_SECONDS,
            (Some(seconds), true) => seconds.min(SHARED_DESK_MAX_AUTO_LOCK_SECONDS),
            (Some(seconds), false) => seconds,
        }
    }

    /// Seconds before a copied code is cleared on a profile (0: never).
    pub fn clipboard_for(&self, shared_desk: bool) -> u32 {
        self.clone().limited(shared_desk).clipboard_seconds
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn unreadable_or_partial_files_fall_back_to_defaults() {
        assert_eq!(Settings::from_json(b"not json"), Settings::default());
        assert_eq!(
            Settings::from_json(b"{\"theme\":\"purple\"}"),
            Settings::default()
        );
        let partial = Settings::from_json(b"{\"theme\":\"dark\",\"future\":1}");
        assert_eq!(partial.theme, Theme::Dark);
        assert_eq!(partial.clipboard_seconds, DEFAULT_CLIPBOARD_SECONDS);
        let huge = Settings::from_json(b"{\"clipboardSeconds\":4000000000}");
        assert_eq!(huge.clipboard_seconds, MAX_DELAY_SECONDS);
    }

    #[test]
    fn round_trips() {
        let settings = Settings {
            theme: Theme::Light,
            clipboard_seconds: 10,
            auto_lock_seconds: Some(60),
            hide_codes: true,
            large_type: true,
            zoom_percent: 175,
            start_in_tray: true,
            backup_dir: Some("/media/backup".into()),
            auto_backup: false,
            clock_correction_ms: Some(-90_123),
            density: Density::Compact,
            clear_search_after_copy: false,
            copy_next_near_end: false,
            global_shortcut: Some("Ctrl+Shift+F9".into()),
        };
        assert_eq!(Settings::from_json(&settings.to_json().unwrap()), settings);
        let off = Settings {
            global_shortcut: None,
            ..Settings::default()
        };
        assert_eq!(Settings::from_json(&off.to_json().unwrap()), off);
    }

    #[test]
    fn the_global_shortcut_defaults_on_and_is_kept_in_one_spelling() {
        assert_eq!(
            Settings::from_json(b"{}").global_shortcut.as_deref(),
            Some("Ctrl+Alt+T")
        );
        assert_eq!(
            Settings::from_json(b"{\"globalShortcut\":\"alt+ctrl+y\"}")
                .global_shortcut
                .as_deref(),
            Some("Ctrl+Alt+Y")
        );
        // Turned off stays off; what does not parse is kept as written.
        assert_eq!(
            Settings::from_json(b"{\"globalShortcut\":null}").global_shortcut,
            None
        );
        assert_eq!(
            Settings::from_json(b"{\"globalShortcut\":\"Shift+Y\"}")
                .global_shortcut
                .as_deref(),
            Some("Shift+Y")
        );
    }

    #[test]
    fn older_files_get_the_front_desk_defaults() {
        let old = Settings::from_json(b"{\"theme\":\"dark\"}");
        assert_eq!(old.density, Density::Comfortable);
        assert!(old.clear_search_after_copy && old.copy_next_near_end);
    }

    #[test]
    fn text_size_is_kept_within_the_offered_steps() {
        assert_eq!(Settings::from_json(b"{}").zoom_percent, 100);
        assert_eq!(
            Settings::from_json(b"{\"zoomPercent\":175}").zoom_percent,
            175
        );
        assert_eq!(
            Settings::from_json(b"{\"zoomPercent\":5000}").zoom_percent,
            MAX_ZOOM_PERCENT
        );
        assert_eq!(
            Settings::from_json(b"{\"zoomPercent\":10}").zoom_percent,
            MIN_ZOOM_PERCENT
        );
    }

    #[test]
    fn older_files_have_no_time_correction() {
        let old = Settings::from_json(b"{\"theme\":\"dark\",\"clipboardSeconds\":10}");
        assert_eq!(old.clock_correction_ms, None);
        let set = Settings::from_json(b"{\"clockCorrectionMs\":-90000}");
        assert_eq!(set.clock_correction_ms, Some(-90_000));
    }

    #[test]
    fn shared_desks_lock_after_two_minutes_and_never_never() {
        let mut s = Settings::default();
        assert_eq!(s.auto_lock_for(false), DEFAULT_AUTO_LOCK_SECONDS);
        assert_eq!(s.auto_lock_for(true), SHARED_DESK_AUTO_LOCK_SECONDS);
        s.auto_lock_seconds = Some(0);
        assert_eq!(s.auto_lock_for(false), 0);
        assert_eq!(s.auto_lock_for(true), SHARED_DESK_AUTO_LOCK_SECONDS);
        s.auto_lock_seconds = Some(45);
        assert_eq!(s.auto_lock_for(true), 45);
        s.auto_lock_seconds = Some(MAX_DELAY_SECONDS);
        assert_eq!(s.auto_lock_for(true), SHARED_DESK_MAX_AUTO_LOCK_SECONDS);
        assert_eq!(s.auto_lock_for(false), MAX_DELAY_SECONDS);
    }

    #[test]
    fn shared_desks_have_a_ceiling_on_auto_lock_and_a_floor_on_clearing() {
        let stretched = Settings {
            clipboard_seconds: 0,
            auto_lock_seconds: Some(86_400),
            ..Settings::default()
        };
        let limited = stretched.clone().limited(true);
        assert_eq!(limited.clipboard_seconds, SHARED_DESK_MAX_CLIPBOARD_SECONDS);
        assert_eq!(
            limited.auto_lock_seconds,
            Some(SHARED_DESK_MAX_AUTO_LOCK_SECONDS)
        );
        assert_eq!(
            stretched.clipboard_for(true),
            SHARED_DESK_MAX_CLIPBOARD_SECONDS
        );
        // A personal profile keeps what the user chose.
        assert_eq!(stretched.clone().limited(false), stretched);
    }
}
