//! A fast search for QR finder patterns, so live scanning can skip frames
//! with no code in a few milliseconds and decode only the part of a frame
//! that holds one. A finder pattern (ISO/IEC 18004:2015 §6.3.3) crosses its
//! centre, in every direction, as dark–light–dark–light–dark runs in the
//! ratio 1:1:3:1:1; the search follows the standard's reference decoding
//! algorithm (annex: scan lines for that ratio, then confirm it across).
//!
//! Pixels are classed dark or light against the mean of a square window
//! around them (sliding sums keep that a few additions a pixel), which copes
//! with uneven light; down a column, against the luma halfway between the
//! pattern's dark and light runs. Two scales are searched: the frame itself for small
//! modules, and a quarter-size copy for codes held close to the camera.
//! Codes printed light-on-dark are found too (the same ratio, inverted).

use super::passes::downscale_px;
use super::LumaFrame;

/// Frames larger than this are not searched (the caller decodes them whole).
const MAX_SEARCH_PIXELS: usize = 16_000_000;
/// Frames with more pixels than this are searched at half size.
const HALF_SIZE_ABOVE: usize = 640 * 480;
/// Half the side of the thresholding window, in pixels of the searched scale.
const WINDOW_RADIUS: usize = 12;
/// How far (of 255) from the local mean a pixel must be to change class.
const HYSTERESIS: u32 = 3;
/// Least difference between the light and dark runs' mean (of 255).
const MIN_CONTRAST: u32 = 16;
/// Lines a finder must be seen on before it counts.
const MIN_HITS: u32 = 2;

/// A finder pattern: its centre and module size, in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finder {
    /// Centre, x.
    pub x: f32,
    /// Centre, y.
    pub y: f32,
    /// Pixels per module.
    pub module: f32,
    /// Scan lines it was seen on.
    hits: u32,
}

impl Finder {
    /// Scan lines it was seen on (more is surer).
    pub fn hits(&self) -> u32 {
        self.hits
    }
}

/// The part of a frame worth decoding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Left edge, in pixels.
    pub x: u32,
    /// Top edge, in pixels.
    pub y: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The smallest finder's pixels per module.
    pub module: f32,
}

/// What the search says about a frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Located {
    /// Fewer than three finder patterns: no decodable QR code.
    Nothing,
    /// At least three finder patterns, all inside this region.
    Region(Region),
    /// Too large to search; decode the whole frame.
    Unsearched,
}

/// Every finder pattern in the frame (both scales, merged).
pub fn finders(frame: LumaFrame<'_>) -> Vec<Finder> {
    let (w, h) = (frame.width as usize, frame.height as usize);
    if w * h > MAX_SEARCH_PIXELS || frame.pixels.len() != w * h || w < 7 || h < 7 {
        return Vec::new();
    }
    // Camera-sized frames are searched at half size (finders of 3-pixel
    // modules and up); small ones as they are (1.5 pixels and up).
    let (mut found, quarter) = if w * h > HALF_SIZE_ABOVE {
        let half = downscale_px(frame.pixels, w, h, 2);
        let found = search(&Scale::new(&half.px, half.w, half.h, 2), 2);
        (found, downscale_px(&half.px, half.w, half.h, 2))
    } else {
        let found = search(&Scale::new(frame.pixels, w, h, 1), 2);
        (found, downscale_px(frame.pixels, w, h, 4))
    };
    if quarter.w >= 7 && quarter.h >= 7 {
        for f in search(&Scale::new(&quarter.px, quarter.w, quarter.h, 4), 1) {
            merge(&mut found, f);
        }
    }
    found.retain(|f| f.hits >= MIN_HITS);
    found
}

/// Where in the frame a QR code can be: the box around every finder
/// pattern, grown by the quiet zone.
pub fn locate(frame: LumaFrame<'_>) -> Located {
    let (w, h) = (frame.width as usize, frame.height as usize);
    if w * h > MAX_SEARCH_PIXELS {
        return Located::Unsearched;
    }
    let found = finders(frame);
    if found.len() < 3 {
        return Located::Nothing;
    }
    let biggest = found.iter().map(|f| f.module).fold(0.0f32, f32::max);
    let smallest = found.iter().map(|f| f.module).fold(f32::MAX, f32::min);
    // A finder's centre is 3.5 modules inside the code; add the 4-module
    // quiet zone and some slack for perspective.
    let grow = biggest * 9.0;
    let x0 = found.iter().map(|f| f.x).fold(f32::MAX, f32::min) - grow;
    let y0 = found.iter().map(|f| f.y).fold(f32::MAX, f32::min) - grow;
    let x1 = found.iter().map(|f| f.x).fold(0.0f32, f32::max) + grow;
    let y1 = found.iter().map(|f| f.y).fold(0.0f32, f32::max) + grow;
    let clamp = |v: f32, max: usize| v.clamp(0.0, max as f32) as u32;
    let (x0, y0) = (clamp(x0, w), clamp(y0, h));
    let (x1, y1) = (clamp(x1, w), clamp(y1, h));
    Located::Region(Region {
        x: x0,
        y: y0,
        width: x1.saturating_sub(x0).max(1),
        height: y1.saturating_sub(y0).max(1),
        module: smallest,
    })
}

