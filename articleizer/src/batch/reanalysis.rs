//! Reanalysis: new instructions for an old post give it a new "Book
//! Analysis" section and, for the fields asked for, new front matter
//! values, taken from the post the template renders with them (so a
//! field means exactly what it means in a new post).

use super::edit_shown_body;
use crate::instructions::Instructions;
use crate::post::{file_date, ParsedPost, PostError};
use crate::render::slug::slug;
use crate::render::{self, liquid, Target, TemplateError};

use crate::generated::analysis_start;
pub use crate::generated::ANALYSIS_HEADING;

/// Front matter fields that are published URLs: changed only when allowed.
pub const URL_FIELDS: [&str; 2] = ["permalink", "canonical_url"];

/// How a reanalysis is applied.
#[derive(Debug, Clone)]
pub struct Reanalysis {
    /// Front matter fields to replace (empty: the analysis only).
    pub fields: Vec<String>,
    /// The permalink (and with it the file name) may change.
    pub allow_permalink_change: bool,
    /// The site the posts belong to (permalink style, live tags, layout).
    pub target: Target,
    /// The post template whose front matter gives the new values.
    pub template: String,
}

/// Why a reanalysis cannot be applied to a post.
#[derive(Debug, thiserror::Error)]
pub enum ReanalysisError {
    /// The post template does not render.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The template renders no such field.
    #[error("the post template renders no front matter field {0:?}")]
    FieldNotRendered(String),
    /// The front matter cannot be changed.
    #[error(transparent)]
    Post(#[from] PostError),
    /// The new section would change the writer's article (its text as
    /// Liquid shows it): nothing is written.
    #[error("the new analysis would change how the article itself reads (a code fence, HTML block or raw tag of the article left open would take it in); the post is left as it is: `batch --repair-fences --write` first")]
    ArticleChanged,
}

impl Reanalysis {
    /// Checks the field list: URL fields need `allow_permalink_change`.
    pub fn check_fields(fields: &[String], allow_permalink_change: bool) -> Result<(), String> {
        match fields.iter().find(|f| URL_FIELDS.contains(&f.as_str())) {
            Some(field) if !allow_permalink_change => Err(format!(
                "--frontmatter {field}: permalinks are published URLs; add --allow-permalink-change to change them (the file is renamed too)"
            )),
            _ => Ok(()),
        }
    }
}

/// What the body shows before its analysis section (the intro included):
/// what a reanalysis must leave byte for byte as it was. (The editor is
/// asked about [`crate::generated::article_of`], the writer's part.)
fn shown_before_analysis(post: &ParsedPost) -> String {
    let shown = crate::generated::shown_body(post);
    let text = match analysis_start(&shown) {
        Some(start) => &shown[..start],
        None => &shown,
    };
    let text = text.trim_end();
    let text = text.strip_suffix("---").unwrap_or(text).trim_end();
    format!("{}\n", text.trim_start_matches('\n'))
}

/// The body with `section` (heading and text) in place of its analysis
/// section, or appended after a rule when it has none.
fn with_section(body: &str, section: &str) -> String {
    match analysis_start(body) {
        Some(start) => format!("{}{section}", &body[..start]),
        // A body that ends with a rule already gets no second one.
        None if body.trim_end().ends_with("\n---") => format!("{}\n\n{section}", body.trim_end()),
        None => format!("{}\n\n---\n\n{section}", body.trim_end()),
    }
}

/// Applies new instructions to `post` (file `file_name`): the analysis
/// section, then the fields. Returns the new file name when the permalink
/// changed (only with `allow_permalink_change`).
pub fn apply(
    post: &mut ParsedPost,
    file_name: &str,
    instructions: &Instructions,
    how: &Reanalysis,
) -> Result<Option<String>, ReanalysisError> {
    // The post's curated fields stay unless asked for: the tweet names the
    // post by its own title, not the editor's.
    let mut kept = instructions.clone();
    crate::curated::Curated::of(post).keep(&mut kept, &how.fields);
    let instructions = &kept;
    // The tweet links to the post as published.
    let url = post.string("canonical_url").unwrap_or_else(|| {
        post.string("permalink")
            .map_or_else(String::new, |permalink| {
                format!("{}{permalink}", how.target.base_url.trim_end_matches('/'))
            })
    });
    let section = format!(
        "{ANALYSIS_HEADING}\n\n{}\n",
        render::analysis::markdown(&instructions.book_analysis_content, &url).trim_end()
    );
    let live = &how.target.live_tags;
    let before = shown_before_analysis(post);
    let old_body = post.body.clone();
    if !post.liquid_enabled() {
        post.body = with_section(&post.body, &section);
    } else if super::wholly_wrapped(&post.body, live) {
        edit_shown_body(post, live, |shown| with_section(shown, &section));
    } else {
        let start = analysis_start(&post.body).unwrap_or(post.body.len());
        if liquid::ends_inside_raw(&post.body[..start]) {
            // The old section sits inside a hand-placed raw block: the body
            // is rewrapped as a whole so that the pairs stay balanced.
            let shown = liquid::unraw(&post.body);
            post.body = liquid::rewrap(&with_section(&shown, &section), live);
        } else {
            let protected = if section.contains("{{") || section.contains("{%") {
                liquid::protect_except(&section, &[])
            } else {
                section
            };
            post.body = with_section(&post.body, &protected);
        }
    }
    // The writer's article is theirs: byte for byte what it was, or the
    // post is not touched.
    if shown_before_analysis(post) != before {
        post.body = old_body;
        return Err(ReanalysisError::ArticleChanged);
    }
    if how.fields.is_empty() {
        return Ok(None);
    }
    let date = file_date(file_name).unwrap_or_else(|| chrono::Local::now().date_naive());
    let sort_order = post
        .string("sort_order")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let rendered = render::render(
        crate::generated::article_of(post),
        instructions,
        &how.target,
        &how.template,
        render::Slot::new(instructions, date, sort_order),
    )?;
    // The fields are the rendered front matter's: the body is neither
    // protected from Liquid nor parsed to get at them.
    let fresh = ParsedPost::parse(&format!("---\n{}---\n", rendered.front_matter))?;
    let old_permalink = post.string("permalink");
    for field in &how.fields {
        let entry = fresh
            .entry_text(field)
            .ok_or_else(|| ReanalysisError::FieldNotRendered(field.clone()))?;
        post.set_entry(field, entry)?;
    }
    let new_permalink = post.string("permalink");
    if !how.allow_permalink_change || new_permalink == old_permalink {
        return Ok(None);
    }
    let segment = new_permalink
        .as_deref()
        .unwrap_or("")
        .trim_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    let slug = slug(&segment);
    Ok((!slug.is_empty()).then(|| format!("{}-{slug}.md", date.format("%Y-%m-%d"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(text: &str) -> ParsedPost {
        ParsedPost::parse(text).expect("parses")
    }

    #[test]
    fn the_article_leaves_out_the_analysis() {
        let p = post("---\ntitle: a\n---\n{% raw %}\nBody {{ x }}\n\n---\n\n## Book Analysis\n\nOld.\n{% endraw %}\n");
        assert_eq!(shown_before_analysis(&p), "Body {{ x }}\n");
        assert_eq!(crate::generated::article_of(&p), "Body {{ x }}\n");
    }

    #[test]
    fn the_editor_is_asked_about_the_writers_part_and_the_intro_is_kept() {
        use crate::generated::{ARTICLE_HEADING, INTRO_HEADING};
        let p = post(&format!(
            "---\ntitle: a\n---\n{INTRO_HEADING}\n\nAn old intro.\n\n---\n\n{ARTICLE_HEADING}\n\nThe writer's words.\n\n---\n\n## Book Analysis\n\nOld.\n"
        ));
        assert_eq!(
            crate::generated::article_of(&p),
            "The writer's words.\n",
            "the same answer as generated::strip"
        );
        assert_eq!(
            crate::generated::strip(&p.emit()).as_deref(),
            Some("The writer's words.\n")
        );
        let kept = shown_before_analysis(&p);
        assert!(kept.contains("An old intro."), "{kept}");
        assert!(kept.ends_with("The writer's words.\n"), "{kept}");
    }

    #[test]
    fn the_section_is_replaced_or_appended() {
        assert_eq!(
            with_section(
                "a\n\n---\n\n## Book Analysis\n\nold\n",
                "## Book Analysis\n\nnew\n"
            ),
            "a\n\n---\n\n## Book Analysis\n\nnew\n"
        );
        assert_eq!(
            with_section("a\n\n", "## Book Analysis\n\nnew\n"),
            "a\n\n---\n\n## Book Analysis\n\nnew\n"
        );
    }

    #[test]
    fn url_fields_need_permission() {
        assert!(Reanalysis::check_fields(&["title".into()], false).is_ok());
        assert!(Reanalysis::check_fields(&["permalink".into()], false).is_err());
        assert!(Reanalysis::check_fields(&["permalink".into()], true).is_ok());
    }
}
