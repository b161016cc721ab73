//! Reading a code straight from its finder patterns. Three finder patterns
//! that form a right angle give the code's size and orientation (ISO/IEC
//! 18004:2015 §6.3.3); their centres and module size are first refined to a
//! fraction of a pixel from the edges of their rings, so codes of 1.5 to 3
//! pixels per module (a browser zoomed out, a 4K screen) are sampled where
//! their modules are. For version 2 and up the bottom-right alignment
//! pattern (§6.3.6) is looked for near where the finders place it, so the
//! grid can follow the perspective of a photo. Each module is sampled
//! (bilinear) and classed against the mean of the light around it, or
//! against the levels of the code's own finder patterns, and the bits go
//! to rqrr's decoder (format information, Reed–Solomon correction, data;
//! §7). The mapping is the usual one of square-to-quadrilateral projective
//! transforms (Heckbert, "Fundamentals of Texture Mapping and Image
//! Warping", 1989, §2.2).

use super::locate::Finder;
use super::passes::integral_px;
use super::{Decoded, LumaFrame, Point};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Finder patterns considered when reading a whole picture (the most often
/// seen first).
const MAX_FINDERS: usize = 10;

/// Every code read from the frame through its finder patterns, trying every
/// three of the most often seen (a whole picture; the still and camera
/// paths go through located candidates instead).
pub(crate) fn decode(frame: LumaFrame<'_>, finders: &[Finder]) -> Vec<Decoded> {
    let mut finders: Vec<Finder> = finders.to_vec();
    finders.sort_by_key(|f| std::cmp::Reverse(f.hits()));
    finders.truncate(MAX_FINDERS);
    if finders.len() < 3 || frame.pixels.len() != frame.width as usize * frame.height as usize {
        return Vec::new();
    }
    let image = Image::new(frame);
    let mut found: Vec<Decoded> = Vec::new();
    for i in 0..finders.len() {
        for j in i + 1..finders.len() {
            for k in j + 1..finders.len() {
                let Some(corners) = Corners::of([finders[i], finders[j], finders[k]]) else {
                    continue;
                };
                if let Some(code) = read(&image, &corners) {
                    if !found.iter().any(|f| f.text == code.text) {
                        found.push(code);
                    }
                }
            }
        }
    }
    found
}

pub(crate) fn distance(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// Three finder centres in the code's own orientation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Corners {
    pub top_left: (f32, f32),
    pub top_right: (f32, f32),
    pub bottom_left: (f32, f32),
    /// Pixels per module.
    pub module: f32,
    /// Light modules on a dark ground.
    pub inverted: bool,
}

impl Corners {
    /// The three as a code's corners, if they can be: two equal sides
    /// meeting at roughly a right angle, finders of similar size and the
    /// same polarity, as far apart as a code of some version puts them.
    pub fn of(three: [Finder; 3]) -> Option<Self> {
        if three
            .iter()
            .any(|f| f.light_on_dark != three[0].light_on_dark)
        {
            return None;
        }
        let p = three.map(|f| (f.x, f.y));
        let d = distance;
        let sides = [d(p[1], p[2]), d(p[0], p[2]), d(p[0], p[1])];
        // The corner is opposite the longest side.
        let corner = (0..3).max_by(|&a, &b| sides[a].total_cmp(&sides[b]))?;
        let (a, b) = ((corner + 1) % 3, (corner + 2) % 3);
        let (c, pa, pb) = (p[corner], p[a], p[b]);
        let (la, lb) = (d(c, pa), d(c, pb));
        if la.min(lb) < la.max(lb) * 0.6 {
            return None;
        }
        let (va, vb) = ((pa.0 - c.0, pa.1 - c.1), (pb.0 - c.0, pb.1 - c.1));
        let cos = (va.0 * vb.0 + va.1 * vb.1) / (la * lb);
        if cos.abs() > 0.45 {
            return None;
        }
        let modules = three.map(|f| f.module);
        let (small, big) = (
            modules.iter().copied().fold(f32::MAX, f32::min),
            modules.iter().copied().fold(0.0f32, f32::max),
        );
        if big > small * 2.0 {
            return None;
        }
        let module = modules.iter().sum::<f32>() / 3.0;
        // Down the image (y grows downwards), top-right is clockwise from
        // bottom-left seen from the top-left corner.
        let cross = va.0 * vb.1 - va.1 * vb.0;
        let (top_right, bottom_left) = if cross > 0.0 { (pa, pb) } else { (pb, pa) };
        // Version 1 puts the centres 14 modules apart, version 40 170.
        if la.min(lb) < module * 10.0 || la.max(lb) > module * 200.0 {
            return None;
        }
        Some(Self {
            top_left: c,
            top_right,
            bottom_left,
            module,
            inverted: three[0].light_on_dark,
        })
    }

    /// The mean distance between the corner finder and the other two, in
    /// pixels.
    pub fn side(&self) -> f32 {
        (distance(self.top_left, self.top_right) + distance(self.top_left, self.bottom_left)) / 2.0
    }

    /// How far from a perfect code's corners: the difference of the two
    /// sides (a share of the longer) plus the cosine of their angle, plus a
    /// little so a perfect three still ranks by size.
    pub fn skew(&self) -> f32 {
        let (a, b) = (
            distance(self.top_left, self.top_right),
            distance(self.top_left, self.bottom_left),
        );
        let (u, v) = (
            (
                self.top_right.0 - self.top_left.0,
                self.top_right.1 - self.top_left.1,
            ),
            (
                self.bottom_left.0 - self.top_left.0,
                self.bottom_left.1 - self.top_left.1,
            ),
        );
        let cos = (u.0 * v.0 + u.1 * v.1) / (a * b).max(1e-6);
        1.0 + (a - b).abs() / a.max(b).max(1e-6) * 4.0 + cos.abs() * 4.0
    }

    /// Modules between the finder centres, measured.
    fn across(&self) -> f32 {
        (distance(self.top_left, self.top_right) + distance(self.top_left, self.bottom_left))
            / 2.0
            / self.module
    }

    /// Sizes (in modules) the finder distances allow, most likely first.
    pub fn sizes(&self) -> Vec<usize> {
        let estimate = self.across() + 7.0;
        let version = ((estimate - 17.0) / 4.0).round().clamp(1.0, 40.0) as i32;
        [version, version - 1, version + 1]
            .into_iter()
            .filter(|v| (1..=40).contains(v))
            .map(|v| 17 + 4 * v as usize)
            .collect()
    }

    /// The code's outline if it is `size` modules: its four outer corners
    /// (top-left, top-right, bottom-right, bottom-left), an affine estimate.
    pub fn outline(&self, size: usize) -> [Point; 4] {
        let map = self.affine(size);
        let n = size as f32;
        [(0.0, 0.0), (n, 0.0), (n, n), (0.0, n)].map(|(u, v)| {
            let (x, y) = map(u, v);
            Point { x, y }
        })
    }

    /// Module coordinates → image coordinates from the three finders alone.
    fn affine(&self, size: usize) -> impl Fn(f32, f32) -> (f32, f32) {
        let n = size as f32;
        let tl = self.top_left;
        let u = (
            (self.top_right.0 - tl.0) / (n - 7.0),
            (self.top_right.1 - tl.1) / (n - 7.0),
        );
        let v = (
            (self.bottom_left.0 - tl.0) / (n - 7.0),
            (self.bottom_left.1 - tl.1) / (n - 7.0),
        );
        move |mx: f32, my: f32| {
            let (a, b) = (mx - 3.5, my - 3.5);
            (tl.0 + a * u.0 + b * v.0, tl.1 + a * u.1 + b * v.1)
        }
    }
}

/// The frame, with an integral image for local means made when first
/// needed (the finder refinement and timing check only read pixels).
pub(crate) struct Image<'a> {
    frame: LumaFrame<'a>,
    sums: std::cell::OnceCell<Vec<u64>>,
}

