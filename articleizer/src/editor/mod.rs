//! Getting valid instructions for an article: from the cache, or from the
//! provider (asking once more with the list of problems when the answer
//! does not validate), or from the offline editor.

use crate::cache::{self, Cache, Entry};
use crate::instructions::{parse_response, schema_for, Instructions, Problem, Rules};
use crate::prompt::{self, PromptSettings};
use crate::providers::{Provider, ProviderError, Request, RetryPolicy};
use offline::OfflineOptions;
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

pub mod keyring;
pub mod offline;

pub use keyring::{KeyRing, KeyUse};

/// Where the instructions came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The offline editor.
    Offline,
    /// A cached answer (no request made).
    Cache(PathBuf),
    /// A fresh answer.
    Provider {
        /// The model the API says answered.
        model: String,
    },
}

/// Instructions an editor gave.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The instructions.
    pub instructions: Instructions,
    /// Where they came from.
    pub source: Source,
    /// Their soft problems: the post is made, and each is a warning.
    pub warnings: Vec<Problem>,
}

/// Why an answer was not taken.
#[derive(Debug)]
enum Rejection {
    /// Not JSON (or cut off): the reason.
    Unreadable(String),
    /// JSON, but of the wrong shape or breaking the rules.
    Invalid(Vec<Problem>),
}

/// Why no valid instructions could be had.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    /// The provider failed.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// The answer has no readable JSON; it was saved for inspection.
    #[error("the answer is not readable JSON ({reason}); saved it to {}", saved.display())]
    Unreadable {
        /// Why.
        reason: String,
        /// Where the raw answer is.
        saved: PathBuf,
    },
    /// The answer stayed invalid (after the re-ask, if enabled).
    #[error("the instructions have {} problem{}: {}; the answer is in {}", problems.len(), if problems.len() == 1 { "" } else { "s" }, problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "), saved.display())]
    Invalid {
        /// Every problem.
        problems: Vec<Problem>,
        /// Where the answer is.
        saved: PathBuf,
    },
    /// The prompt template does not render.
    #[error(transparent)]
    Template(#[from] prompt::TemplateError),
    /// A run that only reads answers from the cache (a batch job's) found
    /// none for this article.
    #[error("no answer in the cache yet")]
    NotAnswered,
    /// The cache cannot be written.
    #[error("cannot write the cache in {}: {reason}", dir.display())]
    Cache {
        /// The cache directory.
        dir: PathBuf,
        /// Why.
        reason: String,
    },
}

impl EditorError {
    /// The process exit code: the provider's, 65 for an unusable answer,
    /// 1 for invalid instructions, 2 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            EditorError::Provider(error) => error.exit_code(),
            EditorError::Unreadable { .. } => 65,
            EditorError::Invalid { .. } => 1,
            _ => 2,
        }
    }
}

/// Everything needed to get instructions.
#[derive(Debug, Clone)]
pub struct Editor {
    /// The LLM provider; `None` means the offline editor.
    pub provider: Option<Provider>,
    /// Where answers are cached (`None`: no cache, as with `--no-cache`;
    /// raw answers then go to the system's temp directory).
    pub cache: Option<Cache>,
    /// Retries and timeouts.
    pub policy: RetryPolicy,
    /// Limits the instructions must respect.
    pub rules: Rules,
    /// The prompt's settings.
    pub prompt: PromptSettings,
    /// The prompt template.
    pub template: String,
    /// Ask once more, listing the problems, when an answer cannot be used
    /// (`--no-fix` turns it off).
    pub fix: bool,
    /// With `fix`, also ask once more when the answer has only soft
    /// problems (a count or a length off the rules); the post is published
    /// either way.
    pub reask_soft: bool,
    /// Print each call's log record on stderr.
    pub verbose: bool,
    /// Limits on paid calls shared by concurrent callers (`batch --jobs`,
    /// `--rpm`); `None`: no limit.
    pub throttle: Option<std::sync::Arc<crate::throttle::Throttle>>,
    /// Read answers from the cache only (where a batch job put them):
    /// nothing is asked of the provider, and an answer that cannot be used
    /// is reported (its raw text saved) and dropped from the cache, so the
    /// next batch asks for it again.
    pub cache_only: bool,
}

impl Editor {
    /// Instructions for `article`, where they came from, and the soft
    /// problems they are published with.
    ///
    /// An answer with hard problems (not JSON, the wrong shape) is asked
    /// for once more, listing them; one with soft problems too when
    /// [`Editor::reask_soft`] is set. The better of the two answers is
    /// kept: the second unless it is worse. Without [`Editor::fix`] nothing
    /// is asked twice.
    pub async fn obtain(&self, article: &str) -> Result<Answer, EditorError> {
        let prompt = match self.provider {
            Some(_) => self.prompt_for(article)?,
            None => String::new(),
        };
        self.obtain_prompted(article, &prompt).await
    }

