//! Measures the QR decoder. With no argument: each named preprocessing pass
//! alone on ZXing's blackbox photos (../shared/fixtures) and the greedy
//! union, which is how [`passes::CASCADE`] was chosen. `--cascade`: the
//! decoder as shipped, per folder and rotation. `--rolling`: the camera path
//! on the same photos. `--scenes`: the generated small-code and multi-code
//! sets (every code expected, in reading order), with time per picture.
//! `--all`: the photos per rotation, the generated sets and the camera path
//! in one run, with the time per still picture over all of them (what
//! bench/qr.sh prints). `--dump DIR`: writes the generated scenes as PNGs;
//! `--finders N`: lists the finder patterns found in the Nth of them.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use tessera_core::qr::passes::{self, Pass};
use tessera_core::qr::{decode_frame, decode_frame_rolling, locate, LumaFrame};

#[path = "../tests/support/blackbox.rs"]
mod blackbox;
#[path = "../tests/support/scenes.rs"]
mod scenes;

/// The text a disputed photo's code holds (see `blackbox::DISPUTED`), or
/// that of a second code a photo is known to hold (`SECOND_CODES`):
/// counted neither decoded nor wrong.
fn disputed(path: &std::path::Path, text: &str) -> bool {
    blackbox::DISPUTED
        .iter()
        .any(|(name, held)| path.ends_with(name) && text == *held)
        || blackbox::second_code(path, text)
}

fn luma(img: &image::GrayImage) -> LumaFrame<'_> {
    LumaFrame {
        width: img.width(),
        height: img.height(),
        pixels: img.as_raw(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and 95th percentile.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    if times.is_empty() {
        return (0.0, 0.0);
    }
    times.sort();
    let p95 = ((times.len() * 95).div_ceil(100)).clamp(1, times.len()) - 1;
    (ms(times[times.len() / 2]), ms(times[p95]))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        let dir = std::path::PathBuf::from(args.get(i + 1).expect("--dump DIR"));
        std::fs::create_dir_all(&dir).unwrap();
        for (n, scene) in scenes::small_code_scenes()
            .into_iter()
            .chain(scenes::multi_code_scenes())
            .enumerate()
        {
            let path = dir.join(format!("{n:02}.png"));
            scene.image.save(&path).unwrap();
            println!("{} {}", path.display(), scene.name);
        }
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        // For profilers: decodes generated picture N (the numbering of
        // `--dump`, then the empty pages) TIMES times (default 10).
        let n: usize = args[i + 1].parse().unwrap();
        let times: u32 = args.get(i + 2).and_then(|t| t.parse().ok()).unwrap_or(10);
        let (small, multi) = (32, 20);
        let scene = if n < small {
            scenes::small_code_scenes().swap_remove(n)
        } else if n < small + multi {
            scenes::multi_code_scenes().swap_remove(n - small)
        } else {
            scenes::empty_scenes().swap_remove(n - small - multi)
        };
        let t = Instant::now();
        for _ in 0..times {
            std::hint::black_box(decode_frame(luma(&scene.image)).unwrap_or_default());
        }
        println!(
            "{}: {:.1} ms per decode",
            scene.name,
            ms(t.elapsed()) / f64::from(times)
        );
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--finders") {
        finders_in_scene(args[i + 1].parse().unwrap());
        return;
    }
    if args.iter().any(|a| a == "--scenes") {
        scene_sets();
        return;
    }
    let Some(photos) = blackbox::photos() else {
        println!("(ZXing blackbox photos not present in ../shared/fixtures: photo counts skipped)");
        if args.iter().any(|a| a == "--all") {
            let times = scene_sets();
            let (p50, p95) = percentiles(times);
            println!(
                "\nTime per still picture (generated sets): median {p50:.0} ms, p95 {p95:.0} ms"
            );
        }
        return;
    };
    let images: Vec<(std::path::PathBuf, String, image::GrayImage)> = photos
        .into_iter()
        .map(|p| (p.path, p.expected, p.image))
        .collect();
    if args.iter().any(|a| a == "--all") {
        println!("ZXing blackbox photos, per folder and rotation:");
        let mut times = cascade(&images);
        println!("\nGenerated pictures:");
        let scene_times = scene_sets();
        times.extend(scene_times);
        let (p50, p95) = percentiles(times);
        println!(
            "\nTime per still picture (the photos in four rotations and every generated picture): median {p50:.1} ms, p95 {p95:.1} ms"
        );
        println!("\nThe camera path on the same photos:");
        rolling(&images);
    } else if args.iter().any(|a| a == "--cascade") {
        cascade(&images);
    } else if args.iter().any(|a| a == "--rolling") {
        rolling(&images);
    } else {
        each_pass(&images);
    }
}

