//! The one path every picture takes, from any source: locate, then decode.
//!
//! 1. Find every finder pattern ([`locate`]) and every three that can be a
//!    code's corners ([`candidates`]), best first.
//! 2. Decode each candidate's region: first the grid read straight from
//!    its finders ([`sample`]), then rqrr on the region scaled so its
//!    modules are [`passes::REGION_MODULE`] pixels (enlarging small codes,
//!    shrinking large ones), as it is and through the [`passes::REGION`]
//!    passes. A code found marks the finders it covers as done, so the
//!    other codes' candidates are tried next.
//! 3. A small picture in which no code was read (a blurred or bent photo
//!    whose finders were not all found) is decoded whole, through
//!    [`passes::CASCADE`] and the grid sampler on [`passes::SAMPLED`].
//!
//! Still pictures go on until every candidate is tried or the budget is
//! spent; camera frames try the best two candidates with the plain pass and
//! one more in turn, so a frame stays cheap and every pass gets its turn.

use super::candidates::{candidates, Candidate};
use super::locate::{self, Finder};
use super::passes::{self, Gray, Pass};
use super::sample::{self, Corners, Image};
use super::{Decoded, LumaFrame, Point};

/// Largest picture decoded whole through every pass of the cascade (step
/// 3), in pixels: photos of a code. A larger one (a screen, a phone's
/// photo) is shrunk to this size and gets only the plain pass: its codes'
/// finders are found at some scale of the search, or the code is large
/// enough to survive the shrinking.
const WHOLE_MAX_PIXELS: usize = 1_500_000;
/// A candidate whose timing patterns agree less than this is unlikely to be
/// a code (chance agreement is 0.5).
const LIKELY_TIMING: f32 = 0.75;
/// Unlikely candidates given the rqrr passes in a still picture (the grid
/// sampler, which costs little, tries them all).
const MAX_UNLIKELY: usize = 12;
/// Candidates decoded per camera frame.
const LIVE_CANDIDATES: usize = 2;
/// Modules of margin around a candidate's outline in its region (the quiet
/// zone is 4).
const MARGIN_MODULES: f32 = 5.0;
/// Likely candidates still read by the grid sampler once the budget is
/// spent.
const MAX_LATE: usize = 32;

/// Every code in a still picture, in reading order.
pub(crate) fn still(frame: LumaFrame<'_>, out_of_time: &dyn Fn() -> bool) -> Vec<Decoded> {
    let finders = locate::finders_in_still(frame);
    let image = Image::new(frame);
    let candidates = candidates(&image, &finders);
    let mut found = Found::new(finders);
    let mut tried = 0usize;
    let mut unlikely = 0usize;
    let mut missed_likely = false;
    let mut late = 0usize;
    for candidate in &candidates {
        let likely = candidate.timing >= LIKELY_TIMING;
        // Out of time, the likely candidates left still get the grid
        // sampler (cheap, and all a clean code on a screen needs), so what
        // a screen shows plainly does not depend on how fast the machine
        // is; a few dozen at most.
        let out = tried > 0 && out_of_time();
        if out && (!likely || late >= MAX_LATE) {
            continue;
        }
        if found.covers(candidate) {
            continue;
        }
        late += usize::from(out);
        let passes: &[Pass] = if !out && (likely || unlikely < MAX_UNLIKELY) {
            passes::REGION
        } else {
            &[]
        };
        unlikely += usize::from(!likely);
        tried += 1;
        let codes = decode_region(frame, candidate, passes, out_of_time);
        missed_likely |= likely && codes.is_empty();
        found.add(codes);
    }
    if (found.codes.is_empty() || missed_likely) && (tried == 0 || !out_of_time()) {
        found.add(whole(frame, out_of_time));
    }
    reading_order(found.codes)
}

/// The codes in one camera frame (`n` counts frames, to take turns with
/// the passes).
pub(crate) fn live(frame: LumaFrame<'_>, n: u64) -> Vec<Decoded> {
    let finders = locate::finders(frame);
    if finders.len() < 3 {
        return Vec::new();
    }
    let image = Image::new(frame);
    let candidates = candidates(&image, &finders);
    let rest = &passes::REGION[1..];
    let extra = rest[(n % rest.len() as u64) as usize];
    let order = [Pass::AsIs, extra];
    let (w, h) = (frame.width as usize, frame.height as usize);
    let mut found = Found::new(finders);
    for candidate in candidates.iter().take(LIVE_CANDIDATES) {
        if !found.covers(candidate) {
            found.add(decode_region(frame, candidate, &order, &|| false));
        }
    }
    if found.codes.is_empty() {
        // No three finders that form a code were read (a tilted or bent
        // code): rqrr's own detector on the part of the frame around all
        // of them, with the plain pass and one pass of the cascade in turn.
        let region = locate::around(&found.finders, w, h);
        let part = if u64::from(region.width) * u64::from(region.height) * 2 < (w * h) as u64
            || region.module >= 7.0
        {
            let crop = passes::crop(
                frame,
                region.x as usize,
                region.y as usize,
                region.width as usize,
                region.height as usize,
            );
            if region.module >= 7.0 {
                passes::scale(crop, 0.5)
            } else {
                crop
            }
        } else {
            Gray::of(frame)
        };
        let rest = &passes::CASCADE[1..];
        let extra = rest[(n % rest.len() as u64) as usize];
        for pass in [Pass::AsIs, extra] {
            if let Some(g) = passes::apply(pass, part.clone()) {
                let codes = g.decode();
                if !codes.is_empty() {
                    found.add(codes);
                    break;
                }
            }
        }
    }
    reading_order(found.codes)
}