impl<'a> Image<'a> {
    pub fn new(frame: LumaFrame<'a>) -> Self {
        Self {
            frame,
            sums: std::cell::OnceCell::new(),
        }
    }

    fn sums(&self) -> &[u64] {
        self.sums.get_or_init(|| {
            integral_px(
                self.frame.pixels,
                self.frame.width as usize,
                self.frame.height as usize,
            )
        })
    }

    /// Luma at a point, interpolated between the four nearest pixel
    /// centres, or `None` outside the frame.
    fn at(&self, x: f32, y: f32) -> Option<f32> {
        let (w, h) = (self.frame.width as usize, self.frame.height as usize);
        if !(x >= 0.0 && y >= 0.0 && x < w as f32 && y < h as f32) {
            return None;
        }
        let (sx, sy) = ((x - 0.5).max(0.0), (y - 0.5).max(0.0));
        let (x0, y0) = ((sx as usize).min(w - 1), (sy as usize).min(h - 1));
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
        let p = |xx: usize, yy: usize| f32::from(self.frame.pixels[yy * w + xx]);
        let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
        let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
        Some(top * (1.0 - fy) + bottom * fy)
    }

    /// Mean luma of the square of half-side `r` around a point.
    fn mean(&self, x: f32, y: f32, r: f32) -> f32 {
        let (w, h) = (self.frame.width as usize, self.frame.height as usize);
        let clamp = |v: f32, max: usize| (v.max(0.0) as usize).min(max);
        let (x0, x1) = (clamp(x - r, w), clamp(x + r + 1.0, w));
        let (y0, y1) = (clamp(y - r, h), clamp(y + r + 1.0, h));
        if x1 <= x0 || y1 <= y0 {
            return 128.0;
        }
        let s = w + 1;
        let sums = self.sums();
        let total = sums[y1 * s + x1] + sums[y0 * s + x0] - sums[y0 * s + x1] - sums[y1 * s + x0];
        total as f32 / ((x1 - x0) * (y1 - y0)) as f32
    }
}

