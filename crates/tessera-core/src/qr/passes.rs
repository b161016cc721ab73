//! Cheap image transforms tried before a decoder, one at a time, each a
//! named [`Pass`]. Which passes run, on what, and in which order was chosen
//! by measuring each alone (`examples/qr_passes.rs`): [`REGION`] on the part
//! of a picture around each code the finder search located, [`CASCADE`] on
//! a whole small picture when that search found no code in it, [`SAMPLED`]
//! under the grid sampler.
//!
//! Every transformed picture remembers where its pixels came from
//! ([`Placement`]), so a code found in it is placed in the original frame
//! (for reading order, and so the finders it covers are not tried again).

use super::{rqrr_grids, Decoded, LumaFrame, Point};

/// One preprocessing pass: a transform of the picture before it goes to a
/// decoder. [`Pass::ALL`] lists every pass that was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Pass {
    /// The picture as it is.
    AsIs,
    /// Light and dark swapped (codes printed light on dark).
    Inverted,
    /// Shrunk to half each way (2×2 box average).
    HalfSize,
    /// Shrunk to a quarter each way (4×4 box average).
    QuarterSize,
    /// Enlarged twice each way, each pixel repeated.
    DoubleSize,
    /// Enlarged four times each way, each pixel repeated.
    QuadrupleSize,
    /// Black and white at one threshold for the whole picture (Otsu's).
    Otsu,
    /// The 1st–99th percentile of brightness stretched to the full range.
    ContrastStretch,
    /// A 3×3 box blur.
    Blur,
    /// A 3×3 median filter (removes speckle).
    Median,
    /// Edges sharpened (unsharp mask over a 3×3 blur).
    Unsharp,
    /// Dark where darker by 7 than the mean of the 31-pixel square around.
    LocalMeanR15,
    /// Dark where darker by 3 than the mean of the 15-pixel square around.
    LocalMeanR7,
    /// Dark where darker by 1 than the mean of the 15-pixel square around.
    LocalMeanR7Faint,
    /// Dark where darker by 2 than the mean of the 9-pixel square around.
    LocalMeanR4,
    /// Dark where darker by 3 than the mean of the 21-pixel square around.
    LocalMeanR10,
    /// Dark where darker by 10 than the mean of the 61-pixel square around.
    LocalMeanR30,
    /// Half size, then Otsu's threshold.
    HalfSizeOtsu,
    /// Half size, then the 15-pixel local mean threshold.
    HalfSizeLocalMeanR7,
    /// A quarter turn clockwise.
    Rotated90,
    /// A half turn.
    Rotated180,
    /// Double size, then a quarter turn.
    DoubleSizeRotated90,
    /// Double size, then a 3×3 blur.
    DoubleSizeBlur,
    /// Double size, then the 61-pixel local mean threshold (offset 7).
    DoubleSizeLocalMeanR30,
    /// Double size, then the 29-pixel local mean threshold.
    DoubleSizeLocalMeanR14,
    /// Enlarged 1.25× each way (bilinear), then the 17-pixel local mean threshold.
    Bilinear125LocalMeanR8,
    /// Enlarged 1.5× each way (bilinear).
    Bilinear150,
    /// Enlarged 1.5×, then the 21-pixel local mean threshold.
    Bilinear150LocalMeanR10,
    /// Enlarged 1.5×, then the 21-pixel local mean threshold with offset 5.
    Bilinear150LocalMeanR10Strict,
    /// Enlarged 1.5×, the 21-pixel local mean threshold, a quarter turn.
    Bilinear150LocalMeanR10Rotated90,
    /// Enlarged 1.5×, the 21-pixel local mean threshold, a half turn.
    Bilinear150LocalMeanR10Rotated180,
    /// Enlarged 1.75×, then the 25-pixel local mean threshold.
    Bilinear175LocalMeanR12,
    /// Enlarged 2× each way (bilinear).
    Bilinear200,
    /// Enlarged 2× (bilinear), then a 3×3 blur.
    Bilinear200Blur,
    /// Enlarged 2× (bilinear), then the 29-pixel local mean threshold.
    Bilinear200LocalMeanR14,
}

