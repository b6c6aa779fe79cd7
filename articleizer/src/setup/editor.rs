//! The editor the flags and configuration describe: which provider (or the
//! offline editor), with which key, model, cache and retry policy.

use super::Loaded;
use crate::cli::ProviderArgs;
use anyhow::{bail, Result};
use articleizer::cache::Cache;
use articleizer::config::Settings;
use articleizer::editor::{Editor, Source};
use articleizer::keys::{self, ApiKey};
use articleizer::providers::{anthropic, gemini, openai, Provider, RetryPolicy};
use std::time::Duration;

/// The editor the configuration and flags describe.
pub fn editor(args: &ProviderArgs, loaded: &Loaded) -> Result<Editor> {
    let settings = &loaded.settings;
    let provider = provider(args, settings)?;
    let cache = if args.no_cache {
        None
    } else {
        settings.resolved_cache_dir().map(Cache::new)
    };
    let defaults = RetryPolicy::default();
    let prompt = loaded.prompt_settings(args.site_url.clone(), None, &args.hints);
    Ok(Editor {
        provider,
        cache,
        policy: RetryPolicy {
            attempts: settings.attempts.unwrap_or(defaults.attempts),
            timeout: settings
                .timeout_secs
                .map_or(defaults.timeout, Duration::from_secs),
            max_wait: settings
                .max_wait_secs
                .map_or(defaults.max_wait, Duration::from_secs),
            verbose: args.verbose,
            ..defaults
        },
        // The validator's rules are the prompt's.
        rules: prompt.rules.clone(),
        prompt,
        template: loaded.prompt_template(args.prompt_template.as_ref())?,
        fix: !args.no_fix,
        reask_soft: settings.reask_soft.unwrap_or(true),
        verbose: args.verbose,
        throttle: None,
        cache_only: false,
    })
}

/// One editor per key `--keys` names, in order (else the one editor the
/// flags and configuration describe, named `default`): the editors of a
/// [`articleizer::editor::KeyRing`]. Every key must be for one provider.
pub fn editors(args: &ProviderArgs, loaded: &Loaded) -> Result<Vec<(String, Editor)>> {
    let names: Vec<Option<String>> = if args.keys.is_empty() {
        vec![args.key.clone()]
    } else {
        args.keys.iter().cloned().map(Some).collect()
    };
    let mut editors: Vec<(String, Editor)> = Vec::with_capacity(names.len());
    for name in names {
        let mut one = args.clone();
        one.key = name.clone();
        one.keys = Vec::new();
        let editor = editor(&one, loaded)?;
        let this = editor.provider.as_ref().map_or("offline", |p| p.name());
        if let Some((first, earlier)) = editors.first() {
            let theirs = earlier.provider.as_ref().map_or("offline", |p| p.name());
            if theirs != this {
                bail!(
                    "--keys: {first} is a {theirs} key and {} a {this} key; list keys of one provider",
                    name.as_deref().unwrap_or("this")
                );
            }
        }
        editors.push((name.unwrap_or_else(|| "default".into()), editor));
    }
    Ok(editors)
}

/// Says on stderr which editor made the instructions: a run that asks an
/// editor always names it (provider and model), so a fallback is never
/// silent.
pub fn announce(editor: &Editor, source: &Source) {
    let asked = editor.provider.as_ref().map_or_else(
        || "the offline editor (no API key or server configured)".to_string(),
        |p| format!("{} ({})", p.name(), p.model()),
    );
    match source {
        Source::Offline => super::notice(format_args!("editor: {asked}")),
        Source::Cache(path) => super::notice(format_args!(
            "editor: {asked}, answer from the cache ({})",
            path.display()
        )),
        Source::Provider { model } => {
            super::notice(format_args!("editor: {asked}, answered by {model}"))
        }
    }
}