    /// [`Editor::obtain`], with the prompt for `article` made already
    /// ([`Editor::prompt_for`]): a batch builds each post's prompt once,
    /// for its job, its cache key and its call.
    pub async fn obtain_prompted(
        &self,
        article: &str,
        prompt: &str,
    ) -> Result<Answer, EditorError> {
        let Some(provider) = &self.provider else {
            // The offline editor's counts are its own (no subheadings for
            // a short article): the house rules are for models.
            return Ok(Answer {
                instructions: offline::edit(article, &OfflineOptions::default()),
                source: Source::Offline,
                warnings: Vec::new(),
            });
        };
        let (mut text, mut source, mut key) = self
            .ask_instructions(provider, prompt, article, true)
            .await?;
        let mut first = self.read(&text, article);
        if matches!(source, Source::Cache(_)) && first.is_err() && !self.cache_only {
            // A cached answer that cannot be used (an older version kept
            // it, or the rules changed) is not replayed forever: ask anew.
            (text, source, key) = self
                .ask_instructions(provider, prompt, article, false)
                .await?;
            first = self.read(&text, article);
        }
        let settled = self.cache_only
            || match &first {
                Ok((_, warnings)) => warnings.is_empty() || !self.fix || !self.reask_soft,
                Err(_) => !self.fix,
            };
        if settled {
            return match first {
                Ok((instructions, warnings)) => Ok(Answer {
                    instructions,
                    source,
                    warnings,
                }),
                Err(rejection) => Err(self.reject(rejection, &key, &text)?),
            };
        }
        let problems = match &first {
            Ok((_, warnings)) => warnings.clone(),
            Err(Rejection::Invalid(problems)) => problems.clone(),
            Err(Rejection::Unreadable(reason)) => vec![Problem::new("", reason.clone())],
        };
        let listed: Vec<String> = problems.iter().map(|p| format!("- {p}")).collect();
        let again = format!(
            "{prompt}\n\nYour previous answer was:\n\n{text}\n\nIt has these problems:\n{}\n\nAnswer again with the whole corrected JSON object.",
            listed.join("\n")
        );
        let (second_text, second_source, second_key) = self
            .ask_instructions(provider, &again, article, true)
            .await?;
        match (first, self.read(&second_text, article)) {
            // The second answer is worse: publish the first.
            (Ok((instructions, warnings)), Ok((_, fresh))) if fresh.len() > warnings.len() => {
                Ok(Answer {
                    instructions,
                    source,
                    warnings,
                })
            }
            (_, Ok((instructions, warnings))) => Ok(Answer {
                instructions,
                source: second_source,
                warnings,
            }),
            (Ok((instructions, warnings)), Err(_)) => Ok(Answer {
                instructions,
                source,
                warnings,
            }),
            (Err(_), Err(rejection)) => Err(self.reject(rejection, &second_key, &second_text)?),
        }
    }

    /// The editing prompt for `article`.
    pub fn prompt_for(&self, article: &str) -> Result<String, EditorError> {
        Ok(prompt::render(&self.template, article, &self.prompt)?)
    }

    /// The id of the answer to `prompt` from `provider`: its cache key,
    /// also the id a batch job's request carries.
    pub fn answer_id(provider: &Provider, prompt: &str) -> String {
        Cache::key(provider.name(), provider.model(), prompt)
    }

