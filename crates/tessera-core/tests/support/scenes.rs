//! Generated pictures of QR codes where people meet them: small codes
//! (1.5 to 3 pixels per module, as a browser zoomed out or a 4K screen shows
//! them) anywhere on a busy page — text, photos, buttons, check boxes,
//! window chrome — and several codes side by side or stacked, as a Google
//! Authenticator export shows its parts. Codes are drawn with exact area
//! coverage (each pixel is as dark as the share of it the dark modules
//! cover), which is how a browser's smooth scaling of a code image looks.
//! Deterministic: a seed picks every position and every word.
//!
//! Shared by `tests/qr_scenes.rs`, `examples/qr_passes.rs`,
//! `benches/qr_frames.rs` and the screen tests of other crates.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use image::{GrayImage, Luma};

/// A picture and the texts of the codes in it, in reading order.
pub struct Scene {
    pub name: String,
    pub image: GrayImage,
    pub texts: Vec<String>,
}

/// A small deterministic random source (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// In `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// In `[0, 1)`.
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A setup link like a service's enrolment page shows.
pub fn setup_link(i: usize) -> String {
    let issuers = [
        "GitHub",
        "Clinic Booking",
        "Example Bank",
        "Fastmail",
        "Nextcloud",
    ];
    let issuer = issuers[i % issuers.len()];
    let encoded = issuer.replace(' ', "%20");
    format!(
        "otpauth://totp/{encoded}:user{i}%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK{:04}&issuer={encoded}",
        i % 10_000
    )
}

/// A Google Authenticator export part holding `accounts` accounts (part
/// `index` of `parts`): a dense code.
pub fn google_export(accounts: usize, index: u32, parts: u32, batch: u32) -> String {
    let list: Vec<tessera_core::Account> = (0..accounts)
        .map(|i| {
            format!(
                "otpauth://totp/Issuer{i}:user{i}.{index}@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ{}",
                ["Q", "R", "S", "T"][(index as usize) % 4]
            )
            .parse()
            .unwrap()
        })
        .collect();
    tessera_core::migration::format_migration(&list, index, parts, batch as i32).to_string()
}

/// A code's modules (true = dark), `size × size`.
pub struct Modules {
    pub size: usize,
    pub dark: Vec<bool>,
}

pub fn modules(text: &str) -> Modules {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let size = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Modules { size, dark }
}

/// Width in pixels of a code drawn at `module` pixels per module with its
/// 4-module quiet zone.
pub fn drawn_width(m: &Modules, module: f32) -> f32 {
    (m.size + 8) as f32 * module
}

/// Draws a code with its quiet zone, top-left corner of the quiet zone at
/// (x0, y0) (fractions of a pixel allowed), `module` pixels per module, each
/// pixel as dark as the share of it the dark modules cover.
pub fn draw_code(
    canvas: &mut GrayImage,
    m: &Modules,
    x0: f32,
    y0: f32,
    module: f32,
    dark: u8,
    light: u8,
) {
    let total = m.size + 8;
    let side = total as f32 * module;
    let (w, h) = (canvas.width() as i64, canvas.height() as i64);
    let px0 = (x0.floor() as i64).max(0);
    let py0 = (y0.floor() as i64).max(0);
    let px1 = ((x0 + side).ceil() as i64).min(w);
    let py1 = ((y0 + side).ceil() as i64).min(h);
    // For each pixel column, the modules it overlaps and by how much.
    let cover = |p: i64, origin: f32| -> Vec<(i64, f32)> {
        let (a, b) = (
            (p as f32 - origin) / module,
            (p as f32 + 1.0 - origin) / module,
        );
        let mut out = Vec::new();
        let mut k = a.floor() as i64;
        while (k as f32) < b {
            let lo = a.max(k as f32);
            let hi = b.min(k as f32 + 1.0);
            if hi > lo {
                out.push((k - 4, (hi - lo) * module));
            }
            k += 1;
        }
        out
    };
    let columns: Vec<Vec<(i64, f32)>> = (px0..px1).map(|x| cover(x, x0)).collect();
    for y in py0..py1 {
        let rows = cover(y, y0);
        for (i, x) in (px0..px1).enumerate() {
            let (mut darkness, mut area) = (0.0f32, 0.0f32);
            for &(my, wy) in &rows {
                for &(mx, wx) in &columns[i] {
                    let inside =
                        (0..m.size as i64).contains(&mx) && (0..m.size as i64).contains(&my);
                    let is_dark = inside && m.dark[my as usize * m.size + mx as usize];
                    area += wx * wy;
                    if is_dark {
                        darkness += wx * wy;
                    }
                }
            }
            // Pixels the code only partly covers keep the page behind them.
            let behind = f32::from(canvas.get_pixel(x as u32, y as u32)[0]);
            let code =
                f32::from(light) + (f32::from(dark) - f32::from(light)) * darkness / area.max(1e-6);
            let v = code * area + behind * (1.0 - area);
            canvas.put_pixel(
                x as u32,
                y as u32,
                Luma([v.round().clamp(0.0, 255.0) as u8]),
            );
        }
    }
}