/// Each pass alone on the whole photos, and the greedy union.
fn each_pass(images: &[(std::path::PathBuf, String, image::GrayImage)]) {
    let all = Pass::ALL;
    let mut sets: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); all.len()];
    let mut wrong = 0;
    let mut times = vec![Duration::ZERO; all.len()];
    for (i, (path, expected, img)) in images.iter().enumerate() {
        for (p, &pass) in all.iter().enumerate() {
            let t = Instant::now();
            let found = passes::run(pass, luma(img));
            times[p] += t.elapsed();
            for text in &found {
                if text.replace("\r\n", "\n") != *expected && !disputed(path, text) {
                    wrong += 1;
                    println!("WRONG {} pass {}", path.display(), pass.name());
                }
            }
            if found.iter().any(|t| t.replace("\r\n", "\n") == *expected) {
                sets[p].insert(i);
            }
        }
    }
    for (p, pass) in all.iter().enumerate() {
        println!(
            "{:<36} {:>3}/{}  {:>6.0} ms total",
            pass.name(),
            sets[p].len(),
            images.len(),
            ms(times[p])
        );
    }
    let mut union = BTreeSet::new();
    let mut used = vec![false; all.len()];
    loop {
        let best = (0..all.len())
            .filter(|p| !used[*p])
            .max_by_key(|p| sets[*p].difference(&union).count());
        let Some(best) = best else { break };
        let gain = sets[best].difference(&union).count();
        if gain == 0 {
            break;
        }
        used[best] = true;
        union.extend(sets[best].iter().copied());
        println!("+ {:<36} -> {}", all[best].name(), union.len());
    }
    println!("wrong texts: {wrong}");
}

