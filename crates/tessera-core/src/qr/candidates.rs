//! Which finder patterns belong together: every three that can be one
//! code's corners (a right angle, equal sides, similar module sizes, a
//! version's distance apart) is a candidate, its finders refined to a
//! fraction of a pixel and ranked by how well the timing patterns between
//! them agree (a real code: nearly all; finders of different codes or
//! chance patterns in text: about half).

use super::locate::Finder;
use super::sample::{refine, timing_fit, Corners, Image};

/// Finder patterns considered, the most often seen first (a busy screen
/// has a few dozen chance ones; a page of codes, three per code).
const MAX_FINDERS: usize = 120;
/// Threes whose geometry allows a code that are refined and checked, the
/// tightest first; a picture built to hold thousands of finder patterns
/// stops here instead of costing seconds.
const MAX_CHECKED: usize = 400;

/// A possible code: three finders in its corners.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    /// The corners, refined.
    pub corners: Corners,
    /// Which of the finders passed to [`candidates`] (indexes).
    pub finders: [usize; 3],
    /// Share of the timing patterns' modules that agree (0.5 is chance).
    pub timing: f32,
    /// The most likely size in modules.
    pub size: usize,
}

/// Candidates for codes among `finders`, best first.
pub(crate) fn candidates(image: &Image<'_>, finders: &[Finder]) -> Vec<Candidate> {
    let mut order: Vec<usize> = (0..finders.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(finders[i].hits()));
    order.truncate(MAX_FINDERS);
    let n = order.len();
    // Pairs that can be two corners of one code: similar modules, the
    // same polarity, a version's distance apart (a side or the diagonal).
    let mut pair = vec![false; n * n];
    for a in 0..n {
        for b in a + 1..n {
            let (f, g) = (finders[order[a]], finders[order[b]]);
            let (small, big) = (f.module.min(g.module), f.module.max(g.module));
            let d =
                ((f.x - g.x).powi(2) + (f.y - g.y).powi(2)).sqrt() / ((f.module + g.module) / 2.0);
            let ok = big <= small * 2.0
                && f.light_on_dark == g.light_on_dark
                && (10.0..=290.0).contains(&d);
            pair[a * n + b] = ok;
            pair[b * n + a] = ok;
        }
    }
    // Every three that can be a code's corners, with how far it is from a
    // perfect one (equal sides, a right angle) and its size.
    let mut threes: Vec<(f32, [usize; 3], Corners)> = Vec::new();
    'all: for a in 0..n {
        for b in a + 1..n {
            if !pair[a * n + b] {
                continue;
            }
            for c in b + 1..n {
                if !pair[a * n + c] || !pair[b * n + c] {
                    continue;
                }
                let three = [order[a], order[b], order[c]];
                if let Some(corners) = Corners::of(three.map(|i| finders[i])) {
                    threes.push((corners.skew() * corners.side(), three, corners));
                    if threes.len() >= MAX_FINDERS * MAX_FINDERS {
                        break 'all;
                    }
                }
            }
        }
    }
    // A code's own finders form the tightest, squarest three; threes of
    // finders of neighbouring codes are wider.
    threes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut found = Vec::with_capacity(threes.len().min(MAX_CHECKED));
    for (_, three, corners) in threes.into_iter().take(MAX_CHECKED) {
        let corners = refine(image, &corners);
        let (timing, size) = timing_fit(image, &corners);
        if size == 0 {
            continue;
        }
        found.push(Candidate {
            corners,
            finders: three,
            timing,
            size,
        });
    }
    found.sort_by(|a, b| b.timing.total_cmp(&a.timing));
    found
}
