//! A growable byte buffer for serialising secrets: when it grows, the old
//! allocation is wiped before it is freed, so writing a backup's plaintext
//! (keys in base32, backup codes) leaves no stray copies on the heap.

use std::io;
use zeroize::Zeroizing;

/// Bytes written with [`io::Write`], wiped on drop and on every reallocation.
pub(crate) struct SecretBuf(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for SecretBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretBuf(<{} redacted bytes>)", self.0.len())
    }
}

impl SecretBuf {
    /// An empty buffer with room for `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self(Zeroizing::new(Vec::with_capacity(capacity)))
    }

    /// The bytes written.
    pub(crate) fn into_inner(self) -> Zeroizing<Vec<u8>> {
        self.0
    }

    /// Appends `bytes`, moving to a bigger wiped-on-drop allocation when needed.
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        let needed = self.0.len().saturating_add(bytes.len());
        if needed > self.0.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(
                needed.max(self.0.capacity().saturating_mul(2)),
            ));
            bigger.extend_from_slice(&self.0);
            // The old allocation is wiped (its whole capacity) as it drops here.
            self.0 = bigger;
        }
        self.0.extend_from_slice(bytes);
    }
}

impl io::Write for SecretBuf {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.push(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `value` as JSON in a wiped-on-drop buffer; when `pretty`, indented by 4
/// spaces (as Aegis writes) and ending in a newline.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(
    value: &T,
    pretty: bool,
    capacity: usize,
) -> Zeroizing<Vec<u8>> {
    let mut buf = SecretBuf::with_capacity(capacity);
    // Serialising plain structs of strings and numbers into memory cannot fail.
    let _ = if pretty {
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
        let written = value.serialize(&mut ser);
        buf.push(b"\n");
        written
    } else {
        let mut ser = serde_json::Serializer::new(&mut buf);
        value.serialize(&mut ser)
    };
    buf.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn grows_and_keeps_every_byte() {
        let mut buf = SecretBuf::with_capacity(1);
        for i in 0..1000u32 {
            buf.write_all(&i.to_le_bytes()).unwrap_or_default();
        }
        let bytes = buf.into_inner();
        assert_eq!(bytes.len(), 4000);
        assert_eq!(&bytes[4..8], &1u32.to_le_bytes());
    }

    #[test]
    fn debug_is_redacted() {
        let mut buf = SecretBuf::with_capacity(4);
        buf.push(b"JBSWY3DP");
        assert_eq!(format!("{buf:?}"), "SecretBuf(<8 redacted bytes>)");
    }
}
