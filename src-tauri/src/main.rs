//! Tessera desktop app entry point.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(target_os = "linux")]
    lighter_webkit();
    tessera_app::run()
}

/// WebKitGTK's GPU compositing costs about 75 MB per window (a GL context,
/// software-rendered where there is no GPU) and buys nothing for a list of
/// codes. Turned off unless the user chose otherwise. Runs before any thread
/// starts, so changing the environment is safe.
#[cfg(target_os = "linux")]
fn lighter_webkit() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}
