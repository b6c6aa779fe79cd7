//! Which editor answers: the one list of provider names, read from the
//! command line (`--provider`), the configuration (`provider = "..."`)
//! and job records, so no name is compared as a string anywhere else.

use std::fmt;

/// A provider, or the offline editor.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Google Gemini.
    Gemini,
    /// Any OpenAI-compatible Chat Completions server (OpenAI, Ollama,
    /// llama.cpp, DeepSeek...).
    #[value(name = "openai")]
    #[serde(rename = "openai")]
    OpenAi,
    /// Anthropic's Messages API.
    Anthropic,
    /// The built-in editor: no key, no network.
    Offline,
}

impl ProviderKind {
    /// The providers reached over the network, in the order the
    /// environment's keys are looked at when nothing names one.
    pub const REMOTE: [ProviderKind; 3] = [
        ProviderKind::Gemini,
        ProviderKind::OpenAi,
        ProviderKind::Anthropic,
    ];

    /// The name used on the command line, in files and in cache keys.
    pub fn name(self) -> &'static str {
        match self {
            ProviderKind::Gemini => "gemini",
            ProviderKind::OpenAi => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::Offline => "offline",
        }
    }

    /// The kind named `name`, if one is.
    pub fn from_name(name: &str) -> Option<ProviderKind> {
        [ProviderKind::Offline]
            .into_iter()
            .chain(ProviderKind::REMOTE)
            .find(|kind| kind.name() == name)
    }

    /// Environment variables that hold its key, in order.
    pub fn env_vars(self) -> &'static [&'static str] {
        match self {
            ProviderKind::Gemini => &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
            ProviderKind::OpenAi => &["OPENAI_API_KEY"],
            ProviderKind::Anthropic => &["ANTHROPIC_API_KEY"],
            ProviderKind::Offline => &[],
        }
    }

    /// Its own server, the one its key is made for.
    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            ProviderKind::Gemini => Some(super::gemini::DEFAULT_BASE_URL),
            ProviderKind::OpenAi => Some(super::openai::DEFAULT_BASE_URL),
            ProviderKind::Anthropic => Some(super::anthropic::DEFAULT_BASE_URL),
            ProviderKind::Offline => None,
        }
    }

    /// The provider a key's shape says it is for: `AIza…` Gemini,
    /// `sk-ant-…` Anthropic, `sk-…` OpenAI.
    pub fn of_key_shape(key: &str) -> Option<ProviderKind> {
        if key.starts_with("AIza") {
            Some(ProviderKind::Gemini)
        } else if key.starts_with("sk-ant-") {
            Some(ProviderKind::Anthropic)
        } else if key.starts_with("sk-") {
            Some(ProviderKind::OpenAi)
        } else {
            None
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_name_reads_back_the_same_way_everywhere() {
        for kind in ProviderKind::value_variants() {
            assert_eq!(ProviderKind::from_name(kind.name()), Some(*kind));
            assert_eq!(
                kind.to_possible_value().expect("listed").get_name(),
                kind.name()
            );
            let json = serde_json::to_string(kind).expect("serialized");
            assert_eq!(json, format!("\"{}\"", kind.name()));
            let back: ProviderKind = serde_json::from_str(&json).expect("read");
            assert_eq!(back, *kind);
        }
        assert_eq!(ProviderKind::from_name("OpenAI"), None);
    }

    #[test]
    fn key_shapes() {
        assert_eq!(
            ProviderKind::of_key_shape("AIzaXYZ"),
            Some(ProviderKind::Gemini)
        );
        assert_eq!(
            ProviderKind::of_key_shape("sk-ant-x"),
            Some(ProviderKind::Anthropic)
        );
        assert_eq!(
            ProviderKind::of_key_shape("sk-proj-x"),
            Some(ProviderKind::OpenAi)
        );
        assert_eq!(ProviderKind::of_key_shape("hf_x"), None);
    }
}
