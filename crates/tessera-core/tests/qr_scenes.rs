//! Generated screens (`support/scenes.rs`): small codes of 1.5 to 3 pixels
//! per module anywhere on busy 1920×1080 and 3840×2160 pages, and two to
//! four codes side by side and stacked. Every code must be read, exactly,
//! in reading order, and nothing else. (How long it takes is measured by
//! bench/qr.sh, not here.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/scenes.rs"]
mod scenes;

use tessera_core::qr::{decode_frame, LumaFrame};

fn decode(scene: &scenes::Scene) -> Vec<String> {
    decode_frame(LumaFrame {
        width: scene.image.width(),
        height: scene.image.height(),
        pixels: scene.image.as_raw(),
    })
    .unwrap()
}

fn check(set: Vec<scenes::Scene>) {
    let mut failed = Vec::new();
    for scene in &set {
        let found = decode(scene);
        if found != scene.texts {
            failed.push(format!(
                "{}: found {} of {} ({} other)",
                scene.name,
                scene.texts.iter().filter(|t| found.contains(t)).count(),
                scene.texts.len(),
                found.iter().filter(|t| !scene.texts.contains(t)).count()
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn small_codes_anywhere_on_busy_full_hd_and_4k_pages() {
    check(scenes::small_code_scenes());
}

#[test]
fn two_to_four_codes_side_by_side_and_stacked_in_reading_order() {
    check(scenes::multi_code_scenes());
}

#[test]
fn both_parts_of_a_google_export_in_one_picture_make_one_batch() {
    for (w, h) in [(562, 500), (421, 374)] {
        let scene = scenes::google_pair(w, h, 3);
        let found = decode(&scene);
        assert_eq!(found, scene.texts, "{}", scene.name);
        let parts: Vec<_> = found
            .iter()
            .map(|t| tessera_core::parse_migration(t).unwrap())
            .collect();
        assert_eq!(
            parts.iter().map(|p| p.batch_index).collect::<Vec<_>>(),
            [0, 1]
        );
        assert!(parts
            .iter()
            .all(|p| p.batch_size == 2 && p.accounts.len() == 7));
    }
}

#[test]
fn a_busy_page_with_no_code_gives_nothing() {
    for (w, h) in [(1920, 1080), (3840, 2160)] {
        let page = scenes::busy_page(w, h, 77);
        let found = decode_frame(LumaFrame {
            width: w,
            height: h,
            pixels: page.as_raw(),
        })
        .unwrap();
        assert!(found.is_empty(), "{found:?}");
    }
}
