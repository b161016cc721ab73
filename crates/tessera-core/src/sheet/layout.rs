//! Where everything goes on the sheet's pages, in points from the bottom-left
//! corner (PDF user space). Each account is a block that is never split over
//! pages unless it alone is taller than a page; then it breaks between rows of
//! codes and the next page repeats its name, marked "continued".

use super::key_lines::key_lines;
use super::text::{Shaped, Shaper, Style};
use super::words::{fill, SheetWords};
use super::{Paper, SheetAccount, SheetRequest};
use qrcode::{EcLevel, QrCode};

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// Shaped text; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        shaped: Shaped,
        grey: bool,
    },
    /// A stroked rectangle (`y` is its bottom).
    Frame { x: f32, y: f32, w: f32, h: f32 },
    /// A straight line.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        grey: bool,
    },
    /// A QR code: dark modules as squares of `module` points; `y` is the bottom.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        width: usize,
        dark: Vec<bool>,
    },
}

/// One laid-out page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    pub items: Vec<Item>,
    /// Indices of the accounts that have (a part of) their block here.
    pub accounts: Vec<usize>,
}

const MARGIN_X: f32 = 50.0;
const MARGIN_TOP: f32 = 48.0;
const MARGIN_BOTTOM: f32 = 40.0;
const FOOTER_SPACE: f32 = 22.0;
const TITLE: f32 = 20.0;
const BODY: f32 = 9.5;
const ISSUER: f32 = 13.0;
const NAME: f32 = 10.0;
const CODE: f32 = 12.5;
const SMALL: f32 = 8.5;
const KEY: f32 = 11.0;
const ROW: f32 = 20.0;
const TICK: f32 = 9.5;
const BLOCK_GAP: f32 = 16.0;
/// Printed QR size: 42 mm, easy for a webcam to read from paper.
const QR_SIDE: f32 = 42.0 * 72.0 / 25.4;
/// Light modules around the code (the QR quiet zone).
const QUIET: usize = 4;

fn line_height(size: f32) -> f32 {
    size * 1.3
}

/// A run of items with its height; `items` are relative to the chunk's top
/// (y = 0, growing downwards as negative numbers).
#[derive(Debug, Default)]
struct Chunk {
    height: f32,
    items: Vec<Item>,
}

impl Chunk {
    fn text(&mut self, shaper_line: Shaped, x: f32, size: f32, grey: bool) {
        let lh = line_height(size);
        self.items.push(Item::Text {
            x,
            y: -(self.height + size),
            size,
            shaped: shaper_line,
            grey,
        });
        self.height += lh;
    }

    fn gap(&mut self, h: f32) {
        self.height += h;
    }
}

/// Lays out the whole sheet.
pub(crate) struct Layout<'s, 'f> {
    shaper: &'s mut Shaper<'f>,
    words: &'s SheetWords,
    width: f32,
    height: f32,
    pages: Vec<Page>,
    /// Distance already used from the top margin on the current page.
    used: f32,
}

impl<'s, 'f> Layout<'s, 'f> {
    pub fn new(shaper: &'s mut Shaper<'f>, words: &'s SheetWords, paper: Paper) -> Self {
        let (width, height) = paper.size_pt();
        Self {
            shaper,
            words,
            width,
            height,
            pages: Vec::new(),
            used: 0.0,
        }
    }

    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    fn capacity(&self) -> f32 {
        self.height - MARGIN_TOP - MARGIN_BOTTOM - FOOTER_SPACE
    }

    fn remaining(&self) -> f32 {
        self.capacity() - self.used
    }

    fn place(&mut self, chunk: Chunk, account: Option<usize>) {
        let top = self.height - MARGIN_TOP - self.used;
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        for item in chunk.items {
            page.items.push(shift(item, MARGIN_X, top));
        }
        if let Some(a) = account {
            if page.accounts.last() != Some(&a) {
                page.accounts.push(a);
            }
        }
        self.used += chunk.height;
    }

    fn new_page(&mut self, profile: &str) {
        self.pages.push(Page::default());
        self.used = 0.0;
        if self.pages.len() > 1 {
            let mut head = Chunk::default();
            let text = fill(&self.words.running_head, &[("profile", profile)]);
            let shaped = self.shaper.shape(&text, Style::Regular);
            head.text(shaped, 0.0, SMALL, true);
            head.gap(6.0);
            self.place(head, None);
        }
    }

    /// Lays out every page and returns them with footers.
    pub fn run(mut self, request: &SheetRequest) -> Vec<Page> {
        self.new_page(&request.profile);
        let header = self.header(request);
        self.place(header, None);
        for (i, account) in request.accounts.iter().enumerate() {
            self.account(i, account, &request.profile);
        }
        self.footers();
        self.pages
    }