/// One scale of the frame.
struct Scale<'a> {
    px: &'a [u8],
    w: usize,
    h: usize,
    /// Frame pixels per pixel of this scale.
    factor: usize,
}

impl<'a> Scale<'a> {
    fn new(px: &'a [u8], w: usize, h: usize, factor: usize) -> Self {
        Self { px, w, h, factor }
    }

    fn at(&self, x: usize, y: usize) -> u8 {
        self.px[y * self.w + x]
    }
}

/// Rows thresholded against the mean of a square window around each pixel,
/// every `step`-th row in turn: column sums over the window's rows slide
/// down the frame, and a running sum slides along each row.
struct RowBinarizer {
    /// Per column, the sum of the rows in the window.
    columns: Vec<u32>,
    /// Rows `[top, bottom)` currently summed.
    top: usize,
    bottom: usize,
}

impl RowBinarizer {
    fn new(w: usize) -> Self {
        Self {
            columns: vec![0; w],
            top: 0,
            bottom: 0,
        }
    }

    /// Classes row `y` (rows must come in increasing order) into `dark`.
    fn row(&mut self, scale: &Scale<'_>, y: usize, dark: &mut Vec<bool>) {
        let r = WINDOW_RADIUS;
        let (top, bottom) = (y.saturating_sub(r), (y + r + 1).min(scale.h));
        while self.bottom < bottom {
            let row = &scale.px[self.bottom * scale.w..][..scale.w];
            for (c, &v) in self.columns.iter_mut().zip(row) {
                *c += u32::from(v);
            }
            self.bottom += 1;
        }
        while self.top < top {
            let row = &scale.px[self.top * scale.w..][..scale.w];
            for (c, &v) in self.columns.iter_mut().zip(row) {
                *c -= u32::from(v);
            }
            self.top += 1;
        }
        let rows = (bottom - top) as u32;
        let row = &scale.px[y * scale.w..][..scale.w];
        let w = scale.w;
        dark.clear();
        dark.resize(w, false);
        // Window sum at x = columns[x - r ..= x + r], clipped to the row.
        let mut sum: u32 = self.columns[..(r + 1).min(w)].iter().sum();
        let mut previous = false;
        for x in 0..w {
            if x > 0 {
                if x + r < w {
                    sum += self.columns[x + r];
                }
                if x > r {
                    sum -= self.columns[x - r - 1];
                }
            }
            let n = rows * ((x + r + 1).min(w) - x.saturating_sub(r)) as u32;
            let v = u32::from(row[x]) * n;
            let margin = HYSTERESIS * n;
            // Within the margin of the mean, a pixel keeps the class of the
            // one before: flat, noisy areas stay one run instead of many.
            previous = if v + margin < sum {
                true
            } else if v > sum + margin {
                false
            } else {
                previous
            };
            dark[x] = previous;
        }
    }
}

