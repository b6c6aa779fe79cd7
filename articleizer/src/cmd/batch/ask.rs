//! Editor calls for many posts, `--jobs` at a time, each answer handed
//! over as it comes; a refused key or an exhausted quota stops the calls
//! not yet made.

use anyhow::Result;
use articleizer::editor::EditorError;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One call's future.
pub type Call<T> = Pin<Box<dyn Future<Output = Result<T, EditorError>> + Send>>;

/// The exit status of an error that no later call can escape (a refused
/// key, 77; a quota exhausted for the day, 75), which stops the run.
pub fn stops_the_run(error: &EditorError) -> Option<u8> {
    match error {
        EditorError::Provider(error) => Some(error.exit_code()).filter(|c| matches!(c, 75 | 77)),
        _ => None,
    }
}

/// Makes `call(request)` for every request, `jobs` at a time, and gives
/// each result to `done` with the request's index: `None` when the call
/// was not made because an earlier one stopped the run. Returns the
/// stopping error's exit status, if one did.
pub fn ask_each<R, T>(
    requests: Vec<R>,
    jobs: usize,
    call: impl Fn(R) -> Call<T>,
    mut done: impl FnMut(usize, Option<Result<T, EditorError>>),
) -> Result<Option<u8>>
where
    R: Send + 'static,
    T: Send + 'static,
{
    let slots = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
    let stop = Arc::new(AtomicBool::new(false));
    let runtime = crate::setup::runtime()?;
    let mut stopped_by = None;
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for (index, request) in requests.into_iter().enumerate() {
            let future = call(request);
            let (slots, stop) = (slots.clone(), stop.clone());
            tasks.spawn(async move {
                let _slot = slots.acquire_owned().await.ok();
                if stop.load(Ordering::SeqCst) {
                    return (index, None);
                }
                let answer = future.await;
                if answer.as_ref().err().and_then(stops_the_run).is_some() {
                    stop.store(true, Ordering::SeqCst);
                }
                (index, Some(answer))
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let Ok((index, answer)) = joined else {
                continue;
            };
            if let Some(Err(error)) = &answer {
                stopped_by = stopped_by.or(stops_the_run(error));
            }
            done(index, answer);
        }
    });
    Ok(stopped_by)
}
