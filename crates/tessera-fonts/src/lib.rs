//! Fonts for the backup sheet. DejaVu Sans (regular, bold) and DejaVu Sans
//! Mono ship inside Tessera (licence in `fonts/LICENSE-DejaVu.txt`); they
//! cover Latin, Greek, Cyrillic, Arabic, Hebrew and more. For characters they
//! lack (Chinese, Japanese, Korean, Thai…) the system's own fonts are searched
//! and the ones that cover them are added as fallbacks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tessera_core::sheet::{FontFace, SheetFonts};

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
static MONO: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");

/// Largest font file read while searching (CJK fonts are 10–30 MB).
const MAX_FONT_FILE: u64 = 64 * 1024 * 1024;

/// The bundled faces alone.
pub fn bundled() -> SheetFonts {
    SheetFonts {
        regular: FontFace::new("DejaVu Sans", REGULAR, 0),
        bold: FontFace::new("DejaVu Sans Bold", BOLD, 0),
        mono: FontFace::new("DejaVu Sans Mono", MONO, 0),
        fallbacks: Vec::new(),
    }
}

/// The bundled faces plus system fonts for any of `needed` they lack.
pub fn for_characters(needed: &BTreeSet<char>) -> SheetFonts {
    let mut fonts = bundled();
    let mut missing: BTreeSet<char> = needed
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    for face in [&fonts.regular, &fonts.bold, &fonts.mono] {
        if let Some(covered) = face.covered(&missing) {
            missing.retain(|c| !covered.contains(c));
        }
    }
    if !missing.is_empty() {
        fonts.fallbacks = fallbacks(&missing, &font_dirs());
    }
    fonts
}

/// System faces that together cover as much of `missing` as they can, best first.
pub fn fallbacks(missing: &BTreeSet<char>, dirs: &[PathBuf]) -> Vec<FontFace> {
    let mut missing = missing.clone();
    let mut chosen = Vec::new();
    for path in candidates(dirs) {
        if missing.is_empty() {
            break;
        }
        let Some(face) = load(&path) else { continue };
        let Some(covered) = face.covered(&missing) else {
            continue;
        };
        if covered.is_empty() {
            continue;
        }
        missing.retain(|c| !covered.contains(c));
        chosen.push(face);
    }
    chosen
}

fn load(path: &Path) -> Option<FontFace> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > MAX_FONT_FILE {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some(FontFace::new(name, bytes, 0))
}

/// Font files under `dirs`, wide-coverage families first.
fn candidates(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        walk(dir, 0, &mut files);
    }
    files.sort_by_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let preferred = [
            "notosanscjk",
            "notosans",
            "sourcehansans",
            "ipagp",
            "ipag",
            "droidsansfallback",
            "wqy",
            "yugoth",
            "msgothic",
            "meiryo",
            "malgun",
            "msyh",
            "simsun",
            "hiragino",
            "pingfang",
            "applesdgothic",
            "arialuni",
        ];
        let rank = preferred
            .iter()
            .position(|p| name.starts_with(p))
            .unwrap_or(preferred.len());
        (rank, name)
    });
    files
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, depth + 1, out);
        } else if path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .is_some_and(|e| matches!(e.as_str(), "ttf" | "otf" | "ttc" | "otc"))
        {
            out.push(path);
        }
    }
}

/// Where the platform keeps fonts.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(target_os = "windows") {
        if let Some(windir) = std::env::var_os("WINDIR") {
            dirs.push(PathBuf::from(windir).join("Fonts"));
        }
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/System/Library/Fonts"));
        dirs.push(PathBuf::from("/Library/Fonts"));
        if let Some(home) = &home {
            dirs.push(home.join("Library/Fonts"));
        }
    } else {
        if let Some(data) = std::env::var_os("XDG_DATA_HOME") {
            dirs.push(PathBuf::from(data).join("fonts"));
        } else if let Some(home) = &home {
            dirs.push(home.join(".local/share/fonts"));
        }
        if let Some(home) = &home {
            dirs.push(home.join(".fonts"));
        }
        dirs.push(PathBuf::from("/usr/local/share/fonts"));
        dirs.push(PathBuf::from("/usr/share/fonts"));
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_cover_latin_arabic_and_the_sheet_symbols() {
        let fonts = bundled();
        let wanted: BTreeSet<char> = "Crédit Agricole بنك مصر ▸•“”’·→"
            .chars()
            .filter(|c| *c != ' ')
            .collect();
        assert_eq!(fonts.regular.covered(&wanted).unwrap(), wanted);
        let mono: BTreeSet<char> = "0O1lI".chars().collect();
        assert_eq!(fonts.mono.covered(&mono).unwrap(), mono);
    }

    #[test]
    fn latin_text_needs_no_system_fonts() {
        let fonts = for_characters(&"Hello".chars().collect());
        assert!(fonts.fallbacks.is_empty());
    }

    #[test]
    fn a_directory_without_fonts_gives_no_fallbacks() {
        let dir = std::env::temp_dir().join("tessera-fonts-empty-test");
        let _ = std::fs::create_dir_all(&dir);
        assert!(fallbacks(&"東".chars().collect(), &[dir]).is_empty());
    }
}