/// Where a finder's rings cross a line through its centre, as the distance
/// from the centre along `d` (a unit vector) to each ring's edge on both
/// sides: the centre offset along `d` and the module size they give.
fn edges(
    image: &Image<'_>,
    c: (f32, f32),
    d: (f32, f32),
    m: f32,
    inverted: bool,
) -> Option<(f32, f32)> {
    let step = (m / 6.0).min(0.25);
    let reach = 4.6 * m;
    let n = (reach / step) as i32;
    // Darkness along the line, index n at the centre.
    let mut profile = Vec::with_capacity(2 * n as usize + 1);
    for i in -n..=n {
        let t = i as f32 * step;
        let v = image.at(c.0 + t * d.0, c.1 + t * d.1)?;
        profile.push(if inverted { v } else { 255.0 - v });
    }
    let at_t = |t: f32| -> usize { ((t / step).round() as i32 + n).clamp(0, 2 * n) as usize };
    let span = |a: f32, b: f32, side: f32| -> (usize, usize) {
        let (i, j) = (at_t(side * a), at_t(side * b));
        (i.min(j), i.max(j))
    };
    let max_in = |(i, j): (usize, usize)| profile[i..=j].iter().copied().fold(f32::MIN, f32::max);
    let min_in = |(i, j): (usize, usize)| profile[i..=j].iter().copied().fold(f32::MAX, f32::min);
    let centre = {
        let (i, j) = span(-0.5 * m, 0.5 * m, 1.0);
        profile[i..=j].iter().sum::<f32>() / (j - i + 1) as f32
    };
    let mut found = [[0.0f32; 3]; 2];
    for (s, side) in [1.0f32, -1.0].into_iter().enumerate() {
        let ring = min_in(span(1.6 * m, 2.4 * m, side));
        let outer = max_in(span(2.6 * m, 3.4 * m, side));
        let beyond = min_in(span(3.6 * m, 4.4 * m, side));
        // Dark is high here: the centre and the outer ring are dark.
        let contrast = 16.0;
        if centre - ring < contrast || outer - ring < contrast || outer - beyond < contrast {
            return None;
        }
        let levels = [
            (centre + ring) / 2.0,
            (ring + outer) / 2.0,
            (outer + beyond) / 2.0,
        ];
        let mut i = n as usize;
        for (k, level) in levels.into_iter().enumerate() {
            // Falling edges (dark to light) for k = 0 and 2, rising for 1.
            let falling = k != 1;
            let mut hit = None;
            while let Some(next) = if side > 0.0 {
                (i < 2 * n as usize).then_some(i + 1)
            } else {
                i.checked_sub(1)
            } {
                let (a, b) = (profile[i], profile[next]);
                let crossed = if falling {
                    a >= level && b < level
                } else {
                    a < level && b >= level
                };
                i = next;
                if crossed {
                    let frac = (a - level) / (a - b);
                    let steps_out = (next as i32 - n).abs() as f32 - 1.0 + frac;
                    hit = Some(steps_out * step);
                    break;
                }
            }
            found[s][k] = hit?;
        }
    }
    let [plus, minus] = found;
    // Each ring's two edges are symmetric about the centre.
    let offset = (0..3).map(|k| (plus[k] - minus[k]) / 2.0).sum::<f32>() / 3.0;
    let module =
        ((plus[0] + minus[0]) / 3.0 + (plus[1] + minus[1]) / 5.0 + (plus[2] + minus[2]) / 7.0)
            / 3.0;
    // Rings far from where the module size puts them are not this finder's.
    (module > m * 0.7 && module < m * 1.4).then_some((offset, module))
}

