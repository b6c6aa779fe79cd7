//! Several keys of one provider used in turn (`--keys a,b,c`): when a
//! key's daily quota is exhausted, the run goes on with the next one, as
//! the predecessor's key rotation did, and says at the end which key
//! served how many answers (by name only).

use super::{Answer, Editor, EditorError, Source};
use crate::providers::ProviderError;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// One named key's editor and what it did.
#[derive(Debug)]
struct Turn {
    name: String,
    editor: Editor,
    served: AtomicUsize,
    spent: AtomicBool,
}

/// Editors that differ only by key, used in order.
#[derive(Debug)]
pub struct KeyRing {
    turns: Vec<Turn>,
    current: AtomicUsize,
}

/// What one key did in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUse {
    /// The key's name.
    pub name: String,
    /// Answers it was paid for (cached answers are nobody's).
    pub served: usize,
    /// Whether its daily quota ran out.
    pub spent: bool,
}

impl KeyRing {
    /// The editors, each with its key's name, in the order they are used.
    /// An empty list gives a ring that refuses every call.
    pub fn new(editors: Vec<(String, Editor)>) -> KeyRing {
        KeyRing {
            turns: editors
                .into_iter()
                .map(|(name, editor)| Turn {
                    name,
                    editor,
                    served: AtomicUsize::new(0),
                    spent: AtomicBool::new(false),
                })
                .collect(),
            current: AtomicUsize::new(0),
        }
    }

    /// The editors and their keys' names, in order.
    pub fn into_editors(self) -> Vec<(String, Editor)> {
        self.turns.into_iter().map(|t| (t.name, t.editor)).collect()
    }

    /// A ring of one editor.
    pub fn single(editor: Editor) -> KeyRing {
        KeyRing::new(vec![("default".into(), editor)])
    }

    /// The editor in use now (the last one once all are spent).
    pub fn editor(&self) -> Option<&Editor> {
        let index = self.current.load(Ordering::SeqCst);
        self.turns
            .get(index)
            .or_else(|| self.turns.last())
            .map(|t| &t.editor)
    }

    /// What each key did.
    pub fn uses(&self) -> Vec<KeyUse> {
        self.turns
            .iter()
            .map(|turn| KeyUse {
                name: turn.name.clone(),
                served: turn.served.load(Ordering::SeqCst),
                spent: turn.spent.load(Ordering::SeqCst),
            })
            .collect()
    }

    /// The key to use, or the error when every key is spent.
    fn pick(&self) -> Result<usize, EditorError> {
        let index = self.current.load(Ordering::SeqCst);
        if index < self.turns.len() {
            return Ok(index);
        }
        let provider = self
            .turns
            .first()
            .and_then(|t| t.editor.provider.as_ref())
            .map_or("editor", |p| p.name());
        Err(EditorError::Provider(ProviderError::DailyQuota {
            provider,
            detail: "every key given has exhausted its daily quota".into(),
        }))
    }

    /// After key `index` answered `result`: whether to try again with the
    /// next key (its quota ran out and another key is left).
    fn settle<T>(
        &self,
        index: usize,
        result: &Result<T, EditorError>,
        paid: impl Fn(&T) -> bool,
    ) -> bool {
        let turn = &self.turns[index];
        match result {
            Err(EditorError::Provider(ProviderError::DailyQuota { .. })) => {
                turn.spent.store(true, Ordering::SeqCst);
                // Concurrent calls may see the same key run out: only the
                // first moves the ring on.
                let _ = self.current.compare_exchange(
                    index,
                    index + 1,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                );
                self.current.load(Ordering::SeqCst) < self.turns.len()
            }
            Ok(value) => {
                if paid(value) {
                    turn.served.fetch_add(1, Ordering::SeqCst);
                }
                false
            }
            Err(_) => false,
        }
    }

    /// Instructions for `article` ([`Editor::obtain`]), with the next key
    /// whenever one's quota runs out.
    pub async fn obtain(&self, article: &str) -> Result<Answer, EditorError> {
        loop {
            let index = self.pick()?;
            let result = self.turns[index].editor.obtain(article).await;
            if !self.settle(index, &result, |a: &Answer| is_paid(&a.source)) {
                return result;
            }
        }
    }

    /// [`KeyRing::obtain`] with the prompt made already
    /// ([`Editor::obtain_prompted`]; every editor of a ring has the same
    /// prompt settings).
    pub async fn obtain_prompted(
        &self,
        article: &str,
        prompt: &str,
    ) -> Result<Answer, EditorError> {
        loop {
            let index = self.pick()?;
            let result = self.turns[index]
                .editor
                .obtain_prompted(article, prompt)
                .await;
            if !self.settle(index, &result, |a: &Answer| is_paid(&a.source)) {
                return result;
            }
        }
    }

    /// A JSON answer ([`Editor::obtain_json`]), with the next key whenever
    /// one's quota runs out.
    pub async fn obtain_json<T>(
        &self,
        prompt: &str,
        schema: serde_json::Value,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Result<(T, Source), EditorError> {
        loop {
            let index = self.pick()?;
            let editor = &self.turns[index].editor;
            let Some(provider) = &editor.provider else {
                return Err(EditorError::NotAnswered);
            };
            let result = editor
                .obtain_json(provider, prompt, schema.clone(), &read)
                .await;
            if !self.settle(index, &result, |(_, source)| is_paid(source)) {
                return result;
            }
        }
    }
}

fn is_paid(source: &Source) -> bool {
    matches!(source, Source::Provider { .. })
}
