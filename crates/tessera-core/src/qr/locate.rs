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
    /// Light on dark (an inverted code).
    pub light_on_dark: bool,
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

/// Every finder pattern in a camera frame (both scales, merged): fast
/// enough for every frame of a live stream.
pub fn finders(frame: LumaFrame<'_>) -> Vec<Finder> {
    let (w, h) = (frame.width as usize, frame.height as usize);
    if w * h > MAX_SEARCH_PIXELS || frame.pixels.len() != w * h || w < 7 || h < 7 {
        return Vec::new();
    }
    // Camera-sized frames are searched at half size (finders of 3-pixel
    // modules and up); small ones as they are (1.5 pixels and up).
    let (mut found, quarter) = if w * h > HALF_SIZE_ABOVE {
        let half = downscale_px(frame.pixels, w, h, 2);
        let found = search(
            &Scale::new(&half.px, half.w, half.h, 2).down_to_one_pixel_modules(),
            2,
        );
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

/// Every finder pattern in a still picture (a file, a screen), at the
/// scales modules of 1.5 to 20 pixels and more need: every line of the
/// picture itself (1.5 to about 8 pixels), every line of a half-size copy
/// (3 to 16), of a quarter-size copy (6 and up) and, in a picture of 4
/// megapixels or more, of an eighth-size one, merged.
pub fn finders_in_still(frame: LumaFrame<'_>) -> Vec<Finder> {
    let (w, h) = (frame.width as usize, frame.height as usize);
    if frame.pixels.len() != w * h || w < 7 || h < 7 {
        return Vec::new();
    }
    let mut found = if w * h <= MAX_SEARCH_PIXELS {
        search(&Scale::new(frame.pixels, w, h, 1), 1)
    } else {
        Vec::new()
    };
    let half = downscale_px(frame.pixels, w, h, 2);
    if half.w >= 7 && half.h >= 7 && half.w * half.h <= MAX_SEARCH_PIXELS {
        for f in search(&Scale::new(&half.px, half.w, half.h, 2), 1) {
            merge(&mut found, f);
        }
    }
    let quarter = downscale_px(&half.px, half.w, half.h, 2);
    if quarter.w >= 7 && quarter.h >= 7 {
        for f in search(&Scale::new(&quarter.px, quarter.w, quarter.h, 4), 1) {
            merge(&mut found, f);
        }
    }
    // A code filling a large photo: modules of 24 pixels and more.
    if quarter.w * quarter.h >= 250_000 {
        let eighth = downscale_px(&quarter.px, quarter.w, quarter.h, 2);
        for f in search(&Scale::new(&eighth.px, eighth.w, eighth.h, 8), 1) {
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
    Located::Region(around(&found, w, h))
}

/// The box around these finder patterns in a `w × h` frame, grown by the
/// quiet zone.
pub(crate) fn around(found: &[Finder], w: usize, h: usize) -> Region {
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
    Region {
        x: x0,
        y: y0,
        width: x1.saturating_sub(x0).max(1),
        height: y1.saturating_sub(y0).max(1),
        module: smallest,
    }
}

/// One scale of the frame.
struct Scale<'a> {
    px: &'a [u8],
    w: usize,
    h: usize,
    /// Frame pixels per pixel of this scale.
    factor: usize,
    /// Smallest finder looked for, in pixels of this scale across.
    min_finder: f32,
}

impl<'a> Scale<'a> {
    fn new(px: &'a [u8], w: usize, h: usize, factor: usize) -> Self {
        Self {
            px,
            w,
            h,
            factor,
            min_finder: MIN_FINDER,
        }
    }

    /// The camera's half-size search: finders of 1-pixel modules there (2
    /// in the frame), as small as a finder can be.
    fn down_to_one_pixel_modules(mut self) -> Self {
        self.min_finder = 7.0;
        self
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
    /// Per column, how many columns the window spans there.
    spans: Vec<u32>,
    /// Running sums of `columns` (scratch).
    prefix: Vec<u32>,
    /// Rows `[top, bottom)` currently summed.
    top: usize,
    bottom: usize,
}

impl RowBinarizer {
    fn new(w: usize) -> Self {
        let r = WINDOW_RADIUS;
        Self {
            columns: vec![0; w],
            spans: (0..w)
                .map(|x| ((x + r + 1).min(w) - x.saturating_sub(r)) as u32)
                .collect(),
            prefix: Vec::with_capacity(w + 1),
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
        // Window sums at every x, columns[x - r ..= x + r] clipped to the
        // row, from running sums of the columns (no branches per pixel).
        self.prefix.clear();
        self.prefix.push(0);
        let mut acc = 0u32;
        for &c in &self.columns {
            acc += c;
            self.prefix.push(acc);
        }
        let mut previous = false;
        for x in 0..w {
            let sum = self.prefix[(x + r + 1).min(w)] - self.prefix[x.saturating_sub(r)];
            let n = rows * self.spans[x];
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

/// Where near the class change between pixels `a - 1` and `a` of a line
/// (centres at `a - 0.5` and `a + 0.5`) the luma crosses halfway between
/// the darkest and lightest of the pixels around, going the same way
/// (`to_dark`: darker at `a`): a run boundary to a fraction of a pixel, so
/// a module edge that falls inside a pixel (a grey pixel) is placed where
/// its greyness says. The local mean that classes pixels lies nearer the
/// light in a light area, so the crossing may sit one pixel either side of
/// the class change. At the pixel edge when none is found.
fn crossing(line: impl Fn(usize) -> f32, len: usize, a: usize, to_dark: bool) -> f32 {
    let (lo, hi) = (a.saturating_sub(3), (a + 3).min(len));
    let (mut min, mut max) = (f32::MAX, f32::MIN);
    for i in lo..hi {
        let v = line(i);
        min = min.min(v);
        max = max.max(v);
    }
    let level = (min + max) / 2.0;
    for b in [a, a + 1, a.wrapping_sub(1)] {
        if b == 0 || b >= len {
            continue;
        }
        let (d0, d1) = (line(b - 1) - level, line(b) - level);
        let straddles = if to_dark {
            d0 >= 0.0 && d1 < 0.0
        } else {
            d0 < 0.0 && d1 >= 0.0
        };
        if straddles {
            return b as f32 - 0.5 + (d0 / (d0 - d1)).clamp(0.0, 1.0);
        }
    }
    a as f32
}

/// A run of one class along a line: where it starts and how long it is,
/// in pixels (fractions allowed), and whether it is dark.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: f32,
    len: f32,
    dark: bool,
}

/// Finder patterns at one scale, scanning every `step`-th line.
fn search(scale: &Scale<'_>, step: usize) -> Vec<Finder> {
    let mut found = Vec::new();
    let mut binarizer = RowBinarizer::new(scale.w);
    let mut dark = Vec::with_capacity(scale.w);
    // Where the class changes: pixel `a` differs from `a - 1`; the row's
    // ends as sentinels.
    let mut edges: Vec<usize> = Vec::with_capacity(scale.w / 2);
    for y in (0..scale.h).step_by(step) {
        binarizer.row(scale, y, &mut dark);
        let row = &scale.px[y * scale.w..][..scale.w];
        edges.clear();
        edges.push(0);
        edges.extend((1..scale.w).filter(|&x| dark[x] != dark[x - 1]));
        edges.push(scale.w);
        for (i, six) in edges.windows(6).enumerate() {
            // Whole pixels first (cheap, loose by a pixel), then the run
            // edges to a fraction of a pixel for the real test.
            if !roughly_ok(six, scale.min_finder) {
                continue;
            }
            let mut at = [0.0f32; 6];
            let mut previous = 0.0f32;
            for (k, slot) in at.iter_mut().enumerate() {
                let a = edges[i + k];
                let edge = if a == 0 || a == scale.w {
                    a as f32
                } else {
                    crossing(|p| f32::from(row[p]), scale.w, a, dark[a])
                };
                *slot = if k > 0 { edge.max(previous) } else { edge };
                previous = *slot;
            }
            let runs = [0, 1, 2, 3, 4].map(|k| Run {
                start: at[k],
                len: at[k + 1] - at[k],
                dark: dark[edges[i + k]],
            });
            let lens = runs.map(|r| r.len);
            if !ratio_ok(lens, scale.min_finder) {
                continue;
            }
            let outer_dark = runs[0].dark;
            let Some(threshold) = contrast(row, &runs, outer_dark) else {
                continue;
            };
            let cx = runs[2].start + runs[2].len / 2.0;
            let total: f32 = lens.iter().sum();
            let probe = Probe {
                x: (cx.floor() as usize).min(scale.w - 1),
                threshold,
                centre_dark: outer_dark,
            };
            if let Some(cy) = cross_vertical(scale, probe, y, lens[2], total) {
                let f = scale.factor as f32;
                merge(
                    &mut found,
                    Finder {
                        x: cx * f,
                        y: cy * f,
                        module: total / 7.0 * f,
                        hits: 1,
                        light_on_dark: !outer_dark,
                    },
                );
            }
        }
    }
    found
}

/// [`ratio_ok`] on the whole-pixel runs between six class changes, a pixel
/// looser each way (a module edge inside a pixel moves a run's end by up
/// to one), in integers: each run is within half a unit and a pixel of its
/// share of the total, where a unit is a seventh of it.
fn roughly_ok(six: &[usize], min_finder: f32) -> bool {
    let total = six[5] - six[0];
    if (total as f32) < min_finder - 1.0 {
        return false;
    }
    let total = total as i64;
    // |7·len − units·total| < units·total/2 + 7, doubled.
    let near = |k: usize, units: i64| {
        let len = (six[k + 1] - six[k]) as i64;
        2 * (7 * len - units * total).abs() < units * total + 14
    };
    near(0, 1) && near(1, 1) && near(2, 3) && near(3, 1) && near(4, 1)
}

/// Smallest finder pattern looked for, in pixels of the searched scale
/// across: modules of 1.5 pixels with a little slack. Noise and grain make
/// countless smaller 1:1:3:1:1 runs.
const MIN_FINDER: f32 = 9.0;

/// 1:1:3:1:1, each run within half a module (the centre within 1.5).
fn ratio_ok(lens: [f32; 5], min_finder: f32) -> bool {
    let total: f32 = lens.iter().sum();
    if total < min_finder {
        return false;
    }
    let module = total / 7.0;
    let var = module / 2.0;
    let near = |len: f32, modules: f32, tolerance: f32| (len - module * modules).abs() < tolerance;
    near(lens[0], 1.0, var)
        && near(lens[1], 1.0, var)
        && near(lens[2], 3.0, var * 3.0)
        && near(lens[3], 1.0, var)
        && near(lens[4], 1.0, var)
}

/// The dark runs must be clearly darker than the light ones (flat, noisy
/// areas pass the ratio test by chance); returns the luma halfway between.
/// Each run is judged by the pixels whose centres lie in it (the one
/// nearest its middle when none does).
fn contrast(row: &[u8], runs: &[Run], outer_dark: bool) -> Option<f32> {
    let (mut dark, mut dark_n, mut light, mut light_n) = (0u32, 0u32, 0u32, 0u32);
    for (k, run) in runs.iter().enumerate() {
        let first = (run.start - 0.5).ceil().max(0.0) as usize;
        let end = ((run.start + run.len - 0.5).ceil().max(0.0) as usize).min(row.len());
        let (s, n) = if end > first {
            (
                row[first..end].iter().map(|&v| u32::from(v)).sum::<u32>(),
                (end - first) as u32,
            )
        } else {
            let mid = ((run.start + run.len / 2.0) as usize).min(row.len() - 1);
            (u32::from(row[mid]), 1)
        };
        if (k % 2 == 0) == outer_dark {
            dark += s;
            dark_n += n;
        } else {
            light += s;
            light_n += n;
        }
    }
    if dark_n == 0 || light_n == 0 {
        return None;
    }
    let (dark, light) = (dark as f32 / dark_n as f32, light as f32 / light_n as f32);
    (light >= dark + MIN_CONTRAST as f32).then_some((dark + light) / 2.0)
}

/// Where and how to look down a column.
#[derive(Clone, Copy)]
struct Probe {
    x: usize,
    /// Luma below which a pixel is dark.
    threshold: f32,
    /// Whether the centre (and outer ring) is dark: false for inverted codes.
    centre_dark: bool,
}

/// Confirms the pattern down the column through its centre; returns the
/// centre's row (a fraction of a pixel).
fn cross_vertical(
    scale: &Scale<'_>,
    probe: Probe,
    y: usize,
    centre_len: f32,
    horizontal_total: f32,
) -> Option<f32> {
    let value = |yy: usize| f32::from(scale.at(probe.x, yy));
    let is_dark = |yy: usize| value(yy) < probe.threshold;
    let c = probe.centre_dark;
    if is_dark(y) != c {
        return None;
    }
    let limit = (centre_len * 2.0 + 2.0).ceil() as usize;
    // Walks from the centre row in one direction, returning the boundaries
    // (distance from the centre pixel's middle) of the centre, the ring and
    // the outer ring.
    let walk = |up: bool| -> Option<[f32; 3]> {
        let mut edges = [0.0f32; 3];
        let mut yy = y;
        let mut want = c;
        let mut k = 0;
        let mut steps = 0;
        while k < 3 {
            let next = if up {
                yy.checked_sub(1)?
            } else {
                (yy + 1 < scale.h).then_some(yy + 1)?
            };
            steps += 1;
            if steps > limit * 3 {
                return None;
            }
            if is_dark(next) != want {
                // The boundary between yy and next, measured from y's centre.
                let (b, to_dark) = if up { (yy, want) } else { (next, !want) };
                let at = crossing(value, scale.h, b, to_dark);
                let from_centre = if up {
                    y as f32 + 0.5 - at
                } else {
                    at - (y as f32 + 0.5)
                };
                edges[k] = from_centre.max(if k > 0 { edges[k - 1] } else { 0.0 });
                k += 1;
                want = !want;
            }
            yy = next;
        }
        Some(edges)
    };
    let (up, down) = (walk(true)?, walk(false)?);
    let counts = [
        up[2] - up[1],
        up[1] - up[0],
        up[0] + down[0],
        down[1] - down[0],
        down[2] - down[1],
    ];
    let total: f32 = counts.iter().sum();
    if 5.0 * (total - horizontal_total).abs() >= 2.0 * horizontal_total
        || !ratio_ok(counts, scale.min_finder)
    {
        return None;
    }
    Some(y as f32 + 0.5 + (down[0] - up[0]) / 2.0)
}

/// Adds a sighting, averaging it into a finder already seen nearby.
fn merge(found: &mut Vec<Finder>, f: Finder) {
    for g in found.iter_mut() {
        let near = (g.x - f.x).abs() <= g.module.max(f.module) * 1.5
            && (g.y - f.y).abs() <= g.module.max(f.module) * 1.5;
        let similar = f.module <= g.module * 2.0 && g.module <= f.module * 2.0;
        if near && similar && f.light_on_dark == g.light_on_dark {
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
