//! Tessera desktop app entry point.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(target_os = "linux")]
    lighter_webkit();
    tessera_app::run()
}

/// Lighter WebKitGTK for a list of codes, each setting unless the user chose
/// otherwise (measured with `bench/app.sh`, 200 accounts):
/// - GPU compositing costs about 75 MB per window (a GL context,
///   software-rendered where there is no GPU) and buys nothing here;
/// - JavaScriptCore's JIT compilers cost about 20 MB in the web process; the
///   interpreter is plenty for this UI, and an authenticator is better off
///   without JIT-compiled code (a smaller attack surface).
///
/// Runs before any thread starts, so changing the environment is safe; the
/// web process inherits it.
#[cfg(target_os = "linux")]
fn lighter_webkit() {
    for (var, value) in [
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        ("JSC_useJIT", "0"),
    ] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, value);
        }
    }
}