/// One step of a pass.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Invert,
    /// k×k box average.
    Shrink(usize),
    /// Each pixel repeated twice each way.
    Double,
    /// Bilinear enlargement by this factor.
    Enlarge(f32),
    Otsu,
    Stretch,
    Blur,
    Median,
    Unsharp,
    /// Local mean threshold: radius, offset.
    LocalMean(usize, u64),
    Rotate90,
    Rotate180,
}

impl Pass {
    /// Every pass, for measurement (`examples/qr_passes.rs`).
    pub const ALL: &'static [Pass] = &[
        Pass::AsIs,
        Pass::Inverted,
        Pass::HalfSize,
        Pass::QuarterSize,
        Pass::DoubleSize,
        Pass::QuadrupleSize,
        Pass::Otsu,
        Pass::ContrastStretch,
        Pass::Blur,
        Pass::Median,
        Pass::Unsharp,
        Pass::LocalMeanR15,
        Pass::LocalMeanR7,
        Pass::LocalMeanR7Faint,
        Pass::LocalMeanR4,
        Pass::LocalMeanR10,
        Pass::LocalMeanR30,
        Pass::HalfSizeOtsu,
        Pass::HalfSizeLocalMeanR7,
        Pass::Rotated90,
        Pass::Rotated180,
        Pass::DoubleSizeRotated90,
        Pass::DoubleSizeBlur,
        Pass::DoubleSizeLocalMeanR30,
        Pass::DoubleSizeLocalMeanR14,
        Pass::Bilinear125LocalMeanR8,
        Pass::Bilinear150,
        Pass::Bilinear150LocalMeanR10,
        Pass::Bilinear150LocalMeanR10Strict,
        Pass::Bilinear150LocalMeanR10Rotated90,
        Pass::Bilinear150LocalMeanR10Rotated180,
        Pass::Bilinear175LocalMeanR12,
        Pass::Bilinear200,
        Pass::Bilinear200Blur,
        Pass::Bilinear200LocalMeanR14,
    ];

    /// What the pass does, in order.
    fn steps(self) -> &'static [Step] {
        use Step::*;
        match self {
            Pass::AsIs => &[],
            Pass::Inverted => &[Invert],
            Pass::HalfSize => &[Shrink(2)],
            Pass::QuarterSize => &[Shrink(4)],
            Pass::DoubleSize => &[Double],
            Pass::QuadrupleSize => &[Double, Double],
            Pass::Otsu => &[Step::Otsu],
            Pass::ContrastStretch => &[Stretch],
            Pass::Blur => &[Step::Blur],
            Pass::Median => &[Step::Median],
            Pass::Unsharp => &[Step::Unsharp],
            Pass::LocalMeanR15 => &[LocalMean(15, 7)],
            Pass::LocalMeanR7 => &[LocalMean(7, 3)],
            Pass::LocalMeanR7Faint => &[LocalMean(7, 1)],
            Pass::LocalMeanR4 => &[LocalMean(4, 2)],
            Pass::LocalMeanR10 => &[LocalMean(10, 3)],
            Pass::LocalMeanR30 => &[LocalMean(30, 10)],
            Pass::HalfSizeOtsu => &[Shrink(2), Step::Otsu],
            Pass::HalfSizeLocalMeanR7 => &[Shrink(2), LocalMean(7, 3)],
            Pass::Rotated90 => &[Rotate90],
            Pass::Rotated180 => &[Rotate180],
            Pass::DoubleSizeRotated90 => &[Double, Rotate90],
            Pass::DoubleSizeBlur => &[Double, Step::Blur],
            Pass::DoubleSizeLocalMeanR30 => &[Double, LocalMean(30, 7)],
            Pass::DoubleSizeLocalMeanR14 => &[Double, LocalMean(14, 3)],
            Pass::Bilinear125LocalMeanR8 => &[Enlarge(1.25), LocalMean(8, 3)],
            Pass::Bilinear150 => &[Enlarge(1.5)],
            Pass::Bilinear150LocalMeanR10 => &[Enlarge(1.5), LocalMean(10, 3)],
            Pass::Bilinear150LocalMeanR10Strict => &[Enlarge(1.5), LocalMean(10, 5)],
            Pass::Bilinear150LocalMeanR10Rotated90 => &[Enlarge(1.5), LocalMean(10, 3), Rotate90],
            Pass::Bilinear150LocalMeanR10Rotated180 => &[Enlarge(1.5), LocalMean(10, 3), Rotate180],
            Pass::Bilinear175LocalMeanR12 => &[Enlarge(1.75), LocalMean(12, 3)],
            Pass::Bilinear200 => &[Enlarge(2.0)],
            Pass::Bilinear200Blur => &[Enlarge(2.0), Step::Blur],
            Pass::Bilinear200LocalMeanR14 => &[Enlarge(2.0), LocalMean(14, 3)],
        }
    }

    /// A short description for measurement output.
    pub fn name(self) -> String {
        format!("{self:?}")
    }

    /// How many times larger (each way) the pass makes a picture.
    fn growth(self) -> f32 {
        self.steps().iter().fold(1.0, |g, s| match s {
            Step::Shrink(k) => g / *k as f32,
            Step::Double => g * 2.0,
            Step::Enlarge(f) => g * f,
            _ => g,
        })
    }
}

