//! The D-Bus signal sources (see the crate docs).

use crate::{LockReason, Watching};
use std::sync::Arc;
use zbus::blocking::{Connection, MessageIterator};
use zbus::message::Type;
use zbus::MatchRule;

type Callback = Arc<dyn Fn(LockReason) + Send + Sync>;

struct Source {
    system_bus: bool,
    interface: &'static str,
    member: &'static str,
    reason: LockReason,
}

const SOURCES: [Source; 3] = [
    Source {
        system_bus: false,
        interface: "org.freedesktop.ScreenSaver",
        member: "ActiveChanged",
        reason: LockReason::ScreenLocked,
    },
    Source {
        system_bus: false,
        interface: "org.gnome.ScreenSaver",
        member: "ActiveChanged",
        reason: LockReason::ScreenLocked,
    },
    Source {
        system_bus: true,
        interface: "org.freedesktop.login1.Manager",
        member: "PrepareForSleep",
        reason: LockReason::Sleeping,
    },
];

fn subscribe(source: &Source) -> zbus::Result<MessageIterator> {
    let conn = if source.system_bus {
        Connection::system()?
    } else {
        Connection::session()?
    };
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface(source.interface)?
        .member(source.member)?
        .build();
    MessageIterator::for_match_rule(rule, &conn, Some(16))
}

pub(crate) fn watch(on_lock: Callback) -> Watching {
    let mut watching = Watching::default();
    for source in &SOURCES {
        // Subscribe here, so the caller knows the match rule is in place
        // when this returns.
        let Ok(messages) = subscribe(source) else {
            continue;
        };
        let callback = Arc::clone(&on_lock);
        let reason = source.reason;
        let spawned = std::thread::Builder::new()
            .name("session-events".into())
            .spawn(move || {
                for message in messages.flatten() {
                    // Each of these signals carries one boolean: true = locking/sleeping.
                    if message.body().deserialize::<bool>().unwrap_or(false) {
                        callback(reason);
                    }
                }
            });
        if spawned.is_ok() {
            watching
                .sources
                .push(format!("{}.{}", source.interface, source.member));
        }
    }
    watching
}
