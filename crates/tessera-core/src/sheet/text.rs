//! Text on the sheet: a font per character from a fallback chain, OpenType
//! shaping (GSUB/GPOS through `allsorts`, so Arabic letters join), visual
//! order for right-to-left runs (Unicode Bidirectional Algorithm, UAX #9,
//! through `unicode-bidi`), measuring and wrapping.
//!
//! Glyphs are kept as font glyph ids with the text they stand for, so the PDF
//! can carry a ToUnicode map and its text can be searched and copied.

use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::{DynamicFontTableProvider, FontData};
use allsorts::gsub::{FeatureMask, FeatureMaskExt};
use allsorts::tag;
use allsorts::Font;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use unicode_bidi::BidiInfo;

/// One font face: TrueType/OpenType bytes (a collection needs its `index`).
#[derive(Clone)]
pub struct FontFace {
    /// A name for messages, e.g. the file name.
    pub name: String,
    /// The font file.
    pub bytes: Arc<[u8]>,
    /// Face index inside a collection (`.ttc`); 0 otherwise.
    pub index: u32,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFace")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .field("index", &self.index)
            .finish()
    }
}

impl FontFace {
    /// A face from font bytes.
    pub fn new(name: impl Into<String>, bytes: impl Into<Arc<[u8]>>, index: u32) -> Self {
        Self {
            name: name.into(),
            bytes: bytes.into(),
            index,
        }
    }

    /// The characters of `chars` this face has a glyph for, or `None` when the
    /// bytes are not a font this module can use.
    pub fn covered(&self, chars: &BTreeSet<char>) -> Option<BTreeSet<char>> {
        let mut font = open_font(self)?;
        Some(
            chars
                .iter()
                .copied()
                .filter(|c| has_glyph(&mut font, *c))
                .collect(),
        )
    }
}

/// The faces a sheet is drawn with, in the order they are tried.
#[derive(Debug, Clone)]
pub struct SheetFonts {
    /// Body text.
    pub regular: FontFace,
    /// Headings.
    pub bold: FontFace,
    /// Backup codes and keys: a monospace face that tells `0`/`O` and `1`/`l`/`I` apart.
    pub mono: FontFace,
    /// Tried, in order, for characters the faces above lack (CJK, for example).
    pub fallbacks: Vec<FontFace>,
}

/// Which face a piece of text prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Regular,
    Bold,
    Mono,
}

/// A glyph ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// Index of the face in [`Shaper::faces`].
    pub face: usize,
    /// Glyph id in that face.
    pub gid: u16,
    /// Advance, in thousandths of the font size.
    pub advance: f32,
    /// The text this glyph stands for (several characters for a ligature).
    pub text: String,
}

/// A line of shaped text in visual (left-to-right drawing) order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Shaped {
    pub glyphs: Vec<Glyph>,
}

impl Shaped {
    /// Width at `size` points.
    pub fn width(&self, size: f32) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() * size / 1000.0
    }
}

type LoadedFont<'a> = Font<DynamicFontTableProvider<'a>>;

fn open_font(face: &FontFace) -> Option<LoadedFont<'_>> {
    let data = ReadScope::new(&face.bytes).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(face.index as usize).ok()?;
    Font::new(provider).ok()
}

fn has_glyph(font: &mut LoadedFont<'_>, c: char) -> bool {
    font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None)
        .0
        != 0
}

/// Shapes text with the sheet's faces and remembers characters no face has.
pub(crate) struct Shaper<'a> {
    pub faces: Vec<&'a FontFace>,
    fonts: Vec<LoadedFont<'a>>,
    /// Characters drawn as a missing-glyph box because no face has them.
    pub missing: BTreeSet<char>,
    /// Lines already wrapped: the sheet repeats the same sentences per account.
    wrapped: HashMap<(String, Style, u32, u32), Vec<Shaped>>,
}

impl std::fmt::Debug for Shaper<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shaper")
            .field("faces", &self.faces)
            .finish()
    }
}

/// Faces 0, 1 and 2 are regular, bold and mono; fallbacks follow.
const REGULAR: usize = 0;
const BOLD: usize = 1;
const MONO: usize = 2;

impl<'a> Shaper<'a> {
    /// Opens every face; fails naming the first that is not a usable font.
    pub fn new(fonts: &'a SheetFonts) -> Result<Self, String> {
        let faces: Vec<&FontFace> = [&fonts.regular, &fonts.bold, &fonts.mono]
            .into_iter()
            .chain(fonts.fallbacks.iter())
            .collect();
        let mut loaded = Vec::with_capacity(faces.len());
        for face in &faces {
            loaded.push(open_font(face).ok_or_else(|| face.name.clone())?);
        }
        Ok(Self {
            faces,
            fonts: loaded,
            missing: BTreeSet::new(),
            wrapped: HashMap::new(),
        })
    }

    fn chain(&self, style: Style) -> Vec<usize> {
        let first: &[usize] = match style {
            Style::Regular => &[REGULAR],
            Style::Bold => &[BOLD, REGULAR],
            Style::Mono => &[MONO, REGULAR],
        };
        first.iter().copied().chain(3..self.faces.len()).collect()
    }

    fn face_for(&mut self, c: char, chain: &[usize]) -> Option<usize> {
        chain
            .iter()
            .copied()
            .find(|&i| self.fonts.get_mut(i).is_some_and(|f| has_glyph(f, c)))
    }