/// The corners with each finder centre and the module size measured from
/// the finders' ring edges along the code's two axes (to a fraction of a
/// pixel on a sharp or evenly blurred picture); as they were where an edge
/// is not clear.
pub(crate) fn refine(image: &Image<'_>, c: &Corners) -> Corners {
    let unit = |a: (f32, f32), b: (f32, f32)| {
        let l = distance(a, b).max(1e-3);
        ((b.0 - a.0) / l, (b.1 - a.1) / l)
    };
    let (u, v) = (
        unit(c.top_left, c.top_right),
        unit(c.top_left, c.bottom_left),
    );
    let mut modules = Vec::with_capacity(6);
    let mut moved = |p: (f32, f32)| {
        let mut q = p;
        for d in [u, v] {
            if let Some((offset, module)) = edges(image, p, d, c.module, c.inverted) {
                q = (q.0 + offset * d.0, q.1 + offset * d.1);
                modules.push(module);
            }
        }
        q
    };
    let refined = Corners {
        top_left: moved(c.top_left),
        top_right: moved(c.top_right),
        bottom_left: moved(c.bottom_left),
        ..*c
    };
    let module = if modules.is_empty() {
        c.module
    } else {
        modules.iter().sum::<f32>() / modules.len() as f32
    };
    Corners { module, ..refined }
}

/// How well the timing patterns (the alternating rows between the finders,
/// §6.3.5) agree with the finders' geometry at the most likely size: the
/// share of their modules sampled right (a half for a chance arrangement
/// of finders), and that size. Cheap: no alignment search, a few hundred samples.
pub(crate) fn timing_fit(image: &Image<'_>, c: &Corners) -> (f32, usize) {
    let mut best = (0.0f32, 0usize);
    for size in c.sizes() {
        let map = c.affine(size);
        let level = |mx: f32, my: f32| {
            let (x, y) = map(mx, my);
            image.at(x, y)
        };
        // Levels from the finders' centres (dark) and light rings.
        let mut dark = 0.0;
        let mut light = 0.0;
        let n = size as f32;
        let mut ok = true;
        for (ox, oy) in [(0.0, 0.0), (n - 7.0, 0.0), (0.0, n - 7.0)] {
            match (
                level(ox + 3.5, oy + 3.5),
                level(ox + 1.5, oy + 3.5),
                level(ox + 5.5, oy + 3.5),
            ) {
                (Some(d), Some(l1), Some(l2)) => {
                    dark += d;
                    light += (l1 + l2) / 2.0;
                }
                _ => ok = false,
            }
        }
        if !ok {
            continue;
        }
        let threshold = (dark + light) / 6.0;
        let inverted = c.inverted;
        let (mut right, mut total) = (0u32, 0u32);
        for i in 8..size - 8 {
            let want_dark = i % 2 == 0;
            for (mx, my) in [(i as f32 + 0.5, 6.5), (6.5, i as f32 + 0.5)] {
                if let Some(v) = level(mx, my) {
                    total += 1;
                    let is_dark = (v < threshold) != inverted;
                    right += u32::from(is_dark == want_dark);
                }
            }
        }
        if total > 0 {
            let share = right as f32 / total as f32;
            if share > best.0 {
                best = (share, size);
            }
        }
    }
    best
}

