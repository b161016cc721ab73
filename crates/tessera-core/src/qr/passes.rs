//! Cheap image transforms tried before rqrr, one at a time, each a "pass".
//! Which passes the decoder runs, and in which order, was chosen by measuring
//! each alone on real photos (`examples/qr_passes.rs`).

use super::{rqrr_pass, LumaFrame};

/// An owned greyscale picture.
#[derive(Debug, Clone)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Gray {
    fn of(frame: LumaFrame<'_>) -> Self {
        Self {
            w: frame.width as usize,
            h: frame.height as usize,
            px: frame.pixels.to_vec(),
        }
    }

    /// Borrowed as a frame.
    pub fn frame(&self) -> LumaFrame<'_> {
        LumaFrame {
            width: self.w as u32,
            height: self.h as u32,
            pixels: &self.px,
        }
    }

    pub fn decode(&self) -> Vec<String> {
        let (w, px) = (self.w, &self.px);
        rqrr_pass(self.w, self.h, |x, y| px[y * w + x])
    }
}

/// The passes [`super::decode_frame`] runs, in order: each one added the most
/// photos not yet decoded by those before it (greedy, measured on ZXing's
/// 179 blackbox photos), after the two cheap ones.
pub const CASCADE: &[usize] = &[0, 1, 27, 15, 29, 26, 21, 32, 19];

/// Variants of the frame in which [`super::decode_frame`] reads the grid from
/// its finder patterns when rqrr found nothing (after the frame as it is),
/// chosen the same way: local mean r30, Otsu threshold, double size.
pub const SAMPLED: &[usize] = &[14, 5, 4];

/// Names of the passes, in index order (for measurement output).
pub const NAMES: &[&str] = &[
    "as is",
    "inverted",
    "half size",
    "quarter size",
    "double size",
    "otsu threshold",
    "contrast stretch",
    "blur 3x3",
    "local mean threshold",
    "half size + otsu",
    "rotated 90",
    "rotated 180",
    "double + local mean",
    "local mean r7",
    "local mean r30",
    "double + rotated 90",
    "double + blur",
    "triple size",
    "double + local mean r7",
    "bilinear 1.5x",
    "bilinear 2x",
    "median 3x3",
    "unsharp",
    "local mean r7 c1",
    "local mean r4 c2",
    "half + local mean r7",
    "bilinear 2x + blur",
    "bilinear 1.5x + local r10",
    "bilinear 1.25x + local r8",
    "bilinear 2x + local r14",
    "bilinear 1.5x + rot90 + local r10",
    "local r10 c3",
    "bilinear 1.5x + local r10 c5",
    "bilinear 1.75x + local r12",
    "bilinear 1.5x + local r10 rot180",
];

/// The part of `frame` in `region`, halved when its modules are large
/// enough (7 pixels or more) that half still decodes.
pub(crate) fn crop(frame: LumaFrame<'_>, region: super::locate::Region) -> Gray {
    let fw = frame.width as usize;
    let (x0, y0) = (region.x as usize, region.y as usize);
    let w = (region.width as usize).min(fw.saturating_sub(x0));
    let h = (region.height as usize).min((frame.height as usize).saturating_sub(y0));
    let mut px = Vec::with_capacity(w * h);
    for y in y0..y0 + h {
        px.extend_from_slice(&frame.pixels[y * fw + x0..y * fw + x0 + w]);
    }
    let part = Gray { w, h, px };
    if region.module >= 7.0 {
        downscale(&part, 2)
    } else {
        part
    }
}

/// Runs pass `index` on `frame` (an unknown index finds nothing).
pub fn run(index: usize, frame: LumaFrame<'_>) -> Vec<String> {
    match transform(index, frame) {
        Some(g) => g.decode(),
        None => Vec::new(),
    }
}