/// The codes found so far, and which finders they cover.
struct Found {
    finders: Vec<Finder>,
    done: Vec<bool>,
    codes: Vec<Decoded>,
}

impl Found {
    fn new(finders: Vec<Finder>) -> Self {
        let done = vec![false; finders.len()];
        Self {
            finders,
            done,
            codes: Vec::new(),
        }
    }

    /// Whether a code already found covers one of the candidate's finders.
    fn covers(&self, candidate: &Candidate) -> bool {
        candidate.finders.iter().any(|&i| self.done[i])
    }

    fn add(&mut self, codes: Vec<Decoded>) {
        for code in codes {
            for (f, done) in self.finders.iter().zip(&mut self.done) {
                if inside(&code.corners, Point { x: f.x, y: f.y }, f.module) {
                    *done = true;
                }
            }
            if !self.codes.iter().any(|c| c.text == code.text) {
                self.codes.push(code);
            }
        }
    }
}

/// Whether `p` lies inside the quadrilateral `q` (either winding), or
/// within `slack` pixels of it.
fn inside(q: &[Point; 4], p: Point, slack: f32) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let (ex, ey) = (b.x - a.x, b.y - a.y);
        let len = (ex * ex + ey * ey).sqrt().max(1e-3);
        // Signed distance of p from the edge's line.
        let d = (ex * (p.y - a.y) - ey * (p.x - a.x)) / len;
        if sign == 0.0 {
            sign = if d >= 0.0 { 1.0 } else { -1.0 };
        }
        if d * sign < -slack {
            return false;
        }
    }
    true
}

/// A candidate's part of the frame, and its corners there.
struct Region {
    gray: Gray,
    corners: Corners,
}

fn region(frame: LumaFrame<'_>, candidate: &Candidate) -> Region {
    let c = candidate.corners;
    let size = c.sizes().into_iter().max().unwrap_or(candidate.size);
    let outline = c.outline(size);
    let grow = c.module * MARGIN_MODULES;
    let xs = outline.iter().map(|p| p.x);
    let ys = outline.iter().map(|p| p.y);
    let x0 = (xs.clone().fold(f32::MAX, f32::min) - grow).max(0.0) as usize;
    let y0 = (ys.clone().fold(f32::MAX, f32::min) - grow).max(0.0) as usize;
    let x1 = (xs.fold(0.0f32, f32::max) + grow).max(0.0).ceil() as usize;
    let y1 = (ys.fold(0.0f32, f32::max) + grow).max(0.0).ceil() as usize;
    let gray = passes::crop(frame, x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0));
    let shift = |p: (f32, f32)| (p.0 - x0 as f32, p.1 - y0 as f32);
    Region {
        gray,
        corners: Corners {
            top_left: shift(c.top_left),
            top_right: shift(c.top_right),
            bottom_left: shift(c.bottom_left),
            ..c
        },
    }
}

/// The codes in a candidate's region: the grid sampler, then rqrr through
/// `order` on the region scaled to [`passes::REGION_MODULE`].
fn decode_region(
    frame: LumaFrame<'_>,
    candidate: &Candidate,
    order: &[Pass],
    out_of_time: &dyn Fn() -> bool,
) -> Vec<Decoded> {
    let region = region(frame, candidate);
    if region.gray.w < 7 || region.gray.h < 7 {
        return Vec::new();
    }
    {
        let image = Image::new(region.gray.frame());
        if let Some(mut code) = sample::read(&image, &region.corners) {
            place(&mut code, &region.gray);
            return vec![code];
        }
    }
    if order.is_empty() {
        return Vec::new();
    }
    let factor = (passes::REGION_MODULE / region.corners.module).clamp(0.1, 4.0);
    let mut scaled = passes::scale(region.gray, factor);
    if region.corners.inverted {
        scaled = passes::invert(scaled);
    }
    for (i, &pass) in order.iter().enumerate() {
        if i > 0 && out_of_time() {
            break;
        }
        if let Some(g) = passes::apply(pass, scaled.clone()) {
            let found = g.decode();
            if !found.is_empty() {
                return found;
            }
        }
    }
    #[cfg(feature = "rxing")]
    if !out_of_time() && order.len() > 2 {
        return super::second::decode(&scaled);
    }
    Vec::new()
}

