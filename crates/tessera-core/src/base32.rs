//! RFC 4648 §6 base32 (alphabet `A–Z2–7`), the encoding of OTP keys.
//!
//! Spec: <https://www.rfc-editor.org/rfc/rfc4648#section-6>. Encoding is
//! unpadded, as otpauth URIs carry it. Decoding here is strict (upper case,
//! no separators); the forgiving front door for typed keys is
//! [`crate::key_entry`].

use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes bytes as unpadded base32. The result is wiped when dropped.
pub fn encode(bytes: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(bytes.len().div_ceil(5) * 8));
    let mut buffer: u16 = 0;
    let mut bits = 0u32;
    for &byte in bytes {
        buffer = (buffer << 8) | u16::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[usize::from((buffer >> bits) & 0x1f)]));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(
            ALPHABET[usize::from((buffer << (5 - bits)) & 0x1f)],
        ));
    }
    out
}

/// The value of one base32 symbol, or `None` for anything outside `A–Z2–7`.
pub fn symbol_value(c: char) -> Option<u8> {
    match c {
        'A'..='Z' => Some(c as u8 - b'A'),
        '2'..='7' => Some(c as u8 - b'2' + 26),
        _ => None,
    }
}

/// Whether `len` unpadded symbols can be a complete base32 encoding.
/// Lengths 1, 3 and 6 (mod 8) leave whole characters that carry no full byte.
pub fn is_valid_length(len: usize) -> bool {
    !matches!(len % 8, 1 | 3 | 6)
}

/// Whether the bits the last symbol carries beyond the last whole byte are
/// zero, as every encoder writes them. A key with one character missing or
/// extra usually fails this. Symbols outside the alphabet count as not zero.
pub fn tail_is_zero(symbols: &str) -> bool {
    let leftover = (symbols.len() * 5) % 8;
    match symbols.chars().last() {
        None => true,
        Some(last) => symbol_value(last).is_some_and(|v| v & ((1u8 << leftover) - 1) == 0),
    }
}

/// Decodes symbols already checked with [`symbol_value`] and [`is_valid_length`].
/// Returns `None` if either check fails.
pub fn decode_symbols(symbols: &str) -> Option<Zeroizing<Vec<u8>>> {
    if !is_valid_length(symbols.len()) {
        return None;
    }
    let mut out = Zeroizing::new(Vec::with_capacity(symbols.len() * 5 / 8));
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for c in symbols.chars() {
        buffer = (buffer << 5) | u32::from(symbol_value(c)?);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors (padding stripped).
    #[test]
    fn rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain.as_bytes()).as_str(), encoded);
            assert_eq!(
                decode_symbols(encoded).unwrap().as_slice(),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn refuses_impossible_lengths_and_symbols() {
        assert!(decode_symbols("M").is_none());
        assert!(decode_symbols("MZX").is_none());
        assert!(decode_symbols("MZXW6Y").is_none());
        assert!(decode_symbols("MZ0W").is_none());
        assert!(decode_symbols("mzxq").is_none());
    }
}
