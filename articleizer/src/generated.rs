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
    match ParsedPost::parse(text) {
        Ok(post) => Some(article_of(&post)),
        Err(_) => {
            let (start, end) = article_range(text);
            (start > 0 || end < text.len()).then(|| trimmed_article(&text[start..end]))
        }
    }
}

/// The writer's article in a published post: its body as Liquid shows it
/// (hand-placed and generated raw pairs undone), without the intro and the
/// analysis the pipeline generated. The one answer to "what did the writer
/// write", for a post made again, a reanalysis and a context file alike.
pub fn article_of(post: &ParsedPost) -> String {
    let body = shown_body(post);
    let (start, end) = article_range(&body);
    trimmed_article(&body[start..end])
}

/// A post's body as Liquid shows it.
pub(crate) fn shown_body(post: &ParsedPost) -> std::borrow::Cow<'_, str> {
    if post.liquid_enabled() {
        std::borrow::Cow::Owned(liquid::unraw(&post.body))
    } else {
        std::borrow::Cow::Borrowed(&post.body)
    }
}

/// Where the article starts (after a generated intro) and ends (before a
/// generated analysis) in a body.
fn article_range(body: &str) -> (usize, usize) {
    let parts = Parts::of(body);
    let start = parts.article_start();
    let end = parts.analysis_after(start).unwrap_or(body.len()).max(start);
    (start, end)
}

/// The article's text: no blank lines around it, no closing rule (the
/// one the pipeline writes before its analysis), one line end.
fn trimmed_article(article: &str) -> String {
    let article = article.trim();
    let article = article.strip_suffix("---").unwrap_or(article).trim_end();
    format!("{article}\n")
}

/// Where the analysis section starts in `text`, found by structure: the
/// first "Book Analysis" heading that stands at the top level (never in
/// code, a quotation or a list), right after a thematic break (as the
/// pipeline writes it), and after the article's own heading when there is
/// one (so an intro cannot hold it). Never the last line that reads so.
pub(crate) fn analysis_start(text: &str) -> Option<usize> {
    let parts = Parts::of(text);
    parts.analysis_after(parts.article_start())
}

/// Where the generated parts are, from one walk over the top-level blocks
/// (kept as they pass: a text of millions of tiny blocks is never held as
/// a list of them).
#[derive(Debug, Default)]
struct Parts {
    /// The end of the first article heading.
    article_heading_end: Option<usize>,
    /// The start of the first intro heading, and the end of the first
    /// rule after it.
    intro: Option<(usize, Option<usize>)>,
    /// The start of each analysis heading that follows a rule.
    analyses: Vec<usize>,
}

impl Parts {
    /// The parts of `text`: its top-level blocks as CommonMark reads them
    /// with tables (as kramdown has them), except that a code fence never
    /// closed is a line of text, as Jekyll's kramdown reads it (CommonMark
    /// would make the rest of the post code). (With tables, a long table is
    /// read a piece at a time; without, it was one paragraph held whole.)
    fn of(text: &str) -> Self {
        use crate::render::block_view::{top_level_blocks, BlockKind};
        let read = unclosed_fences_as_text(text);
        let mut parts = Parts::default();
        let mut after_rule = false;
        let is = |range: &std::ops::Range<usize>, heading: &str| {
            text.get(range.clone()).is_some_and(|t| t.trim() == heading)
        };
        top_level_blocks(
            &read,
            pulldown_cmark::Options::ENABLE_TABLES,
            |range, kind| {
                let rule = kind == BlockKind::Rule;
                if rule {
                    if let Some((_, rule_end @ None)) = &mut parts.intro {
                        *rule_end = Some(range.end);
                    }
                } else {
                    if parts.article_heading_end.is_none() && is(&range, ARTICLE_HEADING) {
                        parts.article_heading_end = Some(range.end);
                    }
                    if parts.intro.is_none() && is(&range, INTRO_HEADING) {
                        parts.intro = Some((range.start, None));
                    }
                    if after_rule && is(&range, ANALYSIS_HEADING) {
                        parts.analyses.push(range.start);
                    }
                }
                after_rule = rule;
            },
        );
        parts
    }

    /// Where the writer's article starts: after the article's heading,
    /// else after the intro's closing rule, else at the start.
    fn article_start(&self) -> usize {
        if let Some(end) = self.article_heading_end {
            return end;
        }
        match self.intro {
            Some((start, rule_end)) => rule_end.unwrap_or(start),
            None => 0,
        }
    }

