//! Reading a file no larger than a limit, without ever reading more than the
//! limit: the size is checked before reading (so a multi-gigabyte file is
//! refused at once), and the read itself stops one byte past the limit (so a
//! file that grows meanwhile, or one whose size the file system does not
//! tell, such as `/dev/zero`, is refused too).

use std::io::Read;
use std::path::Path;

/// Why [`read_limited`] returned no bytes.
#[derive(Debug)]
pub enum LimitedReadError {
    /// Larger than the limit; nothing more than the limit was read.
    TooLarge {
        /// Its size, or the limit plus one when only that much was read.
        bytes: u64,
        /// The limit.
        max: usize,
    },
    /// Opening or reading failed (missing, permissions, …).
    Io(std::io::Error),
}

impl From<std::io::Error> for LimitedReadError {
    fn from(err: std::io::Error) -> Self {
        Self::Io(err)
    }
}

impl std::fmt::Display for LimitedReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLarge { bytes, max } => {
                write!(
                    f,
                    "the file is {bytes} bytes, more than the {max} it may have"
                )
            }
            Self::Io(err) => err.fmt(f),
        }
    }
}

/// The whole file at `path` when it holds at most `max` bytes.
pub fn read_limited(path: &Path, max: usize) -> Result<Vec<u8>, LimitedReadError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let limit = u64::try_from(max).unwrap_or(u64::MAX);
    if size > limit {
        return Err(LimitedReadError::TooLarge { bytes: size, max });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Err(LimitedReadError::TooLarge {
            bytes: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_refuses_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"12345");
        assert!(matches!(
            read_limited(&path, 4),
            Err(LimitedReadError::TooLarge { bytes: 5, max: 4 })
        ));
        assert!(matches!(
            read_limited(&dir.path().join("missing"), 4),
            Err(LimitedReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_endless_file_with_no_size_is_refused() {
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 1024),
            Err(LimitedReadError::TooLarge {
                bytes: 1025,
                max: 1024
            })
        ));
    }
}
