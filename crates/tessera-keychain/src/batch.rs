//! Reading all of a profile's items in two D-Bus calls (Secret Service API,
//! <https://specifications.freedesktop.org/secret-service/>): `SearchItems`
//! by service attribute, then `GetSecrets` for every unlocked match.
//! keyring-core reads item by item (a search and a get per item), which is
//! too slow for hundreds of accounts.
//!
//! The session uses the `plain` algorithm: the payloads cross the user's own
//! session bus, which any process of that user can already query for the
//! same secrets; with a PIN set they are sealed anyway.

use std::collections::HashMap;
use tessera_core::vault::StoreError;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};
use zeroize::Zeroizing;

const DEST: &str = "org.freedesktop.secrets";
const PATH: &str = "/org/freedesktop/secrets";
const SERVICE: &str = "org.freedesktop.Secret.Service";

type Secret = (OwnedObjectPath, Vec<u8>, Vec<u8>, String);

fn failed(err: zbus::Error) -> StoreError {
    StoreError::Failed {
        detail: err.to_string(),
    }
}

/// Whether the Secret Service has a default keyring (the `default` alias,
/// gnome-keyring's "login" keyring). `None` when the service cannot be asked.
/// A new user or an auto-login kiosk may have none: writes then fail with a
/// bare "no result", which is not a locked keyring.
pub fn has_default_collection() -> Option<bool> {
    let conn = zbus::blocking::Connection::session().ok()?;
    let service = zbus::blocking::Proxy::new(&conn, DEST, PATH, SERVICE).ok()?;
    let (path,): (OwnedObjectPath,) = service
        .call("ReadAlias", &("default",))
        .ok()
        .map(|p| (p,))?;
    Some(path.as_str() != "/")
}

/// Every item text under `namespace`, or `None` when some are locked (the
/// caller then reads item by item, which can prompt to unlock).
pub fn read_all(namespace: &str) -> Result<Option<Vec<Zeroizing<String>>>, StoreError> {
    let conn = zbus::blocking::Connection::session().map_err(failed)?;
    let service = zbus::blocking::Proxy::new(&conn, DEST, PATH, SERVICE).map_err(failed)?;
    let attributes: HashMap<&str, &str> = HashMap::from([("service", namespace)]);
    let (unlocked, locked): (Vec<OwnedObjectPath>, Vec<OwnedObjectPath>) = service
        .call("SearchItems", &(attributes,))
        .map_err(failed)?;
    if !locked.is_empty() {
        return Ok(None);
    }
    if unlocked.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let (_, session): (OwnedValue, OwnedObjectPath) = service
        .call("OpenSession", &("plain", Value::from("")))
        .map_err(failed)?;
    let result: Result<HashMap<OwnedObjectPath, Secret>, _> =
        service.call("GetSecrets", &(&unlocked, &session));
    let _ = conn.call_method(
        Some(DEST),
        session.as_str(),
        Some("org.freedesktop.Secret.Session"),
        "Close",
        &(),
    );
    let mut texts = Vec::with_capacity(unlocked.len());
    for (_, (_, _, value, _)) in result.map_err(failed)? {
        let value = Zeroizing::new(value);
        match std::str::from_utf8(&value) {
            Ok(text) => texts.push(Zeroizing::new(text.to_owned())),
            Err(_) => return Ok(None),
        }
    }
    Ok(Some(texts))
}