    /// The first analysis heading after `from` that follows a rule.
    fn analysis_after(&self, from: usize) -> Option<usize> {
        self.analyses.iter().copied().find(|&start| start >= from)
    }
}

/// `text` with the opening line of each code fence that no later line
/// closes written as text (its first fence character an `x`, so every
/// offset stays where it was). A fence is closed when a later line of its
/// character, at least as wide and with nothing after it, exists: the
/// widest such line after each point is known from a walk back over the
/// lines, kept as the few points where it changes (each wider than all
/// after it), then one walk forward decides each opener. Nothing is kept
/// per line: a text of a million fence lines took some fifty bytes each.
/// (Re-reading the rest after each unclosed opener was quadratic and
/// recursed once per opener: a stack overflow on a text of them.)
fn unclosed_fences_as_text(text: &str) -> std::borrow::Cow<'_, str> {
    // Walking back: for each mark, where the widest bare run after a point
    // grows, in the order met (positions falling, widths rising).
    let mut steps: [Vec<(usize, usize)>; 2] = [Vec::new(), Vec::new()];
    // Where the line met next ends (its line break not counted).
    let mut end = text.strip_suffix('\n').unwrap_or(text).len();
    for line in text.rsplit_terminator('\n') {
        let start = end - line.len();
        end = start.saturating_sub(1);
        if let Some(fence) = fence_line(line, start) {
            let slot = usize::from(fence.mark == b'~');
            if fence.bare && steps[slot].last().is_none_or(|&(_, w)| fence.width > w) {
                steps[slot].push((fence.at, fence.width));
            }
        }
    }
    // Walking forward: the widest bare run after `at` is the width of the
    // last step (in the order met) that is still after it.
    let mut out: Option<Vec<u8>> = None;
    let mut open: Option<(u8, usize)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(fence) = fence_line(line, start) else {
            continue;
        };
        let slot = usize::from(fence.mark == b'~');
        while steps[slot].last().is_some_and(|&(p, _)| p <= fence.at) {
            steps[slot].pop();
        }
        if let Some((mark, width)) = open {
            if fence.bare && fence.mark == mark && fence.width >= width {
                open = None;
            }
            continue;
        }
        if !fence.opens {
            continue;
        }
        let widest_after = steps[slot].last().map_or(0, |&(_, w)| w);
        if widest_after < fence.width {
            out.get_or_insert_with(|| text.as_bytes().to_vec())[fence.at] = b'x';
        } else {
            open = Some((fence.mark, fence.width));
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        // Only ASCII fence characters were replaced by an ASCII letter.
        Some(bytes) => {
            std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
        }
    }
}

/// A line of at least three backticks or tildes, indented up to three
/// spaces.
struct FenceLine {
    /// Where its run starts in the text.
    at: usize,
    mark: u8,
    width: usize,
    /// Nothing after the run: it may close a fence.
    bare: bool,
    /// It may open one (a backtick fence's info holds no backtick).
    opens: bool,
}