/// The picture pass `index` hands to rqrr, or `None` when it does not apply
/// (upscaling a large frame, downscaling a small one).
pub(crate) fn transform(index: usize, frame: LumaFrame<'_>) -> Option<Gray> {
    let g = Gray::of(frame);
    let small = g.w.min(g.h);
    let large = g.w.max(g.h);
    match index {
        0 => Some(g),
        1 => Some(map(g, |v| 255 - v)),
        2 if small >= 300 => Some(downscale(&g, 2)),
        3 if small >= 900 => Some(downscale(&g, 4)),
        4 if large <= 1000 => Some(upscale2(&g)),
        5 => Some(otsu(g)),
        6 => Some(stretch(g)),
        7 => Some(blur3(&g)),
        8 => Some(local_mean(&g, 15, 7)),
        9 if small >= 300 => Some(otsu(downscale(&g, 2))),
        10 => Some(rotate90(&g)),
        11 => Some(map(g, |v| v).rotated180()),
        12 if large <= 1000 => Some(local_mean(&upscale2(&g), 30, 7)),
        13 => Some(local_mean(&g, 7, 3)),
        14 => Some(local_mean(&g, 30, 10)),
        15 if large <= 1000 => Some(rotate90(&upscale2(&g))),
        16 if large <= 1000 => Some(blur3(&upscale2(&g))),
        17 if large <= 700 => Some(upscale2(&upscale2(&g))),
        18 if large <= 1000 => Some(local_mean(&upscale2(&g), 14, 3)),
        19 if large <= 1400 => Some(resize(&g, 1.5)),
        20 if large <= 1000 => Some(resize(&g, 2.0)),
        21 => Some(median3(&g)),
        22 => Some(unsharp(&g)),
        23 => Some(local_mean(&g, 7, 1)),
        24 => Some(local_mean(&g, 4, 2)),
        25 if small >= 300 => Some(local_mean(&downscale(&g, 2), 7, 3)),
        26 if large <= 1000 => Some(blur3(&resize(&g, 2.0))),
        27 if large <= 1400 => Some(local_mean(&resize(&g, 1.5), 10, 3)),
        28 if large <= 1600 => Some(local_mean(&resize(&g, 1.25), 8, 3)),
        29 if large <= 1000 => Some(local_mean(&resize(&g, 2.0), 14, 3)),
        30 if large <= 1400 => Some(rotate90(&local_mean(&resize(&g, 1.5), 10, 3))),
        31 => Some(local_mean(&g, 10, 3)),
        32 if large <= 1400 => Some(local_mean(&resize(&g, 1.5), 10, 5)),
        33 if large <= 1200 => Some(local_mean(&resize(&g, 1.75), 12, 3)),
        34 if large <= 1400 => Some(local_mean(&resize(&g, 1.5), 10, 3).rotated180()),
        _ => None,
    }
}

impl Gray {
    fn rotated180(mut self) -> Self {
        self.px.reverse();
        self
    }
}

fn map(mut g: Gray, f: impl Fn(u8) -> u8) -> Gray {
    for v in &mut g.px {
        *v = f(*v);
    }
    g
}

fn downscale(g: &Gray, k: usize) -> Gray {
    downscale_px(&g.px, g.w, g.h, k)
}

/// A `w × h` picture shrunk `k` times each way (k×k box average).
pub(crate) fn downscale_px(src: &[u8], src_w: usize, src_h: usize, k: usize) -> Gray {
    let (w, h) = (src_w / k, src_h / k);
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0u32;
            for dy in 0..k {
                let row = (y * k + dy) * src_w + x * k;
                for v in &src[row..row + k] {
                    sum += u32::from(*v);
                }
            }
            px.push((sum / (k * k) as u32) as u8);
        }
    }
    Gray { w, h, px }
}

fn upscale2(g: &Gray) -> Gray {
    let (w, h) = (g.w * 2, g.h * 2);
    let mut px = vec![0; w * h];
    for y in 0..h {
        for x in 0..w {
            px[y * w + x] = g.px[(y / 2) * g.w + x / 2];
        }
    }
    Gray { w, h, px }
}

fn histogram(g: &Gray) -> [u32; 256] {
    let mut hist = [0u32; 256];
    for v in &g.px {
        hist[*v as usize] += 1;
    }
    hist
}

/// Global threshold by Otsu's method (maximum between-class variance).
fn otsu(g: Gray) -> Gray {
    let hist = histogram(&g);
    let total = g.px.len() as f64;
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, c)| i as f64 * f64::from(*c))
        .sum();
    let (mut sum_b, mut w_b, mut best, mut threshold) = (0.0, 0.0, 0.0, 128u8);
    for (t, count) in hist.iter().enumerate() {
        w_b += f64::from(*count);
        if w_b == 0.0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0.0 {
            break;
        }
        sum_b += t as f64 * f64::from(*count);
        let (m_b, m_f) = (sum_b / w_b, (sum_all - sum_b) / w_f);
        let between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            threshold = t as u8;
        }
    }
    map(g, |v| if v > threshold { 255 } else { 0 })
}

/// Stretches the 1st–99th percentile of brightness to the full range.
fn stretch(g: Gray) -> Gray {
    let hist = histogram(&g);
    let n = g.px.len() as u32;
    let (mut lo, mut hi, mut acc) = (0u8, 255u8, 0u32);
    for (i, c) in hist.iter().enumerate() {
        acc += c;
        if acc > n / 100 {
            lo = i as u8;
            break;
        }
    }
    acc = 0;
    for (i, c) in hist.iter().enumerate().rev() {
        acc += c;
        if acc > n / 100 {
            hi = i as u8;
            break;
        }
    }
    if hi <= lo {
        return g;
    }
    let span = f32::from(hi - lo);
    map(g, |v| {
        (f32::from(v.saturating_sub(lo)) * 255.0 / span).min(255.0) as u8
    })
}

