//! The command layer on Tauri's mock runtime: real IPC serialisation, no window.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

/// The app's own origin (`http://tauri.localhost` on Windows).
const LOCAL: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

fn invoke(cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_from(LOCAL, cmd, args)
}

fn invoke_from(origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
    let app = tessera_app::with_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: origin.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn app_info_reports_the_version() {
    let info = invoke("app_info", json!({})).unwrap();
    assert_eq!(info, json!({ "version": env!("CARGO_PKG_VERSION") }));
}

#[test]
fn preview_key_returns_a_code_but_never_the_key() {
    let out = invoke("preview_key", json!({ "key": "jbsw y3dp ehpk 3pxp" })).unwrap();
    assert_eq!(out["status"], "valid");
    assert_eq!(out["bits"], 80);
    assert_eq!(out["weak"], true);
    let code = out["code"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    let left = out["secondsRemaining"].as_u64().unwrap();
    assert!((1..=30).contains(&left));
    let text = out.to_string();
    assert!(
        !text.to_ascii_uppercase().contains("JBSW"),
        "response echoes the key: {text}"
    );
}

#[test]
fn preview_key_explains_a_mistyped_character() {
    let out = invoke("preview_key", json!({ "key": "JBSW Y3DP EHPK 3PX0" })).unwrap();
    assert_eq!(
        out,
        json!({ "status": "invalid", "problem": { "kind": "invalidCharacter", "position": 19, "character": "0", "hint": "O" } })
    );
    let out = invoke("preview_key", json!({ "key": "" })).unwrap();
    assert_eq!(
        out,
        json!({ "status": "invalid", "problem": { "kind": "empty" } })
    );
    let out = invoke("preview_key", json!({ "key": "JBSWY3DP" })).unwrap();
    assert_eq!(out["problem"], json!({ "kind": "tooShort", "bits": 40 }));
}

#[test]
fn a_malformed_request_is_rejected_not_panicking() {
    assert!(invoke("preview_key", json!({})).is_err());
    assert!(invoke("no_such_command", json!({})).is_err());
}

#[test]
fn remote_pages_cannot_call_commands() {
    let out = invoke_from(
        "https://evil.example",
        "preview_key",
        json!({ "key": "JBSWY3DPEHPK3PXP" }),
    );
    assert!(out.is_err(), "a remote origin reached a command: {out:?}");
}