/// `line` (starting at `start` in the text) as a fence line, if it is one.
fn fence_line(line: &str, start: usize) -> Option<FenceLine> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let mark = rest.as_bytes().first().copied()?;
    if indent > 3 || (mark != b'`' && mark != b'~') {
        return None;
    }
    let width = rest.bytes().take_while(|&b| b == mark).count();
    let after = &rest[width..];
    (width >= 3).then(|| FenceLine {
        at: start + indent,
        mark,
        width,
        bare: after.trim().is_empty(),
        opens: mark == b'~' || !after.contains('`'),
    })
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
    fn the_analysis_is_found_by_structure_not_by_its_last_line() {
        let listing =
            format!("Text.\n\n```markdown\n---\n\n{ANALYSIS_HEADING}\n```\n\nAfter the listing.\n");
        assert_eq!(analysis_start(&listing), None, "a heading in code is code");
        let post = format!("{listing}\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n\n---\n\n{ANALYSIS_HEADING}\n\nQuoted.\n");
        assert_eq!(
            analysis_start(&post),
            Some(listing.len() + "\n---\n\n".len()),
            "the first one after a rule"
        );
        let intro = format!("{INTRO_HEADING}\n\n---\n\n{ANALYSIS_HEADING}\n\n---\n\n{ARTICLE_HEADING}\n\nThe article.\n");
        assert_eq!(analysis_start(&intro), None, "an intro holds no analysis");
        assert_eq!(
            analysis_start(&format!("A.\n\n{ANALYSIS_HEADING}\n\nB.\n")),
            None,
            "no rule before it"
        );
        let unclosed = "Text.\n\n```python\nprint(1)\n\nProse.\n";
        assert_eq!(
            analysis_start(&format!("{unclosed}\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n")),
            Some(unclosed.len() + "\n---\n\n".len()),
            "a fence never closed is text, as kramdown reads it"
        );
    }

    #[test]
    fn many_fences_never_closed_are_read_in_one_pass() {
        // Each opener used to send the rest to be read again, one level of
        // recursion deeper: a stack overflow long before this size.
        let openers = "```python\n".repeat(50_000);
        let text = format!("{openers}\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n");
        assert_eq!(
            analysis_start(&text),
            Some(openers.len() + "\n---\n\n".len())
        );
        // A bare opener that nothing closes is text too, and the widest
        // run after a fence is never the fence itself.
        for unclosed in ["```\n", "~~~~\n", "```\n````\n~~~\n"] {
            let text = format!("{unclosed}\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n");
            assert_eq!(
                analysis_start(&text),
                Some(unclosed.len() + "\n---\n\n".len()),
                "{unclosed:?}"
            );
        }
        // A closed fence still hides what it holds.
        let closed = format!("````\n```python\n\n---\n\n{ANALYSIS_HEADING}\n````\n");
        assert_eq!(analysis_start(&closed), None);
    }

    /// The one-pass search of unclosed fences before it kept nothing per
    /// line: the oracle for the one that keeps nothing.
    fn reference(text: &str) -> std::borrow::Cow<'_, str> {
        struct Fence {
            at: usize,
            mark: u8,
            width: usize,
            /// Nothing after the run: it may close a fence.
            bare: bool,
            /// It may open one (a backtick fence's info holds no backtick).
            opens: bool,
        }
        let mut fences = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent..];
            let mark = rest.as_bytes().first().copied().unwrap_or(0);
            if indent <= 3 && (mark == b'`' || mark == b'~') {
                let width = rest.bytes().take_while(|&b| b == mark).count();
                let after = &rest[width..];
                if width >= 3 {
                    fences.push(Fence {
                        at: at + indent,
                        mark,
                        width,
                        bare: after.trim().is_empty(),
                        opens: mark == b'~' || !after.contains('`'),
                    });
                }
            }
            at += line.len();
        }
        // The widest bare run of each mark after each fence line.
        let mut widest_after = vec![[0usize; 2]; fences.len()];
        let mut widest = [0usize; 2];
        for (n, fence) in fences.iter().enumerate().rev() {
            widest_after[n] = widest;
            if fence.bare {
                let slot = usize::from(fence.mark == b'~');
                widest[slot] = widest[slot].max(fence.width);
            }
        }
        let mut unclosed = Vec::new();
        let mut n = 0;
        while n < fences.len() {
            let fence = &fences[n];
            if !fence.opens {
                n += 1;
                continue;
            }
            let slot = usize::from(fence.mark == b'~');
            if widest_after[n][slot] < fence.width {
                unclosed.push(fence.at);
                n += 1;
                continue;
            }
            // Closed: by the first bare line of its mark wide enough.
            n = (n + 1..fences.len())
                .find(|&m| {
                    fences[m].bare && fences[m].mark == fence.mark && fences[m].width >= fence.width
                })
                .map_or(fences.len(), |m| m + 1);
        }
        if unclosed.is_empty() {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut bytes = text.as_bytes().to_vec();
        for at in unclosed {
            bytes[at] = b'x';
        }
        // Only ASCII fence characters were replaced by an ASCII letter.
        std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
    }

    proptest::proptest! {
        #[test]
        fn unclosed_fences_as_the_list_of_them_found_them(lines in proptest::collection::vec(0..12usize, 0..30)) {
            const LINES: [&str; 12] = ["", "text", "```", "````", "```py", "``` a`b", "~~~", "~~~~", "~~~ x", "   ```", "    ```", "```\r"];
            let text: String = lines.iter().map(|&n| format!("{}\n", LINES[n])).collect();
            proptest::prop_assert_eq!(unclosed_fences_as_text(&text), reference(&text));
        }
    }

    #[test]
    fn parts_without_front_matter_are_taken_off_too() {
        let text = format!("{INTRO_HEADING}\n\nIntro.\n\n---\n\nThe article.\n\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n");
        assert_eq!(strip(&text).as_deref(), Some("The article.\n"));
    }
}