/// Finder patterns at one scale, scanning every `step`-th line.
fn search(scale: &Scale<'_>, step: usize) -> Vec<Finder> {
    let mut found = Vec::new();
    let mut binarizer = RowBinarizer::new(scale.w);
    let mut dark = Vec::with_capacity(scale.w);
    let mut runs: Vec<(usize, usize)> = Vec::with_capacity(scale.w / 2);
    let mut colours: Vec<bool> = Vec::with_capacity(scale.w / 2);
    for y in (0..scale.h).step_by(step) {
        binarizer.row(scale, y, &mut dark);
        runs.clear();
        colours.clear();
        let mut start = 0;
        for x in 1..scale.w {
            if dark[x] != dark[x - 1] {
                runs.push((start, x - start));
                colours.push(dark[x - 1]);
                start = x;
            }
        }
        runs.push((start, scale.w - start));
        colours.push(dark[scale.w - 1]);
        for i in 0..runs.len().saturating_sub(4) {
            let lens = [
                runs[i].1,
                runs[i + 1].1,
                runs[i + 2].1,
                runs[i + 3].1,
                runs[i + 4].1,
            ];
            if !ratio_ok(lens) {
                continue;
            }
            let outer_dark = colours[i];
            let Some(threshold) = contrast(scale, y, &runs[i..i + 5], outer_dark) else {
                continue;
            };
            let cx = runs[i + 2].0 + runs[i + 2].1 / 2;
            let total: usize = lens.iter().sum();
            let probe = Probe {
                x: cx,
                threshold,
                centre_dark: outer_dark,
            };
            if let Some(cy) = cross_vertical(scale, probe, y, lens[2], total) {
                let f = scale.factor as f32;
                merge(
                    &mut found,
                    Finder {
                        x: (cx as f32 + 0.5) * f,
                        y: (cy + 0.5) * f,
                        module: total as f32 / 7.0 * f,
                        hits: 1,
                    },
                );
            }
        }
    }
    found
}

/// 1:1:3:1:1, each run within half a module (the centre within 1.5).
fn ratio_ok(lens: [usize; 5]) -> bool {
    let total: usize = lens.iter().sum();
    if total < 7 {
        return false;
    }
    let module = total as f32 / 7.0;
    let var = module / 2.0;
    let near = |len: usize, modules: f32, tolerance: f32| {
        (len as f32 - module * modules).abs() < tolerance
    };
    near(lens[0], 1.0, var)
        && near(lens[1], 1.0, var)
        && near(lens[2], 3.0, var * 3.0)
        && near(lens[3], 1.0, var)
        && near(lens[4], 1.0, var)
}

/// The dark runs must be clearly darker than the light ones (flat, noisy
/// areas pass the ratio test by chance); returns the luma halfway between.
fn contrast(scale: &Scale<'_>, y: usize, runs: &[(usize, usize)], outer_dark: bool) -> Option<u8> {
    let (mut dark, mut dark_n, mut light, mut light_n) = (0u32, 0u32, 0u32, 0u32);
    let row = &scale.px[y * scale.w..][..scale.w];
    for (k, &(x, len)) in runs.iter().enumerate() {
        let s: u32 = row[x..x + len].iter().map(|&v| u32::from(v)).sum();
        if (k % 2 == 0) == outer_dark {
            dark += s;
            dark_n += len as u32;
        } else {
            light += s;
            light_n += len as u32;
        }
    }
    if dark_n == 0 || light_n == 0 {
        return None;
    }
    let (dark, light) = (dark / dark_n, light / light_n);
    (light >= dark + MIN_CONTRAST).then(|| ((dark + light) / 2) as u8)
}

/// Where and how to look down a column.
#[derive(Clone, Copy)]
struct Probe {
    x: usize,
    /// Luma below which a pixel is dark.
    threshold: u8,
    /// Whether the centre (and outer ring) is dark: false for inverted codes.
    centre_dark: bool,
}

/// Confirms the pattern down the column through its centre; returns the
/// centre's row.
fn cross_vertical(
    scale: &Scale<'_>,
    probe: Probe,
    y: usize,
    centre_len: usize,
    horizontal_total: usize,
) -> Option<f32> {
    let is = |yy: usize, want_dark: bool| (scale.at(probe.x, yy) < probe.threshold) == want_dark;
    let c = probe.centre_dark;
    if !is(y, c) {
        return None;
    }
    let limit = centre_len * 2 + 2;
    let mut counts = [0usize; 5];
    // Up: centre, then the ring, then the outer ring.
    let mut yy = y as isize;
    for (slot, want) in [(2usize, c), (1, !c), (0, c)] {
        while yy >= 0 && is(yy as usize, want) && counts[slot] <= limit {
            counts[slot] += 1;
            yy -= 1;
        }
        if counts[slot] == 0 || counts[slot] > limit {
            return None;
        }
    }
    let top_of_centre = y + 1 - counts[2];
    let mut yy = y + 1;
    for (slot, want) in [(2usize, c), (3, !c), (4, c)] {
        while yy < scale.h && is(yy, want) && counts[slot] <= limit {
            counts[slot] += 1;
            yy += 1;
        }
        if (slot != 2 && counts[slot] == 0) || counts[slot] > limit {
            return None;
        }
    }
    let total: usize = counts.iter().sum();
    if 5 * total.abs_diff(horizontal_total) >= 2 * horizontal_total || !ratio_ok(counts) {
        return None;
    }
    Some(top_of_centre as f32 + counts[2] as f32 / 2.0 - 0.5)
}

