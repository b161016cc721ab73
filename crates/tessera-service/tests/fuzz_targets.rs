//! Every fuzz target's body (`fuzz/fuzz_targets/bodies/<target>.rs`, what the libFuzzer
//! harness in `fuzz/fuzz_targets/` calls) built into the test suite and run
//! on its committed seeds (`fuzz/seeds/<target>/`): a target that no longer
//! compiles, or whose checks fail on a seed, fails here without libFuzzer's
//! instrumented build. `scripts/fuzz.sh` runs the targets themselves.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};

macro_rules! targets {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                include!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../fuzz/fuzz_targets/bodies/",
                    stringify!($name),
                    ".rs"
                ));
            }
        )*
        const TARGETS: &[(&str, fn(&[u8]))] = &[$((stringify!($name), $name::run)),*];
    };
}

targets!(
    backup_codes,
    backup_content,
    envelope,
    import_detect,
    import_read,
    index_json,
    intake_classify,
    key_entry,
    migration,
    otpauth_uri,
    qr_frame,
    qr_image,
    settings_json,
    setup_link,
);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The names in `dir` of the files ending in `.rs` (`rust`) or of the folders.
fn names_in(dir: &Path, rust: bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            if rust {
                p.extension().is_some_and(|e| e == "rs")
            } else {
                p.is_dir()
            }
        })
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fuzz_target_is_run_here() {
    let here: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    assert_eq!(names_in(&fuzz_dir().join("fuzz_targets"), true), here);
    assert_eq!(
        names_in(&fuzz_dir().join("fuzz_targets/bodies"), true),
        here
    );
    assert_eq!(names_in(&fuzz_dir().join("seeds"), false), here);
}

#[test]
fn every_fuzz_target_passes_on_its_seeds() {
    let mut runs = 0;
    for (name, run) in TARGETS {
        let seeds = fuzz_dir().join("seeds").join(name);
        let mut count = 0;
        for entry in std::fs::read_dir(&seeds).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(
                outcome.is_ok(),
                "fuzz target {name} fails on {}",
                path.display()
            );
            count += 1;
        }
        assert!(count > 0, "no seeds for {name}");
        runs += count;
    }
    eprintln!("{} fuzz targets, {runs} seeds", TARGETS.len());
}
