//! Reading a code straight from its finder patterns, a second way in when
//! rqrr's own grid detection misses one. Three finder patterns that form a
//! right angle give the code's size and orientation (ISO/IEC 18004:2015
//! §6.3.3); for version 2 and up the bottom-right alignment pattern (§6.3.6)
//! is looked for near where they place it, so the grid can follow the
//! perspective of a photo. Each module is sampled against the mean of the
//! light around it, and the bits go to rqrr's decoder (format information,
//! Reed–Solomon correction, data; §7). The mapping is the usual one of
//! square-to-quadrilateral projective transforms (Heckbert, "Fundamentals of
//! Texture Mapping and Image Warping", 1989, §2.2).

use super::locate::Finder;
use super::passes::integral_px;
use super::LumaFrame;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Finder patterns considered (the most often seen first).
const MAX_FINDERS: usize = 10;

/// Every text read from the frame through its finder patterns.
pub(crate) fn decode(frame: LumaFrame<'_>, finders: &[Finder]) -> Vec<String> {
    let mut finders: Vec<Finder> = finders.to_vec();
    finders.sort_by_key(|f| std::cmp::Reverse(f.hits()));
    finders.truncate(MAX_FINDERS);
    if finders.len() < 3 || frame.pixels.len() != frame.width as usize * frame.height as usize {
        return Vec::new();
    }
    let image = Image::new(frame);
    let mut found: Vec<String> = Vec::new();
    for i in 0..finders.len() {
        for j in i + 1..finders.len() {
            for k in j + 1..finders.len() {
                let Some(corners) = Corners::of([finders[i], finders[j], finders[k]]) else {
                    continue;
                };
                if let Some(text) = read(&image, &corners) {
                    if !found.contains(&text) {
                        found.push(text);
                    }
                }
            }
        }
    }
    found
}

fn distance(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// Three finder centres in the code's own orientation.
#[derive(Debug, Clone, Copy)]
struct Corners {
    top_left: (f32, f32),
    top_right: (f32, f32),
    bottom_left: (f32, f32),
    module: f32,
}

impl Corners {
    /// The three as a code's corners, if they can be: two equal sides
    /// meeting at roughly a right angle, finders of similar size.
    fn of(three: [Finder; 3]) -> Option<Self> {
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
        if la.min(lb) < module * 10.0 {
            return None;
        }
        Some(Self {
            top_left: c,
            top_right,
            bottom_left,
            module,
        })
    }

    /// Sizes (in modules) the finder distances allow, most likely first.
    fn sizes(&self) -> Vec<usize> {
        let across = (distance(self.top_left, self.top_right)
            + distance(self.top_left, self.bottom_left))
            / 2.0;
        let estimate = across / self.module + 7.0;
        let version = ((estimate - 17.0) / 4.0).round().clamp(1.0, 40.0) as i32;
        [version, version - 1, version + 1]
            .into_iter()
            .filter(|v| (1..=40).contains(v))
            .map(|v| 17 + 4 * v as usize)
            .collect()
    }
}

/// The frame with an integral image for local means.
struct Image<'a> {
    frame: LumaFrame<'a>,
    sums: Vec<u64>,
}

impl<'a> Image<'a> {
    fn new(frame: LumaFrame<'a>) -> Self {
        let sums = integral_px(frame.pixels, frame.width as usize, frame.height as usize);
        Self { frame, sums }
    }

    /// Luma at a point (nearest pixel), or `None` outside the frame.
    fn at(&self, x: f32, y: f32) -> Option<u8> {
        if x < 0.0 || y < 0.0 {
            return None;
        }
        let (xi, yi) = (x as usize, y as usize);
        let w = self.frame.width as usize;
        if xi >= w || yi >= self.frame.height as usize {
            return None;
        }
        Some(self.frame.pixels[yi * w + xi])
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
        let total = self.sums[y1 * s + x1] + self.sums[y0 * s + x0]
            - self.sums[y0 * s + x1]
            - self.sums[y1 * s + x0];
        total as f32 / ((x1 - x0) * (y1 - y0)) as f32
    }
}

/// Tries each plausible size; the first that decodes wins.
fn read(image: &Image<'_>, corners: &Corners) -> Option<String> {
    for size in corners.sizes() {
        let Some(map) = grid_map(image, corners, size) else {
            continue;
        };
        let bits = sample(image, &map, size, corners.module);
        // A grid sampled this badly could be "corrected" into wrong text.
        let (wrong, total) = pattern_errors(&bits, size);
        if wrong * 100 > total * MAX_PATTERN_ERRORS_PERCENT {
            continue;
        }
        let grid = rqrr::SimpleGrid::from_func(size, |x, y| bits[y * size + x]);
        let decoded = catch_unwind(AssertUnwindSafe(|| rqrr::Grid::new(grid).decode()));
        if let Ok(Ok((_, text))) = decoded {
            return Some(text);
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
    let (ux, uy) = (
        (c.top_right.0 - tl.0) / (n - 7.0),
        (c.top_right.1 - tl.1) / (n - 7.0),
    );
    let (vx, vy) = (
        (c.bottom_left.0 - tl.0) / (n - 7.0),
        (c.bottom_left.1 - tl.1) / (n - 7.0),
    );
    // Where the three finders alone put a module centre (an affine guess).
    let affine = |mx: f32, my: f32| {
        let (a, b) = (mx - 3.5, my - 3.5);
        (tl.0 + a * ux + b * vx, tl.1 + a * uy + b * vy)
    };
    let fourth = if size > 21 {
        let guess = affine(n - 6.5, n - 6.5);
        find_alignment(image, guess, (ux, uy), (vx, vy)).map(|p| ((n - 6.5, n - 6.5), p))
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
) -> Option<(f32, f32)> {
    let at = |p: (f32, f32), du: f32, dv: f32| {
        image.at(p.0 + du * u.0 + dv * v.0, p.1 + du * u.1 + dv * v.1)
    };
    let score = |p: (f32, f32)| -> Option<f32> {
        let centre = f32::from(at(p, 0.0, 0.0)?);
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
            light += f32::from(at(p, du, dv)?);
            dark += f32::from(at(p, 2.0 * du, 2.0 * dv)?);
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

/// Each module's bit: the mean of a few points near its centre against the
/// mean of the surrounding area.
fn sample(image: &Image<'_>, map: &Transform, size: usize, module: f32) -> Vec<bool> {
    let radius = (module * 2.5).max(3.0);
    let mut bits = Vec::with_capacity(size * size);
    for y in 0..size {
        for x in 0..size {
            let (cx, cy) = (x as f32 + 0.5, y as f32 + 0.5);
            let mut total = 0.0;
            let mut n = 0.0;
            for (dx, dy) in [
                (0.0, 0.0),
                (-0.2, -0.2),
                (0.2, -0.2),
                (-0.2, 0.2),
                (0.2, 0.2),
            ] {
                let (px, py) = map.apply(cx + dx, cy + dy);
                if let Some(v) = image.at(px, py) {
                    total += f32::from(v);
                    n += 1.0;
                }
            }
            let (px, py) = map.apply(cx, cy);
            let dark = n > 0.0 && total / n < image.mean(px, py, radius);
            bits.push(dark);
        }
    }
    bits
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
            assert_eq!(
                decode(frame, &finders),
                vec![text.to_owned()],
                "{turns} quarter turns"
            );
        }
    }
}