/// Passes run on a whole picture when the finder search located no code in
/// it (blurred, bent or damaged photos), in order: each one added the most
/// photos not yet decoded by those before it (greedy, measured on ZXing's
/// 179 blackbox photos), after the two cheap ones.
pub const CASCADE: &[Pass] = &[
    Pass::AsIs,
    Pass::Inverted,
    Pass::Bilinear150LocalMeanR10,
    Pass::DoubleSizeRotated90,
    Pass::Bilinear200LocalMeanR14,
    Pass::Bilinear200Blur,
    Pass::Median,
    Pass::Bilinear150LocalMeanR10Strict,
    Pass::Bilinear150,
];

/// Variants of a whole picture in which the grid is read from its finder
/// patterns when nothing else found a code, chosen the same way.
pub const SAMPLED: &[Pass] = &[Pass::LocalMeanR30, Pass::Otsu, Pass::DoubleSize];

/// Passes run on the part of a picture around a located code, after it is
/// scaled so its modules are about [`REGION_MODULE`] pixels, in order.
pub const REGION: &[Pass] = &[Pass::AsIs, Pass::LocalMeanR7, Pass::Blur, Pass::Otsu];

/// Pixels per module a located code's region is scaled to before rqrr.
pub const REGION_MODULE: f32 = 5.0;

/// Largest side, in pixels, an enlarging pass may produce.
const MAX_ENLARGED: f32 = 2100.0;
/// Smallest short side, in pixels, a shrinking pass may produce.
const MIN_SHRUNK: f32 = 150.0;

/// Where a transformed picture's pixels lie in the original frame: frame
/// point = `m · (x, y) + t`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placement {
    m: [[f32; 2]; 2],
    t: [f32; 2],
}

impl Placement {
    const IDENTITY: Self = Self {
        m: [[1.0, 0.0], [0.0, 1.0]],
        t: [0.0, 0.0],
    };

    /// The frame point of a point of the transformed picture.
    pub fn apply(&self, p: Point) -> Point {
        Point {
            x: self.m[0][0] * p.x + self.m[0][1] * p.y + self.t[0],
            y: self.m[1][0] * p.x + self.m[1][1] * p.y + self.t[1],
        }
    }

    /// `self` after a transform whose new pixel (x, y) was the old `inner(x, y)`.
    fn then(&self, inner: Self) -> Self {
        let (a, b) = (self.m, inner.m);
        let m = [
            [
                a[0][0] * b[0][0] + a[0][1] * b[1][0],
                a[0][0] * b[0][1] + a[0][1] * b[1][1],
            ],
            [
                a[1][0] * b[0][0] + a[1][1] * b[1][0],
                a[1][0] * b[0][1] + a[1][1] * b[1][1],
            ],
        ];
        let p = self.apply(Point {
            x: inner.t[0],
            y: inner.t[1],
        });
        Self { m, t: [p.x, p.y] }
    }

    fn scaled(f: f32) -> Self {
        // Pixel centres: new (x + 0.5) / f = old x + 0.5.
        let off = 0.5 / f - 0.5;
        Self {
            m: [[1.0 / f, 0.0], [0.0, 1.0 / f]],
            t: [off, off],
        }
    }
}

