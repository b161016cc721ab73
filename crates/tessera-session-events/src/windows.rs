//! Windows: the screen is locked when the input desktop cannot be opened —
//! while locked it is the secure Winlogon desktop, which no user program may
//! open (`OpenInputDesktop`,
//! <https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-openinputdesktop>).
//! The same holds while a UAC prompt shows its secure desktop, so Tessera
//! locks then too. Compiled only for Windows; not built or run on the Linux
//! test machines.

#![allow(unsafe_code)]

use std::ffi::c_void;

/// `DESKTOP_SWITCHDESKTOP` access right.
const DESKTOP_SWITCHDESKTOP: u32 = 0x0100;

#[link(name = "user32")]
extern "system" {
    fn OpenInputDesktop(flags: u32, inherit: i32, desired_access: u32) -> *mut c_void;
    fn CloseDesktop(desktop: *mut c_void) -> i32;
}

/// Whether the workstation is locked now.
pub(crate) fn screen_locked() -> Option<bool> {
    // SAFETY: a Win32 call with constant arguments; it returns a handle or null.
    let desktop = unsafe { OpenInputDesktop(0, 0, DESKTOP_SWITCHDESKTOP) };
    if desktop.is_null() {
        return Some(true);
    }
    // SAFETY: `desktop` is the valid handle just opened, closed once.
    unsafe { CloseDesktop(desktop) };
    Some(false)
}
