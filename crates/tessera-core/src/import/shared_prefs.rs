//! Android `SharedPreferences` XML (`<map><string name="…">…</string>…</map>`),
//! the files rooted-phone exports of Authy and Battle.net are. Only `<string>`
//! entries are read, their text decoded from XML entities; nothing else of
//! XML (no DTD, no external entities) is understood, so nothing is fetched
//! or expanded.

use zeroize::Zeroizing;

/// Whether `text` looks like a SharedPreferences file.
pub(crate) fn looks_like(text: &str) -> bool {
    let head = text.trim_start();
    (head.starts_with("<?xml") || head.starts_with("<map")) && head.contains("<map")
}

/// Every `<string>` entry: (name, value), values wiped when dropped.
pub(crate) fn strings(text: &str) -> Vec<(String, Zeroizing<String>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<string") {
        let after = &rest[start + "<string".len()..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let Some(name) = attribute(tag, "name") else {
            rest = &after[tag_end..];
            continue;
        };
        if tag.ends_with('/') {
            out.push((name, Zeroizing::new(String::new())));
            rest = &after[tag_end..];
            continue;
        }
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</string>") else {
            break;
        };
        out.push((name, unescape(&body[..close])));
        rest = &body[close..];
    }
    out
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=");
    let at = tag.find(&key)? + key.len();
    let quote = tag[at..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let value = &tag[at + 1..];
    let end = value.find(quote)?;
    Some(unescape(&value[..end]).to_string())
}

/// Decodes the five XML entities and numeric character references; any other
/// `&` is kept as it is.
pub(crate) fn unescape(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let entity = tail.find(';').filter(|&e| e <= 10).map(|e| &tail[1..e]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (decoded, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &tail[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn reads_strings_only() {
        let xml = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n\
            <int name=\"n\" value=\"1\" />\n<string name=\"a\">x &amp; &quot;y&quot;</string>\n\
            <string name='b' />\n<string>no name</string>\n</map>";
        assert!(looks_like(xml));
        let got = strings(xml);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("a", "x & \"y\""));
        assert_eq!((got[1].0.as_str(), got[1].1.as_str()), ("b", ""));
        assert_eq!(
            unescape("a&amp;b&lt;&#39;&#x41;&bogus;&").as_str(),
            "a&b<'A&bogus;&"
        );
        for cut in 0..xml.len() {
            if xml.is_char_boundary(cut) {
                let _ = strings(&xml[..cut]);
            }
        }
    }
}
