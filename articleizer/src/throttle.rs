//! How many LLM calls may be in flight, and how often one may start
//! (`batch --jobs N --rpm R`). Cache hits pass without waiting: only paid
//! calls are throttled.

use std::time::Duration;
use tokio::sync::{Mutex, Semaphore, SemaphorePermit};
use tokio::time::Instant;

/// A limit on concurrent calls and on calls per minute.
#[derive(Debug)]
pub struct Throttle {
    slots: Semaphore,
    spacing: Option<Duration>,
    next_start: Mutex<Option<Instant>>,
}

impl Throttle {
    /// At most `jobs` calls at once (at least 1) and, with `per_minute`,
    /// starts spaced evenly so no minute holds more than that many.
    pub fn new(jobs: usize, per_minute: Option<u32>) -> Self {
        Throttle {
            slots: Semaphore::new(jobs.max(1)),
            spacing: per_minute
                .filter(|r| *r > 0)
                .map(|r| Duration::from_secs_f64(60.0 / f64::from(r))),
            next_start: Mutex::new(None),
        }
    }

    /// Waits for a slot and for the next start time; the call holds the
    /// returned permit while it runs.
    pub async fn start(&self) -> Option<SemaphorePermit<'_>> {
        // The semaphore is never closed, so `acquire` cannot fail.
        let permit = self.slots.acquire().await.ok();
        if let Some(spacing) = self.spacing {
            let at = {
                let mut next = self.next_start.lock().await;
                let now = Instant::now();
                let at = next.map_or(now, |n| n.max(now));
                *next = Some(at + spacing);
                at
            };
            tokio::time::sleep_until(at).await;
        }
        permit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn calls_are_limited_in_number_and_rate() {
        let throttle = Arc::new(Throttle::new(2, Some(600)));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let (throttle, running, most) = (throttle.clone(), running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = throttle.start().await;
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(250)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                Instant::now()
            }));
        }
        let mut ends = Vec::new();
        for task in tasks {
            ends.push(task.await.expect("task"));
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
        // 600 per minute: starts at least 100 ms apart; two at once, 250 ms
        // each: starts at 0, 100, 250, 350, 500, 600 ms.
        let last = ends.iter().max().expect("ends").duration_since(started);
        assert!(last >= Duration::from_millis(850), "{last:?}");
    }
}
