//! A published post's curated front matter: the title, permalink,
//! description and keywords a person chose (or kept) for it. A post made
//! again from its article, or reanalyzed, keeps them unless the writer
//! names fields to replace: an editor's new title is a suggestion, and a
//! new permalink is a new URL for an old post.

use crate::instructions::Instructions;
use crate::post::ParsedPost;
use yaml_rust2::Yaml;

/// The fields kept, as `--replace` names them. In the front matter the
/// built-in template (and the predecessor) writes, the description is
/// `meta_description` (with the author's imprint in `description`) and
/// the keywords are `meta_keywords`.
pub const FIELDS: [&str; 4] = ["title", "permalink", "description", "keywords"];

/// The curated fields of a post (each `None` when the post has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Curated {
    /// The title.
    pub title: Option<String>,
    /// The permalink, as published.
    pub permalink: Option<String>,
    /// The meta description (`meta_description`, else `excerpt`).
    pub description: Option<String>,
    /// The author's imprint (`description`), kept with the description.
    pub imprint: Option<String>,
    /// The keywords (`meta_keywords`, else `keywords`), comma-separated (a
    /// YAML list is joined).
    pub keywords: Option<String>,
}

impl Curated {
    /// The curated fields of `post`; empty values count as none.
    pub fn of(post: &ParsedPost) -> Curated {
        let text = |key: &str| {
            let value = match post.value(key) {
                Some(Yaml::Array(items)) => Some(
                    items
                        .iter()
                        .filter_map(Yaml::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                _ => post.string(key),
            };
            value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Curated {
            title: text("title"),
            permalink: text("permalink"),
            description: text("meta_description").or_else(|| text("excerpt")),
            imprint: text("description"),
            keywords: text("meta_keywords").or_else(|| text("keywords")),
        }
    }

    /// The curated fields of a published post's text; `None` for a text
    /// without front matter, or one that names none of them.
    pub fn of_text(text: &str) -> Option<Curated> {
        let curated = Curated::of(&ParsedPost::parse(text).ok()?);
        (curated != Curated::default()).then_some(curated)
    }

    /// Checks the names given to replace: each one of [`FIELDS`].
    pub fn check_fields(fields: &[String]) -> Result<(), String> {
        match fields.iter().find(|f| !FIELDS.contains(&f.as_str())) {
            Some(field) => Err(format!(
                "--replace {field}: not a curated field; name one of {}",
                FIELDS.join(", ")
            )),
            None => Ok(()),
        }
    }

    /// The permalink kept, unless `replace` names it.
    pub fn kept_permalink(&self, replace: &[String]) -> Option<&str> {
        self.permalink
            .as_deref()
            .filter(|_| !replace.iter().any(|f| f == "permalink"))
    }

    /// Puts the curated fields that `replace` does not name in place of
    /// the editor's, and names the post by its title in the tweet where
    /// the editor's tweet quotes the editor's own title. Returns the fields
    /// kept.
    pub fn keep(&self, instructions: &mut Instructions, replace: &[String]) -> Vec<&'static str> {
        let replaced = |field: &str| replace.iter().any(|f| f == field);
        let yaml = &mut instructions.editing_instructions.yaml_updates;
        let mut kept = Vec::new();
        if let Some(title) = self.title.as_ref().filter(|_| !replaced("title")) {
            let editors = std::mem::replace(&mut yaml.title, title.clone());
            let editors = editors.trim();
            let tweet = &mut instructions.book_analysis_content.promotional_tweet;
            if !editors.is_empty() && editors != title && tweet.contains(editors) {
                *tweet = tweet.replacen(editors, title, 1);
            }
            kept.push("title");
        }
        let pairs = [
            ("permalink", &self.permalink, &mut yaml.permalink),
            ("description", &self.description, &mut yaml.description),
            ("keywords", &self.keywords, &mut yaml.keywords),
        ];
        for (field, value, slot) in pairs {
            if let Some(value) = value.as_ref().filter(|_| !replaced(field)) {
                value.clone_into(slot);
                kept.push(field);
            }
        }
        if let Some(imprint) = self.imprint.as_ref().filter(|_| !replaced("description")) {
            imprint.clone_into(&mut instructions.book_analysis_content.authors_imprint);
            if !kept.contains(&"description") {
                kept.push("description");
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer() -> Instructions {
        let mut instructions = Instructions::default();
        let yaml = &mut instructions.editing_instructions.yaml_updates;
        yaml.title = "Introduction".into();
        yaml.permalink = "/introduction/".into();
        yaml.description = "New words.".into();
        instructions.book_analysis_content.promotional_tweet =
            "Introduction [ARTICLE_URL] #Nix #Flakes".into();
        instructions
    }

    #[test]
    fn a_posts_own_fields_are_kept_unless_replaced() {
        let post = ParsedPost::parse(
            "---\ntitle: \"Nix Flakes, Slowly\"\npermalink: /futureproof/nix-flakes/\nmeta_keywords: [nix, flakes]\n---\nBody\n",
        )
        .expect("parses");
        let curated = Curated::of(&post);
        assert_eq!(curated.keywords.as_deref(), Some("nix, flakes"));
        let mut instructions = answer();
        let kept = curated.keep(&mut instructions, &[]);
        assert_eq!(kept, ["title", "permalink", "keywords"]);
        let yaml = &instructions.editing_instructions.yaml_updates;
        assert_eq!(yaml.title, "Nix Flakes, Slowly");
        assert_eq!(yaml.permalink, "/futureproof/nix-flakes/");
        assert_eq!(yaml.description, "New words.", "the post had none");
        assert_eq!(
            instructions.book_analysis_content.promotional_tweet,
            "Nix Flakes, Slowly [ARTICLE_URL] #Nix #Flakes"
        );
        let mut replaced = answer();
        let kept = curated.keep(&mut replaced, &["title".into(), "permalink".into()]);
        assert_eq!(kept, ["keywords"]);
        assert_eq!(
            replaced.editing_instructions.yaml_updates.title,
            "Introduction"
        );
        assert_eq!(curated.kept_permalink(&["permalink".into()]), None);
        assert!(Curated::check_fields(&["titel".into()]).is_err());
        assert_eq!(Curated::of_text("No front matter\n"), None);
    }
}
