//! X11 screen capture on one connection per capture (XCB: RandR
//! `GetMonitors`, then core `GetImage` of the root window per monitor),
//! converted straight to luma. Used instead of xcap on X11 because xcap opens
//! several connections per capture and, on a long-running app, ran the X
//! server out of client slots after a few dozen captures.

use crate::{CaptureError, Frame, Screen};
use xcb::x::{Drawable, GetImage, ImageFormat, ImageOrder};

fn fail(e: impl std::fmt::Display) -> CaptureError {
    CaptureError::Screen(e.to_string())
}

/// Every monitor of the X display named by `DISPLAY`.
pub(crate) fn capture() -> Result<Vec<Screen>, CaptureError> {
    let (conn, screen_num) =
        xcb::Connection::connect_with_extensions(None, &[], &[xcb::Extension::RandR])
            .map_err(fail)?;
    let setup = conn.get_setup();
    let screen = setup
        .roots()
        .nth(usize::try_from(screen_num).unwrap_or(0))
        .ok_or_else(|| fail("no X screen"))?;
    let root = screen.root();
    let whole = (
        0i16,
        0i16,
        screen.width_in_pixels(),
        screen.height_in_pixels(),
    );
    let mut rects = Vec::new();
    if conn.active_extensions().any(|e| e == xcb::Extension::RandR) {
        let cookie = conn.send_request(&xcb::randr::GetMonitors {
            window: root,
            get_active: true,
        });
        if let Ok(reply) = conn.wait_for_reply(cookie) {
            for m in reply.monitors() {
                rects.push((m.x(), m.y(), m.width(), m.height()));
            }
        }
    }
    if rects.is_empty() {
        rects.push(whole);
    }
    let byte_order = setup.image_byte_order();
    let formats: Vec<(u8, u8)> = setup
        .pixmap_formats()
        .iter()
        .map(|f| (f.depth(), f.bits_per_pixel()))
        .collect();
    let mut screens = Vec::with_capacity(rects.len());
    for (i, (x, y, width, height)) in rects.into_iter().enumerate() {
        let cookie = conn.send_request(&GetImage {
            format: ImageFormat::ZPixmap,
            drawable: Drawable::Window(root),
            x,
            y,
            width,
            height,
            plane_mask: u32::MAX,
        });
        let reply = conn.wait_for_reply(cookie).map_err(fail)?;
        let depth = reply.depth();
        let bpp = formats
            .iter()
            .find(|(d, _)| *d == depth)
            .map(|(_, b)| *b)
            .ok_or_else(|| fail(format!("no pixel format for depth {depth}")))?;
        if bpp != 32 || depth < 24 {
            return Err(fail(format!("unsupported screen depth {depth}")));
        }
        let data = reply.data();
        let (w, h) = (usize::from(width), usize::from(height));
        if data.len() < w * h * 4 {
            return Err(fail("short screen image"));
        }
        let pixels = data
            .chunks_exact(4)
            .take(w * h)
            .map(|p| {
                let (r, g, b) = match byte_order {
                    ImageOrder::LsbFirst => (p[2], p[1], p[0]),
                    _ => (p[1], p[2], p[3]),
                };
                ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
            })
            .collect();
        screens.push(Screen {
            name: format!("monitor {}", i + 1),
            x: i32::from(x),
            y: i32::from(y),
            frame: Frame {
                width: u32::from(width),
                height: u32::from(height),
                pixels,
            },
        });
    }
    Ok(screens)
}