/// A 5×7 bitmap font: digits and capitals, each row five bits.
fn glyph(c: char) -> [u8; 7] {
    let rows: [&str; 7] = match c.to_ascii_uppercase() {
        'A' => [
            "01110", "10001", "10001", "11111", "10001", "10001", "10001",
        ],
        'B' => [
            "11110", "10001", "10001", "11110", "10001", "10001", "11110",
        ],
        'C' => [
            "01110", "10001", "10000", "10000", "10000", "10001", "01110",
        ],
        'D' => [
            "11100", "10010", "10001", "10001", "10001", "10010", "11100",
        ],
        'E' => [
            "11111", "10000", "10000", "11110", "10000", "10000", "11111",
        ],
        'F' => [
            "11111", "10000", "10000", "11110", "10000", "10000", "10000",
        ],
        'G' => [
            "01110", "10001", "10000", "10111", "10001", "10001", "01111",
        ],
        'H' => [
            "10001", "10001", "10001", "11111", "10001", "10001", "10001",
        ],
        'I' => [
            "01110", "00100", "00100", "00100", "00100", "00100", "01110",
        ],
        'J' => [
            "00111", "00010", "00010", "00010", "00010", "10010", "01100",
        ],
        'K' => [
            "10001", "10010", "10100", "11000", "10100", "10010", "10001",
        ],
        'L' => [
            "10000", "10000", "10000", "10000", "10000", "10000", "11111",
        ],
        'M' => [
            "10001", "11011", "10101", "10101", "10001", "10001", "10001",
        ],
        'N' => [
            "10001", "10001", "11001", "10101", "10011", "10001", "10001",
        ],
        'O' => [
            "01110", "10001", "10001", "10001", "10001", "10001", "01110",
        ],
        'P' => [
            "11110", "10001", "10001", "11110", "10000", "10000", "10000",
        ],
        'Q' => [
            "01110", "10001", "10001", "10001", "10101", "10010", "01101",
        ],
        'R' => [
            "11110", "10001", "10001", "11110", "10100", "10010", "10001",
        ],
        'S' => [
            "01111", "10000", "10000", "01110", "00001", "00001", "11110",
        ],
        'T' => [
            "11111", "00100", "00100", "00100", "00100", "00100", "00100",
        ],
        'U' => [
            "10001", "10001", "10001", "10001", "10001", "10001", "01110",
        ],
        'V' => [
            "10001", "10001", "10001", "10001", "10001", "01010", "00100",
        ],
        'W' => [
            "10001", "10001", "10001", "10101", "10101", "10101", "01010",
        ],
        'X' => [
            "10001", "10001", "01010", "00100", "01010", "10001", "10001",
        ],
        'Y' => [
            "10001", "10001", "10001", "01010", "00100", "00100", "00100",
        ],
        'Z' => [
            "11111", "00001", "00010", "00100", "01000", "10000", "11111",
        ],
        '0' => [
            "01110", "10001", "10011", "10101", "11001", "10001", "01110",
        ],
        '1' => [
            "00100", "01100", "00100", "00100", "00100", "00100", "01110",
        ],
        '2' => [
            "01110", "10001", "00001", "00010", "00100", "01000", "11111",
        ],
        '3' => [
            "11111", "00010", "00100", "00010", "00001", "10001", "01110",
        ],
        '4' => [
            "00010", "00110", "01010", "10010", "11111", "00010", "00010",
        ],
        '5' => [
            "11111", "10000", "11110", "00001", "00001", "10001", "01110",
        ],
        '6' => [
            "00110", "01000", "10000", "11110", "10001", "10001", "01110",
        ],
        '7' => [
            "11111", "00001", "00010", "00100", "01000", "01000", "01000",
        ],
        '8' => [
            "01110", "10001", "10001", "01110", "10001", "10001", "01110",
        ],
        '9' => [
            "01110", "10001", "10001", "01111", "00001", "00010", "01100",
        ],
        '/' => [
            "00001", "00010", "00010", "00100", "01000", "01000", "10000",
        ],
        '.' => [
            "00000", "00000", "00000", "00000", "00000", "01100", "01100",
        ],
        _ => ["00000"; 7],
    };
    rows.map(|r| u8::from_str_radix(r, 2).unwrap_or(0))
}

