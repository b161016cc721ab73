//! The app's preferences in `settings.json` in the data directory.

use crate::write_atomically;
use std::path::{Path, PathBuf};
use tessera_core::settings::Settings;

/// Where settings are kept.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    /// `settings.json` in `data_dir`.
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("settings.json"),
        }
    }

    /// The saved settings; defaults when none were saved or the file is unreadable.
    pub fn load(&self) -> Settings {
        std::fs::read(&self.path)
            .map(|bytes| Settings::from_json(&bytes))
            .unwrap_or_default()
    }

    /// Saves atomically (the old file stays whole if this fails).
    pub fn save(&self, settings: &Settings) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::data_dir::create_private_dir(dir)?;
        }
        write_atomically(&self.path, &settings.to_json())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use tessera_core::settings::Theme;

    #[test]
    fn saves_and_loads_and_survives_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::in_dir(&dir.path().join("data"));
        assert_eq!(file.load(), Settings::default());
        let settings = Settings {
            theme: Theme::Dark,
            ..Settings::default()
        };
        file.save(&settings).unwrap();
        assert_eq!(file.load(), settings);
        std::fs::write(dir.path().join("data/settings.json"), b"{oops").unwrap();
        assert_eq!(file.load(), Settings::default());
    }

    #[test]
    fn lists_profile_directories() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(crate::list_profiles(dir.path()).len(), 1);
        for name in ["work", "bad name", "clinic"] {
            std::fs::create_dir_all(dir.path().join("profiles").join(name)).unwrap();
        }
        let names: Vec<String> = crate::list_profiles(dir.path())
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(names, ["clinic", "default", "work"]);
    }
}