/// Adds a sighting, averaging it into a finder already seen nearby.
fn merge(found: &mut Vec<Finder>, f: Finder) {
    for g in found.iter_mut() {
        let near = (g.x - f.x).abs() <= g.module.max(f.module) * 1.5
            && (g.y - f.y).abs() <= g.module.max(f.module) * 1.5;
        let similar = f.module <= g.module * 2.0 && g.module <= f.module * 2.0;
        if near && similar {
            let (a, b) = (g.hits as f32, f.hits as f32);
            g.x = (g.x * a + f.x * b) / (a + b);
            g.y = (g.y * a + f.y * b) / (a + b);
            g.module = (g.module * a + f.module * b) / (a + b);
            g.hits += f.hits;
            return;
        }
    }
    found.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code of `text` with `module`-pixel modules at (x0, y0) on a grey
    /// frame; `inverted` draws it light on dark.
    fn frame_with_code(
        w: usize,
        h: usize,
        x0: usize,
        y0: usize,
        module: u32,
        inverted: bool,
    ) -> (Vec<u8>, u32) {
        let code =
            qrcode::QrCode::new(b"otpauth://totp/Test:me?secret=JBSWY3DPEHPK3PXP").expect("code");
        let size = code.width() as u32;
        let img = code
            .render::<image::Luma<u8>>()
            .module_dimensions(module, module)
            .quiet_zone(true)
            .build();
        let mut px = vec![128u8; w * h];
        for (x, y, p) in img.enumerate_pixels() {
            let dark = p.0[0] < 128;
            let (xx, yy) = (x0 + x as usize, y0 + y as usize);
            if xx < w && yy < h {
                px[yy * w + xx] = if dark != inverted { 20 } else { 235 };
            }
        }
        (px, size)
    }

    fn frame(px: &[u8], w: usize, h: usize) -> LumaFrame<'_> {
        LumaFrame {
            width: w as u32,
            height: h as u32,
            pixels: px,
        }
    }

    #[test]
    fn finds_the_three_finders_at_small_and_large_modules_and_inverted() {
        for (module, inverted) in [
            (2u32, false),
            (4, false),
            (9, false),
            (20, false),
            (4, true),
        ] {
            let (w, h) = (1280, 960);
            let (px, size) = frame_with_code(w, h, 100, 40, module, inverted);
            let found = finders(frame(&px, w, h));
            // Behind a 4-module quiet zone, finder centres are 7.5 modules
            // in from three corners.
            let m = module as f32;
            let near = 7.5 * m;
            let far = (4.0 + size as f32 - 3.5) * m;
            for (cx, cy) in [(near, near), (far, near), (near, far)] {
                let (cx, cy) = (100.0 + cx, 40.0 + cy);
                assert!(
                    found.iter().any(|f| (f.x - cx).abs() <= m
                        && (f.y - cy).abs() <= m
                        && (f.module - m).abs() <= m * 0.35),
                    "module {module} inverted {inverted}: no finder at {cx},{cy} in {found:?}"
                );
            }
            let Located::Region(r) = locate(frame(&px, w, h)) else {
                panic!("module {module}: no region");
            };
            // The whole code lies inside the region.
            let side = (size + 8) * module;
            assert!(r.x <= 100 + 4 * module && r.y <= 40 + 4 * module, "{r:?}");
            assert!(r.x + r.width >= 100 + side - 4 * module, "{r:?}");
            assert!(r.y + r.height >= 40 + side - 4 * module, "{r:?}");
        }
    }

    #[test]
    fn a_flat_noisy_frame_has_nothing() {
        let (w, h) = (640, 480);
        let mut seed = 7u32;
        let px: Vec<u8> = (0..w * h)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                100 + (seed % 12) as u8
            })
            .collect();
        assert_eq!(locate(frame(&px, w, h)), Located::Nothing);
    }

    #[test]
    fn tiny_and_mismatched_frames_are_safe() {
        for (w, h) in [(1usize, 1usize), (6, 100), (100, 6), (7, 7), (8, 30)] {
            let px = vec![0u8; w * h];
            assert_eq!(locate(frame(&px, w, h)), Located::Nothing);
        }
        assert!(finders(LumaFrame {
            width: 10,
            height: 10,
            pixels: &[0; 5]
        })
        .is_empty());
    }
}
