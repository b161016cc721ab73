//! The tray icon: show the window (focused on search) or the mini window, copy any account's
//! code straight from the menu (submenus by group when the list is long),
//! lock, quit. The menu is rebuilt whenever accounts or the lock change; a
//! copy is confirmed in the icon's tooltip.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tessera_service::Service;

const TRAY_ID: &str = "tessera";
/// Event asking the UI to focus its search box.
pub const FOCUS_SEARCH_EVENT: &str = "focus-search";

/// Brings the main window forward with its search box focused (built again
/// if it was released while hidden).
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.state::<crate::release::Release>().main_window(app) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        let _ = window.emit(FOCUS_SEARCH_EVENT, ());
    }
}

/// Quits Tessera: locked first (keys wiped, our code off the clipboard).
pub fn quit<R: Runtime>(app: &AppHandle<R>) {
    app.state::<crate::window_memory::WindowMemory>()
        .before_quit(app);
    app.state::<Service>().lock();
    app.exit(0);
}

fn menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let service = app.state::<Service>();
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::with_id(
        app,
        "show",
        "Show Tessera",
        true,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(
        app,
        "mini",
        "Quick copy window",
        true,
        Some("CmdOrCtrl+Shift+M"),
    )?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    let locked = match service.menu_groups() {
        Some(groups) => {
            for account in &groups.top {
                menu.append(&copy_item(app, account)?)?;
            }
            for (group, members) in &groups.groups {
                let submenu = Submenu::new(app, group, true)?;
                for account in members {
                    submenu.append(&copy_item(app, account)?)?;
                }
                menu.append(&submenu)?;
            }
            false
        }
        None => {
            menu.append(&MenuItem::with_id(
                app,
                "locked",
                "Locked: open Tessera to unlock",
                false,
                None::<&str>,
            )?)?;
            true
        }
    };
    let backup = service.backup_status();
    if backup.needs_attention {
        menu.append(&MenuItem::with_id(
            app,
            "show",
            "⚠ Backup needs attention: open Tessera",
            true,
            None::<&str>,
        )?)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    if !locked {
        menu.append(&MenuItem::with_id(app, "lock", "Lock", true, None::<&str>)?)?;
    }
    menu.append(&MenuItem::with_id(
        app,
        "quit",
        "Quit Tessera",
        true,
        None::<&str>,
    )?)?;
    Ok(menu)
}

fn copy_item<R: Runtime>(
    app: &AppHandle<R>,
    account: &tessera_service::views::AccountView,
) -> tauri::Result<MenuItem<R>> {
    let label = format!("Copy code: {}", account.label());
    MenuItem::with_id(
        app,
        format!("copy:{}", account.id),
        label,
        true,
        None::<&str>,
    )
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let service = app.state::<Service>();
    match id {
        "show" => show_main(app),
        "mini" => {
            if crate::commands::mini::open(app).is_err() {
                show_main(app);
            }
        }
        "lock" => service.lock(),
        "quit" => quit(app),
        other => {
            let copied = other.strip_prefix("copy:").map(|id| service.copy_code(id));
            match copied {
                // A failure (locked meanwhile, keychain gone) is shown in the window.
                Some(Err(_)) => show_main(app),
                Some(Ok(copied)) => {
                    if let Some(tray) = app.tray_by_id(TRAY_ID) {
                        let what = if copied.next {
                            "Next code copied"
                        } else {
                            "Code copied"
                        };
                        let _ = tray.set_tooltip(Some(match copied.clear_after_seconds {
                            0 => format!("Tessera: {what}"),
                            s => format!("Tessera: {what}; the clipboard clears in {s} s"),
                        }));
                    }
                }
                None => {}
            }
        }
    }
}

/// Rebuilds the tray menu (after accounts, the lock or a backup changed).
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    if let (Some(tray), Ok(menu)) = (app.tray_by_id(TRAY_ID), menu(app)) {
        let _ = tray.set_menu(Some(menu));
        let warn = app.state::<Service>().backup_status().needs_attention;
        let _ = tray.set_tooltip(Some(if warn {
            "Tessera: a backup needs attention"
        } else {
            "Tessera"
        }));
    }
}

/// Creates the tray icon. Desktops without a tray simply don't show it.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Tessera")
        .menu(&menu(app)?)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}
