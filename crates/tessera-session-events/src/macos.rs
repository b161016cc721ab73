//! macOS: the current session's dictionary carries `CGSSessionScreenIsLocked`
//! (true) while the screen is locked (`CGSessionCopyCurrentDictionary`,
//! <https://developer.apple.com/documentation/coregraphics/1454462-cgsessioncopycurrentdictionary>).
//! Compiled only for macOS; not built or run on the Linux test machines.

#![allow(unsafe_code)]

use std::ffi::{c_char, c_void};

/// `kCFStringEncodingUTF8`.
const UTF8: u32 = 0x0800_0100;

#[link(name = "CoreGraphics", kind = "framework")]
extern "C" {
    fn CGSessionCopyCurrentDictionary() -> *const c_void;
}

#[link(name = "CoreFoundation", kind = "framework")]
extern "C" {
    fn CFStringCreateWithCString(
        allocator: *const c_void,
        text: *const c_char,
        encoding: u32,
    ) -> *const c_void;
    fn CFDictionaryGetValue(dictionary: *const c_void, key: *const c_void) -> *const c_void;
    fn CFGetTypeID(object: *const c_void) -> usize;
    fn CFBooleanGetTypeID() -> usize;
    fn CFBooleanGetValue(boolean: *const c_void) -> u8;
    fn CFRelease(object: *const c_void);
}

/// Whether the screen is locked now; `None` outside a GUI session.
pub(crate) fn screen_locked() -> Option<bool> {
    // SAFETY: returns an owned dictionary (released below) or null.
    let session = unsafe { CGSessionCopyCurrentDictionary() };
    if session.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated literal; returns an owned string or null.
    let key = unsafe {
        CFStringCreateWithCString(std::ptr::null(), c"CGSSessionScreenIsLocked".as_ptr(), UTF8)
    };
    if key.is_null() {
        // SAFETY: `session` is owned here and released once.
        unsafe { CFRelease(session) };
        return None;
    }
    // SAFETY: both are valid CF objects; the value (if any) is borrowed from
    // the dictionary and read before the dictionary is released.
    let locked = unsafe {
        let value = CFDictionaryGetValue(session, key);
        !value.is_null()
            && CFGetTypeID(value) == CFBooleanGetTypeID()
            && CFBooleanGetValue(value) != 0
    };
    // SAFETY: both are owned here and released once.
    unsafe {
        CFRelease(key);
        CFRelease(session);
    }
    Some(locked)
}
