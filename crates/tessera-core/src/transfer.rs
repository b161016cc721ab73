//! Collecting a Google Authenticator export that spans several QR codes
//! (`otpauth-migration://`, each carrying `batch_id`, `batch_index` and
//! `batch_size`): parts may be scanned in any order; the accounts are released
//! only when every part of one export has been seen. Parts of another export,
//! repeated parts and inconsistent sizes are refused with a reason.

use crate::migration::MigrationBatch;
use crate::Account;

/// Why a scanned part was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransferError {
    /// A part of a different export than the one being collected.
    #[error("this QR code belongs to another export; finish the current one ({scanned} of {total} scanned) or start again")]
    OtherExport {
        /// Parts of the current export scanned so far.
        scanned: u32,
        /// Parts it has.
        total: u32,
    },
    /// This part was already scanned.
    #[error("part {part} of {total} was already scanned")]
    Duplicate {
        /// 1-based part number.
        part: u32,
        /// Parts in the export.
        total: u32,
    },
    /// A part whose numbers do not fit the export.
    #[error("this QR code's part numbers do not make sense ({part} of {total})")]
    Inconsistent {
        /// 1-based part number as read.
        part: u32,
        /// Parts as read.
        total: u32,
    },
}

/// How far a collection has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferProgress {
    /// Parts scanned.
    pub scanned: u32,
    /// Parts in the export.
    pub total: u32,
}

impl TransferProgress {
    /// Every part is in.
    pub fn is_complete(&self) -> bool {
        self.scanned == self.total
    }
}

/// The parts of one export scanned so far.
#[derive(Debug, Default, Clone)]
pub struct TransferCollector {
    batch_id: Option<i32>,
    total: u32,
    parts: Vec<Option<Vec<Account>>>,
}

impl TransferCollector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Progress so far, or `None` before the first part.
    pub fn progress(&self) -> Option<TransferProgress> {
        self.batch_id.map(|_| TransferProgress {
            scanned: self.scanned(),
            total: self.total,
        })
    }

    fn scanned(&self) -> u32 {
        u32::try_from(self.parts.iter().filter(|p| p.is_some()).count()).unwrap_or(u32::MAX)
    }

    /// Takes one part.
    pub fn add(&mut self, batch: MigrationBatch) -> Result<TransferProgress, TransferError> {
        let (index, total) = (batch.batch_index, batch.batch_size.max(1));
        if index >= total || total > 1000 {
            return Err(TransferError::Inconsistent {
                part: index.saturating_add(1),
                total,
            });
        }
        match self.batch_id {
            Some(id) if id != batch.batch_id || self.total != total => {
                return Err(TransferError::OtherExport {
                    scanned: self.scanned(),
                    total: self.total,
                });
            }
            Some(_) => {}
            None => {
                self.batch_id = Some(batch.batch_id);
                self.total = total;
                self.parts = vec![None; total as usize];
            }
        }
        let slot = self
            .parts
            .get_mut(index as usize)
            .ok_or(TransferError::Inconsistent {
                part: index + 1,
                total,
            })?;
        if slot.is_some() {
            return Err(TransferError::Duplicate {
                part: index + 1,
                total,
            });
        }
        *slot = Some(batch.accounts);
        Ok(TransferProgress {
            scanned: self.scanned(),
            total,
        })
    }

    /// Every account, in part order, once all parts are in; the collector is
    /// then empty again. `None` while parts are missing.
    pub fn take_complete(&mut self) -> Option<Vec<Account>> {
        if self.batch_id.is_none() || self.parts.iter().any(Option::is_none) {
            return None;
        }
        let parts = std::mem::take(&mut self.parts);
        *self = Self::default();
        Some(parts.into_iter().flatten().flatten().collect())
    }

    /// Forgets every part (wiping their keys).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(id: i32, index: u32, size: u32, issuer: &str) -> MigrationBatch {
        let account = crate::otpauth::parse(&format!(
            "otpauth://totp/{issuer}:a?secret=JBSWY3DPEHPK3PXP&issuer={issuer}"
        ))
        .unwrap();
        MigrationBatch {
            accounts: vec![account],
            version: 1,
            batch_size: size,
            batch_index: index,
            batch_id: id,
        }
    }

    #[test]
    fn parts_in_any_order_complete_the_export() {
        let mut c = TransferCollector::new();
        assert_eq!(c.progress(), None);
        let p = c.add(part(7, 2, 3, "C")).unwrap();
        assert_eq!((p.scanned, p.total, p.is_complete()), (1, 3, false));
        assert!(c.take_complete().is_none());
        c.add(part(7, 0, 3, "A")).unwrap();
        assert!(c.add(part(7, 1, 3, "B")).unwrap().is_complete());
        let issuers: Vec<String> = c
            .take_complete()
            .unwrap()
            .into_iter()
            .map(|a| a.issuer)
            .collect();
        assert_eq!(issuers, ["A", "B", "C"]);
        assert_eq!(c.progress(), None, "emptied after completion");
    }

    #[test]
    fn mixed_duplicate_and_impossible_parts_are_refused() {
        let mut c = TransferCollector::new();
        c.add(part(7, 0, 2, "A")).unwrap();
        assert_eq!(
            c.add(part(7, 0, 2, "A")),
            Err(TransferError::Duplicate { part: 1, total: 2 })
        );
        assert_eq!(
            c.add(part(8, 1, 2, "B")),
            Err(TransferError::OtherExport {
                scanned: 1,
                total: 2
            })
        );
        assert_eq!(
            c.add(part(7, 1, 3, "B")),
            Err(TransferError::OtherExport {
                scanned: 1,
                total: 2
            })
        );
        let mut fresh = TransferCollector::new();
        assert_eq!(
            fresh.add(part(1, 3, 2, "X")),
            Err(TransferError::Inconsistent { part: 4, total: 2 })
        );
        assert_eq!(
            c.add(part(7, 1, 2, "B")).unwrap(),
            TransferProgress {
                scanned: 2,
                total: 2
            }
        );
        assert_eq!(
            TransferError::OtherExport {
                scanned: 1,
                total: 3
            }
            .to_string(),
            "this QR code belongs to another export; finish the current one (1 of 3 scanned) or start again"
        );
    }

    #[test]
    fn a_single_part_export_completes_at_once() {
        let mut c = TransferCollector::new();
        assert!(c.add(part(1, 0, 1, "Solo")).unwrap().is_complete());
        assert_eq!(c.take_complete().unwrap().len(), 1);
    }
}