/// An owned greyscale picture and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
    pub placement: Placement,
}

impl Gray {
    fn new(w: usize, h: usize, px: Vec<u8>) -> Self {
        Self {
            w,
            h,
            px,
            placement: Placement::IDENTITY,
        }
    }

    pub fn of(frame: LumaFrame<'_>) -> Self {
        Self::new(
            frame.width as usize,
            frame.height as usize,
            frame.pixels.to_vec(),
        )
    }

    /// Borrowed as a frame.
    pub fn frame(&self) -> LumaFrame<'_> {
        LumaFrame {
            width: self.w as u32,
            height: self.h as u32,
            pixels: &self.px,
        }
    }

    /// The codes rqrr finds, placed in the original frame.
    pub fn decode(&self) -> Vec<Decoded> {
        let (w, px) = (self.w, &self.px);
        let mut found = rqrr_grids(self.w, self.h, |x, y| px[y * w + x]);
        for d in &mut found {
            for p in &mut d.corners {
                *p = self.placement.apply(*p);
            }
        }
        found
    }

    /// A picture derived from this one: `inner` maps its pixels to ours.
    fn derived(&self, w: usize, h: usize, px: Vec<u8>, inner: Placement) -> Self {
        Self {
            w,
            h,
            px,
            placement: self.placement.then(inner),
        }
    }

    fn same_place(&self, px: Vec<u8>) -> Self {
        Self {
            w: self.w,
            h: self.h,
            px,
            placement: self.placement,
        }
    }
}

/// Runs `pass` on `frame` through rqrr (a pass that does not suit the
/// frame's size finds nothing).
pub fn run(pass: Pass, frame: LumaFrame<'_>) -> Vec<String> {
    match transform(pass, frame) {
        Some(g) => g.decode().into_iter().map(|d| d.text).collect(),
        None => Vec::new(),
    }
}

/// The picture `pass` makes of `frame`, or `None` when it does not suit
/// the frame's size (enlarging past [`MAX_ENLARGED`], shrinking below
/// [`MIN_SHRUNK`]).
pub(crate) fn transform(pass: Pass, frame: LumaFrame<'_>) -> Option<Gray> {
    apply(pass, Gray::of(frame))
}

/// [`transform`] on an owned picture.
pub(crate) fn apply(pass: Pass, g: Gray) -> Option<Gray> {
    let growth = pass.growth();
    let (small, large) = (g.w.min(g.h) as f32, g.w.max(g.h) as f32);
    if growth > 1.0 && large * growth > MAX_ENLARGED {
        return None;
    }
    if growth < 1.0 && small * growth < MIN_SHRUNK {
        return None;
    }
    let mut g = g;
    for step in pass.steps() {
        g = step_on(*step, g);
        if g.w == 0 || g.h == 0 {
            return None;
        }
    }
    Some(g)
}

fn step_on(step: Step, g: Gray) -> Gray {
    match step {
        Step::Invert => map(g, |v| 255 - v),
        Step::Shrink(k) => downscale(&g, k),
        Step::Double => upscale2(&g),
        Step::Enlarge(f) => resize(&g, f),
        Step::Otsu => otsu(g),
        Step::Stretch => stretch(g),
        Step::Blur => blur3(&g),
        Step::Median => median3(&g),
        Step::Unsharp => unsharp(&g),
        Step::LocalMean(r, c) => local_mean(&g, r, c),
        Step::Rotate90 => rotate90(&g),
        Step::Rotate180 => rotate180(g),
    }
}

/// The part of `frame` from (x0, y0), `w × h` pixels (clipped to the frame).
pub(crate) fn crop(frame: LumaFrame<'_>, x0: usize, y0: usize, w: usize, h: usize) -> Gray {
    let fw = frame.width as usize;
    let x0 = x0.min(fw);
    let y0 = y0.min(frame.height as usize);
    let w = w.min(fw - x0);
    let h = h.min(frame.height as usize - y0);
    let mut px = Vec::with_capacity(w * h);
    for y in y0..y0 + h {
        px.extend_from_slice(&frame.pixels[y * fw + x0..y * fw + x0 + w]);
    }
    Gray {
        w,
        h,
        px,
        placement: Placement {
            m: [[1.0, 0.0], [0.0, 1.0]],
            t: [x0 as f32, y0 as f32],
        },
    }
}