/// The provider's name: `--provider`, else the configuration's, else the
/// first with a key in the environment, else the one a named key implies;
/// `None` for the offline editor.
fn provider_name(args: &ProviderArgs, settings: &Settings) -> Option<String> {
    let chosen = args
        .provider
        .clone()
        .or_else(|| settings.provider.clone())
        .or_else(|| {
            ["gemini", "openai", "anthropic"]
                .into_iter()
                .find(|p| {
                    keys::env_vars(p)
                        .iter()
                        .any(|v| std::env::var(v).is_ok_and(|k| !k.trim().is_empty()))
                })
                .map(str::to_string)
        });
    // A named key says a real editor was asked for: never the offline one
    // by default. A key named like a provider picks it; another name is
    // looked up for Gemini, the predecessor's provider.
    chosen.or_else(|| {
        args.key.as_ref().map(|alias| match alias.as_str() {
            "gemini" | "openai" | "anthropic" => alias.clone(),
            _ => "gemini".to_string(),
        })
    })
}

/// The model to ask an OpenAI-compatible server at `base` that was given
/// none: its only model, else an error naming the ones it has.
fn server_model(base: &str, key: Option<&str>) -> Result<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let server = openai::OpenAi::new(base, "", key);
    let policy = RetryPolicy {
        timeout: Duration::from_secs(10),
        ..RetryPolicy::default()
    };
    let models = runtime.block_on(server.models(&policy))?;
    match models.as_slice() {
        [only] => {
            super::notice(format_args!("model: {only}, the only one {base} offers"));
            Ok(only.clone())
        }
        [] => bail!(
            "{base} lists no models; pass --model NAME (for Ollama: `ollama pull NAME` first)"
        ),
        many => bail!(
            "{base} has several models; pass --model with one of: {}",
            many.join(", ")
        ),
    }
}

/// The configured provider, or `None` for the offline editor.
pub fn provider(args: &ProviderArgs, settings: &Settings) -> Result<Option<Provider>> {
    let files = settings.resolved_keys_files();
    let Some(name) = provider_name(args, settings) else {
        return Ok(None);
    };
    let model = args.model.clone().or_else(|| settings.model.clone());
    let base_url = args.base_url.clone().or_else(|| settings.base_url.clone());
    let mut key = keys::resolve(&name, args.key.as_deref(), &files)?;
    let needs_key = name != "offline" && !(name == "openai" && base_url.is_some());
    if key.is_none() && needs_key {
        if let Some(file) = files.first() {
            key = keys::ask_on_terminal(&name, file)?;
        }
    }
    let missing = |vars: &str| {
        anyhow::anyhow!(
            "no key for {name}: set {vars}, or put one in {} and use --key",
            files
                .first()
                .map_or_else(|| "a keys file".into(), |f| f.display().to_string())
        )
    };
    let key = key.as_ref().map(ApiKey::expose);
    Ok(Some(match name.as_str() {
        "offline" => return Ok(None),
        "gemini" => {
            let key = key.ok_or_else(|| missing("GEMINI_API_KEY or GOOGLE_API_KEY"))?;
            Provider::Gemini(gemini::Gemini::new(
                base_url.as_deref().unwrap_or(gemini::DEFAULT_BASE_URL),
                model.as_deref().unwrap_or(gemini::DEFAULT_MODEL),
                key,
            ))
        }
        "openai" => {
            let base = base_url.as_deref().unwrap_or(openai::DEFAULT_BASE_URL);
            if key.is_none() && base == openai::DEFAULT_BASE_URL {
                return Err(missing(
                    "OPENAI_API_KEY (a local server needs --base-url and no key)",
                ));
            }
            let model = match model {
                Some(model) => model,
                None if base == openai::DEFAULT_BASE_URL => openai::DEFAULT_MODEL.to_string(),
                // Another server (Ollama, llama.cpp...) has models of its
                // own: an OpenAI model name would only be refused there.
                None => server_model(base, key)?,
            };
            let mut client = openai::OpenAi::new(base, &model, key);
            client.json_mode = settings.json_mode;
            Provider::OpenAi(client)
        }
        "anthropic" => {
            let key = key.ok_or_else(|| missing("ANTHROPIC_API_KEY"))?;
            let mut client = anthropic::Anthropic::new(
                base_url.as_deref().unwrap_or(anthropic::DEFAULT_BASE_URL),
                model.as_deref().unwrap_or(anthropic::DEFAULT_MODEL),
                key,
            );
            client.structured_output = settings.structured_output;
            if let Some(max) = settings.max_tokens {
                client.max_tokens = max;
            }
            Provider::Anthropic(client)
        }
        other => bail!("unknown provider {other:?}: use gemini, openai, anthropic or offline"),
    }))
}
