//! The X11 key grab (X Window System Protocol, `GrabKey`/`UngrabKey`,
//! keysyms from `GetKeyboardMapping`). One connection and one thread per
//! grab: the thread waits for key presses; dropping the grab sends the
//! thread a message through a small window of its own so it ends.

use crate::{HotkeyError, OnPress};
use std::sync::Arc;
use std::thread::JoinHandle;
use tessera_core::shortcut::{Shortcut, ShortcutKey};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    ClientMessageEvent, ConnectionExt as _, CreateWindowAux, EventMask, GrabMode, Keycode, ModMask,
    Window, WindowClass,
};
use x11rb::protocol::Event;
use x11rb::rust_connection::RustConnection;

/// A held grab and the thread that answers it.
pub(crate) struct Grab {
    conn: Arc<RustConnection>,
    root: Window,
    wake: Window,
    keycode: Keycode,
    modifiers: ModMask,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Grab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grab")
            .field("keycode", &self.keycode)
            .finish_non_exhaustive()
    }
}

/// Caps Lock and Num Lock (Mod2 on every common layout): a grab is taken
/// with each combination of them, or the shortcut would stop working while
/// either is on.
const LOCKS: [u16; 4] = [0, 1 << 1, 1 << 4, (1 << 1) | (1 << 4)];

fn keysym(key: ShortcutKey) -> u32 {
    match key {
        // Latin-1 keysyms are the lower-case characters themselves.
        ShortcutKey::Letter(c) => u32::from(c.to_ascii_lowercase()),
        ShortcutKey::Digit(c) => u32::from(c),
        ShortcutKey::Function(n) => 0xffbe + u32::from(n) - 1,
        ShortcutKey::Space => 0x20,
    }
}

fn modifiers(shortcut: &Shortcut) -> ModMask {
    let mut mask = ModMask::from(0u16);
    for (on, bit) in [
        (shortcut.ctrl, ModMask::CONTROL),
        (shortcut.alt, ModMask::M1),
        (shortcut.shift, ModMask::SHIFT),
        (shortcut.super_key, ModMask::M4),
    ] {
        if on {
            mask |= bit;
        }
    }
    mask
}

fn failed(e: impl std::fmt::Display) -> HotkeyError {
    HotkeyError::Failed(e.to_string())
}

/// The keycode that types `sym` on this keyboard, if any.
fn keycode_for(conn: &RustConnection, sym: u32) -> Result<Option<Keycode>, HotkeyError> {
    let setup = conn.setup();
    let (min, max) = (setup.min_keycode, setup.max_keycode);
    let map = conn
        .get_keyboard_mapping(min, max - min + 1)
        .map_err(failed)?
        .reply()
        .map_err(failed)?;
    let per = usize::from(map.keysyms_per_keycode.max(1));
    Ok(map
        .keysyms
        .chunks(per)
        .position(|syms| syms.contains(&sym))
        .and_then(|i| u8::try_from(i).ok())
        .map(|i| min + i))
}

impl Grab {
    pub(crate) fn new(shortcut: Shortcut, on_press: OnPress) -> Result<Self, HotkeyError> {
        let (conn, screen) = x11rb::connect(None).map_err(|e| match e {
            x11rb::errors::ConnectError::DisplayParsingError(_) => HotkeyError::Unsupported(
                format!("There is no X display to take a global shortcut on ({e})."),
            ),
            other => failed(format!("the X display could not be reached ({other})")),
        })?;
        let conn = Arc::new(conn);
        let root = conn
            .setup()
            .roots
            .get(screen)
            .map(|s| s.root)
            .ok_or_else(|| failed("the display has no such screen"))?;
        let keycode = keycode_for(&conn, keysym(shortcut.key))?.ok_or_else(|| {
            HotkeyError::Failed(format!("this keyboard has no key {}", shortcut.key))
        })?;
        let mods = modifiers(&shortcut);
        let mut taken = Vec::new();
        for lock in LOCKS {
            let with = mods | ModMask::from(lock);
            let result = conn
                .grab_key(false, root, with, keycode, GrabMode::ASYNC, GrabMode::ASYNC)
                .map_err(failed)?
                .check();
            match result {
                Ok(()) => taken.push(with),
                Err(e) => {
                    for with in taken {
                        let _ = conn.ungrab_key(keycode, root, with);
                    }
                    let _ = conn.flush();
                    // BadAccess: another client holds a grab on it.
                    return Err(match e {
                        x11rb::errors::ReplyError::X11Error(_) => HotkeyError::Taken(shortcut),
                        other => failed(other),
                    });
                }
            }
        }
        // An unmapped window of our own, only to receive the "stop" message.
        let wake = conn.generate_id().map_err(failed)?;
        conn.create_window(
            0,
            wake,
            root,
            0,
            0,
            1,
            1,
            0,
            WindowClass::INPUT_ONLY,
            0,
            &CreateWindowAux::new(),
        )
        .map_err(failed)?
        .check()
        .map_err(failed)?;
        let for_thread = Arc::clone(&conn);
        let thread = std::thread::Builder::new()
            .name("global-shortcut".into())
            .spawn(move || listen(&for_thread, keycode, &on_press, wake))
            .map_err(failed)?;
        Ok(Self {
            conn,
            root,
            wake,
            keycode,
            modifiers: mods,
            thread: Some(thread),
        })
    }
}

fn listen(conn: &RustConnection, keycode: Keycode, on_press: &OnPress, wake: Window) {
    while let Ok(event) = conn.wait_for_event() {
        match event {
            Event::KeyPress(press) if press.detail == keycode => on_press(),
            Event::ClientMessage(msg) if msg.window == wake => return,
            _ => {}
        }
    }
}

impl Drop for Grab {
    fn drop(&mut self) {
        for lock in LOCKS {
            let _ = self.conn.ungrab_key(
                self.keycode,
                self.root,
                self.modifiers | ModMask::from(lock),
            );
        }
        let stop = ClientMessageEvent::new(32, self.wake, 0u32, [0u32; 5]);
        let _ = self
            .conn
            .send_event(false, self.wake, EventMask::NO_EVENT, stop);
        let _ = self.conn.destroy_window(self.wake);
        let _ = self.conn.flush();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
