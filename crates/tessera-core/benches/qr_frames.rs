//! Per-frame QR decoding cost for live camera scanning (criterion), at
//! 1280×720 and 1920×1080, with a code in the frame and without. First prints
//! p50/p95 of a plain timing loop (the targets are p95 under 10 ms at 720p
//! and under 20 ms at 1080p), then criterion's own estimates.
//! Run: bench/qr.sh

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Instant;
use tessera_core::qr::{decode_frame_rolling, locate, LumaFrame};

const URI: &str = "otpauth://totp/Clinic%20Booking:frontdesk@clinic.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Clinic%20Booking";

/// A camera-like frame: textured grey background with mild noise, and the
/// code (5 px modules) in the middle when `with_code`.
fn frame(w: u32, h: u32, with_code: bool) -> Vec<u8> {
    let mut seed = 0x1234_5678u32;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        (seed % 17) as u8
    };
    let mut px: Vec<u8> = (0..w * h)
        .map(|i| 90 + ((i % w) * 60 / w) as u8 + ((i / w) * 40 / h) as u8 + noise())
        .collect();
    if with_code {
        let code = qrcode::QrCode::new(URI.as_bytes()).unwrap();
        let img = code
            .render::<image::Luma<u8>>()
            .module_dimensions(5, 5)
            .build();
        let (x0, y0) = ((w - img.width()) / 2, (h - img.height()) / 2);
        for (x, y, p) in img.enumerate_pixels() {
            let v: u8 = if p.0[0] < 128 { 30 } else { 220 };
            px[((y0 + y) * w + x0 + x) as usize] = v.saturating_add(noise());
        }
    }
    px
}

fn percentiles(w: u32, h: u32, with_code: bool) -> (f64, f64) {
    let px = frame(w, h, with_code);
    let mut times = Vec::new();
    for n in 0..60u64 {
        let f = LumaFrame {
            width: w,
            height: h,
            pixels: &px,
        };
        let t = Instant::now();
        let found = decode_frame_rolling(f, n).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if with_code && n == 0 {
            assert_eq!(
                found,
                vec![URI.to_owned()],
                "the benchmark frame must decode"
            );
        }
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 95 / 100])
}

/// p50/p95 of the finder-pattern search alone, and what it found.
fn search_only(w: u32, h: u32, with_code: bool) -> (f64, f64, String) {
    let px = frame(w, h, with_code);
    let f = LumaFrame {
        width: w,
        height: h,
        pixels: &px,
    };
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        black_box(locate::locate(f));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let found = match locate::locate(f) {
        locate::Located::Nothing => "nothing".to_owned(),
        locate::Located::Unsearched => "not searched".to_owned(),
        locate::Located::Region(r) => format!("{}×{} region", r.width, r.height),
    };
    (times[times.len() / 2], times[times.len() * 95 / 100], found)
}

fn table() {
    println!("Finder-pattern search alone");
    println!("| frame | code | p50 | p95 | found |");
    println!("|---|---|---|---|---|");
    for (w, h) in [(1280, 720), (1920, 1080)] {
        for with_code in [true, false] {
            let (p50, p95, found) = search_only(w, h, with_code);
            println!(
                "| {w}×{h} | {} | {p50:.1} ms | {p95:.1} ms | {found} |",
                if with_code { "yes" } else { "no" }
            );
        }
    }
    println!();
    println!("QR decoding per camera frame (finder search, then the best two candidates: grid sampler, rqrr plain + one more pass)");
    println!("| frame | code | p50 | p95 | target p95 |");
    println!("|---|---|---|---|---|");
    for (w, h) in [(1280, 720), (1920, 1080)] {
        for with_code in [true, false] {
            let (p50, p95) = percentiles(w, h, with_code);
            println!(
                "| {w}×{h} | {} | {p50:.1} ms | {p95:.1} ms | {} |",
                if with_code { "yes" } else { "no" },
                if w == 1280 { "< 10 ms" } else { "< 20 ms" }
            );
        }
    }
}

fn bench(c: &mut Criterion) {
    table();
    let mut group = c.benchmark_group("qr_frame");
    group.sample_size(20);
    for (w, h) in [(1280u32, 720u32), (1920, 1080)] {
        for with_code in [true, false] {
            let px = frame(w, h, with_code);
            let mut n = 0u64;
            let name = format!("{w}x{h}_{}", if with_code { "code" } else { "empty" });
            group.bench_function(name, |b| {
                b.iter(|| {
                    n += 1;
                    black_box(decode_frame_rolling(
                        LumaFrame {
                            width: w,
                            height: h,
                            pixels: &px,
                        },
                        n,
                    ))
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