/// How a sampled module is classed dark or light.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Classing {
    /// Against the mean of the square 5 modules across around it.
    LocalMean,
    /// Against the midpoint of the dark and light modules of the code's own
    /// finder patterns (even light, as on a screen).
    FinderLevels,
}

/// Tries each plausible size and both ways of classing modules; the first
/// that decodes wins.
pub(crate) fn read(image: &Image<'_>, corners: &Corners) -> Option<Decoded> {
    for size in corners.sizes() {
        let Some(map) = grid_map(image, corners, size) else {
            continue;
        };
        let (values, means) = sample(image, &map, size, corners.module);
        for classing in [Classing::LocalMean, Classing::FinderLevels] {
            let bits = class(&values, &means, size, classing, corners.inverted);
            // A grid sampled this badly could be "corrected" into wrong text.
            let (wrong, total) = pattern_errors(&bits, size);
            if wrong * 100 > total * MAX_PATTERN_ERRORS_PERCENT {
                continue;
            }
            let grid = rqrr::SimpleGrid::from_func(size, |x, y| bits[y * size + x]);
            let decoded = catch_unwind(AssertUnwindSafe(|| {
                super::grid_text(&rqrr::Grid::new(grid))
            }));
            if let Ok(Some(text)) = decoded {
                let n = size as f32;
                let corners = [(0.0, 0.0), (n, 0.0), (n, n), (0.0, n)].map(|(u, v)| {
                    let (x, y) = map.apply(u, v);
                    Point { x, y }
                });
                return Some(Decoded { text, corners });
            }
        }
    }
    None
}

/// Share of the fixed patterns (finders, timing) that may be misread before
/// a sampled grid is not trusted.
const MAX_PATTERN_ERRORS_PERCENT: usize = 6;

/// How many modules of the finder and timing patterns the grid gets wrong,
/// of how many.
fn pattern_errors(bits: &[bool], size: usize) -> (usize, usize) {
    let (mut wrong, mut total) = (0, 0);
    let mut check = |x: usize, y: usize, dark: bool| {
        total += 1;
        if bits[y * size + x] != dark {
            wrong += 1;
        }
    };
    for (ox, oy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
        for y in 0..7 {
            for x in 0..7 {
                let ring = x == 0 || x == 6 || y == 0 || y == 6;
                let centre = (2..=4).contains(&x) && (2..=4).contains(&y);
                check(ox + x, oy + y, ring || centre);
            }
        }
    }
    for i in 8..size - 8 {
        check(i, 6, i % 2 == 0);
        check(6, i, i % 2 == 0);
    }
    (wrong, total)
}

/// Module coordinates → image coordinates for a code of `size` modules.
fn grid_map(image: &Image<'_>, c: &Corners, size: usize) -> Option<Transform> {
    let n = size as f32;
    let tl = c.top_left;
    let u = (
        (c.top_right.0 - tl.0) / (n - 7.0),
        (c.top_right.1 - tl.1) / (n - 7.0),
    );
    let v = (
        (c.bottom_left.0 - tl.0) / (n - 7.0),
        (c.bottom_left.1 - tl.1) / (n - 7.0),
    );
    let affine = c.affine(size);
    let fourth = if size > 21 {
        let guess = affine(n - 6.5, n - 6.5);
        find_alignment(image, guess, u, v, c.inverted).map(|p| ((n - 6.5, n - 6.5), p))
    } else {
        None
    };
    let (src4, dst4) = fourth.unwrap_or(((n - 3.5, n - 3.5), affine(n - 3.5, n - 3.5)));
    Transform::quad_to_quad(
        [(3.5, 3.5), (n - 3.5, 3.5), src4, (3.5, n - 3.5)],
        [c.top_left, c.top_right, dst4, c.bottom_left],
    )
}

