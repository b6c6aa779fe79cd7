//! The parts the pipeline writes around an article (front matter, the
//! "Setting the Stage" intro, the "Technical Journal Entry Begins" heading,
//! the "Book Analysis"), and taking them off again: an article that was
//! already published is edited as the writer wrote it, so a second run
//! replaces those parts instead of nesting a second intro and analysis.

use crate::post::ParsedPost;
use crate::render::liquid;

/// The intro's heading, as the built-in post template writes it.
pub const INTRO_HEADING: &str = "## Setting the Stage: Context for the Curious Book Reader";
/// The heading the article itself starts under.
pub const ARTICLE_HEADING: &str = "## Technical Journal Entry Begins";
/// The analysis section's heading.
pub const ANALYSIS_HEADING: &str = "## Book Analysis";

/// `text` without the parts the pipeline generated, or `None` when it has
/// none (a fresh article). Published bodies are read as Liquid shows them
/// (hand-placed and generated raw pairs undone).
pub fn strip(text: &str) -> Option<String> {
    let post = ParsedPost::parse(text).ok();
    let body = match &post {
        Some(post) if post.liquid_enabled() => liquid::unraw(&post.body),
        Some(post) => post.body.clone(),
        None => text.to_string(),
    };
    let lines: Vec<(usize, &str)> = line_starts(&body);
    let heading_at = |heading: &str| {
        lines
            .iter()
            .find(|(_, line)| line.trim_end() == heading)
            .map(|&(at, line)| (at, at + line.len()))
    };
    let mut start = 0;
    if let Some((_, end)) = heading_at(ARTICLE_HEADING) {
        start = end;
    } else if let Some((at, end)) = heading_at(INTRO_HEADING) {
        // An intro without the article's heading: up to its closing rule.
        start = lines
            .iter()
            .find(|&&(line_at, line)| line_at >= end && line.trim_end() == "---")
            .map_or(at, |&(line_at, line)| line_at + line.len());
    }
    let end = analysis_start(&body).unwrap_or(body.len()).max(start);
    if post.is_none() && start == 0 && end == body.len() {
        return None;
    }
    let article = body[start..end].trim();
    let article = article.strip_suffix("---").unwrap_or(article).trim_end();
    Some(format!("{article}\n"))
}

/// Where the analysis heading's line starts in `text` (its last
/// occurrence as a line of its own).
pub(crate) fn analysis_start(text: &str) -> Option<usize> {
    line_starts(text)
        .into_iter()
        .rev()
        .find(|(_, line)| line.trim_end() == ANALYSIS_HEADING)
        .map(|(at, _)| at)
}

/// Each line of `text` (with its line end) and where it starts.
fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut at = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let start = at;
            at += line.len();
            (start, line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_article_is_left_alone() {
        assert_eq!(strip("**Me**: hello\n\nSome text.\n"), None);
    }

    #[test]
    fn a_published_post_gives_back_the_article() {
        let post = format!(
            "---\ntitle: \"A\"\n---\n\n{INTRO_HEADING}\n\nThe intro.\n\n---\n\n{ARTICLE_HEADING}\n\n{{% raw %}}**Me**: see {{{{ x }}}}.\n\n## A heading we inserted\n\nMore.{{% endraw %}}\n\n---\n\n{ANALYSIS_HEADING}\n\n### Ai Editorial Take\n\nOld take.\n"
        );
        assert_eq!(
            strip(&post).as_deref(),
            Some("**Me**: see {{ x }}.\n\n## A heading we inserted\n\nMore.\n")
        );
    }

    #[test]
    fn parts_without_front_matter_are_taken_off_too() {
        let text = format!("{INTRO_HEADING}\n\nIntro.\n\n---\n\nThe article.\n\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n");
        assert_eq!(strip(&text).as_deref(), Some("The article.\n"));
    }
}