/// `g` scaled by `f` each way: shrunk by a box average by the whole part
/// of the factor, the rest bilinear; as it is when `f` is near 1.
pub(crate) fn scale(g: Gray, f: f32) -> Gray {
    if (f - 1.0).abs() < 0.1 || f <= 0.0 {
        return g;
    }
    if f > 1.0 {
        return resize(&g, f);
    }
    let k = (1.0 / f).floor() as usize;
    let g = if k >= 2 { downscale(&g, k) } else { g };
    let rest = f * k.max(1) as f32;
    if (rest - 1.0).abs() < 0.1 {
        g
    } else {
        resize(&g, rest)
    }
}

pub(crate) fn invert(g: Gray) -> Gray {
    map(g, |v| 255 - v)
}

fn rotate180(mut g: Gray) -> Gray {
    g.px.reverse();
    let (w, h) = (g.w as f32, g.h as f32);
    let inner = Placement {
        m: [[-1.0, 0.0], [0.0, -1.0]],
        t: [w - 1.0, h - 1.0],
    };
    g.placement = g.placement.then(inner);
    g
}

fn map(mut g: Gray, f: impl Fn(u8) -> u8) -> Gray {
    for v in &mut g.px {
        *v = f(*v);
    }
    g
}

fn downscale(g: &Gray, k: usize) -> Gray {
    let small = downscale_px(&g.px, g.w, g.h, k);
    let inner = Placement::scaled(1.0 / k as f32);
    g.derived(small.w, small.h, small.px, inner)
}

/// A `w × h` picture shrunk `k` times each way (k×k box average).
pub(crate) fn downscale_px(src: &[u8], src_w: usize, src_h: usize, k: usize) -> Gray {
    let (w, h) = (src_w / k, src_h / k);
    let mut px = Vec::with_capacity(w * h);
    if k == 2 {
        // The common case (every still picture's half-size search), in pairs.
        for y in 0..h {
            let top = &src[2 * y * src_w..][..2 * w];
            let bottom = &src[(2 * y + 1) * src_w..][..2 * w];
            px.extend(
                top.chunks_exact(2)
                    .zip(bottom.chunks_exact(2))
                    .map(|(t, b)| {
                        ((u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]))
                            / 4) as u8
                    }),
            );
        }
        return Gray::new(w, h, px);
    }
    let mut sums = vec![0u32; w];
    for y in 0..h {
        sums.iter_mut().for_each(|s| *s = 0);
        for dy in 0..k {
            let row = &src[(y * k + dy) * src_w..][..w * k];
            for (s, block) in sums.iter_mut().zip(row.chunks_exact(k)) {
                *s += block.iter().map(|v| u32::from(*v)).sum::<u32>();
            }
        }
        px.extend(sums.iter().map(|s| (s / (k * k) as u32) as u8));
    }
    Gray::new(w, h, px)
}

fn upscale2(g: &Gray) -> Gray {
    let (w, h) = (g.w * 2, g.h * 2);
    let mut px = vec![0; w * h];
    for y in 0..h {
        for x in 0..w {
            px[y * w + x] = g.px[(y / 2) * g.w + x / 2];
        }
    }
    g.derived(w, h, px, Placement::scaled(2.0))
}

fn histogram(g: &Gray) -> [u32; 256] {
    let mut hist = [0u32; 256];
    for v in &g.px {
        hist[*v as usize] += 1;
    }
    hist
}

/// Otsu's threshold (maximum between-class variance) of a histogram.
pub(crate) fn otsu_level(hist: &[u32; 256]) -> u8 {
    let total: f64 = hist.iter().map(|c| f64::from(*c)).sum();
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
    threshold
}

/// Global threshold by Otsu's method.
fn otsu(g: Gray) -> Gray {
    let threshold = otsu_level(&histogram(&g));
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
    g.same_place(px)
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
    g.same_place(px)
}