    fn header(&mut self, request: &SheetRequest) -> Chunk {
        let mut c = Chunk::default();
        let width = self.content_width();
        for line in self
            .shaper
            .wrap(&self.words.title, Style::Bold, TITLE, width)
        {
            c.text(line, 0.0, TITLE, false);
        }
        c.gap(2.0);
        let date = super::iso_date(request.printed_at);
        let subtitle = fill(
            &self.words.subtitle,
            &[("profile", &request.profile), ("date", &date)],
        );
        for line in self.shaper.wrap(&subtitle, Style::Regular, NAME, width) {
            c.text(line, 0.0, NAME, true);
        }
        c.gap(8.0);
        for paragraph in &self.words.instructions {
            let bullet = self.shaper.shape("•", Style::Regular);
            let indent = 12.0;
            let top = c.height;
            for line in self
                .shaper
                .wrap(paragraph, Style::Regular, BODY, width - indent)
            {
                c.text(line, indent, BODY, false);
            }
            c.items.push(Item::Text {
                x: 2.0,
                y: -(top + BODY),
                size: BODY,
                shaped: bullet,
                grey: false,
            });
            c.gap(3.0);
        }
        c.gap(4.0);
        c
    }

    fn account(&mut self, index: usize, account: &SheetAccount, profile: &str) {
        let title = account_title(account, self.words);
        let mut chunks = vec![self.account_head(&title, &account.name, account.issuer.is_empty())];
        chunks.extend(self.code_rows(account));
        if let Some(recovery) = &account.recovery {
            chunks.push(self.recovery(recovery));
        }
        let total: f32 = chunks.iter().map(|c| c.height).sum();
        if total > self.remaining() && self.used > 0.0 {
            self.new_page(profile);
        }
        let mut first = true;
        for chunk in chunks {
            if chunk.height > self.remaining() && !first {
                // Only a block taller than a page gets here: continue it overleaf.
                self.new_page(profile);
                let name = fill(&self.words.continued, &[("name", &title)]);
                let head = self.account_head(&name, "", true);
                self.place(head, Some(index));
            }
            first = false;
            self.place(chunk, Some(index));
        }
    }

    fn account_head(&mut self, title: &str, name: &str, name_is_title: bool) -> Chunk {
        let width = self.content_width();
        let mut c = Chunk::default();
        c.gap(BLOCK_GAP * 0.5);
        c.items.push(Item::Line {
            from: (0.0, -c.height),
            to: (width, -c.height),
            width: 0.6,
            grey: true,
        });
        c.gap(BLOCK_GAP * 0.5);
        for line in self.shaper.wrap(title, Style::Bold, ISSUER, width) {
            c.text(line, 0.0, ISSUER, false);
        }
        if !name_is_title && !name.is_empty() {
            for line in self.shaper.wrap(name, Style::Regular, NAME, width) {
                c.text(line, 0.0, NAME, true);
            }
        }
        c.gap(4.0);
        c
    }

    fn code_rows(&mut self, account: &SheetAccount) -> Vec<Chunk> {
        let width = self.content_width();
        if account.codes.is_empty() {
            let mut c = Chunk::default();
            for line in self
                .shaper
                .wrap(&self.words.no_codes, Style::Regular, BODY, width)
            {
                c.text(line, 0.0, BODY, true);
            }
            return vec![c];
        }
        let shaped: Vec<Shaped> = account
            .codes
            .iter()
            .map(|entry| self.shaper.shape(entry.code.as_str(), Style::Mono))
            .collect();
        let widest = shaped.iter().map(|s| s.width(CODE)).fold(0.0, f32::max);
        let cell = TICK + 7.0 + widest + 16.0;
        let columns = ((width / cell).floor() as usize).clamp(1, 5);
        let cell = width / columns as f32;
        let mut chunks = Vec::new();
        for entries in account
            .codes
            .iter()
            .zip(shaped)
            .collect::<Vec<_>>()
            .chunks(columns)
        {
            let mut c = Chunk::default();
            let baseline = -(CODE + 3.0);
            for (col, (entry, code)) in entries.iter().enumerate() {
                let x = col as f32 * cell;
                let box_bottom = baseline - 1.0;
                c.items.push(Item::Frame {
                    x,
                    y: box_bottom,
                    w: TICK,
                    h: TICK,
                });
                let text_x = x + TICK + 7.0;
                let code_width = code.width(CODE);
                if entry.used {
                    // Ticked box and struck-through code.
                    c.items.push(Item::Line {
                        from: (x + 1.8, box_bottom + TICK * 0.5),
                        to: (x + TICK * 0.42, box_bottom + 1.8),
                        width: 1.2,
                        grey: false,
                    });
                    c.items.push(Item::Line {
                        from: (x + TICK * 0.42, box_bottom + 1.8),
                        to: (x + TICK - 1.2, box_bottom + TICK - 1.2),
                        width: 1.2,
                        grey: false,
                    });
                    let mid = baseline + CODE * 0.33;
                    c.items.push(Item::Line {
                        from: (text_x - 1.5, mid),
                        to: (text_x + code_width + 1.5, mid),
                        width: 0.9,
                        grey: false,
                    });
                }
                c.items.push(Item::Text {
                    x: text_x,
                    y: baseline,
                    size: CODE,
                    shaped: code.clone(),
                    grey: entry.used,
                });
            }
            c.height = ROW;
            chunks.push(c);
        }
        let unused = account.codes.iter().filter(|e| !e.used).count();
        let summary = fill(
            &self.words.codes_summary,
            &[
                ("unused", &unused.to_string()),
                ("total", &account.codes.len().to_string()),
            ],
        );
        if let Some(last) = chunks.last_mut() {
            last.gap(2.0);
            let line = self.shaper.shape(&summary, Style::Regular);
            last.text(line, 0.0, SMALL, true);
        }
        chunks
    }

