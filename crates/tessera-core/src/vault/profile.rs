//! Profile names: each profile is a separate vault with its own keychain
//! namespace (`tessera/<profile>`) and its own index.

use std::fmt;

/// A checked profile name: 1–32 of `a–z A–Z 0–9 _ -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProfileName(String);

/// Why a profile name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a valid profile name: use 1 to 32 letters, digits, '-' or '_'")]
pub struct ProfileNameError(pub String);

impl ProfileName {
    /// The profile used when none is named.
    pub fn default_profile() -> Self {
        Self("default".into())
    }

    /// Checks a name.
    pub fn new(name: &str) -> Result<Self, ProfileNameError> {
        let ok = (1..=32).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(Self(name.to_owned()))
        } else {
            Err(ProfileNameError(name.to_owned()))
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The keychain service name of this profile's items.
    pub fn keychain_service(&self) -> String {
        format!("tessera/{}", self.0)
    }
}

impl fmt::Display for ProfileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
