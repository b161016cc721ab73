//! A key printed for typing back in: base32 (RFC 4648 §6) in groups of four,
//! four groups a line, each line followed by one check character computed
//! with the Luhn mod N algorithm over the base32 alphabet (N = 32). A check
//! character catches every single wrong character and most swaps of two
//! neighbours, so a misread line is found line by line, not after typing it all.

use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Groups per printed line.
pub const GROUPS_PER_LINE: usize = 4;

/// One printed line: the groups and the line's check character.
#[derive(Clone, PartialEq, Eq, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct KeyLine {
    /// `JBSW Y3DP EHPK 3PXP`
    pub groups: String,
    /// The Luhn mod 32 check character of the line's characters.
    pub check: char,
}

impl std::fmt::Debug for KeyLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyLine(<redacted>)")
    }
}

fn value(c: char) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == c.to_ascii_uppercase())
        .and_then(|p| u32::try_from(p).ok())
}

/// The Luhn mod 32 check character of base32 text (spaces ignored), or
/// `None` when it has a character outside the alphabet.
pub fn check_char(text: &str) -> Option<char> {
    let values: Option<Vec<u32>> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(value)
        .collect();
    let mut factor = 2;
    let mut sum = 0;
    for v in values?.into_iter().rev() {
        let addend = factor * v;
        sum += addend / 32 + addend % 32;
        factor = if factor == 2 { 1 } else { 2 };
    }
    let check = (32 - sum % 32) % 32;
    ALPHABET.get(check as usize).map(|&b| char::from(b))
}

/// Whether a typed line (groups then its check character) is consistent.
pub fn line_is_valid(groups: &str, check: char) -> bool {
    check_char(groups) == Some(check.to_ascii_uppercase())
}

/// The key (base32, no padding) as printed lines.
pub fn key_lines(base32: &str) -> Vec<KeyLine> {
    let symbols: Zeroizing<Vec<char>> = Zeroizing::new(
        base32
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    );
    symbols
        .chunks(4 * GROUPS_PER_LINE)
        .map(|line| {
            let groups = line
                .chunks(4)
                .map(|g| g.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ");
            let check = check_char(&groups).unwrap_or('?');
            KeyLine { groups, check }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_hold_four_groups_of_four() {
        let lines = key_lines("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPAB");
        let text: Vec<&str> = lines.iter().map(|l| l.groups.as_str()).collect();
        assert_eq!(text, ["JBSW Y3DP EHPK 3PXP", "JBSW Y3DP EHPK 3PXP", "AB"]);
        assert!(lines.iter().all(|l| line_is_valid(&l.groups, l.check)));
    }

    #[test]
    fn every_single_wrong_character_is_caught() {
        let line = "JBSW Y3DP EHPK 3PXP";
        let check = check_char(line).unwrap();
        let chars: Vec<char> = line.chars().collect();
        for i in 0..chars.len() {
            if chars[i] == ' ' {
                continue;
            }
            for &a in ALPHABET {
                let a = char::from(a);
                if a == chars[i] {
                    continue;
                }
                let mut typo = chars.clone();
                typo[i] = a;
                let typo: String = typo.into_iter().collect();
                assert!(!line_is_valid(&typo, check), "{typo} passed");
            }
        }
    }

    #[test]
    fn most_neighbour_swaps_are_caught() {
        let line = "ABCDEFGHIJKLMNOP";
        let check = check_char(line).unwrap();
        let chars: Vec<char> = line.chars().collect();
        for i in 0..chars.len() - 1 {
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            let swapped: String = swapped.into_iter().collect();
            assert!(!line_is_valid(&swapped, check), "{swapped} passed");
        }
    }

    #[test]
    fn case_and_spaces_do_not_matter() {
        let check = check_char("JBSWY3DP").unwrap();
        assert!(line_is_valid("jbsw y3dp", check.to_ascii_lowercase()));
        assert_eq!(check_char("JB!W"), None);
    }
}