fn integral(g: &Gray) -> Vec<u64> {
    integral_px(&g.px, g.w, g.h)
}

/// Running sums of a `w × h` picture, `(w + 1) × (h + 1)` of them: the sum
/// of any rectangle is four reads.
pub(crate) fn integral_px(px: &[u8], w: usize, h: usize) -> Vec<u64> {
    let stride = w + 1;
    let mut s = vec![0u64; stride * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(px[y * w + x]);
            s[(y + 1) * stride + x + 1] = s[y * stride + x + 1] + row;
        }
    }
    s
}

fn box_mean(s: &[u64], g: &Gray, x: usize, y: usize, r: usize) -> u64 {
    let w = g.w + 1;
    let (x0, y0) = (x.saturating_sub(r), y.saturating_sub(r));
    let (x1, y1) = ((x + r + 1).min(g.w), (y + r + 1).min(g.h));
    let area = ((x1 - x0) * (y1 - y0)) as u64;
    (s[y1 * w + x1] + s[y0 * w + x0] - s[y0 * w + x1] - s[y1 * w + x0]) / area.max(1)
}

fn blur3(g: &Gray) -> Gray {
    let s = integral(g);
    let mut px = vec![0; g.px.len()];
    for y in 0..g.h {
        for x in 0..g.w {
            px[y * g.w + x] = box_mean(&s, g, x, y, 1) as u8;
        }
    }
    Gray { w: g.w, h: g.h, px }
}

/// Local threshold: darker than the mean of the surrounding square by `c`.
fn local_mean(g: &Gray, r: usize, c: u64) -> Gray {
    let s = integral(g);
    let mut px = vec![0; g.px.len()];
    for y in 0..g.h {
        for x in 0..g.w {
            let mean = box_mean(&s, g, x, y, r);
            px[y * g.w + x] = if u64::from(g.px[y * g.w + x]) + c < mean {
                0
            } else {
                255
            };
        }
    }
    Gray { w: g.w, h: g.h, px }
}

fn rotate90(g: &Gray) -> Gray {
    let (w, h) = (g.h, g.w);
    let mut px = vec![0; w * h];
    for y in 0..g.h {
        for x in 0..g.w {
            px[x * w + (g.h - 1 - y)] = g.px[y * g.w + x];
        }
    }
    Gray { w, h, px }
}

/// Bilinear resize by `f`.
fn resize(g: &Gray, f: f32) -> Gray {
    let (w, h) = (((g.w as f32) * f) as usize, ((g.h as f32) * f) as usize);
    let mut px = vec![0; w * h];
    for y in 0..h {
        let sy = ((y as f32 + 0.5) / f - 0.5).max(0.0);
        let y0 = (sy as usize).min(g.h - 1);
        let y1 = (y0 + 1).min(g.h - 1);
        let fy = sy - y0 as f32;
        for x in 0..w {
            let sx = ((x as f32 + 0.5) / f - 0.5).max(0.0);
            let x0 = (sx as usize).min(g.w - 1);
            let x1 = (x0 + 1).min(g.w - 1);
            let fx = sx - x0 as f32;
            let p = |xx: usize, yy: usize| f32::from(g.px[yy * g.w + xx]);
            let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
            let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
            px[y * w + x] = (top * (1.0 - fy) + bottom * fy) as u8;
        }
    }
    Gray { w, h, px }
}

fn median3(g: &Gray) -> Gray {
    let mut px = g.px.clone();
    for y in 1..g.h.saturating_sub(1) {
        for x in 1..g.w.saturating_sub(1) {
            let mut v = [0u8; 9];
            let mut i = 0;
            for dy in 0..3 {
                for dx in 0..3 {
                    v[i] = g.px[(y + dy - 1) * g.w + x + dx - 1];
                    i += 1;
                }
            }
            v.sort_unstable();
            px[y * g.w + x] = v[4];
        }
    }
    Gray { w: g.w, h: g.h, px }
}

fn unsharp(g: &Gray) -> Gray {
    let b = blur3(g);
    let px =
        g.px.iter()
            .zip(&b.px)
            .map(|(o, m)| (2 * i16::from(*o) - i16::from(*m)).clamp(0, 255) as u8)
            .collect();
    Gray { w: g.w, h: g.h, px }
}