/// The alignment pattern (a dark module inside a light ring inside a dark
/// ring) nearest its guessed place: the best-scoring point within four
/// modules, in quarter-module steps.
fn find_alignment(
    image: &Image<'_>,
    guess: (f32, f32),
    u: (f32, f32),
    v: (f32, f32),
    inverted: bool,
) -> Option<(f32, f32)> {
    let at = |p: (f32, f32), du: f32, dv: f32| {
        image
            .at(p.0 + du * u.0 + dv * v.0, p.1 + du * u.1 + dv * v.1)
            .map(|l| if inverted { 255.0 - l } else { l })
    };
    let score = |p: (f32, f32)| -> Option<f32> {
        let centre = at(p, 0.0, 0.0)?;
        let mut light = 0.0;
        let mut dark = 0.0;
        for (du, dv) in [
            (-1.0, 0.0),
            (1.0, 0.0),
            (0.0, -1.0),
            (0.0, 1.0),
            (-1.0, -1.0),
            (1.0, 1.0),
            (-1.0, 1.0),
            (1.0, -1.0),
        ] {
            light += at(p, du, dv)?;
            dark += at(p, 2.0 * du, 2.0 * dv)?;
        }
        Some(light / 8.0 - (centre + dark / 8.0) / 2.0)
    };
    let mut best: Option<((f32, f32), f32)> = None;
    let steps = 16i32;
    for i in -steps..=steps {
        for j in -steps..=steps {
            let (du, dv) = (i as f32 / 4.0, j as f32 / 4.0);
            let p = (guess.0 + du * u.0 + dv * v.0, guess.1 + du * u.1 + dv * v.1);
            if let Some(s) = score(p) {
                // Prefer the nearer of equal scores.
                let s = s - (du * du + dv * dv).sqrt();
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((p, s));
                }
            }
        }
    }
    best.filter(|&(_, s)| s > 20.0).map(|(p, _)| p)
}

/// Each module's luma (the mean of a few points near its centre) and the
/// mean of the area around it.
fn sample(image: &Image<'_>, map: &Transform, size: usize, module: f32) -> (Vec<f32>, Vec<f32>) {
    let radius = (module * 2.5).max(3.0);
    let mut values = Vec::with_capacity(size * size);
    let mut means = Vec::with_capacity(size * size);
    // Small modules are sampled at their centre only: points off it would
    // reach into the neighbours.
    let spread = if module < 3.0 { 0.0 } else { 0.2 };
    for y in 0..size {
        for x in 0..size {
            let (cx, cy) = (x as f32 + 0.5, y as f32 + 0.5);
            let mut total = 0.0;
            let mut n = 0.0;
            for (dx, dy) in [
                (0.0, 0.0),
                (-spread, -spread),
                (spread, -spread),
                (-spread, spread),
                (spread, spread),
            ] {
                let (px, py) = map.apply(cx + dx, cy + dy);
                if let Some(v) = image.at(px, py) {
                    total += v;
                    n += 1.0;
                }
            }
            let (px, py) = map.apply(cx, cy);
            values.push(if n > 0.0 { total / n } else { f32::NAN });
            means.push(image.mean(px, py, radius));
        }
    }
    (values, means)
}

/// The bits of a sampled grid (true = dark module).
fn class(
    values: &[f32],
    means: &[f32],
    size: usize,
    classing: Classing,
    inverted: bool,
) -> Vec<bool> {
    let threshold = match classing {
        Classing::LocalMean => None,
        Classing::FinderLevels => {
            let (mut dark, mut nd, mut light, mut nl) = (0.0, 0.0, 0.0, 0.0);
            for (ox, oy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
                for y in 0..7 {
                    for x in 0..7 {
                        let ring = x == 0 || x == 6 || y == 0 || y == 6;
                        let centre = (2..=4).contains(&x) && (2..=4).contains(&y);
                        let v = values[(oy + y) * size + ox + x];
                        if v.is_nan() {
                            continue;
                        }
                        if (ring || centre) != inverted {
                            dark += v;
                            nd += 1.0;
                        } else {
                            light += v;
                            nl += 1.0;
                        }
                    }
                }
            }
            (nd > 0.0 && nl > 0.0).then(|| (dark / nd + light / nl) / 2.0)
        }
    };
    values
        .iter()
        .zip(means)
        .map(|(&v, &mean)| {
            let t = threshold.unwrap_or(mean);
            !v.is_nan() && ((v < t) != inverted)
        })
        .collect()
}

/// A projective transform of the plane.
#[derive(Debug, Clone, Copy)]
struct Transform {
    /// Row-major 3×3, applied to column vectors (u, v, 1).
    m: [[f32; 3]; 3],
}