/// The decoder as shipped, per folder and rotation; returns the time of
/// each decode.
fn cascade(images: &[(std::path::PathBuf, String, image::GrayImage)]) -> Vec<Duration> {
    println!("| folder | 0° | 90° | 180° | 270° |");
    println!("|---|---|---|---|---|");
    let mut totals = [0usize; 4];
    let mut wrong = 0;
    let mut disputes = 0;
    let folder_of = |p: &std::path::Path| {
        p.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let mut folders: Vec<String> = images.iter().map(|(p, _, _)| folder_of(p)).collect();
    folders.dedup();
    let mut times = Vec::new();
    let mut missed = Vec::new();
    for folder in &folders {
        let mut counts = [0usize; 4];
        let mut n = 0;
        for (path, expected, img) in images.iter().filter(|(p, _, _)| folder_of(p) == *folder) {
            n += 1;
            let rotated = [
                img.clone(),
                image::imageops::rotate90(img),
                image::imageops::rotate180(img),
                image::imageops::rotate270(img),
            ];
            for (r, im) in rotated.iter().enumerate() {
                let t = Instant::now();
                let found = decode_frame(luma(im)).unwrap_or_default();
                times.push(t.elapsed());
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
                } else if r == 0 && !disputed(path, expected) {
                    missed.push(format!(
                        "{folder}/{}",
                        path.file_name().unwrap().to_string_lossy()
                    ));
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
    println!("not decoded upright: {}", missed.join(" "));
    println!("texts that disagree with a truth file but match the code, or a second code a photo holds (counted neither way): {disputes}");
    let (p50, p95) = percentiles(times.clone());
    println!(
        "per photo (all rotations): median {p50:.1} ms, p95 {p95:.1} ms; wrong texts: {wrong}; crashes: 0 (the run finished)"
    );
    times
}

/// The camera path on the photos: each photo as a still "stream" of as
/// many frames as there are region passes, so every pass gets its turn.
fn rolling(images: &[(std::path::PathBuf, String, image::GrayImage)]) {
    let (mut full, mut live, mut missed, mut nothing) = (0, 0, 0, 0);
    let mut wrong = 0;
    let mut times = Vec::new();
    let frames = passes::CASCADE.len() as u64;
    for (path, expected, img) in images {
        let frame = luma(img);
        let ok = |found: &[String]| found.iter().any(|t| t.replace("\r\n", "\n") == *expected);
        let whole = decode_frame(frame).unwrap_or_default();
        if locate::locate(frame) == locate::Located::Nothing {
            nothing += 1;
        }
        let mut got = false;
        for n in 0..frames {
            let t = Instant::now();
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
        }
    }
    let n = images.len();
    println!("still path: {full}/{n}; camera path over {frames} frames each: {live}/{n}");
    println!("decoded as a still but not by the camera path: {missed}; fewer than three finders found: {nothing}; wrong: {wrong}");
    let (p50, p95) = percentiles(times);
    println!("camera path per photo frame: median {p50:.1} ms, p95 {p95:.1} ms");
}

/// The generated sets: how many codes are found, in the right order, and
/// how long each picture takes (returned).
fn scene_sets() -> Vec<Duration> {
    let mut all = Vec::new();
    let verbose = std::env::args().any(|a| a == "-v");
    for (label, set) in [
        (
            "small codes (1.5–3 px/module, 1920×1080 and 3840×2160 busy pages)",
            scenes::small_code_scenes(),
        ),
        (
            "several codes in one picture (2–4 side by side and stacked; the two-part export)",
            scenes::multi_code_scenes(),
        ),
        ("busy pages with no code", scenes::empty_scenes()),
    ] {
        let (mut codes, mut found, mut wrong, mut order, mut pictures) = (0, 0, 0, 0, 0);
        let mut times = Vec::new();
        let mut times_4k = Vec::new();
        for scene in &set {
            let t = Instant::now();
            let got = decode_frame(luma(&scene.image)).unwrap_or_default();
            let took = t.elapsed();
            times.push(took);
            if scene.image.width() >= 3840 {
                times_4k.push(took);
            }
            codes += scene.texts.len();
            let hits = scene.texts.iter().filter(|t| got.contains(t)).count();
            found += hits;
            wrong += got.iter().filter(|t| !scene.texts.contains(t)).count();
            if got == scene.texts {
                pictures += 1;
            } else if hits == scene.texts.len() {
                order += 1;
            }
            if verbose || hits < scene.texts.len() {
                println!(
                    "  {:>4.0} ms {}/{} {}",
                    ms(took),
                    hits,
                    scene.texts.len(),
                    scene.name
                );
            }
        }
        all.extend(times.iter().copied());
        let (p50, p95) = percentiles(times);
        let (k50, k95) = percentiles(times_4k);
        println!("{label}: {found}/{codes} codes, {pictures}/{} pictures exact (all codes in reading order), {order} out of order, {wrong} wrong", set.len());
        println!("  per picture: median {p50:.0} ms, p95 {p95:.0} ms; 3840×2160 only: median {k50:.0} ms, p95 {k95:.0} ms");
    }
    all
}

/// `--finders N`: the finder patterns found in generated picture N (the
/// numbering of `--dump`).
fn finders_in_scene(n: usize) {
    let all: Vec<scenes::Scene> = scenes::small_code_scenes()
        .into_iter()
        .chain(scenes::multi_code_scenes())
        .collect();
    let scene = &all[n];
    println!("{}", scene.name);
    let t = Instant::now();
    let found = decode_frame(luma(&scene.image)).unwrap_or_default();
    println!("decoded {} in {:?}", found.len(), t.elapsed());
    let f = locate::finders_in_still(luma(&scene.image));
    println!("{} finders", f.len());
    for x in &f {
        println!(
            "  {:.1},{:.1} m {:.2} hits {} inv {}",
            x.x,
            x.y,
            x.module,
            x.hits(),
            x.light_on_dark
        );
    }
}