fn rotate90(g: &Gray) -> Gray {
    let (w, h) = (g.h, g.w);
    let mut px = vec![0; w * h];
    for y in 0..g.h {
        for x in 0..g.w {
            px[x * w + (g.h - 1 - y)] = g.px[y * g.w + x];
        }
    }
    // New (x', y') = (h - 1 - y, x): old (x, y) = (y', h - 1 - x').
    let inner = Placement {
        m: [[0.0, 1.0], [-1.0, 0.0]],
        t: [0.0, g.h as f32 - 1.0],
    };
    g.derived(w, h, px, inner)
}

/// Bilinear resize by `f`.
fn resize(g: &Gray, f: f32) -> Gray {
    let (w, h) = (((g.w as f32) * f) as usize, ((g.h as f32) * f) as usize);
    let mut px = vec![0; w * h];
    if g.w == 0 || g.h == 0 {
        return g.derived(w, h, px, Placement::scaled(f));
    }
    // Per column, the two source columns and the weight of the second.
    let columns: Vec<(usize, usize, f32)> = (0..w)
        .map(|x| {
            let sx = ((x as f32 + 0.5) / f - 0.5).max(0.0);
            let x0 = (sx as usize).min(g.w - 1);
            (x0, (x0 + 1).min(g.w - 1), sx - x0 as f32)
        })
        .collect();
    for y in 0..h {
        let sy = ((y as f32 + 0.5) / f - 0.5).max(0.0);
        let y0 = (sy as usize).min(g.h - 1);
        let y1 = (y0 + 1).min(g.h - 1);
        let fy = sy - y0 as f32;
        let (r0, r1) = (&g.px[y0 * g.w..][..g.w], &g.px[y1 * g.w..][..g.w]);
        for (x, &(x0, x1, fx)) in columns.iter().enumerate() {
            let top = f32::from(r0[x0]) * (1.0 - fx) + f32::from(r0[x1]) * fx;
            let bottom = f32::from(r1[x0]) * (1.0 - fx) + f32::from(r1[x1]) * fx;
            px[y * w + x] = (top * (1.0 - fy) + bottom * fy) as u8;
        }
    }
    g.derived(w, h, px, Placement::scaled(f))
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
    g.same_place(px)
}

fn unsharp(g: &Gray) -> Gray {
    let b = blur3(g);
    let px =
        g.px.iter()
            .zip(&b.px)
            .map(|(o, m)| (2 * i16::from(*o) - i16::from(*m)).clamp(0, 255) as u8)
            .collect();
    g.same_place(px)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Point, b: Point) -> bool {
        (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01
    }

    #[test]
    fn placements_lead_back_to_the_original_pixel() {
        // A 6×4 picture whose pixel (x, y) holds 10 y + x.
        let px: Vec<u8> = (0..4u8)
            .flat_map(|y| (0..6u8).map(move |x| 10 * y + x))
            .collect();
        let g = Gray::new(6, 4, px);
        for step in [Step::Rotate90, Step::Rotate180] {
            let t = step_on(step, g.clone());
            for y in 0..t.h {
                for x in 0..t.w {
                    let p = t.placement.apply(Point {
                        x: x as f32,
                        y: y as f32,
                    });
                    let (ox, oy) = (p.x.round() as usize, p.y.round() as usize);
                    assert_eq!(t.px[y * t.w + x], g.px[oy * 6 + ox], "{step:?} at {x},{y}");
                }
            }
        }
        let doubled = upscale2(&g);
        assert!(close(
            doubled.placement.apply(Point { x: 5.5, y: 1.5 }),
            Point { x: 2.5, y: 0.5 }
        ));
        let c = crop(g.frame(), 2, 1, 3, 2);
        assert_eq!(c.px, vec![12, 13, 14, 22, 23, 24]);
        let turned = rotate90(&c);
        let p = turned.placement.apply(Point { x: 0.0, y: 0.0 });
        assert!(close(p, Point { x: 2.0, y: 2.0 }), "{p:?}");
    }

    #[test]
    fn every_pass_has_steps_and_a_name() {
        for pass in Pass::ALL {
            assert!(!pass.name().is_empty());
            assert!(*pass == Pass::AsIs || !pass.steps().is_empty());
        }
        for list in [CASCADE, SAMPLED, REGION] {
            assert!(list.iter().all(|p| Pass::ALL.contains(p)));
        }
    }
}