    /// A JSON answer to `prompt` (answers of the shape `schema`), read by
    /// `read`: from the cache, else asked for (unless
    /// [`Editor::cache_only`]). A cached answer `read` refuses is asked for
    /// anew; a fresh one is saved and reported. For answers other than
    /// editing instructions (context files).
    pub async fn obtain_json<T>(
        &self,
        provider: &Provider,
        prompt: &str,
        schema: serde_json::Value,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Result<(T, Source), EditorError> {
        let (mut text, mut source, mut key) = self
            .ask(provider, prompt, schema.clone(), prompt, &[], true)
            .await?;
        let mut answer = read(&text);
        if matches!(source, Source::Cache(_)) && answer.is_err() && !self.cache_only {
            (text, source, key) = self
                .ask(provider, prompt, schema, prompt, &[], false)
                .await?;
            answer = read(&text);
        }
        match answer {
            Ok(value) => Ok((value, source)),
            Err(reason) => Err(self.reject(Rejection::Unreadable(reason), &key, &text)?),
        }
    }

    /// The error for a rejected answer, once its raw text is saved.
    fn reject(
        &self,
        rejection: Rejection,
        key: &str,
        text: &str,
    ) -> Result<EditorError, EditorError> {
        let saved = self.save_raw(key, text)?;
        if self.cache_only {
            // A batch job's answer that cannot be used: with it out of the
            // cache, the next batch asks again instead of replaying it.
            if let Some(cache) = &self.cache {
                cache.remove(key).map_err(|e| EditorError::Cache {
                    dir: cache.dir().to_path_buf(),
                    reason: e.to_string(),
                })?;
            }
        }
        Ok(match rejection {
            Rejection::Unreadable(reason) => EditorError::Unreadable { reason, saved },
            Rejection::Invalid(problems) => EditorError::Invalid { problems, saved },
        })
    }

    /// Parses and validates an answer: the instructions and their soft
    /// problems, or why they cannot be used.
    fn read(&self, text: &str, article: &str) -> Result<(Instructions, Vec<Problem>), Rejection> {
        let value = parse_response(text).map_err(|e| Rejection::Unreadable(e.to_string()))?;
        let instructions = Instructions::from_value(value).map_err(Rejection::Invalid)?;
        let problems = instructions.validate(article, &self.rules);
        if problems.iter().all(Problem::is_soft) {
            Ok((instructions, problems))
        } else {
            Err(Rejection::Invalid(problems))
        }
    }

    /// [`Editor::ask`] for editing instructions: their schema, described
    /// with this editor's rules, and the writer's hints for the log.
    async fn ask_instructions(
        &self,
        provider: &Provider,
        prompt: &str,
        article: &str,
        cached: bool,
    ) -> Result<(String, Source, String), EditorError> {
        let schema = schema_for(&self.rules);
        self.ask(
            provider,
            prompt,
            schema,
            article,
            &self.prompt.hints,
            cached,
        )
        .await
    }

    /// The answer to `prompt`: cached (when `cached` allows), or asked for
    /// (and then cached and logged, with the `hints` the prompt carries).
    async fn ask(
        &self,
        provider: &Provider,
        prompt: &str,
        schema: serde_json::Value,
        article: &str,
        hints: &[String],
        cached: bool,
    ) -> Result<(String, Source, String), EditorError> {
        let key = Self::answer_id(provider, prompt);
        let log = |mut record: serde_json::Value| {
            if !hints.is_empty() {
                record["hints"] = json!(hints);
            }
            self.log(record);
        };
        if let Some(cache) = self.cache.as_ref().filter(|_| cached) {
            if let Some(entry) = cache.get(&key) {
                log(
                    json!({ "time": cache::timestamp(), "provider": provider.name(), "model": provider.model(), "cache_entry": cache.path(&key), "outcome": "cache hit", "article_sha256": cache::digest(&[article]) }),
                );
                return Ok((entry.response, Source::Cache(cache.path(&key)), key));
            }
        }
        if self.cache_only {
            return Err(EditorError::NotAnswered);
        }
        let request = Request {
            prompt: prompt.to_string(),
            schema,
        };
        let _slot = match &self.throttle {
            Some(throttle) => throttle.start().await,
            None => None,
        };
        let started = Instant::now();
        let result = provider.complete(&request, &self.policy).await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let completion = match result {
            Ok(completion) => completion,
            Err(error) => {
                log(
                    json!({ "time": cache::timestamp(), "provider": provider.name(), "model": provider.model(), "latency_ms": latency_ms, "outcome": error.to_string(), "article_sha256": cache::digest(&[article]) }),
                );
                return Err(error.into());
            }
        };
        let mut entry_path = None;
        if let Some(cache) = &self.cache {
            let entry = Entry {
                provider: provider.name().into(),
                model: provider.model().into(),
                answered_by: completion.model.clone(),
                created: cache::now(),
                response: completion.text.clone(),
            };
            entry_path = Some(cache.put(&key, &entry).map_err(|e| EditorError::Cache {
                dir: cache.dir().to_path_buf(),
                reason: e.to_string(),
            })?);
        }
        log(json!({
            "time": cache::timestamp(), "provider": provider.name(), "model": provider.model(), "answered_by": completion.model,
            "attempts": completion.attempts, "latency_ms": latency_ms, "input_tokens": completion.input_tokens,
            "output_tokens": completion.output_tokens, "article_sha256": cache::digest(&[article]), "cache_entry": entry_path, "outcome": "answered",
        }));
        Ok((
            completion.text,
            Source::Provider {
                model: completion.model,
            },
            key,
        ))
    }

    fn save_raw(&self, key: &str, text: &str) -> Result<PathBuf, EditorError> {
        let cache = self
            .cache
            .clone()
            .unwrap_or_else(|| Cache::new(std::env::temp_dir().join("articleizer")));
        cache.save_raw(key, text).map_err(|e| EditorError::Cache {
            dir: cache.dir().to_path_buf(),
            reason: e.to_string(),
        })
    }

    fn log(&self, record: serde_json::Value) {
        if self.verbose {
            log::debug!("{record}");
        }
        if let Some(cache) = &self.cache {
            if let Err(err) = cache.log(&record) {
                log::warn!(
                    "cannot append to the call log in {}: {err}",
                    cache.dir().display()
                );
            }
        }
    }
}