impl Transform {
    /// Maps the unit square's corners (0,0), (1,0), (1,1), (0,1) onto `q`.
    fn square_to_quad(q: [(f32, f32); 4]) -> Option<Self> {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
        let (dx3, dy3) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        let (g, h) = if dx3.abs() < 1e-6 && dy3.abs() < 1e-6 {
            (0.0, 0.0)
        } else {
            let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
            let den = dx1 * dy2 - dx2 * dy1;
            if den.abs() < 1e-9 {
                return None;
            }
            ((dx3 * dy2 - dx2 * dy3) / den, (dx1 * dy3 - dx3 * dy1) / den)
        };
        Some(Self {
            m: [
                [x1 - x0 + g * x1, x3 - x0 + h * x3, x0],
                [y1 - y0 + g * y1, y3 - y0 + h * y3, y0],
                [g, h, 1.0],
            ],
        })
    }

    fn inverse(&self) -> Option<Self> {
        let m = &self.m;
        let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if det.abs() < 1e-12 {
            return None;
        }
        let c = |r0: usize, c0: usize, r1: usize, c1: usize| {
            m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]
        };
        Some(Self {
            m: [
                [
                    c(1, 1, 2, 2) / det,
                    -c(0, 1, 2, 2) / det,
                    c(0, 1, 1, 2) / det,
                ],
                [
                    -c(1, 0, 2, 2) / det,
                    c(0, 0, 2, 2) / det,
                    -c(0, 0, 1, 2) / det,
                ],
                [
                    c(1, 0, 2, 1) / det,
                    -c(0, 0, 2, 1) / det,
                    c(0, 0, 1, 1) / det,
                ],
            ],
        })
    }

    fn then(&self, next: &Self) -> Self {
        let (a, b) = (&next.m, &self.m);
        let mut m = [[0.0f32; 3]; 3];
        for (r, row) in m.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                *cell = (0..3).map(|k| a[r][k] * b[k][c]).sum();
            }
        }
        Self { m }
    }

    /// The transform taking quadrilateral `from` onto `to`, corner by corner.
    fn quad_to_quad(from: [(f32, f32); 4], to: [(f32, f32); 4]) -> Option<Self> {
        let to_square = Self::square_to_quad(from)?.inverse()?;
        Some(to_square.then(&Self::square_to_quad(to)?))
    }

    fn apply(&self, u: f32, v: f32) -> (f32, f32) {
        let m = &self.m;
        let w = m[2][0] * u + m[2][1] * v + m[2][2];
        let w = if w.abs() < 1e-9 { 1e-9 } else { w };
        (
            (m[0][0] * u + m[0][1] * v + m[0][2]) / w,
            (m[1][0] * u + m[1][1] * v + m[1][2]) / w,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_to_quad_maps_corners_onto_corners() {
        let from = [(3.5, 3.5), (29.5, 3.5), (26.5, 26.5), (3.5, 29.5)];
        let to = [(100.0, 80.0), (300.0, 95.0), (270.0, 290.0), (90.0, 310.0)];
        let t = Transform::quad_to_quad(from, to).expect("transform");
        for (f, e) in from.iter().zip(to) {
            let (x, y) = t.apply(f.0, f.1);
            assert!(
                (x - e.0).abs() < 0.01 && (y - e.1).abs() < 0.01,
                "{f:?} -> {x},{y} not {e:?}"
            );
        }
    }

    #[test]
    fn reads_a_code_from_its_finders_even_rotated() {
        let text =
            "otpauth://totp/Clinic:desk@clinic.example?secret=JBSWY3DPEHPK3PXP&issuer=Clinic";
        let code = qrcode::QrCode::new(text.as_bytes()).expect("code");
        let img = code
            .render::<image::Luma<u8>>()
            .module_dimensions(4, 4)
            .build();
        for turns in 0..4 {
            let img = match turns {
                0 => img.clone(),
                1 => image::imageops::rotate90(&img),
                2 => image::imageops::rotate180(&img),
                _ => image::imageops::rotate270(&img),
            };
            let frame = LumaFrame {
                width: img.width(),
                height: img.height(),
                pixels: img.as_raw(),
            };
            let finders = super::super::locate::finders(frame);
            let texts: Vec<String> = decode(frame, &finders)
                .into_iter()
                .map(|d| d.text)
                .collect();
            assert_eq!(texts, vec![text.to_owned()], "{turns} quarter turns");
        }
    }
}
