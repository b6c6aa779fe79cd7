//! The editors of a batch run that asks: one per named key (`--keys`),
//! else the one the flags and configuration name, sharing one throttle;
//! and the rule that replacing curated content needs an editor asked for.

use crate::cli::BatchArgs;
use crate::setup::{editor::editors, Loaded};
use anyhow::{bail, Result};
use articleizer::editor::KeyRing;
use articleizer::providers::ProviderKind;
use articleizer::throttle::Throttle;
use std::sync::Arc;

/// The run's editors, in the order their keys are used. Says on stderr
/// which editor answers.
pub fn ring(args: &BatchArgs, loaded: &Loaded) -> Result<KeyRing> {
    let throttle = Arc::new(Throttle::new(usize::from(args.jobs), args.rpm));
    let mut editors = editors(&args.provider, loaded)?;
    for (_, editor) in &mut editors {
        editor.verbose = false;
        editor.throttle = Some(throttle.clone());
    }
    let first = &editors[0].1;
    // Reanalysis replaces curated titles, descriptions and analyses, and
    // context files made by a model: the offline editor does it only when
    // asked for by name.
    let offline_asked = args.provider.provider == Some(ProviderKind::Offline)
        || loaded.settings.provider == Some(ProviderKind::Offline);
    let operation = if args.contextualize {
        "--contextualize"
    } else {
        "--reanalyze"
    };
    match &first.provider {
        None if !offline_asked => bail!(
            "batch {operation} needs an editor: set GEMINI_API_KEY (or OPENAI_API_KEY, ANTHROPIC_API_KEY), use --key NAME, or say --provider offline to use offline drafts"
        ),
        None if args.via_batch || args.resume => bail!(
            "--via-batch needs a provider's batch engine (gemini, openai or anthropic); the offline editor answers at once without it"
        ),
        _ if crate::setup::quiet() => {}
        None => eprintln!("articleizer batch: editor: the offline editor (--provider offline)"),
        Some(provider) => eprintln!(
            "articleizer batch: editor: {} ({}){}",
            provider.name(),
            provider.model(),
            if editors.len() > 1 {
                format!(
                    ", keys in turn: {}",
                    editors
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            }
        ),
    }
    Ok(KeyRing::new(editors))
}

/// The same editors, reading answers from the cache only (where batch
/// jobs put them).
pub fn cache_only(ring: KeyRing) -> KeyRing {
    KeyRing::new(
        ring.into_editors()
            .into_iter()
            .map(|(name, mut editor)| {
                editor.cache_only = true;
                (name, editor)
            })
            .collect(),
    )
}

/// Says which key served how many answers, when several were given.
pub fn report_keys(ring: &KeyRing) {
    let uses = ring.uses();
    if uses.len() < 2 || crate::setup::quiet() {
        return;
    }
    let said: Vec<String> = uses
        .iter()
        .map(|u| {
            format!(
                "{} served {}{}",
                u.name,
                u.served,
                if u.spent {
                    " (daily quota exhausted)"
                } else {
                    ""
                }
            )
        })
        .collect();
    eprintln!("articleizer batch: keys: {}", said.join(", "));
}
