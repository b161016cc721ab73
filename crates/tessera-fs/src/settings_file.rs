//! A profile's preferences in `settings.json` in its directory. A profile
//! that has none yet starts from the settings an older Tessera kept for the
//! whole data directory (`<data dir>/settings.json`), if any.

use crate::write_atomically;
use std::path::{Path, PathBuf};
use tessera_core::settings::{Settings, MAX_SETTINGS_BYTES};

/// Where settings are kept.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    path: PathBuf,
    /// Read when `path` does not exist yet.
    legacy: Option<PathBuf>,
}

impl SettingsFile {
    /// `settings.json` in `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            path: dir.join("settings.json"),
            legacy: None,
        }
    }

    /// A profile's settings in `data_dir`.
    pub fn for_profile(data_dir: &Path, profile: &tessera_core::vault::ProfileName) -> Self {
        Self {
            path: crate::profile_dir_in(data_dir, profile).join("settings.json"),
            legacy: Some(data_dir.join("settings.json")),
        }
    }

    /// The saved settings; defaults when none were saved or the file is
    /// unreadable or larger than [`MAX_SETTINGS_BYTES`] (not read then).
    pub fn load(&self) -> Settings {
        let read = |path: &Path| {
            crate::read_limited(path, MAX_SETTINGS_BYTES).map(|bytes| Settings::from_json(&bytes))
        };
        match read(&self.path) {
            Ok(settings) => settings,
            Err(_) => self
                .legacy
                .as_deref()
                .and_then(|legacy| read(legacy).ok())
                .unwrap_or_default(),
        }
    }

    /// Saves atomically (the old file stays whole if this fails).
    pub fn save(&self, settings: &Settings) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::data_dir::create_private_dir(dir)?;
        }
        let bytes = settings
            .to_json()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        write_atomically(&self.path, &bytes)
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
