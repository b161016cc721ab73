//! Measures each candidate preprocessing pass on the ZXing blackbox photos
//! (../shared/fixtures), to choose the decoder's cascade. Prints how many
//! images each pass decodes alone and the greedy union.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used)]

use std::collections::BTreeSet;
use tessera_core::qr::{decode_frame, decode_frame_rolling, locate, passes, LumaFrame};

#[path = "../tests/support/blackbox.rs"]
mod blackbox;

/// The text a disputed photo's code holds (see `blackbox::DISPUTED`).
fn disputed(path: &std::path::Path, text: &str) -> bool {
    blackbox::DISPUTED
        .iter()
        .any(|(name, held)| path.ends_with(name) && text == *held)
}

fn main() {
    let Some(photos) = blackbox::photos() else {
        println!("../shared/fixtures/qr/zxing-blackbox is not present");
        return;
    };
    let images: Vec<(std::path::PathBuf, String, image::GrayImage)> = photos
        .into_iter()
        .map(|p| (p.path, p.expected, p.image))
        .collect();
    if std::env::args().any(|a| a == "--cascade") {
        cascade(&images);
        return;
    }
    if std::env::args().any(|a| a == "--rolling") {
        rolling(&images);
        return;
    }
    let names = passes::NAMES;
    let mut sets: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); names.len()];
    let mut wrong = 0;
    let mut times = vec![0u128; names.len()];
    for (i, (path, expected, img)) in images.iter().enumerate() {
        let frame = LumaFrame {
            width: img.width(),
            height: img.height(),
            pixels: img.as_raw(),
        };
        for (p, _) in names.iter().enumerate() {
            let t = std::time::Instant::now();
            let found = passes::run(p, frame);
            times[p] += t.elapsed().as_micros();
            for text in &found {
                if text.replace("\r\n", "\n") != *expected && !disputed(path, text) {
                    wrong += 1;
                    println!("WRONG {} pass {}", path.display(), names[p]);
                }
            }
            if found.iter().any(|t| t.replace("\r\n", "\n") == *expected) {
                sets[p].insert(i);
            }
        }
    }
    for (p, name) in names.iter().enumerate() {
        println!(
            "{name:<24} {:>3}/{}  {:>6} ms total",
            sets[p].len(),
            images.len(),
            times[p] / 1000
        );
    }
    let mut union = BTreeSet::new();
    let mut used = vec![false; names.len()];
    loop {
        let best = (0..names.len())
            .filter(|p| !used[*p])
            .max_by_key(|p| sets[*p].difference(&union).count());
        let Some(best) = best else { break };
        let gain = sets[best].difference(&union).count();
        if gain == 0 {
            break;
        }
        used[best] = true;
        union.extend(sets[best].iter().copied());
        println!("+ {:<24} -> {}", names[best], union.len());
    }
    println!("wrong texts: {wrong}");
}

/// The decoder as shipped (the whole cascade), per folder and rotation.
fn cascade(images: &[(std::path::PathBuf, String, image::GrayImage)]) {
    println!("| folder | 0° | 90° | 180° | 270° |");
    println!("|---|---|---|---|---|");
    let mut totals = [0usize; 4];
    let mut wrong = 0;
    let mut disputes = 0;
    let mut folders: Vec<String> = images
        .iter()
        .map(|(p, _, _)| {
            p.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    folders.dedup();
    let mut times = Vec::new();
    for folder in &folders {
        let mut counts = [0usize; 4];
        let mut n = 0;
        for (path, expected, img) in images
            .iter()
            .filter(|(p, _, _)| p.parent().unwrap().ends_with(folder))
        {
            n += 1;
            let rotated = [
                img.clone(),
                image::imageops::rotate90(img),
                image::imageops::rotate180(img),
                image::imageops::rotate270(img),
            ];
            for (r, im) in rotated.iter().enumerate() {
                let frame = LumaFrame {
                    width: im.width(),
                    height: im.height(),
                    pixels: im.as_raw(),
                };
                let t = std::time::Instant::now();
                let found = decode_frame(frame).unwrap_or_default();
                if r == 0 {
                    times.push(t.elapsed());
                }
                for text in &found {
                    if disputed(path, text) {
                        disputes += 1;
                    } else if text.replace("\r\n", "\n") != *expected {
                        wrong += 1;
                        println!("WRONG {} rotation {}", path.display(), r * 90);
                    }
                }
                if found.iter().any(|t| t.replace("\r\n", "\n") == *expected) {
                    counts[r] += 1;
                }
            }
        }
        println!(
            "| {folder} | {}/{n} | {}/{n} | {}/{n} | {}/{n} |",
            counts[0], counts[1], counts[2], counts[3]
        );
        for r in 0..4 {
            totals[r] += counts[r];
        }
    }
    let n = images.len();
    println!(
        "| all | {}/{n} | {}/{n} | {}/{n} | {}/{n} |",
        totals[0], totals[1], totals[2], totals[3]
    );
    times.sort();
    println!("texts matching the code but not its truth file (counted neither way): {disputes}");
    println!(
        "upright: median {:.1} ms, p95 {:.1} ms per image; wrong texts: {wrong}; crashes: 0 (the run finished)",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() * 95 / 100].as_secs_f64() * 1000.0
    );
}

/// The camera path on the photos: each photo as a still "stream" of as many
/// frames as the cascade has passes, so every pass gets its turn. Compares
/// with the full cascade on the whole photo, and counts photos the finder
/// search skipped although the full cascade decodes them.
fn rolling(images: &[(std::path::PathBuf, String, image::GrayImage)]) {
    let (mut full, mut live, mut missed, mut nothing) = (0, 0, 0, 0);
    let mut wrong = 0;
    let mut times = Vec::new();
    for (path, expected, img) in images {
        let frame = LumaFrame {
            width: img.width(),
            height: img.height(),
            pixels: img.as_raw(),
        };
        let ok = |found: &[String]| found.iter().any(|t| t.replace("\r\n", "\n") == *expected);
        let whole = decode_frame(frame).unwrap_or_default();
        let located = locate::locate(frame);
        if located == locate::Located::Nothing {
            nothing += 1;
        }
        let mut got = false;
        for n in 0..passes::CASCADE.len() as u64 {
            let t = std::time::Instant::now();
            let found = decode_frame_rolling(frame, n).unwrap_or_default();
            times.push(t.elapsed());
            for text in &found {
                if text.replace("\r\n", "\n") != *expected && !disputed(path, text) {
                    wrong += 1;
                    println!("WRONG {} frame {n}", path.display());
                }
            }
            got |= ok(&found);
        }
        full += usize::from(ok(&whole));
        live += usize::from(got);
        if ok(&whole) && !got {
            missed += 1;
            println!(
                "missed by the camera path: {} ({located:?})",
                path.display()
            );
        }
    }
    times.sort();
    let n = images.len();
    println!(
        "full cascade: {full}/{n}; camera path over {} frames each: {live}/{n}",
        passes::CASCADE.len()
    );
    println!("decoded whole but not by the camera path: {missed}; no finders found: {nothing}; wrong: {wrong}");
    println!(
        "camera path per photo frame: median {:.1} ms, p95 {:.1} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() * 95 / 100].as_secs_f64() * 1000.0
    );
}