    fn recovery(&mut self, recovery: &super::Recovery) -> Chunk {
        let width = self.content_width();
        let mut c = Chunk::default();
        c.gap(8.0);
        let frame_top = c.height;
        c.gap(8.0);
        let pad = 10.0;
        let text_x = pad;
        let text_width = width - QR_SIDE - 3.0 * pad;
        for line in self
            .shaper
            .wrap(&self.words.recovery_title, Style::Bold, BODY, text_width)
        {
            c.text(line, text_x, BODY, false);
        }
        c.gap(4.0);
        for line in key_lines(&recovery.key) {
            let printed = format!("{}  ▸ {}", line.groups, line.check);
            let shaped = self.shaper.shape(&printed, Style::Mono);
            c.text(shaped, text_x, KEY, false);
        }
        c.gap(3.0);
        for line in self
            .shaper
            .wrap(&recovery.details, Style::Regular, SMALL, text_width)
        {
            c.text(line, text_x, SMALL, true);
        }
        for line in self
            .shaper
            .wrap(&self.words.recovery_help, Style::Regular, SMALL, text_width)
        {
            c.text(line, text_x, SMALL, true);
        }
        let qr_top = frame_top + pad;
        if let Ok(code) = QrCode::with_error_correction_level(recovery.uri.as_bytes(), EcLevel::M) {
            let modules = code.width();
            let side = modules + 2 * QUIET;
            let module = QR_SIDE / side as f32;
            let dark = code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            c.items.push(Item::Qr {
                x: width - pad - QR_SIDE + QUIET as f32 * module,
                y: -(qr_top + QR_SIDE) + QUIET as f32 * module,
                module,
                width: modules,
                dark,
            });
        }
        let bottom = c.height.max(qr_top + QR_SIDE) + pad;
        c.items.push(Item::Frame {
            x: 0.0,
            y: -bottom,
            w: width,
            h: bottom - frame_top,
        });
        c.height = bottom;
        c
    }

    fn footers(&mut self) {
        let pages = self.pages.len().to_string();
        let y = MARGIN_BOTTOM;
        for i in 0..self.pages.len() {
            let text = fill(
                &self.words.footer,
                &[("page", &(i + 1).to_string()), ("pages", &pages)],
            );
            let shaped = self.shaper.shape(&text, Style::Regular);
            let x = self.width - MARGIN_X - shaped.width(SMALL);
            if let Some(page) = self.pages.get_mut(i) {
                page.items.push(Item::Text {
                    x,
                    y,
                    size: SMALL,
                    shaped,
                    grey: true,
                });
            }
        }
    }
}

/// The heading of an account: issuer, or its name when it has no issuer.
fn account_title(account: &SheetAccount, words: &SheetWords) -> String {
    match (account.issuer.trim(), account.name.trim()) {
        ("", "") => words.unnamed.clone(),
        ("", name) => name.to_owned(),
        (issuer, _) => issuer.to_owned(),
    }
}

fn shift(item: Item, dx: f32, top: f32) -> Item {
    match item {
        Item::Text {
            x,
            y,
            size,
            shaped,
            grey,
        } => Item::Text {
            x: x + dx,
            y: y + top,
            size,
            shaped,
            grey,
        },
        Item::Frame { x, y, w, h } => Item::Frame {
            x: x + dx,
            y: y + top,
            w,
            h,
        },
        Item::Line {
            from,
            to,
            width,
            grey,
        } => Item::Line {
            from: (from.0 + dx, from.1 + top),
            to: (to.0 + dx, to.1 + top),
            width,
            grey,
        },
        Item::Qr {
            x,
            y,
            module,
            width,
            dark,
        } => Item::Qr {
            x: x + dx,
            y: y + top,
            module,
            width,
            dark,
        },
    }
}
