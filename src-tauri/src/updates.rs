//! Updates through Tauri's updater plugin, behind the administrator's policy
//! ([`tessera_service::admin`]).
//!
//! A check asks the release endpoint (`plugins.updater.endpoints` in
//! `tauri.conf.json`) for its `latest.json`; a version newer than the one
//! running is offered, anything else is not. Installing downloads the
//! package for this system (`.deb`, `.rpm`, `.msi`/NSIS, the macOS app),
//! verifies its minisign signature with the release public key
//! (`plugins.updater.pubkey`) and the version the signature was made for
//! (`requireSignedVersion`: a manifest cannot pass an older, genuinely
//! signed package off as a newer one), and only then hands it to the
//! system's installer (on Linux `pkexec dpkg -i` / `rpm -U`, which asks for
//! an administrator's password). Nothing is installed when any check fails.
//!
//! No check is ever made when the policy turns updates off, when this copy
//! was not installed from one of Tessera's packages (a `cargo run` binary
//! must not overwrite itself), or when the build carries no usable release
//! key (a build from source: the placeholder key in `tauri.conf.json`).
//!
//! Debug builds only, for the tests: [`TEST_ENDPOINT_ENV`] and
//! [`TEST_PUBKEY_ENV`] replace the endpoint and the public key. Release
//! builds do not compile that code in, so a shipped app trusts only the key
//! it was built with.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tauri::utils::config::BundleType;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};
use tessera_service::admin::AdminPolicy;
use tessera_service::views::{UpdateState, UpdateView};
use tessera_service::{Error, ErrorKind};

/// Debug builds only: the update endpoint to ask instead of the configured one.
pub const TEST_ENDPOINT_ENV: &str = "TESSERA_TEST_UPDATE_URL";
/// Debug builds only: the public key (as `tauri signer generate` prints it)
/// to verify updates with instead of the configured one.
pub const TEST_PUBKEY_ENV: &str = "TESSERA_TEST_UPDATE_PUBKEY";

/// How long a check or a download may take before it is given up.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The app's update state (one per app, managed by Tauri).
#[derive(Debug)]
pub struct Updates {
    policy: AdminPolicy,
    inner: Mutex<Inner>,
    installing: AtomicBool,
}

#[derive(Default)]
struct Inner {
    state: Option<UpdateState>,
    pending: Option<Update>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("state", &self.state)
            .field("pending", &self.pending.as_ref().map(|u| &u.version))
            .finish()
    }
}