/// Moves a code found in `gray` to where it lies in the frame.
fn place(code: &mut Decoded, gray: &Gray) {
    for p in &mut code.corners {
        *p = gray.placement.apply(*p);
    }
}

/// Step 3: the whole picture through the cascade, stopping at the first
/// pass that finds a code; then the grid sampler on it and its
/// [`passes::SAMPLED`] variants. A picture larger than
/// [`WHOLE_MAX_PIXELS`] is shrunk to that size and gets the plain pass only.
fn whole(frame: LumaFrame<'_>, out_of_time: &dyn Fn() -> bool) -> Vec<Decoded> {
    let pixels = frame.width as usize * frame.height as usize;
    if pixels > WHOLE_MAX_PIXELS {
        let k = ((pixels as f32 / WHOLE_MAX_PIXELS as f32).sqrt().ceil() as usize).max(2);
        let small = passes::scale(Gray::of(frame), 1.0 / k as f32);
        return small.decode();
    }
    let base = Gray::of(frame);
    for (i, &pass) in passes::CASCADE.iter().enumerate() {
        if i > 0 && out_of_time() {
            return Vec::new();
        }
        if let Some(g) = passes::apply(pass, base.clone()) {
            let found = g.decode();
            if !found.is_empty() {
                return found;
            }
        }
    }
    #[cfg(feature = "rxing")]
    if !out_of_time() {
        let found = super::second::decode(&base);
        if !found.is_empty() {
            return found;
        }
    }
    for pass in std::iter::once(Pass::AsIs).chain(passes::SAMPLED.iter().copied()) {
        if out_of_time() {
            break;
        }
        let Some(variant) = passes::apply(pass, base.clone()) else {
            continue;
        };
        let mut found = sample::decode(variant.frame(), &locate::finders(variant.frame()));
        if !found.is_empty() {
            for code in &mut found {
                place(code, &variant);
            }
            return found;
        }
    }
    Vec::new()
}

/// Codes sorted as text is read: rows from the top (codes whose centres lie
/// within half a code's height of each other share a row), each row from
/// the left.
fn reading_order(mut codes: Vec<Decoded>) -> Vec<Decoded> {
    let centre = |c: &Decoded| {
        let (x, y) = c
            .corners
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p.x / 4.0, y + p.y / 4.0));
        (x, y)
    };
    let height = |c: &Decoded| {
        let ys = c.corners.iter().map(|p| p.y);
        ys.clone().fold(f32::MIN, f32::max) - ys.fold(f32::MAX, f32::min)
    };
    codes.sort_by(|a, b| centre(a).1.total_cmp(&centre(b).1));
    let mut rows: Vec<Vec<Decoded>> = Vec::new();
    for code in codes {
        let joins = rows
            .last()
            .and_then(|row| row.first())
            .is_some_and(|first| {
                (centre(&code).1 - centre(first).1).abs() <= height(first).max(height(&code)) / 2.0
            });
        match rows.last_mut() {
            Some(row) if joins => row.push(code),
            _ => rows.push(vec![code]),
        }
    }
    rows.into_iter()
        .flat_map(|mut row| {
            row.sort_by(|a, b| centre(a).0.total_cmp(&centre(b).0));
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f32, y: f32, side: f32) -> [Point; 4] {
        [
            Point { x, y },
            Point { x: x + side, y },
            Point {
                x: x + side,
                y: y + side,
            },
            Point { x, y: y + side },
        ]
    }

    fn code(text: &str, x: f32, y: f32) -> Decoded {
        Decoded {
            text: text.into(),
            corners: square(x, y, 100.0),
        }
    }

    #[test]
    fn reading_order_is_rows_from_the_top_then_left_to_right() {
        let codes = vec![
            code("d", 130.0, 170.0),
            code("b", 150.0, 10.0),
            code("c", 0.0, 160.0),
            code("a", 0.0, 30.0),
        ];
        let texts: Vec<String> = reading_order(codes).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, ["a", "b", "c", "d"]);
    }

    #[test]
    fn inside_a_quadrilateral_either_way_round() {
        let q = square(10.0, 10.0, 50.0);
        let mut r = q;
        r.reverse();
        for q in [q, r] {
            assert!(inside(&q, Point { x: 30.0, y: 40.0 }, 0.0));
            assert!(!inside(&q, Point { x: 70.0, y: 40.0 }, 5.0));
            assert!(inside(&q, Point { x: 63.0, y: 40.0 }, 5.0));
        }
    }
}
