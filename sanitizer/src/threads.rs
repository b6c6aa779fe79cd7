//! Two pieces of work at once, for the passes over long texts that split
//! cleanly (see `secrets::halves` and `Sanitizer::reproduces`).

use std::sync::{Mutex, PoisonError};

/// The texts shorter than this are worked on one thread: starting another
/// costs more than it saves.
pub(crate) const TWO_THREADS_FROM: usize = 1 << 20;

/// Runs `here` on this thread and `there` on another, and returns both
/// results. Without a thread to be had, `there` runs here afterwards; a
/// panic in it is passed on.
pub(crate) fn both<A, B: Send>(
    here: impl FnOnce() -> A,
    there: impl FnOnce() -> B + Send,
) -> (A, B) {
    let task = Mutex::new(Some(there));
    let take = || task.lock().unwrap_or_else(PoisonError::into_inner).take();
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().spawn_scoped(scope, || take().map(|f| f()));
        let a = here();
        let b = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        match b.or_else(|| take().map(|f| f())) {
            Some(b) => (a, b),
            None => unreachable!("the task is taken once, by one of the two threads"),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_order() {
        let text = "left right";
        let (a, b) = super::both(|| &text[..4], || &text[5..]);
        assert_eq!((a, b), ("left", "right"));
    }
}
