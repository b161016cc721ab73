//! The shells' panic hook. rqrr panics on some real images; the core catches
//! those panics (a pass that panics found nothing), and this hook keeps them
//! out of the terminal. Every other panic is reported as before. Installed
//! once by each program at start — never by a library.

/// Installs the hook (call once, first thing in `main`).
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_decoder = info
            .location()
            .is_some_and(|l| l.file().contains("rqrr-") || l.file().contains("rqrr/"));
        if !in_decoder {
            previous(info);
        }
    }));
}
