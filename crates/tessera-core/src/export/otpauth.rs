//! A plain list of `otpauth://` URIs, one per line (each as
//! [`crate::Account::to_uri`] writes it), which most authenticators and
//! password managers import. Not encrypted; lost: tags, favourites, backup
//! codes.

use super::ExportAccount;
use zeroize::Zeroizing;

/// The accounts' URIs, one per line, each line ending in `\n`.
/// Wiped when dropped.
pub fn otpauth_list(accounts: &[ExportAccount]) -> Zeroizing<String> {
    let uris: Vec<Zeroizing<String>> = accounts.iter().map(|a| a.account.to_uri()).collect();
    let mut out = Zeroizing::new(String::with_capacity(
        uris.iter().map(|u| u.len() + 1).sum(),
    ));
    for uri in &uris {
        out.push_str(uri);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Account;

    #[test]
    fn one_uri_per_line_that_parses_back() {
        let accounts: Vec<ExportAccount> = [
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
            "otpauth://hotp/bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=18446744073709551615&digits=8",
            "otpauth://steam/Steam:carol?secret=JBSWY3DPEHPK3PXP&issuer=Steam",
        ]
        .iter()
        .map(|u| ExportAccount::from(u.parse::<Account>().unwrap_or_else(|e| panic!("{e}"))))
        .collect();
        let list = otpauth_list(&accounts);
        assert!(list.ends_with('\n'));
        let back: Vec<Account> = list
            .lines()
            .map(|l| l.parse().unwrap_or_else(|e| panic!("{l}: {e}")))
            .collect();
        let original: Vec<Account> = accounts.into_iter().map(|a| a.account).collect();
        assert_eq!(back, original);
        assert_eq!(otpauth_list(&[]).as_str(), "");
    }
}