/// Writes `text` at (x, y), each font pixel `scale × scale`.
pub fn text(canvas: &mut GrayImage, s: &str, x: u32, y: u32, scale: u32, ink: u8) {
    for (i, c) in s.chars().enumerate() {
        let g = glyph(c);
        for (row, bits) in g.iter().enumerate() {
            for col in 0..5u32 {
                if bits & (1 << (4 - col)) == 0 {
                    continue;
                }
                let gx = x + (i as u32 * 6 + col) * scale;
                let gy = y + row as u32 * scale;
                fill(canvas, gx, gy, scale, scale, ink);
            }
        }
    }
}

pub fn fill(canvas: &mut GrayImage, x: u32, y: u32, w: u32, h: u32, v: u8) {
    for yy in y..(y + h).min(canvas.height()) {
        for xx in x..(x + w).min(canvas.width()) {
            canvas.put_pixel(xx, yy, Luma([v]));
        }
    }
}

fn frame_rect(canvas: &mut GrayImage, x: u32, y: u32, w: u32, h: u32, t: u32, v: u8) {
    fill(canvas, x, y, w, t, v);
    fill(canvas, x, y + h.saturating_sub(t), w, t, v);
    fill(canvas, x, y, t, h, v);
    fill(canvas, x + w.saturating_sub(t), y, t, h, v);
}

/// A photo-like area: smooth random blobs, a gradient and grain.
fn photo(canvas: &mut GrayImage, x: u32, y: u32, w: u32, h: u32, rng: &mut Rng) {
    let cell = 12 + rng.below(24) as u32;
    let (gw, gh) = (w / cell + 2, h / cell + 2);
    let grid: Vec<f32> = (0..gw * gh).map(|_| rng.unit() * 200.0 + 20.0).collect();
    let tilt = rng.unit() * 60.0 - 30.0;
    for yy in 0..h {
        for xx in 0..w {
            let (fx, fy) = (xx as f32 / cell as f32, yy as f32 / cell as f32);
            let (ix, iy) = (fx as u32, fy as u32);
            let (tx, ty) = (fx - ix as f32, fy - iy as f32);
            let g = |a: u32, b: u32| grid[(b * gw + a) as usize];
            let top = g(ix, iy) * (1.0 - tx) + g(ix + 1, iy) * tx;
            let bottom = g(ix, iy + 1) * (1.0 - tx) + g(ix + 1, iy + 1) * tx;
            let v =
                top * (1.0 - ty) + bottom * ty + tilt * xx as f32 / w as f32 + rng.unit() * 24.0
                    - 12.0;
            if x + xx < canvas.width() && y + yy < canvas.height() {
                canvas.put_pixel(x + xx, y + yy, Luma([v.clamp(0.0, 255.0) as u8]));
            }
        }
    }
}

