//! The editor the flags and configuration describe: which provider (or the
//! offline editor), with which key, model, cache and retry policy.

use super::Loaded;
use crate::cli::ProviderArgs;
use anyhow::{bail, Result};
use articleizer::cache::Cache;
use articleizer::config::Settings;
use articleizer::editor::{Editor, Source};
use articleizer::keys::{self, ApiKey};
use articleizer::providers::{anthropic, gemini, openai, Provider, ProviderKind, RetryPolicy};
use std::time::Duration;

/// The editor the configuration and flags describe.
pub fn editor(args: &ProviderArgs, loaded: &Loaded) -> Result<Editor> {
    let settings = &loaded.settings;
    let provider = provider(args, loaded)?;
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
        let kind_of = |editor: &Editor| {
            editor
                .provider
                .as_ref()
                .map_or(ProviderKind::Offline, Provider::kind)
        };
        let this = kind_of(&editor);
        if let Some((first, earlier)) = editors.first() {
            let theirs = kind_of(earlier);
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

/// The provider's name: the one a named key is for (`--key`, by its name
/// or its shape; a `--provider` saying otherwise is an error), else
/// `--provider`, else the configuration's, else the first with a key in
/// the environment; `None` for the offline editor.
fn provider_name(args: &ProviderArgs, settings: &Settings) -> Result<Option<ProviderKind>> {
    if let Some(alias) = &args.key {
        let files = settings.resolved_keys_files();
        let owner = keys::alias_provider(alias, &files)?;
        return match (args.provider, owner) {
            (Some(flag), Some(owner)) if flag != owner => bail!(
                "--key {alias} is a key for {owner} and --provider says {flag}: a key goes only to its own provider; drop --provider or pick a key for {flag}"
            ),
            (_, Some(owner)) => Ok(Some(owner)),
            (Some(flag), None) => Ok(Some(flag)),
            (None, None) => match settings.provider {
                Some(provider) => Ok(Some(provider)),
                None => bail!(
                    "cannot tell which provider the key {alias} is for (neither its name nor its shape says): pass --provider"
                ),
            },
        };
    }
    Ok(args.provider.or(settings.provider).or_else(|| {
        ProviderKind::REMOTE.into_iter().find(|p| {
            p.env_vars()
                .iter()
                .any(|v| std::env::var(v).is_ok_and(|k| !k.trim().is_empty()))
        })
    }))
}

/// The host (and port, when not the scheme's) of `base`, as said on stderr.
fn host_of(base: &str) -> String {
    reqwest::Url::parse(base)
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_string();
            Some(match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        // Not a URL: shown as text, never as terminal controls.
        .unwrap_or_else(|| base.escape_debug().to_string())
}

/// Whether `base` names this machine (a local server such as Ollama).
fn is_loopback(base: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(base) else {
        return false;
    };
    let host = url.host_str().unwrap_or("");
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The base URL to use and whether a key may go there: `--base-url`, the
/// environment's or the user's configuration are the user's word; a
/// project configuration's is refused (with a key, or off this machine)
/// until the user trusts the file.
fn base_url(
    args: &ProviderArgs,
    loaded: &Loaded,
    name: ProviderKind,
    has_key: bool,
) -> Result<Option<String>> {
    if let Some(flag) = &args.base_url {
        return Ok(Some(flag.clone()));
    }
    let Some(configured) = loaded.settings.base_url.clone() else {
        return Ok(None);
    };
    // The offline editor sends nothing anywhere.
    let Some(own) = name.default_base_url() else {
        return Ok(None);
    };
    let untrusted = loaded.origin == (super::Origin::Project { trusted: false });
    if !untrusted || configured.trim_end_matches('/') == own {
        return Ok(Some(configured));
    }
    // A keyless local server (Ollama) receives only the article, on this
    // machine: a project may name one without being trusted.
    if !has_key && is_loopback(&configured) {
        return Ok(Some(configured));
    }
    let file = loaded
        .source
        .as_ref()
        .map_or_else(|| "config.toml".into(), |p| p.display().to_string());
    bail!(
        "{file} is a project's configuration you have not trusted, and it names {} as the {name} server: nothing is sent there (no key, no article). If the file is yours to trust: articleizer config trust {file}",
        host_of(&configured)
    )
}

/// The proxy the HTTP client will go through to reach `base` (it reads
/// the usual variables), as said on stderr; `None` when it goes direct.
fn proxy_for(base: &str) -> Option<String> {
    let url = reqwest::Url::parse(base).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let var = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    };
    let exempt = var(&["NO_PROXY", "no_proxy"]).is_some_and(|list| {
        list.split(',').map(str::trim).any(|entry| {
            let entry = entry.trim_start_matches('.').to_ascii_lowercase();
            entry == "*"
                || (!entry.is_empty() && (host == entry || host.ends_with(&format!(".{entry}"))))
        })
    });
    if exempt {
        return None;
    }
    let proxy = match url.scheme() {
        "https" => var(&["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]),
        _ => var(&["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]),
    }?;
    Some(host_of(&proxy))
}

/// Says on stderr, once per run and host, where a key is sent: before
/// the first request that carries it, and through which proxy.
fn announce_key(base_url: &str, label: &str) {
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let through = proxy_for(base_url)
        .map(|proxy| format!(" (through the proxy {proxy})"))
        .unwrap_or_default();
    let line = format!(
        "key: {label} is sent to {} only{through}",
        host_of(base_url)
    );
    let mut said = SAID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !said.contains(&line) {
        super::notice(format_args!("{line}"));
        said.push(line);
    }
}

/// The model to ask an OpenAI-compatible server at `base` that was given
/// none: its only model, else an error naming the ones it has.
fn server_model(base: &str, key: Option<&str>, label: &str) -> Result<String> {
    if key.is_some() {
        // Its model list is asked for with the key: said before.
        announce_key(base, label);
    }
    let runtime = crate::setup::runtime()?;
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
pub fn provider(args: &ProviderArgs, loaded: &Loaded) -> Result<Option<Provider>> {
    let settings = &loaded.settings;
    let files = settings.resolved_keys_files();
    // Nothing named a provider and the environment has no key: a key
    // saved with `articleizer keys set` decides, when it is for one
    // provider only.
    let name = match provider_name(args, settings)? {
        Some(name) => name,
        None => match keys::single_saved_provider(&files)? {
            Some(saved) => {
                super::notice(format_args!(
                    "editor: {saved}, the one provider with a saved key (`articleizer keys list`)"
                ));
                saved
            }
            None => return Ok(None),
        },
    };
    let model = args.model.clone().or_else(|| settings.model.clone());
    let mut key = keys::resolve(name, args.key.as_deref(), &files)?;
    // No key in the environment nor one named after the provider: its one
    // saved key under another name.
    let mut saved_alias = None;
    if key.is_none() && args.key.is_none() {
        if let Some(alias) = keys::saved_alias_for(name, &files)? {
            key = keys::resolve(name, Some(&alias), &files)?;
            saved_alias = Some(alias);
        }
    }
    let configured_base = args.base_url.is_some() || settings.base_url.is_some();
    let needs_key = match name {
        ProviderKind::Offline => false,
        // A local server (Ollama) takes no key.
        ProviderKind::OpenAi => !configured_base,
        ProviderKind::Gemini | ProviderKind::Anthropic => true,
    };
    if key.is_none() && needs_key {
        if let Some(file) = files.first() {
            key = super::key_prompt::ask_on_terminal(name, file)?;
        }
    }
    let base_url = base_url(args, loaded, name, key.is_some())?;
    let label = match args.key.as_ref().or(saved_alias.as_ref()) {
        Some(alias) if alias != name.name() => format!("the {name} key {alias:?}"),
        _ => format!("the {name} key"),
    };
    let missing = |vars: &str| {
        anyhow::anyhow!(
            "no key for {name}: set {vars}, or put one in {} and use --key",
            files
                .first()
                .map_or_else(|| "a keys file".into(), |f| f.display().to_string())
        )
    };
    let has_key = key.is_some();
    let key = key.as_ref().map(ApiKey::expose);
    let provider = match name {
        ProviderKind::Offline => return Ok(None),
        ProviderKind::Gemini => {
            let key = key.ok_or_else(|| missing("GEMINI_API_KEY or GOOGLE_API_KEY"))?;
            Provider::Gemini(gemini::Gemini::new(
                base_url.as_deref().unwrap_or(gemini::DEFAULT_BASE_URL),
                model.as_deref().unwrap_or(gemini::DEFAULT_MODEL),
                key,
            ))
        }
        ProviderKind::OpenAi => {
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
                None => server_model(base, key, &label)?,
            };
            let mut client = openai::OpenAi::new(base, &model, key);
            client.json_mode = settings.json_mode;
            Provider::OpenAi(client)
        }
        ProviderKind::Anthropic => {
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
    };
    if has_key {
        announce_key(provider.base_url(), &label);
    }
    Ok(Some(provider))
}
