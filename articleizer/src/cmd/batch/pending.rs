//! One post of a batch run that asks an editor: read once (its local
//! operations applied), and its question (the text asked about and the
//! prompt) built once, for the batch engine, the cache and the call alike.
//!
//! The question's type says what is asked, so each step that needs one
//! kind of question gets only that kind: nothing is sorted at run time.

use anyhow::Result;
use articleizer::batch::ReadPost;
use articleizer::context::{self, Source};
use articleizer::editor::Editor;
use articleizer::generated;
use articleizer::jobs::store::Kind;

/// A post waiting for the answer to its question `Q`.
pub struct Pending<Q> {
    /// The post as read, with what the local operations changed.
    pub read: ReadPost,
    /// What was done to it so far (`rewrapped`...), for its report line.
    pub notes: Vec<String>,
    /// What the editor is asked about it.
    pub question: Q,
}

/// What a batch run asks an editor about one post.
pub trait Question {
    /// The kind of batch job that asks it.
    const KIND: Kind;

    /// The prompt sent (and hashed into the answer's cache key).
    fn prompt(&self) -> &str;

    /// The JSON schema of the answer.
    fn schema(&self) -> serde_json::Value;
}

/// `--reanalyze`: new instructions for the writer's article.
pub struct Reanalyze {
    /// The writer's article ([`generated::article_of`]).
    pub article: String,
    /// The editing prompt for it.
    pub prompt: String,
}

/// `--contextualize`: a context record.
pub struct Contextualize {
    /// The post's title, date and excerpt.
    pub source: Source,
    /// The prompt asking for its record.
    pub prompt: String,
}

impl Question for Reanalyze {
    const KIND: Kind = Kind::Reanalyze;

    fn prompt(&self) -> &str {
        &self.prompt
    }

    fn schema(&self) -> serde_json::Value {
        articleizer::instructions::schema()
    }
}

impl Question for Contextualize {
    const KIND: Kind = Kind::Contextualize;

    fn prompt(&self) -> &str {
        &self.prompt
    }

    fn schema(&self) -> serde_json::Value {
        context::schema()
    }
}

impl<Q> Pending<Q> {
    /// The post (with its notes) and its question, apart: the questions
    /// go to the calls, the posts wait for their answers.
    pub fn split(self) -> ((ReadPost, Vec<String>), Q) {
        ((self.read, self.notes), self.question)
    }
}

impl Pending<Reanalyze> {
    /// `read`'s question for `--reanalyze` (the prompt is `editor`'s; the
    /// offline editor reads no prompt).
    pub fn reanalyze(read: ReadPost, notes: Vec<String>, editor: &Editor) -> Result<Self> {
        let article = generated::article_of(&read.post);
        let prompt = match editor.provider {
            Some(_) => editor.prompt_for(&article)?,
            None => String::new(),
        };
        Ok(Pending {
            read,
            notes,
            question: Reanalyze { article, prompt },
        })
    }
}

impl Pending<Contextualize> {
    /// `read`'s question for `--contextualize`.
    pub fn contextualize(read: ReadPost, notes: Vec<String>) -> Self {
        let source = Source::of(&read.path, &read.post);
        let prompt = source.prompt();
        Pending {
            read,
            notes,
            question: Contextualize { source, prompt },
        }
    }
}