const WORDS: &[&str] = &[
    "ACCOUNT",
    "SECURITY",
    "TWO",
    "FACTOR",
    "SCAN",
    "THIS",
    "CODE",
    "WITH",
    "YOUR",
    "APP",
    "ENTER",
    "THE",
    "SIX",
    "DIGIT",
    "SETUP",
    "KEY",
    "BACKUP",
    "RECOVERY",
    "SETTINGS",
    "PROFILE",
    "HELP",
    "SIGN",
    "IN",
    "2024",
    "AUTHENTICATOR",
    "VERIFY",
    "NEXT",
    "CANCEL",
    "OR",
    "MANUALLY",
    "TOTP",
];

/// A busy page `w × h`: a window title bar and tabs, a toolbar of buttons
/// and check boxes, a sidebar, paragraphs of text at two sizes, photos and
/// icons that look a little like finder patterns.
pub fn busy_page(w: u32, h: u32, seed: u64) -> GrayImage {
    let mut rng = Rng::new(seed);
    let mut page = GrayImage::from_pixel(w, h, Luma([246]));
    let scale = if w >= 3000 { 2 } else { 1 };
    // Title bar and tabs.
    fill(&mut page, 0, 0, w, 34 * scale, 48);
    for t in 0..6 {
        let x = 8 * scale + t * 180 * scale;
        fill(
            &mut page,
            x,
            6 * scale,
            170 * scale,
            28 * scale,
            if t == 0 { 246 } else { 70 },
        );
        text(
            &mut page,
            WORDS[rng.below(WORDS.len() as u64) as usize],
            x + 10 * scale,
            16 * scale,
            scale,
            if t == 0 { 30 } else { 220 },
        );
    }
    // Toolbar: buttons, check boxes, concentric-square icons.
    let bar = 34 * scale;
    fill(&mut page, 0, bar, w, 40 * scale, 228);
    let mut x = 10 * scale;
    while x + 120 * scale < w {
        match rng.below(3) {
            0 => {
                frame_rect(
                    &mut page,
                    x,
                    bar + 8 * scale,
                    90 * scale,
                    24 * scale,
                    scale,
                    120,
                );
                text(
                    &mut page,
                    WORDS[rng.below(WORDS.len() as u64) as usize],
                    x + 8 * scale,
                    bar + 16 * scale,
                    scale,
                    40,
                );
                x += 100 * scale;
            }
            1 => {
                let s = (7 + rng.below(6) as u32) * scale;
                frame_rect(&mut page, x, bar + 14 * scale, s, s, scale, 60);
                if rng.below(2) == 0 {
                    fill(
                        &mut page,
                        x + 3 * scale,
                        bar + 14 * scale + 3 * scale,
                        s - 6 * scale,
                        s - 6 * scale,
                        60,
                    );
                }
                x += s + 14 * scale;
            }
            _ => {
                // An icon of nested squares: dark ring, light ring, dark core.
                let u = scale + rng.below(2) as u32;
                frame_rect(&mut page, x, bar + 10 * scale, 7 * u, 7 * u, u, 30);
                fill(
                    &mut page,
                    x + 2 * u,
                    bar + 10 * scale + 2 * u,
                    3 * u,
                    3 * u,
                    30,
                );
                x += 7 * u + 16 * scale;
            }
        }
    }
    // Sidebar.
    let side = 220 * scale;
    let top = bar + 40 * scale;
    fill(&mut page, 0, top, side, h - top, 60);
    let mut y = top + 12 * scale;
    while y + 20 * scale < h {
        text(
            &mut page,
            WORDS[rng.below(WORDS.len() as u64) as usize],
            14 * scale,
            y,
            scale,
            215,
        );
        y += 22 * scale;
    }
    // Body: paragraphs and photos.
    let mut y = top + 20 * scale;
    while y + 40 * scale < h {
        if rng.below(4) == 0 {
            let pw = (200 + rng.below(400) as u32) * scale;
            let ph = (90 + rng.below(140) as u32) * scale;
            let px = side
                + 30 * scale
                + rng.below(u64::from((w - side).saturating_sub(pw + 60 * scale)).max(1)) as u32;
            photo(&mut page, px, y, pw.min(w - px), ph.min(h - y), &mut rng);
            y += ph + 20 * scale;
            continue;
        }
        let size = if rng.below(3) == 0 { 2 * scale } else { scale };
        let lines = 2 + rng.below(5) as u32;
        for _ in 0..lines {
            let mut x = side + 30 * scale;
            while x + 200 * scale < w {
                let word = WORDS[rng.below(WORDS.len() as u64) as usize];
                text(&mut page, word, x, y, size, 35);
                x += (word.len() as u32 * 6 + 5) * size;
            }
            y += 11 * size;
            if y + 20 * scale >= h {
                break;
            }
        }
        y += 14 * scale;
    }
    page
}

