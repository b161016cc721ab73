//! Keyboard shortcuts as users write them: `Ctrl+Alt+T`, `Super+Shift+F9`.
//! Modifiers (Ctrl, Alt, Shift, Super) and one key (a letter, a digit, F1–F24
//! or Space), joined by `+`, in any case and order; shown back in one
//! canonical form. A global shortcut needs Ctrl, Alt or Super: Shift and a
//! letter alone would take a capital letter away from every other program.

use std::fmt;
use std::str::FromStr;

/// The key of a shortcut (without its modifiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShortcutKey {
    /// `A`–`Z` (stored upper case).
    Letter(char),
    /// `0`–`9`.
    Digit(char),
    /// `F1`–`F24`.
    Function(u8),
    /// The space bar.
    Space,
}

/// A parsed keyboard shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shortcut {
    /// Control (Command is not used: macOS builds say global shortcuts are unavailable).
    pub ctrl: bool,
    /// Alt (Option).
    pub alt: bool,
    /// Shift.
    pub shift: bool,
    /// Super (the Windows or Command key).
    pub super_key: bool,
    /// The key pressed with them.
    pub key: ShortcutKey,
}

/// Why a shortcut was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShortcutError {
    /// Nothing was written.
    #[error("no shortcut was given")]
    Empty,
    /// A part that is neither a modifier nor a known key.
    #[error("“{0}” is not a key Tessera knows (use a letter, a digit, F1–F24 or Space)")]
    UnknownKey(String),
    /// Only modifiers.
    #[error("a shortcut needs a key besides Ctrl, Alt, Shift or Super")]
    NoKey,
    /// Two keys that are not modifiers.
    #[error("a shortcut has one key besides its modifiers, not “{0}” and “{1}”")]
    TwoKeys(String, String),
    /// No Ctrl, Alt or Super.
    #[error("a shortcut needs Ctrl, Alt or Super, or it would take that key away from every other program")]
    NeedsModifier,
}

impl ShortcutKey {
    fn parse(part: &str) -> Option<Self> {
        let upper = part.to_ascii_uppercase();
        let mut chars = upper.chars();
        match (chars.next(), chars.next()) {
            (Some(c @ 'A'..='Z'), None) => return Some(Self::Letter(c)),
            (Some(c @ '0'..='9'), None) => return Some(Self::Digit(c)),
            _ => {}
        }
        if upper == "SPACE" {
            return Some(Self::Space);
        }
        let n: u8 = upper.strip_prefix('F')?.parse().ok()?;
        (1..=24).contains(&n).then_some(Self::Function(n))
    }
}

impl fmt::Display for ShortcutKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Letter(c) | Self::Digit(c) => write!(f, "{c}"),
            Self::Function(n) => write!(f, "F{n}"),
            Self::Space => f.write_str("Space"),
        }
    }
}

impl FromStr for Shortcut {
    type Err = ShortcutError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (mut ctrl, mut alt, mut shift, mut super_key) = (false, false, false, false);
        let mut key: Option<(ShortcutKey, &str)> = None;
        let parts: Vec<&str> = text.split('+').map(str::trim).collect();
        if parts.iter().all(|p| p.is_empty()) {
            return Err(ShortcutError::Empty);
        }
        for part in parts {
            match part.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => ctrl = true,
                "alt" | "option" => alt = true,
                "shift" => shift = true,
                "super" | "win" | "windows" | "meta" | "cmd" | "command" => super_key = true,
                _ => {
                    let parsed = ShortcutKey::parse(part)
                        .ok_or_else(|| ShortcutError::UnknownKey(part.to_owned()))?;
                    if let Some((_, first)) = key {
                        return Err(ShortcutError::TwoKeys(first.to_owned(), part.to_owned()));
                    }
                    key = Some((parsed, part));
                }
            }
        }
        let (key, _) = key.ok_or(ShortcutError::NoKey)?;
        if !(ctrl || alt || super_key) {
            return Err(ShortcutError::NeedsModifier);
        }
        Ok(Self {
            ctrl,
            alt,
            shift,
            super_key,
            key,
        })
    }
}

impl fmt::Display for Shortcut {
    /// The canonical form: `Ctrl+Alt+Shift+Super+Key`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (on, name) in [
            (self.ctrl, "Ctrl+"),
            (self.alt, "Alt+"),
            (self.shift, "Shift+"),
            (self.super_key, "Super+"),
        ] {
            if on {
                f.write_str(name)?;
            }
        }
        write!(f, "{}", self.key)
    }
}

/// The global shortcut a new profile gets.
pub const DEFAULT_GLOBAL_SHORTCUT: &str = "Ctrl+Alt+T";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_and_shows_one_canonical_form() {
        for (text, shown) in [
            ("Ctrl+Alt+T", "Ctrl+Alt+T"),
            ("alt + ctrl + t", "Ctrl+Alt+T"),
            ("Control+Shift+m", "Ctrl+Shift+M"),
            ("super+F9", "Super+F9"),
            ("Win+Alt+space", "Alt+Super+Space"),
            ("Ctrl+7", "Ctrl+7"),
            ("ctrl+f24", "Ctrl+F24"),
        ] {
            let parsed: Shortcut = text.parse().unwrap();
            assert_eq!(parsed.to_string(), shown, "{text}");
            assert_eq!(shown.parse::<Shortcut>().unwrap(), parsed);
        }
        assert_eq!(
            DEFAULT_GLOBAL_SHORTCUT
                .parse::<Shortcut>()
                .unwrap()
                .to_string(),
            "Ctrl+Alt+T"
        );
    }

    #[test]
    fn refuses_what_cannot_be_a_global_shortcut() {
        use ShortcutError::*;
        for (text, err) in [
            ("", Empty),
            (" + ", Empty),
            ("Ctrl+Alt", NoKey),
            ("Shift+T", NeedsModifier),
            ("T", NeedsModifier),
            ("Ctrl+T+Y", TwoKeys("T".into(), "Y".into())),
            ("Ctrl+Tab", UnknownKey("Tab".into())),
            ("Ctrl+F25", UnknownKey("F25".into())),
            ("Ctrl+F0", UnknownKey("F0".into())),
            ("Ctrl+é", UnknownKey("é".into())),
        ] {
            assert_eq!(text.parse::<Shortcut>(), Err(err), "{text}");
        }
    }
}
