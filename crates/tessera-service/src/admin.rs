//! The administrator's policy: a JSON file outside the user's reach, read
//! once when the app starts. Today it holds one setting, whether Tessera may
//! check for updates itself (`{"updates": false}` turns that off, for sites
//! that deploy updates through their own software distribution).
//!
//! Where it lives ([`policy_path`]):
//! - Linux and the BSDs: `/etc/tessera/policy.json`;
//! - macOS: `/Library/Application Support/Tessera/policy.json`;
//! - Windows: `%ProgramData%\Tessera\policy.json` (`C:\ProgramData\…`).
//!
//! No file means no policy (updates allowed). A file that cannot be read or
//! understood — a typo in a key, a value that is not `true`/`false`, no
//! permission to read it — turns updates **off**: the administrator meant
//! something, and the safe reading of a broken policy is the restrictive one.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Debug builds only: a policy file to read instead of the system's (tests).
/// Release builds do not compile the override in.
pub const TEST_POLICY_ENV: &str = "TESSERA_TEST_POLICY";

/// What the administrator decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminPolicy {
    /// Whether Tessera may check for, download and install updates.
    pub updates: bool,
    /// The file the policy came from, when there was one.
    pub source: Option<PathBuf>,
    /// Why the file could not be used (then `updates` is false).
    pub problem: Option<String>,
}

/// The file's format. Unknown keys are refused (see the module docs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default = "allowed")]
    updates: bool,
}

fn allowed() -> bool {
    true
}

impl Default for AdminPolicy {
    /// No policy: everything allowed.
    fn default() -> Self {
        Self {
            updates: true,
            source: None,
            problem: None,
        }
    }
}

impl AdminPolicy {
    /// The policy in `text`, read from `source`.
    pub fn parse(text: &str, source: &Path) -> Self {
        // An object only: serde would also read a struct from an array.
        let file = serde_json::from_str::<serde_json::Value>(text).and_then(|value| {
            if value.is_object() {
                serde_json::from_value::<PolicyFile>(value)
            } else {
                Err(serde::de::Error::custom("the policy is not a JSON object"))
            }
        });
        match file {
            Ok(file) => Self {
                updates: file.updates,
                source: Some(source.to_path_buf()),
                problem: None,
            },
            Err(err) => Self::unusable(source, &err.to_string()),
        }
    }

    /// The policy in the file at `path` (none there: no policy).
    pub fn load_from(path: &Path) -> Self {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, path),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Self::default(),
            Err(err) => Self::unusable(path, &err.to_string()),
        }
    }

    /// The system's policy (in debug builds, [`TEST_POLICY_ENV`] may name
    /// another file).
    pub fn load() -> Self {
        match policy_path() {
            Some(path) => Self::load_from(&path),
            None => Self::default(),
        }
    }

    fn unusable(source: &Path, why: &str) -> Self {
        Self {
            updates: false,
            source: Some(source.to_path_buf()),
            problem: Some(format!(
                "the policy file {} could not be used ({why}), so updates are off",
                source.display()
            )),
        }
    }
}

/// Where this build reads the administrator's policy from.
pub fn policy_path() -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os(TEST_POLICY_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    system_policy_path()
}

/// The system-wide policy file of this operating system.
pub fn system_policy_path() -> Option<PathBuf> {
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData")
            .filter(|p| !p.is_empty())
            .map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        Some(base.join("Tessera").join("policy.json"))
    } else if cfg!(target_os = "macos") {
        Some(PathBuf::from(
            "/Library/Application Support/Tessera/policy.json",
        ))
    } else if cfg!(unix) {
        Some(PathBuf::from("/etc/tessera/policy.json"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn at() -> &'static Path {
        Path::new("/etc/tessera/policy.json")
    }

    #[test]
    fn updates_off_and_on() {
        assert!(!AdminPolicy::parse(r#"{"updates": false}"#, at()).updates);
        let on = AdminPolicy::parse(r#"{"updates": true}"#, at());
        assert!(on.updates);
        assert_eq!(on.problem, None);
        assert_eq!(on.source.as_deref(), Some(at()));
        // An empty object is a policy that decides nothing.
        assert!(AdminPolicy::parse("{}", at()).updates);
    }

    #[test]
    fn a_broken_policy_turns_updates_off_and_says_why() {
        for text in [
            "",
            "not json",
            r#"{"updates": "no"}"#,
            r#"{"updates": 0}"#,
            r#"{"update": false}"#,
            r#"{"updates": false"#,
            "[]",
            "[false]",
            "null",
        ] {
            let policy = AdminPolicy::parse(text, at());
            assert!(!policy.updates, "{text:?} left updates on");
            let problem = policy.problem.expect("a problem is reported");
            assert!(problem.contains("/etc/tessera/policy.json"), "{problem}");
        }
    }

    #[test]
    fn files_missing_present_and_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.json");
        assert_eq!(AdminPolicy::load_from(&path), AdminPolicy::default());

        std::fs::write(&path, br#"{ "updates": false }"#).unwrap();
        let policy = AdminPolicy::load_from(&path);
        assert!(!policy.updates);
        assert_eq!(policy.problem, None);

        // A directory where the file should be cannot be read: updates off.
        let odd = dir.path().join("dir.json");
        std::fs::create_dir(&odd).unwrap();
        let policy = AdminPolicy::load_from(&odd);
        assert!(!policy.updates);
        assert!(policy.problem.is_some());
    }

    #[test]
    fn the_system_file_of_each_os() {
        let path = system_policy_path().unwrap();
        if cfg!(windows) {
            assert!(path.ends_with(r"Tessera\policy.json"));
        } else if cfg!(target_os = "macos") {
            assert_eq!(
                path,
                Path::new("/Library/Application Support/Tessera/policy.json")
            );
        } else {
            assert_eq!(path, Path::new("/etc/tessera/policy.json"));
        }
    }
}