impl Updates {
    /// Updates under `policy` (read once, at start).
    pub fn new(policy: AdminPolicy) -> Self {
        Self {
            policy,
            inner: Mutex::default(),
            installing: AtomicBool::new(false),
        }
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Where updates stand, without asking anyone.
    pub fn view<R: Runtime>(&self, app: &AppHandle<R>) -> UpdateView {
        let state = match self.blocked(app) {
            Some(state) => state,
            None => self.inner().state.clone().unwrap_or(UpdateState::Ready),
        };
        UpdateView {
            current_version: app.package_info().version.to_string(),
            state,
        }
    }

    /// Why no check may be made, if so.
    fn blocked<R: Runtime>(&self, app: &AppHandle<R>) -> Option<UpdateState> {
        if !self.policy.updates {
            return Some(UpdateState::Managed {
                problem: self.policy.problem.clone(),
            });
        }
        if !installed_from_package() {
            return Some(UpdateState::Unavailable {
                reason: "This copy of Tessera was not installed from one of its packages, \
                         so it cannot update itself: update it the way it was installed."
                    .into(),
            });
        }
        if !usable_public_key(&public_key(app)) {
            return Some(UpdateState::Unavailable {
                reason: "This build of Tessera has no release key to check updates with, \
                         so it cannot update itself: update it the way it was installed."
                    .into(),
            });
        }
        None
    }

    /// Refuses when no check may be made.
    fn allowed<R: Runtime>(&self, app: &AppHandle<R>) -> Result<(), Error> {
        match self.blocked(app) {
            None => Ok(()),
            Some(UpdateState::Managed { .. }) => Err(Error::new(
                ErrorKind::UpdatesManaged,
                "Updates are managed by your administrator",
            )),
            Some(UpdateState::Unavailable { reason }) => {
                Err(Error::new(ErrorKind::UpdateUnavailable, reason))
            }
            Some(_) => Err(Error::internal("unexpected update state")),
        }
    }

    /// Asks the release endpoint whether a newer version exists.
    pub async fn check<R: Runtime>(&self, app: &AppHandle<R>) -> Result<UpdateView, Error> {
        self.allowed(app)?;
        let mut builder = app
            .updater_builder()
            .pubkey(public_key(app))
            .timeout(TIMEOUT);
        if let Some(endpoint) = test_endpoint() {
            builder = builder.endpoints(vec![endpoint]).map_err(refusal)?;
        }
        let found = builder.build().map_err(refusal)?.check().await;
        let state = match found.map_err(refusal)? {
            Some(update) => {
                let state = UpdateState::Available {
                    version: update.version.clone(),
                    notes: update.body.clone(),
                };
                let mut inner = self.inner();
                inner.pending = Some(update);
                inner.state = Some(state.clone());
                state
            }
            None => {
                let mut inner = self.inner();
                inner.pending = None;
                inner.state = Some(UpdateState::UpToDate);
                UpdateState::UpToDate
            }
        };
        Ok(UpdateView {
            current_version: app.package_info().version.to_string(),
            state,
        })
    }

    /// Downloads, verifies and installs the update the last check offered.
    pub async fn install<R: Runtime>(&self, app: &AppHandle<R>) -> Result<UpdateView, Error> {
        self.allowed(app)?;
        let Some(update) = self.inner().pending.clone() else {
            return Err(Error::invalid(
                "no update is offered: check for updates first",
            ));
        };
        if self.installing.swap(true, Ordering::SeqCst) {
            return Err(Error::invalid("the update is being installed already"));
        }
        let outcome = update.download_and_install(|_, _| {}, || {}).await;
        self.installing.store(false, Ordering::SeqCst);
        let mut inner = self.inner();
        match outcome {
            Ok(()) => {
                inner.pending = None;
                let state = UpdateState::Installed {
                    version: update.version.clone(),
                };
                inner.state = Some(state.clone());
                drop(inner);
                Ok(UpdateView {
                    current_version: app.package_info().version.to_string(),
                    state,
                })
            }
            Err(err) => {
                let err = refusal(err);
                if err.kind == ErrorKind::UpdateRefused {
                    // Not offered again until a new check.
                    inner.pending = None;
                    inner.state = Some(UpdateState::Ready);
                }
                Err(err)
            }
        }
    }

    /// Whether a new version was installed in this run (a restart uses it).
    pub fn installed(&self) -> bool {
        matches!(self.inner().state, Some(UpdateState::Installed { .. }))
    }
}

/// Whether this binary came from one of Tessera's packages (the bundler
/// marks the copy it packs), the only kind that updates itself.
fn installed_from_package() -> bool {
    matches!(
        tauri::utils::platform::bundle_type(),
        Some(
            BundleType::Deb
                | BundleType::Rpm
                | BundleType::Msi
                | BundleType::Nsis
                | BundleType::App
        )
    )
}

/// The public key updates are verified with.
fn public_key<R: Runtime>(app: &AppHandle<R>) -> String {
    #[cfg(debug_assertions)]
    if let Some(key) = std::env::var(TEST_PUBKEY_ENV)
        .ok()
        .filter(|k| !k.is_empty())
    {
        return key;
    }
    app.config()
        .plugins
        .0
        .get("updater")
        .and_then(|updater| updater.get("pubkey"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The endpoint the tests name, in debug builds.
fn test_endpoint() -> Option<tauri::Url> {
    #[cfg(debug_assertions)]
    if let Some(url) = std::env::var(TEST_ENDPOINT_ENV)
        .ok()
        .filter(|u| !u.is_empty())
    {
        return url.parse().ok();
    }
    None
}

/// Whether `key` is a minisign public key as `tauri signer generate` writes
/// it (base64 of the key file): the placeholder in `tauri.conf.json` is not.
pub fn usable_public_key(key: &str) -> bool {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(key.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .is_some_and(|text| minisign_verify::PublicKey::decode(&text).is_ok())
}

/// The updater's failures as the UI tells them.
pub fn refusal(err: tauri_plugin_updater::Error) -> Error {
    use tauri_plugin_updater::Error as E;
    let refused = |message: String| Error::new(ErrorKind::UpdateRefused, message);
    let unavailable = |detail: String| {
        Error::new(
            ErrorKind::UpdateUnavailable,
            format!("could not check for updates: {detail}"),
        )
    };
    let failed = |detail: String| {
        Error::new(
            ErrorKind::UpdateFailed,
            format!("the update was verified but could not be installed: {detail}"),
        )
    };
    match err {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) => refused(
            "the update's signature does not match Tessera's release key, so it was refused \
             and nothing was installed"
                .into(),
        ),
        E::SignedVersionMismatch { signed, announced } => refused(format!(
            "the update server offered version {announced}, but the package is signed as \
             version {signed}, so it was refused and nothing was installed"
        )),
        E::MissingSignedVersion => refused(
            "the update's signature does not say which version it is, so it was refused and \
             nothing was installed"
                .into(),
        ),
        E::InvalidUpdaterFormat => refused(
            "the download is not a Tessera package for this system, so it was refused and \
             nothing was installed"
                .into(),
        ),
        E::AuthenticationFailed => failed("the administrator's password was not given".into()),
        E::PackageInstallFailed | E::DebInstallFailed => {
            failed("the system's package tool reported an error".into())
        }
        E::Io(err) => failed(err.to_string()),
        E::TempDirNotFound | E::TempDirNotOnSameMountPoint => {
            failed("no temporary folder could be used".into())
        }
        E::ReleaseNotFound => unavailable("the update server gave no release".into()),
        E::TargetNotFound(_) | E::TargetsNotFound(_) => {
            unavailable("the update server has no package for this system".into())
        }
        E::Network(detail) => unavailable(detail),
        E::Reqwest(err) => unavailable(network_detail(&err)),
        E::Serialization(_) | E::Semver(_) | E::UrlParse(_) => {
            unavailable("the update server's answer could not be read".into())
        }
        E::InsecureTransportProtocol => {
            unavailable("the update server is not reached over https".into())
        }
        E::EmptyEndpoints => unavailable("no update server is configured".into()),
        other => Error::internal(format!("the updater failed: {other}")),
    }
}

/// A network failure in words (reqwest's own text names URLs and layers).
fn network_detail(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "the update server did not answer in time".into()
    } else if err.is_connect() {
        "the update server could not be reached (offline?)".into()
    } else if let Some(status) = err.status() {
        format!("the update server answered {status}")
    } else if err.is_decode() {
        "the update server's answer could not be read".into()
    } else {
        "the update server could not be reached".into()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use tauri_plugin_updater::Error as E;

    /// A public key as `tauri signer generate` prints it (of a throwaway
    /// pair: its private key was never kept).
    const KEY: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk6IEE5NjZGNkExMjA4NDE1MUUKUldRZUZZUWdvZlptcVR2bFBiTlI4bVE1bFhpbUJTSG50cmFPT1lIdmpFTStIM0E2SHJ6bEg1bWgK";

    #[test]
    fn real_keys_pass_placeholders_do_not() {
        assert!(usable_public_key(KEY));
        assert!(usable_public_key(&format!(" {KEY}\n")));
        for key in ["", "SET-BY-THE-RELEASE-JOB", "dW50cnVzdGVk", "not base64!"] {
            assert!(!usable_public_key(key), "{key} passed");
        }
    }

    #[test]
    fn verification_failures_are_refusals() {
        let Err(bad_sig) = minisign_verify::Signature::decode("not a signature") else {
            panic!("a signature was decoded from nonsense");
        };
        for err in [
            E::Minisign(bad_sig),
            E::SignedVersionMismatch {
                signed: "0.1.0".into(),
                announced: "9.0.0".into(),
            },
            E::MissingSignedVersion,
            E::InvalidUpdaterFormat,
            E::SignatureUtf8("x".into()),
        ] {
            let err = refusal(err);
            assert_eq!(err.kind, ErrorKind::UpdateRefused, "{}", err.message);
            assert!(
                err.message.contains("nothing was installed"),
                "{}",
                err.message
            );
        }
        let err = refusal(E::SignedVersionMismatch {
            signed: "0.1.0".into(),
            announced: "9.0.0".into(),
        });
        assert!(err.message.contains("9.0.0") && err.message.contains("0.1.0"));
    }

    #[test]
    fn other_failures_say_what_failed() {
        assert_eq!(
            refusal(E::ReleaseNotFound).kind,
            ErrorKind::UpdateUnavailable
        );
        assert_eq!(
            refusal(E::TargetsNotFound(vec!["linux-x86_64-deb".into()])).kind,
            ErrorKind::UpdateUnavailable
        );
        assert_eq!(
            refusal(E::AuthenticationFailed).kind,
            ErrorKind::UpdateFailed
        );
        assert_eq!(
            refusal(E::PackageInstallFailed).kind,
            ErrorKind::UpdateFailed
        );
    }
}