/// Draws a code on a white card where (x, y) is the card's top-left
/// corner; returns the card's size.
fn card(canvas: &mut GrayImage, m: &Modules, x: f32, y: f32, module: f32) -> f32 {
    let side = drawn_width(m, module);
    let pad = 6.0;
    fill(
        canvas,
        x as u32,
        y as u32,
        (side + 2.0 * pad) as u32 + 1,
        (side + 2.0 * pad) as u32 + 1,
        255,
    );
    draw_code(canvas, m, x + pad, y + pad, module, 24, 255);
    side + 2.0 * pad
}

/// One code of `text` at `module` pixels per module somewhere on a busy
/// `w × h` page (`place`: None for a random place, else the fraction of
/// the free width and height).
pub fn small_code_scene(
    w: u32,
    h: u32,
    module: f32,
    text: &str,
    seed: u64,
    place: Option<(f32, f32)>,
) -> Scene {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut image = busy_page(w, h, seed);
    let m = modules(text);
    let side = drawn_width(&m, module) + 14.0;
    let (fx, fy) = place.unwrap_or_else(|| (rng.unit(), rng.unit()));
    let x = fx * (w as f32 - side - 1.0) + rng.unit();
    let y = fy * (h as f32 - side - 1.0) + rng.unit();
    card(&mut image, &m, x.max(0.0), y.max(0.0), module);
    Scene {
        name: format!("{w}x{h} {module} px/module at {x:.0},{y:.0}"),
        image,
        texts: vec![text.to_owned()],
    }
}

/// The small-code set: setup links and dense export payloads at 1.5, 2,
/// 2.5 and 3 pixels per module on 1920×1080 and 3840×2160 busy pages, at a
/// random place and in a corner.
pub fn small_code_scenes() -> Vec<Scene> {
    let mut scenes = Vec::new();
    let mut seed = 1u64;
    for (w, h) in [(1920u32, 1080u32), (3840, 2160)] {
        for module in [1.5f32, 2.0, 2.5, 3.0] {
            for (kind, text) in [
                ("link", setup_link(seed as usize)),
                ("export", google_export(6, 0, 1, seed as u32)),
            ] {
                for place in [
                    None,
                    Some((if seed.is_multiple_of(2) { 0.0 } else { 1.0 }, 1.0)),
                ] {
                    let mut scene = small_code_scene(w, h, module, &text, seed, place);
                    scene.name = format!("{kind} {}", scene.name);
                    scenes.push(scene);
                    seed += 1;
                }
            }
        }
    }
    scenes
}

