//! One post of a batch run that asks an editor: read once (its local
//! operations applied), and its question (the text asked about and the
//! prompt) built once, for the batch engine, the cache and the call alike.

use anyhow::Result;
use articleizer::batch::ReadPost;
use articleizer::context::{self, Source};
use articleizer::editor::Editor;
use articleizer::generated;

/// A post waiting for its answer.
pub struct Pending {
    /// The post as read, with what the local operations changed.
    pub read: ReadPost,
    /// What was done to it so far (`rewrapped`...), for its report line.
    pub notes: Vec<String>,
    /// What the editor is asked about it.
    pub question: Question,
}

/// What the editor is asked about one post.
pub enum Question {
    /// `--reanalyze`: new instructions for the writer's article.
    Reanalyze {
        /// The writer's article ([`generated::article_of`]).
        article: String,
        /// The editing prompt for it.
        prompt: String,
    },
    /// `--contextualize`: a context record.
    Contextualize {
        /// The post's title, date and excerpt.
        source: Source,
        /// The prompt asking for its record.
        prompt: String,
    },
}

impl Question {
    /// The prompt sent (and hashed into the answer's cache key).
    pub fn prompt(&self) -> &str {
        match self {
            Question::Reanalyze { prompt, .. } | Question::Contextualize { prompt, .. } => prompt,
        }
    }

    /// The JSON schema of the answer.
    pub fn schema(&self) -> serde_json::Value {
        match self {
            Question::Reanalyze { .. } => articleizer::instructions::schema(),
            Question::Contextualize { .. } => context::schema(),
        }
    }
}

impl Pending {
    /// `read`'s question for `--reanalyze` (the prompt is `editor`'s; the
    /// offline editor reads no prompt).
    pub fn reanalyze(read: ReadPost, notes: Vec<String>, editor: &Editor) -> Result<Pending> {
        let article = generated::article_of(&read.post);
        let prompt = match editor.provider {
            Some(_) => editor.prompt_for(&article)?,
            None => String::new(),
        };
        Ok(Pending {
            read,
            notes,
            question: Question::Reanalyze { article, prompt },
        })
    }

    /// `read`'s question for `--contextualize`.
    pub fn contextualize(read: ReadPost, notes: Vec<String>) -> Pending {
        let source = Source::of(&read.path, &read.post);
        let prompt = source.prompt();
        Pending {
            read,
            notes,
            question: Question::Contextualize { source, prompt },
        }
    }
}
