//! The command layer on Tauri's mock runtime: real IPC serialisation and the
//! real application layer, over an in-memory keychain and clipboard, a fake
//! clock (moved by the tests, so nothing here depends on the machine's speed)
//! and a real index file in a temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::Manager;
use tauri::{WebviewWindow, WebviewWindowBuilder};
use tessera_app::cameras::{Cameras, DynCamera};
use tessera_app::commands::scan::preview_bytes;
use tessera_app::shell::Shell;
use tessera_capture::{CameraInfo, CaptureError, Frame, FrameSource, ImageFrames};
use tessera_clipboard::{ClipboardBackend, ClipboardError};
use tessera_core::otp::{totp, Algorithm};
use tessera_core::vault::{AccountId, KdfParams, MemoryStore, ProfileName, StoreError};
use tessera_service::backend::{DynClipboard, DynStore};
use tessera_service::views::PrintRequest;
use tessera_service::{Backend, Clock, FakeClock, Service};
use zeroize::Zeroizing;

/// The fake clock's start: some time in 2027.
const T0: u64 = 1_800_000_007;

/// The app's own origin (`http://tauri.localhost` on Windows).
const LOCAL: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

#[derive(Clone, Default)]
struct FakeClipboard(Arc<Mutex<Option<String>>>);

impl ClipboardBackend for FakeClipboard {
    fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
        *self.0.lock().unwrap() = Some(text.to_owned());
        Ok(())
    }
    fn read_text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
        Ok(self.0.lock().unwrap().clone().map(Zeroizing::new))
    }
    fn clear(&mut self) -> Result<(), ClipboardError> {
        *self.0.lock().unwrap() = None;
        Ok(())
    }
}

/// A camera for the tests: plays `frames` in a loop (blank ones unless a
/// test sets them), or refuses to open; counts the cameras open.
#[derive(Clone, Default)]
struct FakeCameras {
    frames: Arc<Mutex<Vec<Frame>>>,
    refuse: Arc<Mutex<Option<CaptureError>>>,
    open_now: Arc<AtomicUsize>,
}

struct FakeCamera {
    frames: Vec<Frame>,
    next: usize,
    open_now: Arc<AtomicUsize>,
}

impl FrameSource for FakeCamera {
    fn next_frame(&mut self) -> Result<Frame, CaptureError> {
        std::thread::sleep(std::time::Duration::from_millis(5));
        let frame = self.frames[self.next % self.frames.len()].clone();
        self.next += 1;
        Ok(frame)
    }
}

impl Drop for FakeCamera {
    fn drop(&mut self) {
        self.open_now.fetch_sub(1, Ordering::SeqCst);
    }
}

impl FakeCameras {
    fn backend(&self) -> Cameras {
        let me = self.clone();
        Cameras {
            list: Arc::new(|| {
                Ok(vec![CameraInfo {
                    index: 0,
                    name: "Desk camera".into(),
                }])
            }),
            open: Arc::new(move |index| {
                if let Some(err) = me.refuse.lock().unwrap().clone() {
                    return Err(err);
                }
                if index != 0 {
                    return Err(CaptureError::NoSuchCamera(index));
                }
                let mut frames = me.frames.lock().unwrap().clone();
                if frames.is_empty() {
                    frames.push(Frame {
                        width: 640,
                        height: 480,
                        pixels: vec![128; 640 * 480],
                    });
                }
                me.open_now.fetch_add(1, Ordering::SeqCst);
                Ok(Box::new(FakeCamera {
                    frames,
                    next: 0,
                    open_now: Arc::clone(&me.open_now),
                }) as DynCamera)
            }),
        }
    }
}

