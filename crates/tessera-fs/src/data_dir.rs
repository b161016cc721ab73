//! Where Tessera keeps its files: `TESSERA_DATA_DIR`, or the platform's
//! per-user data directory (`~/.local/share/tessera` on Linux,
//! `~/Library/Application Support/app.tessera.Tessera` on macOS,
//! `%APPDATA%\Tessera\Tessera\data` on Windows).

use std::path::{Path, PathBuf};
use tessera_core::vault::{IndexError, ProfileName};

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "TESSERA_DATA_DIR";

/// The data directory.
pub fn data_dir() -> Result<PathBuf, IndexError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("app", "Tessera", "Tessera")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            IndexError::Io(format!(
                "no home directory found; set {DATA_DIR_ENV} to choose where Tessera keeps its files"
            ))
        })
}

/// A profile's directory inside the data directory.
pub fn profile_dir(profile: &ProfileName) -> Result<PathBuf, IndexError> {
    Ok(profile_dir_in(&data_dir()?, profile))
}

/// A profile's directory inside `data_dir`.
pub fn profile_dir_in(data_dir: &Path, profile: &ProfileName) -> PathBuf {
    data_dir.join("profiles").join(profile.as_str())
}

/// The profiles that have a directory in `data_dir`, sorted; always
/// includes the default profile.
pub fn list_profiles(data_dir: &Path) -> Vec<ProfileName> {
    let mut names: Vec<ProfileName> = std::fs::read_dir(data_dir.join("profiles"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| ProfileName::new(&entry.file_name().to_string_lossy()).ok())
        .collect();
    let default = ProfileName::default_profile();
    if !names.contains(&default) {
        names.push(default);
    }
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    names
}

/// Creates `dir` and its parents; on Unix the directory is readable by its owner only.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Only when they differ: a directory already private stays readable
        // on a file system mounted read-only.
        let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
        if mode != 0o700 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}
