//! Laid-out pages to PDF bytes (ISO 32000) with `printpdf`. Each face used is
//! subset to the glyphs drawn (`allsorts`) and embedded as a CID font; every
//! glyph carries its text for the ToUnicode map, so the sheet's text can be
//! searched and copied.

use super::layout::{Item, Page};
use super::text::{FontFace, Shaped};
use super::SheetError;
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::{
    Codepoint, Color, CurTransMat, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, WindingOrder,
};
use std::collections::{BTreeMap, BTreeSet};
use zeroize::Zeroizing;

const GREY: f32 = 0.38;

/// Writes the pages; `faces` are the shaper's faces (glyph ids refer to them).
pub(crate) fn write(
    pages: &[Page],
    faces: &[&FontFace],
    title: &str,
    size_pt: (f32, f32),
    printed_at: u64,
) -> Result<Zeroizing<Vec<u8>>, SheetError> {
    let mut doc = PdfDocument::new(title);
    if let Ok(date) =
        printpdf::OffsetDateTime::from_unix_timestamp(i64::try_from(printed_at).unwrap_or(0))
    {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    doc.metadata.info.creator = "Tessera".to_owned();
    doc.metadata.info.producer = "Tessera".to_owned();

    // Subset each used face; glyph ids are renumbered in the subset.
    let mut used: BTreeMap<usize, BTreeSet<u16>> = BTreeMap::new();
    for page in pages {
        for item in &page.items {
            if let Item::Text { shaped, .. } = item {
                for g in &shaped.glyphs {
                    used.entry(g.face).or_default().insert(g.gid);
                }
            }
        }
    }
    let mut handles: BTreeMap<usize, (printpdf::FontId, BTreeMap<u16, u16>)> = BTreeMap::new();
    for (face_index, gids) in used {
        let face = faces
            .get(face_index)
            .ok_or_else(|| SheetError::Font(format!("face {face_index}")))?;
        let mut order: Vec<u16> = vec![0];
        order.extend(gids.into_iter().filter(|&g| g != 0));
        let bytes = subset_face(face, &order)?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| SheetError::Font(face.name.clone()))?;
        let id = doc.add_font(&parsed);
        let remap = order
            .iter()
            .enumerate()
            .filter_map(|(new, &old)| u16::try_from(new).ok().map(|n| (old, n)))
            .collect();
        handles.insert(face_index, (id, remap));
    }

    let (w, h) = size_pt;
    let mut out_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::new();
        for item in &page.items {
            draw(item, &handles, &mut ops);
        }
        out_pages.push(PdfPage::new(Mm::from(Pt(w)), Mm::from(Pt(h)), ops));
    }
    doc.with_pages(out_pages);
    let options = PdfSaveOptions {
        optimize: true,
        // Faces are already subset above; printpdf's own subsetter is not built.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    Ok(Zeroizing::new(doc.save(&options, &mut warnings)))
}

fn subset_face(face: &FontFace, order: &[u16]) -> Result<Vec<u8>, SheetError> {
    let data = ReadScope::new(&face.bytes)
        .read::<FontData<'_>>()
        .map_err(|_| SheetError::Font(face.name.clone()))?;
    let provider = data
        .table_provider(face.index as usize)
        .map_err(|_| SheetError::Font(face.name.clone()))?;
    subset(
        &provider,
        order,
        &SubsetProfile::Minimal,
        CmapTarget::Unrestricted,
    )
    .map_err(|e| SheetError::Font(format!("{}: {e}", face.name)))
}

fn grey(on: bool) -> Color {
    Color::Greyscale(Greyscale {
        percent: if on { GREY } else { 0.0 },
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn draw(
    item: &Item,
    handles: &BTreeMap<usize, (printpdf::FontId, BTreeMap<u16, u16>)>,
    ops: &mut Vec<Op>,
) {
    match item {
        Item::Text {
            x,
            y,
            size,
            shaped,
            grey: g,
        } => {
            ops.push(Op::SetFillColor { col: grey(*g) });
            text_ops(*x, *y, *size, shaped, handles, ops);
        }
        Item::Frame { x, y, w, h } => {
            ops.push(Op::SetOutlineColor { col: grey(false) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(*y),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: Some(PaintMode::Stroke),
                    winding_order: None,
                },
            });
        }
        Item::Line {
            from,
            to,
            width,
            grey: g,
        } => {
            ops.push(Op::SetOutlineColor { col: grey(*g) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(from.0, from.1), point(to.0, to.1)],
                    is_closed: false,
                },
            });
        }
        Item::Qr {
            x,
            y,
            module,
            width,
            dark,
        } => qr_ops(*x, *y, *module, *width, dark, ops),
    }
}

/// Text as runs of one face each, positioned by our own advances.
fn text_ops(
    x: f32,
    y: f32,
    size: f32,
    shaped: &Shaped,
    handles: &BTreeMap<usize, (printpdf::FontId, BTreeMap<u16, u16>)>,
    ops: &mut Vec<Op>,
) {
    let mut pen = x;
    let mut start = 0;
    let glyphs = &shaped.glyphs;
    while start < glyphs.len() {
        let face = glyphs[start].face;
        let end = glyphs[start..]
            .iter()
            .position(|g| g.face != face)
            .map_or(glyphs.len(), |p| start + p);
        let run = &glyphs[start..end];
        if let Some((id, remap)) = handles.get(&face) {
            let codepoints = run
                .iter()
                .map(|g| Codepoint {
                    gid: remap.get(&g.gid).copied().unwrap_or(0),
                    offset: 0.0,
                    cid: Some(g.text.clone()),
                })
                .collect();
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(size),
            });
            ops.push(Op::SetTextCursor {
                pos: Point {
                    x: Pt(pen),
                    y: Pt(y),
                },
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(codepoints)],
            });
            ops.push(Op::EndTextSection);
        }
        pen += run.iter().map(|g| g.advance).sum::<f32>() * size / 1000.0;
        start = end;
    }
}

/// Dark modules as filled squares, one horizontal run per rectangle, drawn in
/// module units under a scaling matrix so the content stream stays small.
fn qr_ops(x: f32, y: f32, module: f32, width: usize, dark: &[bool], ops: &mut Vec<Op>) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetTransformationMatrix {
        matrix: CurTransMat::Raw([module, 0.0, 0.0, module, x, y]),
    });
    ops.push(Op::SetFillColor { col: grey(false) });
    for (row, cells) in dark.chunks(width).enumerate() {
        // Row 0 is the top of the code; PDF y grows upwards.
        let ry = (width - 1 - row) as f32;
        let mut col = 0;
        while col < cells.len() {
            if !cells[col] {
                col += 1;
                continue;
            }
            let run = cells[col..].iter().take_while(|d| **d).count();
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(col as f32),
                    y: Pt(ry),
                    width: Pt(run as f32),
                    height: Pt(1.0),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
            col += run;
        }
    }
    ops.push(Op::RestoreGraphicsState);
}