    /// Shapes one line of text (line breaks count as spaces).
    pub fn shape(&mut self, text: &str, style: Style) -> Shaped {
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if text.is_empty() {
            return Shaped::default();
        }
        let chain = self.chain(style);
        let bidi = BidiInfo::new(&text, None);
        let mut out = Shaped::default();
        for para in &bidi.paragraphs {
            let (levels, runs) = bidi.visual_runs(para, para.range.clone());
            for run in runs {
                let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
                let mut pieces = self.shape_run(&text[run], &chain);
                if rtl {
                    pieces.reverse();
                    for p in &mut pieces {
                        p.reverse();
                    }
                }
                out.glyphs.extend(pieces.into_iter().flatten());
            }
        }
        out
    }

    /// Splits a run (one direction) into pieces of one face and shapes each.
    fn shape_run(&mut self, run: &str, chain: &[usize]) -> Vec<Vec<Glyph>> {
        let mut pieces: Vec<(usize, String)> = Vec::new();
        for c in run.chars() {
            let joins_previous = c.is_whitespace()
                || matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}')
                || is_combining(c);
            let face = match pieces.last() {
                Some((last, _)) if joins_previous && self.keeps(*last, c) => *last,
                _ => match self.face_for(c, chain) {
                    Some(f) => f,
                    None => {
                        if !c.is_whitespace() {
                            self.missing.insert(c);
                        }
                        chain.first().copied().unwrap_or(REGULAR)
                    }
                },
            };
            match pieces.last_mut() {
                Some((last, s)) if *last == face => s.push(c),
                _ => pieces.push((face, c.to_string())),
            }
        }
        pieces
            .into_iter()
            .map(|(face, s)| self.shape_piece(face, &s))
            .collect()
    }

    fn keeps(&mut self, face: usize, c: char) -> bool {
        c.is_whitespace() || self.fonts.get_mut(face).is_some_and(|f| has_glyph(f, c))
    }

    fn shape_piece(&mut self, face: usize, text: &str) -> Vec<Glyph> {
        let Some(font) = self.fonts.get_mut(face) else {
            return Vec::new();
        };
        let script = script_of(text);
        let upem = f32::from(font.head_table.units_per_em.max(1));
        let raw = font.map_glyphs(text, script, MatchingPresentation::NotRequired);
        let infos = match font.shape(
            raw,
            script,
            None,
            FeatureMask::default_mask(),
            &[],
            None,
            true,
        ) {
            Ok(infos) => infos,
            // Shaping applies what it can; a partly shaped run still draws.
            Err((_, infos)) => infos,
        };
        infos
            .into_iter()
            .map(|info| {
                let gid = info.glyph.glyph_index;
                let units =
                    f32::from(font.horizontal_advance(gid).unwrap_or(0)) + f32::from(info.kerning);
                Glyph {
                    face,
                    gid,
                    advance: units * 1000.0 / upem,
                    text: info.glyph.unicodes.iter().collect(),
                }
            })
            .collect()
    }

    /// Breaks `text` into lines no wider than `max_width` points at `size`,
    /// at spaces where possible and inside a word when it alone is too wide.
    pub fn wrap(&mut self, text: &str, style: Style, size: f32, max_width: f32) -> Vec<Shaped> {
        let key = (text.to_owned(), style, size.to_bits(), max_width.to_bits());
        if let Some(lines) = self.wrapped.get(&key) {
            return lines.clone();
        }
        let lines = self.wrap_uncached(text, style, size, max_width);
        self.wrapped.insert(key, lines.clone());
        lines
    }

    fn wrap_uncached(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        max_width: f32,
    ) -> Vec<Shaped> {
        let mut lines = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if self.shape(&candidate, style).width(size) <= max_width {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(self.shape(&current, style));
            }
            current = word.to_owned();
            // A word wider than the line is cut where it stops fitting.
            while self.shape(&current, style).width(size) > max_width {
                let chars: Vec<char> = current.chars().collect();
                let mut cut = chars.len().saturating_sub(1).max(1);
                while cut > 1 {
                    let head: String = chars[..cut].iter().collect();
                    if self.shape(&head, style).width(size) <= max_width {
                        break;
                    }
                    cut -= 1;
                }
                lines.push(self.shape(&chars[..cut].iter().collect::<String>(), style));
                current = chars[cut..].iter().collect();
                if current.is_empty() {
                    break;
                }
            }
        }
        if !current.is_empty() {
            lines.push(self.shape(&current, style));
        }
        lines
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{064b}'..='\u{065f}' | '\u{0670}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// The OpenType script tag for a run: Arabic and Hebrew need their own
/// shaping; everything else shapes with the default script.
fn script_of(text: &str) -> u32 {
    for c in text.chars() {
        match c {
            '\u{0600}'..='\u{06ff}'
            | '\u{0750}'..='\u{077f}'
            | '\u{08a0}'..='\u{08ff}'
            | '\u{fb50}'..='\u{fdff}'
            | '\u{fe70}'..='\u{feff}' => return tag::ARAB,
            '\u{0590}'..='\u{05ff}' => return allsorts::tag!(b"hebr"),
            c if c.is_alphabetic() && c.is_ascii() => return tag::LATN,
            _ => {}
        }
    }
    tag::DFLT
}