struct TestApp {
    _app: tauri::App<MockRuntime>,
    cameras: FakeCameras,
    webview: WebviewWindow<MockRuntime>,
    store: Arc<MemoryStore>,
    clipboard: FakeClipboard,
    keychain_up: Arc<AtomicBool>,
    clock: Arc<FakeClock>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let clipboard = FakeClipboard::default();
        let keychain_up = Arc::new(AtomicBool::new(true));
        let cameras = FakeCameras::default();
        let clock = Arc::new(FakeClock::at(T0));
        let (shared_store, up, shared_clip) = (
            Arc::clone(&store),
            Arc::clone(&keychain_up),
            clipboard.clone(),
        );
        let backend = Backend {
            data_dir: dir.path().to_path_buf(),
            open_keychain: Box::new(move || {
                if up.load(Ordering::SeqCst) {
                    Ok(Box::new(Arc::clone(&shared_store)) as DynStore)
                } else {
                    Err(StoreError::Unavailable {
                        detail: "no Secret Service on the session bus".into(),
                    })
                }
            }),
            open_clipboard: Some(Box::new(move || {
                Ok(Box::new(shared_clip.clone()) as DynClipboard)
            })),
            entropy: Arc::new(tessera_fs::OsEntropy),
            kdf: KdfParams::MIN,
            clock: Arc::clone(&clock) as Arc<dyn Clock>,
            user: "frontdesk".into(),
        };
        let service = Service::new(backend, ProfileName::default_profile(), false);
        let app = tessera_app::with_commands(mock_builder())
            .manage(service)
            .manage(Shell::new(cameras.backend()))
            .manage(tessera_app::hotkey::GlobalShortcut::default())
            .build(mock_context(noop_assets()))
            .unwrap();
        tessera_app::connect(app.handle());
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            _app: app,
            cameras,
            webview,
            store,
            clipboard,
            keychain_up,
            clock,
            _dir: dir,
        }
    }

    fn service(&self) -> tauri::State<'_, Service> {
        self._app.state::<Service>()
    }

    /// Runs `check` with the fake clock's time.
    fn at_clock(&self, check: impl FnOnce(u64) -> bool) {
        assert!(
            check(self.clock.unix_now()),
            "check failed at {}",
            self.clock.unix_now()
        );
    }

    fn call_from(&self, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
        self.request(origin, cmd, InvokeBody::Json(args))
    }

    fn request(&self, origin: &str, cmd: &str, body: InvokeBody) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: origin.parse().unwrap(),
                body,
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.call_from(LOCAL, cmd, args)
    }

    /// Calls with a raw (binary) body, as the UI sends image files.
    fn call_raw(&self, cmd: &str, bytes: &[u8]) -> Result<Value, Value> {
        self.request(LOCAL, cmd, InvokeBody::Raw(bytes.to_vec()))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err_kind(&self, cmd: &str, args: Value) -> String {
        let err = self.call(cmd, args).expect_err(cmd);
        err["kind"].as_str().unwrap().to_owned()
    }

    fn add(&self, issuer: &str, name: &str, key: &str) -> String {
        let form = json!({ "form": { "issuer": issuer, "name": name, "key": key } });
        self.ok("add_account", form)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn frame(&self) -> Value {
        self.ok("codes_now", json!({}))
    }
}

/// Calls `cmd` (no arguments) from `window`.
fn request_from(window: &WebviewWindow<MockRuntime>, cmd: &str) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: LOCAL.parse().unwrap(),
            body: InvokeBody::Json(json!({})),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// The code a key gives at `time` (SHA1, 6 digits, 30 s).
fn expected(key: &str, time: u64) -> String {
    let key = tessera_core::check_key(key).unwrap().key;
    totp(&key, Algorithm::Sha1, 6, 30, time)
}

#[test]
fn app_info_reports_the_version() {
    let app = TestApp::new();
    let info = app.ok("app_info", json!({}));
    assert_eq!(info, json!({ "version": env!("CARGO_PKG_VERSION") }));
}

#[test]
fn preview_key_returns_a_code_but_never_the_key() {
    let app = TestApp::new();
    let out = app.ok("preview_key", json!({ "key": "jbsw y3dp ehpk 3pxp" }));
    assert_eq!(out["status"], "valid");
    assert_eq!(out["bits"], 80);
    assert_eq!(out["weak"], true);
    let code = out["code"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    let left = out["secondsRemaining"].as_u64().unwrap();
    assert!((1..=30).contains(&left));
    assert!(!out.to_string().to_ascii_uppercase().contains("JBSW"));
}

#[test]
fn preview_key_explains_a_mistyped_character() {
    let app = TestApp::new();
    let out = app.ok("preview_key", json!({ "key": "JBSW Y3DP EHPK 3PX0" }));
    assert_eq!(
        out,
        json!({ "status": "invalid", "problem": { "kind": "invalidCharacter", "position": 19, "character": "0", "hint": "O" } })
    );
    let out = app.ok("preview_key", json!({ "key": "" }));
    assert_eq!(
        out,
        json!({ "status": "invalid", "problem": { "kind": "empty" } })
    );
    let out = app.ok("preview_key", json!({ "key": "JBSWY3DP" }));
    assert_eq!(
        out["problem"],
        json!({ "kind": "tooShort", "bits": 40, "symbols": 8 })
    );
    // A 32-character key with its last character missing.
    let out = app.ok(
        "preview_key",
        json!({ "key": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX" }),
    );
    assert_eq!(
        out["problem"],
        json!({ "kind": "lastCharacterDoesNotFit", "symbols": 31, "usual": 32 })
    );
}

#[test]
fn a_malformed_request_is_rejected_not_panicking() {
    let app = TestApp::new();
    assert!(app.call("preview_key", json!({})).is_err());
    assert!(app.call("no_such_command", json!({})).is_err());
    assert_eq!(
        app.err_kind("copy_code", json!({ "id": "../etc" })),
        "invalidInput"
    );
    let bad = json!({ "form": { "issuer": "X", "name": "y", "key": KEY, "algorithm": "MD5" } });
    assert_eq!(app.err_kind("add_account", bad), "invalidInput");
}

#[test]
fn remote_pages_cannot_call_commands() {
    let app = TestApp::new();
    let out = app.call_from(
        "https://evil.example",
        "preview_key",
        json!({ "key": "JBSWY3DPEHPK3PXP" }),
    );
    assert!(out.is_err(), "a remote origin reached a command: {out:?}");
}

#[test]
fn adds_lists_and_shows_codes_without_ever_returning_a_key() {
    let app = TestApp::new();
    let status = app.ok("status", json!({}));
    assert_eq!(status["keychain"]["state"], "ready");
    assert_eq!(
        status["chooseProfile"], false,
        "only one profile: nothing to ask"
    );
    assert_eq!(status["accountCount"], 0);
    assert_eq!(status["locked"], false);

    let typed = "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp";
    let preview = app.ok(
        "preview_account",
        json!({ "form": { "issuer": "Clinic", "name": "desk@clinic.example", "key": typed } }),
    );
    app.at_clock(|t| {
        preview["code"] == expected(KEY, t) || {
            // The preview may have been computed in the previous period.
            preview["code"] == expected(KEY, t - 1)
        }
    });
    let id = app.add("Clinic", "desk@clinic.example", typed);
    app.add("Bank", "me", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

    let list = app.ok("list_accounts", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["issuer"], "Clinic");
    assert_eq!(list[0]["kind"], "totp");
    assert_eq!(list[0]["period"], 30);

    app.at_clock(|t| {
        let frame = app.frame();
        let view = frame["codes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id.as_str())
            .cloned()
            .unwrap();
        let left = view["secondsRemaining"].as_u64().unwrap();
        // The next code is sent only in the last seconds of a period.
        view["code"] == expected(KEY, t) && view["nextCode"].is_null() && left == 30 - t % 30
    });
    app.clock.advance(30 - T0 % 30 - 4);
    app.at_clock(|t| {
        let view = app.frame()["codes"][0].clone();
        view["secondsRemaining"] == 4 && view["nextCode"] == expected(KEY, t + 30)
    });

    // Nothing that left the Rust side carries the key in any form.
    let everything = format!(
        "{} {} {}",
        app.ok("list_accounts", json!({})),
        app.frame(),
        app.ok("status", json!({}))
    );
    for form in [KEY, "JBSWY3DP", "jbswy3dp"] {
        assert!(!everything.contains(form), "key leaked: {everything}");
    }
}

#[test]
fn copy_puts_the_current_code_on_the_clipboard_and_lock_clears_it() {
    let app = TestApp::new();
    let id = app.add("Clinic", "desk", KEY);
    app.at_clock(|t| {
        let copied = app.ok("copy_code", json!({ "id": id }));
        assert_eq!(copied["clearAfterSeconds"], 30);
        app.clipboard.0.lock().unwrap().as_deref() == Some(expected(KEY, t).as_str())
    });
    app.ok("lock", json!({}));
    assert_eq!(*app.clipboard.0.lock().unwrap(), None);
    assert_eq!(app.frame()["locked"], true);
    // Without a PIN, unlocking lifts the curtain.
    app.ok("unlock", json!({ "pin": "" }));
    assert_eq!(app.frame()["locked"], false);

    // Something the user copied meanwhile is never cleared.
    app.ok("copy_code", json!({ "id": id }));
    *app.clipboard.0.lock().unwrap() = Some("note".into());
    app.ok("lock", json!({}));
    assert_eq!(app.clipboard.0.lock().unwrap().as_deref(), Some("note"));
}

#[test]
fn hotp_codes_come_on_request_and_the_counter_is_saved_first() {
    let app = TestApp::new();
    let link = format!("otpauth://hotp/Door:frontdesk?secret={KEY}&counter=5");
    let preview = app.ok("inspect_link", json!({ "text": link }));
    assert_eq!(preview["accounts"][0]["issuer"], "Door");
    assert_eq!(preview["accounts"][0]["kind"], "hotp");
    let added = app.ok("add_link", json!({ "text": link }));
    let id = added[0]["id"].as_str().unwrap().to_owned();
    let secret = tessera_core::check_key(KEY).unwrap().key;
    let hotp = |c| tessera_core::otp::hotp(&secret, Algorithm::Sha1, 6, c);

    let view = |frame: &Value| frame["codes"].as_array().unwrap()[0].clone();
    assert_eq!(view(&app.frame())["code"], Value::Null);
    let first = app.ok("next_hotp_code", json!({ "id": id }));
    assert_eq!(first["code"], hotp(5));
    assert_eq!(view(&app.frame())["code"], hotp(5));
    // Copy copies the code shown; it does not advance the counter.
    app.ok("copy_code", json!({ "id": id }));
    assert_eq!(
        app.clipboard.0.lock().unwrap().as_deref(),
        Some(hotp(5).as_str())
    );
    assert_eq!(
        app.ok("next_hotp_code", json!({ "id": id }))["code"],
        hotp(6)
    );
    // Locking forgets the shown code.
    app.ok("lock", json!({}));
    app.ok("unlock", json!({ "pin": "" }));
    assert_eq!(view(&app.frame())["code"], Value::Null);
}

#[test]
fn pin_lock_wrong_pin_and_unlock() {
    let app = TestApp::new();
    let id = app.add("Clinic", "desk", KEY);
    app.ok(
        "set_pin",
        json!({ "pin": "246813", "confirm": "246813", "sharedDesk": true }),
    );
    let status = app.ok("status", json!({}));
    assert_eq!(status["pinSet"], true);
    assert_eq!(status["sharedDesk"], true);
    assert_eq!(status["autoLockSeconds"], 120);
    // The stored item is sealed now.
    assert!(app.store.raw_payloads().iter().all(|p| !p.contains(KEY)));

    app.ok("lock", json!({}));
    assert_eq!(app.ok("status", json!({}))["locked"], true);
    assert_eq!(app.frame()["codes"], json!([]));
    assert_eq!(app.err_kind("list_accounts", json!({})), "locked");
    assert_eq!(app.err_kind("copy_code", json!({ "id": id })), "locked");
    assert_eq!(
        app.err_kind("unlock", json!({ "pin": "111111" })),
        "wrongPin"
    );
    assert_eq!(app.ok("status", json!({}))["failures"], 1);
    app.ok("unlock", json!({ "pin": "246813" }));
    let status = app.ok("status", json!({}));
    assert_eq!(
        (status["locked"].clone(), status["failures"].clone()),
        (json!(false), json!(0))
    );
    app.at_clock(|t| app.frame()["codes"][0]["code"] == expected(KEY, t));

    // Shared desk: the PIN cannot be removed.
    assert_eq!(
        app.err_kind("remove_pin", json!({ "pin": "246813" })),
        "invalidInput"
    );
    app.ok(
        "change_pin",
        json!({ "old": "246813", "new": "135790", "confirm": "135790" }),
    );
    app.ok("lock", json!({}));
    assert_eq!(
        app.err_kind("unlock", json!({ "pin": "246813" })),
        "wrongPin"
    );
    app.ok("unlock", json!({ "pin": "135790" }));
}

#[test]
fn repeated_wrong_pins_lock_out() {
    let app = TestApp::new();
    app.ok(
        "set_pin",
        json!({ "pin": "246813", "confirm": "246813", "sharedDesk": false }),
    );
    app.ok("lock", json!({}));
    for _ in 0..5 {
        assert_eq!(
            app.err_kind("unlock", json!({ "pin": "000000" })),
            "wrongPin"
        );
    }
    let status = app.ok("status", json!({}));
    assert!(status["lockoutSeconds"].as_u64().unwrap() > 0, "{status}");
    assert_eq!(
        app.err_kind("unlock", json!({ "pin": "246813" })),
        "lockedOut"
    );
}

#[test]
fn idle_time_locks_the_app() {
    let app = TestApp::new();
    app.add("Clinic", "desk", KEY);
    let mut settings = app.ok("get_settings", json!({}));
    settings["autoLockSeconds"] = json!(1);
    let saved = app.ok("save_settings", json!({ "settings": settings }));
    assert_eq!(saved["autoLockSeconds"], 1);
    assert_eq!(app.frame()["locked"], false);
    app.clock.advance(1);
    assert_eq!(app.frame()["locked"], true);
    app.ok("unlock", json!({ "pin": "" }));
    // Activity keeps it open: no more than a second apart, however long in all.
    for _ in 0..5 {
        app.clock.advance(1);
        app.ok("note_activity", json!({}));
        assert_eq!(app.frame()["locked"], false);
    }
}

#[test]
fn a_missing_keychain_is_reported_and_retry_recovers() {
    let app = TestApp::new();
    app.keychain_up.store(false, Ordering::SeqCst);
    let status = app.ok("status", json!({}));
    assert_eq!(status["keychain"]["state"], "unavailable");
    assert!(status["keychain"]["message"]
        .as_str()
        .unwrap()
        .contains("Secret Service"));
    let form = json!({ "form": { "issuer": "X", "name": "y", "key": KEY } });
    assert_eq!(app.err_kind("add_account", form), "keychainUnavailable");
    assert_eq!(app.frame()["problem"]["kind"], "keychainUnavailable");

    app.keychain_up.store(true, Ordering::SeqCst);
    let status = app.ok("reconnect_keychain", json!({}));
    assert_eq!(status["keychain"]["state"], "ready");
    app.add("X", "y", KEY);
    assert_eq!(app.frame()["codes"].as_array().unwrap().len(), 1);
}

#[test]
fn edit_favourite_reorder_and_delete() {
    let app = TestApp::new();
    let a = app.add("Alpha", "a", KEY);
    let b = app.add("Beta", "b", KEY);
    let c = app.add("Gamma", "c", KEY);
    let issuers = |app: &TestApp| -> Vec<String> {
        app.ok("list_accounts", json!({}))
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["issuer"].as_str().unwrap().to_owned())
            .collect()
    };
    app.ok("set_favourite", json!({ "id": c, "favourite": true }));
    assert_eq!(issuers(&app), ["Gamma", "Alpha", "Beta"]);
    app.ok("move_account", json!({ "id": b, "position": 0 }));
    assert_eq!(issuers(&app), ["Gamma", "Beta", "Alpha"]);
    let edited = app.ok(
        "edit_account",
        json!({ "id": a, "issuer": " Alpha Bank ", "name": "alice", "tags": ["money", " "] }),
    );
    assert_eq!(edited["issuer"], "Alpha Bank");
    assert_eq!(edited["tags"], json!(["money"]));
    app.ok("remove_account", json!({ "id": b }));
    assert_eq!(issuers(&app), ["Gamma", "Alpha Bank"]);
    assert_eq!(app.store.raw_payloads().len(), 2);
    assert_eq!(
        app.err_kind("remove_account", json!({ "id": b })),
        "notFound"
    );
}

#[test]
fn settings_are_saved_clamped_and_profiles_switch() {
    let app = TestApp::new();
    let mut settings = app.ok("get_settings", json!({}));
    assert_eq!(settings["theme"], "system");
    settings["theme"] = json!("dark");
    settings["clipboardSeconds"] = json!(99_999_999);
    let saved = app.ok("save_settings", json!({ "settings": settings }));
    assert_eq!(saved["theme"], "dark");
    assert_eq!(saved["clipboardSeconds"], 86_400);
    assert_eq!(app.ok("get_settings", json!({}))["theme"], "dark");

    app.add("Clinic", "desk", KEY);
    let status = app.ok("switch_profile", json!({ "profile": "front-desk" }));
    assert_eq!(status["profile"], "front-desk");
    assert_eq!(status["accountCount"], 0);
    assert_eq!(status["profiles"], json!(["default", "front-desk"]));
    assert_eq!(
        status["chooseProfile"], false,
        "a chosen profile is not asked again"
    );
    assert_eq!(
        app.err_kind("switch_profile", json!({ "profile": "../x" })),
        "invalidInput"
    );
    let status = app.ok("switch_profile", json!({ "profile": "default" }));
    assert_eq!(status["accountCount"], 1);
}

#[test]
fn reveal_key_checks_the_pin_and_never_answers_with_the_key() {
    let app = TestApp::new();
    let id = app.add("Clinic", "desk", KEY);
    app.ok(
        "set_pin",
        json!({ "pin": "246813", "confirm": "246813", "sharedDesk": false }),
    );
    assert_eq!(
        app.err_kind("reveal_key", json!({ "id": id, "pin": "111111" })),
        "wrongPin"
    );
    // The right PIN opens the key window; the main window never gets the key.
    let answer = app.ok("reveal_key", json!({ "id": id, "pin": "246813" }));
    assert_eq!(answer, Value::Null);
    assert_eq!(app.err_kind("reveal_take", json!({})), "invalidInput");
    let reveal = app
        .webview
        .app_handle()
        .get_webview_window("reveal")
        .expect("the key window");
    let shown = request_from(&reveal, "reveal_take").unwrap();
    assert_eq!(shown["name"], "Clinic (desk)");
    assert_eq!(shown["key"], "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    // Once only.
    assert!(request_from(&reveal, "reveal_take").is_err());
    app.ok("lock", json!({}));
    assert_eq!(
        app.err_kind("reveal_key", json!({ "id": id, "pin": "246813" })),
        "locked"
    );
}

#[test]
fn a_scanned_image_is_previewed_then_added_and_its_key_never_returned() {
    let app = TestApp::new();
    let png = include_bytes!("../../tests/e2e/fixtures/clinic-setup-qr.png");
    let result = app.call_raw("scan_image", png).unwrap();
    assert_eq!(result["found"], true);
    let preview = &result["preview"]["accounts"];
    assert_eq!(preview.as_array().unwrap().len(), 1);
    assert_eq!(preview[0]["issuer"], "Clinic Booking");
    assert_eq!(preview[0]["name"], "scan@clinic.example");
    assert!(!result.to_string().contains("JBSW"), "{result}");
    app.at_clock(|t| {
        let again = app.call_raw("scan_image", png).unwrap();
        again["preview"]["accounts"][0]["code"] == expected(KEY, t)
    });

    let added = app.ok("add_scanned", json!({}));
    assert_eq!(added[0]["issuer"], "Clinic Booking");
    app.at_clock(|t| app.frame()["codes"][0]["code"] == expected(KEY, t));
    // The scan is used up, and a lock forgets an unconfirmed one.
    assert_eq!(app.err_kind("add_scanned", json!({})), "invalidInput");
    app.call_raw("scan_image", png).unwrap();
    app.ok("lock", json!({}));
    app.ok("unlock", json!({ "pin": "" }));
    assert_eq!(app.err_kind("add_scanned", json!({})), "invalidInput");

    let err = app.call_raw("scan_image", b"not an image").unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("not a readable image"));
    let blank = app.call_raw("scan_image", &blank_png()).unwrap();
    assert_eq!(blank["found"], false);
}

/// A small white PNG (no QR code), built by hand: signature, IHDR, IDAT, IEND.
fn blank_png() -> Vec<u8> {
    // 1x1 white greyscale pixel, zlib-compressed scanline [0, 255].
    const PNG: [u8; 67] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A,
        0x7E, 0x9B, 0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0x0F, 0x00, 0x01, 0x01, 0x01, 0x00, 0xB1, 0x38, 0xF6, 0x14, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    PNG.to_vec()
}

#[test]
fn backup_codes_are_stored_masked_in_answers_and_marked_used_by_index() {
    let app = TestApp::new();
    let id = app.add("Clinic", "desk", KEY);
    let err = app
        .call(
            "preview_backup_codes",
            json!({ "text": "1234-5678\nKeep these safe\n" }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    assert!(err["message"].as_str().unwrap().contains("line 2"), "{err}");

    let block = "1. 1234-5678\n2. 8765-4321\n3. 1111-2222\n";
    let preview = app.ok("preview_backup_codes", json!({ "text": block }));
    assert_eq!(preview["count"], 3);
    assert_eq!(preview["hints"][0], "••••-••78", "two characters at most");
    let view = app.ok(
        "set_backup_codes",
        json!({ "id": id, "text": block, "append": false }),
    );
    assert_eq!(view["total"], 3);
    for answer in [&preview, &view] {
        let text = answer.to_string();
        assert!(!text.contains("1234") && !text.contains("8765"), "{text}");
    }
    let view = app.ok("use_backup_code", json!({ "id": id, "index": 1 }));
    assert_eq!(view["remaining"], 2);
    assert_eq!(view["runningLow"], true);
    assert_eq!(view["codes"][1]["used"], true);
    // The vault agrees: the second code is the one used.
    let entries = app
        .service()
        .vault()
        .unwrap()
        .backup_codes(&AccountId::parse(&id).unwrap())
        .unwrap();
    assert_eq!(entries[1].code.as_str(), "8765-4321");
    assert!(entries[1].used && !entries[0].used);
    assert_eq!(
        app.err_kind("use_backup_code", json!({ "id": id, "index": 9 })),
        "invalidInput"
    );
    let view = app.ok(
        "set_backup_codes",
        json!({ "id": id, "text": "5555-6666", "append": true }),
    );
    assert_eq!(view["total"], 4);
    let list = app.ok("list_accounts", json!({}));
    assert_eq!(list[0]["backupRemaining"], 3);
    app.ok("lock", json!({}));
    assert_eq!(app.err_kind("backup_codes", json!({ "id": id })), "locked");
}

#[test]
fn the_sheet_is_written_atomically_where_asked_with_recovery_only_on_request() {
    let app = TestApp::new();
    let id = app.add("Clinic", "desk", KEY);
    app.add("Other", "x", KEY);
    app.ok(
        "set_backup_codes",
        json!({ "id": id, "text": "1234-5678 8765-4321", "append": false }),
    );
    let service = app.service();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.pdf");
    let request: PrintRequest =
        serde_json::from_value(json!({ "ids": [id], "withRecovery": false, "paper": "letter" }))
            .unwrap();
    let printed = service.write_sheet(&request, &path, None).unwrap();
    assert_eq!((printed.pages, printed.accounts), (1, 1));
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(service.printed_sheet().unwrap(), path);

    let all: PrintRequest =
        serde_json::from_value(json!({ "ids": [], "withRecovery": true, "paper": "a4" })).unwrap();
    assert_eq!(service.write_sheet(&all, &path, None).unwrap().accounts, 2);
    // Only the sheet itself is in the folder: no temporary file left.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let missing = dir.path().join("no/such/dir/sheet.pdf");
    let err = service.write_sheet(&request, &missing, None).unwrap_err();
    assert!(err.to_string().contains("cannot write"), "{err}");
    assert_eq!(err.kind, tessera_service::ErrorKind::FileNotWritten);
    assert_eq!(app.err_kind("open_sheet", json!({})), "internal");
}

#[test]
fn a_sheet_with_keys_asks_for_the_pin_before_any_dialog() {
    let app = TestApp::new();
    app.add("Clinic", "desk", KEY);
    app.ok(
        "set_pin",
        json!({ "pin": "246813", "confirm": "246813", "sharedDesk": false }),
    );
    let request = json!({ "ids": [], "withRecovery": true, "paper": "a4" });
    // No PIN, a wrong PIN: refused before the save dialog would open.
    assert_eq!(
        app.err_kind("print_sheet", json!({ "request": request, "pin": null })),
        "pinRequired"
    );
    assert_eq!(
        app.err_kind(
            "print_sheet",
            json!({ "request": request, "pin": "000000" })
        ),
        "wrongPin"
    );
    // The right PIN gets as far as the dialog (the mock runtime has none).
    let err = app
        .call(
            "print_sheet",
            json!({ "request": request, "pin": "246813" }),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("no dialog"),
        "{err}"
    );
    // Without keys the PIN is not asked again.
    let plain = json!({ "ids": [], "withRecovery": false, "paper": "a4" });
    let err = app
        .call("print_sheet", json!({ "request": plain, "pin": null }))
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("no dialog"),
        "{err}"
    );
}

#[test]
fn settings_cannot_be_changed_behind_the_lock_screen() {
    let app = TestApp::new();
    app.ok(
        "set_pin",
        json!({ "pin": "246813", "confirm": "246813", "sharedDesk": true }),
    );
    app.ok("lock", json!({}));
    let mut settings = app.ok("get_settings", json!({}));
    settings["autoLockSeconds"] = json!(86_400);
    settings["clipboardSeconds"] = json!(0);
    assert_eq!(
        app.err_kind("save_settings", json!({ "settings": settings })),
        "locked"
    );
    app.ok("unlock", json!({ "pin": "246813" }));
    let saved = app.ok("save_settings", json!({ "settings": settings }));
    assert_eq!(saved["autoLockSeconds"], 600, "a shared desk's ceiling");
    assert_eq!(saved["clipboardSeconds"], 60, "a shared desk always clears");
}

#[test]
fn a_multi_code_export_is_collected_and_added_only_when_complete() {
    use tessera_core::migration::format_migration;
    let app = TestApp::new();
    let service = app.service();
    let account = |issuer: &str| {
        tessera_core::otpauth::parse(&format!(
            "otpauth://totp/{issuer}:a?secret={KEY}&issuer={issuer}"
        ))
        .unwrap()
    };
    let part = |i: u32, issuer: &str| format_migration(&[account(issuer)], i, 3, 77).to_string();

    let first = service.take_scan(vec![part(1, "Bravo")]).unwrap();
    assert_eq!(first.transfer, Some((1, 3)));
    assert_eq!(first.preview.part, Some((2, 3)));
    let err = app.call("add_scanned", json!({})).unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("1 of 3 parts"),
        "{err}"
    );

    let dup = service.take_scan(vec![part(1, "Bravo")]).unwrap();
    assert!(
        dup.refused[0].contains("part 2 of 3 was already scanned"),
        "{dup:?}"
    );
    let other = format_migration(&[account("Zulu")], 0, 2, 99).to_string();
    let mixed = service.take_scan(vec![other]).unwrap();
    assert!(mixed.refused[0].contains("another export"), "{mixed:?}");

    service.take_scan(vec![part(0, "Alpha")]).unwrap();
    let last = service.take_scan(vec![part(2, "Charlie")]).unwrap();
    assert_eq!(last.transfer, Some((3, 3)));
    let added = app.ok("add_scanned", json!({}));
    let issuers: Vec<&str> = added
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["issuer"].as_str().unwrap())
        .collect();
    assert_eq!(issuers, ["Alpha", "Bravo", "Charlie"]);
    assert!(!last.preview.accounts.is_empty());
    // A lock drops a half-collected export, and so does Cancel.
    service.take_scan(vec![part(0, "Alpha")]).unwrap();
    app.ok("lock", json!({}));
    app.ok("unlock", json!({ "pin": "" }));
    assert_eq!(
        service.take_scan(vec![part(1, "Bravo")]).unwrap().transfer,
        Some((1, 3))
    );
    app.ok("cancel_scan", json!({}));
    assert_eq!(
        service
            .take_scan(vec![part(2, "Charlie")])
            .unwrap()
            .transfer,
        Some((1, 3))
    );
}

#[test]
fn when_several_codes_are_found_only_the_picked_ones_are_added() {
    let app = TestApp::new();
    let service = app.service();
    let uri = |issuer: &str| format!("otpauth://totp/{issuer}:a?secret={KEY}&issuer={issuer}");
    let result = service
        .take_scan(vec![uri("First"), uri("Second"), uri("Third")])
        .unwrap();
    assert_eq!(result.preview.accounts.len(), 3);
    let added = app.ok("add_scanned", json!({ "pick": [1] }));
    assert_eq!(added.as_array().unwrap().len(), 1);
    assert_eq!(added[0]["issuer"], "Second");
    let list = app.ok("list_accounts", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1);
}

/// The clinic's setup QR code as a camera frame, with blank frames before it.
fn camera_frames_with_code() -> Vec<Frame> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/e2e/fixtures/clinic-setup-qr.png");
    let code = ImageFrames::open(&[path]).unwrap().next_frame().unwrap();
    let blank = Frame {
        width: code.width,
        height: code.height,
        pixels: vec![200; code.pixels.len()],
    };
    vec![blank.clone(), blank, code]
}

#[test]
fn the_camera_is_listed_scans_until_a_code_then_is_released_and_the_code_added() {
    let app = TestApp::new();
    let list = app.ok("list_cameras", json!({}));
    assert_eq!(list, json!([{ "index": 0, "name": "Desk camera" }]));
    *app.cameras.frames.lock().unwrap() = camera_frames_with_code();
    let result = app.ok(
        "scan_camera",
        json!({ "device": 0, "preview": "__CHANNEL__:7" }),
    );
    assert_eq!(
        app.cameras.open_now.load(Ordering::SeqCst),
        0,
        "camera released"
    );
    assert_eq!(result["found"], true);
    let preview = &result["preview"]["accounts"][0];
    assert_eq!(preview["issuer"], "Clinic Booking");
    assert!(!result.to_string().contains("secret="), "{result}");
    let added = app.ok("add_scanned", json!({}));
    assert_eq!(added.as_array().unwrap().len(), 1);
    assert_eq!(added[0]["issuer"], "Clinic Booking");
}

#[test]
fn closing_the_dialog_or_locking_stops_the_camera_and_releases_it() {
    let app = TestApp::new();
    for how in ["stop", "lock"] {
        if how == "lock" {
            app.ok("unlock", json!({ "pin": "" }));
        }
        let handle = app.webview.app_handle().clone();
        let open_now = Arc::clone(&app.cameras.open_now);
        let stopper = std::thread::spawn(move || {
            // Wait until the camera is really streaming, then stop it.
            while open_now.load(Ordering::SeqCst) == 0 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            if how == "stop" {
                handle.state::<Shell>().stop_camera();
            } else {
                handle.state::<Service>().lock();
            }
        });
        let result = app.ok(
            "scan_camera",
            json!({ "device": 0, "preview": "__CHANNEL__:8" }),
        );
        stopper.join().unwrap();
        assert_eq!(result, Value::Null, "{how}");
        assert_eq!(app.cameras.open_now.load(Ordering::SeqCst), 0, "{how}");
    }
    // While locked, the camera cannot be started at all.
    assert_eq!(app.err_kind("list_cameras", json!({})), "locked");
    assert_eq!(
        app.err_kind(
            "scan_camera",
            json!({ "device": 0, "preview": "__CHANNEL__:9" })
        ),
        "locked"
    );
}

#[test]
fn camera_failures_reach_the_ui_as_camera_errors_it_can_explain() {
    let app = TestApp::new();
    for (refusal, words) in [
        (CaptureError::CameraBusy, "in use by another program"),
        (CaptureError::CameraDenied, "privacy settings"),
        (CaptureError::NoCamera, "no camera was found"),
    ] {
        *app.cameras.refuse.lock().unwrap() = Some(refusal);
        let err = app
            .call(
                "scan_camera",
                json!({ "device": 0, "preview": "__CHANNEL__:3" }),
            )
            .unwrap_err();
        assert_eq!(err["kind"], "camera");
        assert!(err["message"].as_str().unwrap().contains(words), "{err}");
    }
    *app.cameras.refuse.lock().unwrap() = None;
    let err = app
        .call(
            "scan_camera",
            json!({ "device": 4, "preview": "__CHANNEL__:3" }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "camera");
    assert!(
        err["message"].as_str().unwrap().contains("number 4"),
        "{err}"
    );
}

#[test]
fn preview_frames_are_small_greyscale_with_their_size_first() {
    let frame = Frame {
        width: 1280,
        height: 720,
        pixels: (0..1280 * 720).map(|i| (i % 1280 / 5) as u8).collect(),
    };
    let bytes = preview_bytes(&frame);
    let (w, h) = (
        u16::from_le_bytes([bytes[0], bytes[1]]),
        u16::from_le_bytes([bytes[2], bytes[3]]),
    );
    assert_eq!((w, h), (320, 180));
    assert_eq!(bytes.len(), 4 + 320 * 180);
    // Every 4th pixel of every 4th row: column x of the preview is column 4x.
    assert_eq!(bytes[4 + 10], (40 / 5) as u8);
    let tiny = preview_bytes(&Frame {
        width: 3,
        height: 2,
        pixels: vec![9; 6],
    });
    assert_eq!(tiny, vec![3, 0, 2, 0, 9, 9, 9, 9, 9, 9]);
}

#[test]
fn the_clock_check_reports_offline_and_a_correction_needs_a_measurement() {
    let app = TestApp::new();
    // A port nothing listens on: refused at once, "unknown", never an error.
    let dead = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let view = app.ok("check_clock", json!({ "servers": [dead] }));
    assert_eq!(view["verdict"], "unknown");
    assert!(view["offsetMs"].is_null());
    assert_eq!(view["wrongCodes"], false);
    assert_eq!(view["servers"][0]["server"], dead.as_str());
    assert!(view["servers"][0]["error"]
        .as_str()
        .unwrap()
        .starts_with("refused"));
    assert_eq!(
        app.err_kind("apply_clock_correction", json!({ "on": true })),
        "invalidInput"
    );
    let view = app.ok("apply_clock_correction", json!({ "on": false }));
    assert!(view["correctionMs"].is_null());
    assert!(app.ok("get_settings", json!({}))["clockCorrectionMs"].is_null());
}