/// `count` codes in a row (`stacked`: in a column) on a busy page, each
/// with a caption ("1 of 3"), `module` pixels per module.
pub fn multi_code_scene(
    w: u32,
    h: u32,
    count: usize,
    stacked: bool,
    module: f32,
    export: bool,
    seed: u64,
) -> Scene {
    let mut rng = Rng::new(seed);
    let mut image = busy_page(w, h, seed);
    let texts: Vec<String> = (0..count)
        .map(|i| {
            if export {
                google_export(5, i as u32, count as u32, seed as u32)
            } else {
                setup_link(seed as usize * 10 + i)
            }
        })
        .collect();
    let codes: Vec<Modules> = texts.iter().map(|t| modules(t)).collect();
    let side = codes
        .iter()
        .map(|m| drawn_width(m, module))
        .fold(0.0, f32::max)
        + 12.0;
    let gap = 8.0 + rng.unit() * 20.0;
    let caption = 14.0;
    let (span_w, span_h) = if stacked {
        (side, count as f32 * (side + caption + gap))
    } else {
        (count as f32 * (side + gap), side + caption)
    };
    let x0 = rng.unit() * (w as f32 - span_w - 2.0).max(0.0);
    let y0 = rng.unit() * (h as f32 - span_h - 2.0).max(0.0);
    for (i, m) in codes.iter().enumerate() {
        let (x, y) = if stacked {
            (x0, y0 + i as f32 * (side + caption + gap))
        } else {
            (x0 + i as f32 * (side + gap), y0)
        };
        card(&mut image, m, x, y, module);
        fill(
            &mut image,
            x as u32,
            (y + side) as u32,
            side as u32,
            caption as u32,
            255,
        );
        text(
            &mut image,
            &format!("{} OF {count}", i + 1),
            (x + side / 2.0 - 20.0) as u32,
            (y + side + 3.0) as u32,
            1,
            40,
        );
    }
    Scene {
        name: format!(
            "{count} {} {} at {module} px/module on {w}x{h}",
            if export { "export parts" } else { "links" },
            if stacked { "stacked" } else { "side by side" }
        ),
        image,
        texts,
    }
}

/// A Google Authenticator export of two parts shown side by side on white,
/// with "1 of 2" / "2 of 2" captions, scaled to `w × h` (562×500 and
/// 421×374 in issue 19).
pub fn google_pair(w: u32, h: u32, seed: u64) -> Scene {
    let texts = vec![
        google_export(7, 0, 2, seed as u32),
        google_export(7, 1, 2, seed as u32),
    ];
    let codes: Vec<Modules> = texts.iter().map(|t| modules(t)).collect();
    let mut image = GrayImage::from_pixel(w, h, Luma([255]));
    let cell = w as f32 / 2.0;
    let module = (cell - 8.0) / (codes[0].size + 8) as f32;
    for (i, m) in codes.iter().enumerate() {
        let side = drawn_width(m, module);
        let x = i as f32 * cell + (cell - side) / 2.0;
        let y = (h as f32 - side) / 2.0 - 10.0;
        draw_code(&mut image, m, x, y.max(0.0), module, 20, 255);
        text(
            &mut image,
            &format!("{} OF 2", i + 1),
            (x + side / 2.0 - 20.0) as u32,
            (y + side + 2.0).min(h as f32 - 8.0) as u32,
            1,
            60,
        );
    }
    Scene {
        name: format!("Google export, 2 parts side by side, {w}x{h} ({module:.2} px/module)"),
        image,
        texts,
    }
}

/// The multi-code set: 2, 3 and 4 codes side by side and stacked (links at
/// 2.5 px/module on 1920×1080, export parts at 3 px/module on 3840×2160 and
/// 2 px/module on 1920×1080), and the two-part export at 562×500 and 421×374.
pub fn multi_code_scenes() -> Vec<Scene> {
    let mut scenes = Vec::new();
    let mut seed = 100u64;
    for count in [2usize, 3, 4] {
        for stacked in [false, true] {
            scenes.push(multi_code_scene(
                1920, 1080, count, stacked, 2.5, false, seed,
            ));
            seed += 1;
            scenes.push(multi_code_scene(
                3840, 2160, count, stacked, 3.0, true, seed,
            ));
            seed += 1;
            scenes.push(multi_code_scene(
                1920, 1080, count, stacked, 2.0, true, seed,
            ));
            seed += 1;
        }
    }
    scenes.push(google_pair(562, 500, 7));
    scenes.push(google_pair(421, 374, 8));
    scenes
}

/// Busy pages with no code (nothing may be found), two of each size.
pub fn empty_scenes() -> Vec<Scene> {
    [
        (1920u32, 1080u32, 501u64),
        (1920, 1080, 502),
        (3840, 2160, 503),
        (3840, 2160, 504),
    ]
    .into_iter()
    .map(|(w, h, seed)| Scene {
        name: format!("busy {w}x{h} page, no code"),
        image: busy_page(w, h, seed),
        texts: Vec::new(),
    })
    .collect()
}
