//! `preview --html`: the post as readers will see it, in one
//! self-contained HTML page (no network, no script).
//!
//! The page shows, top to bottom: every warning and each subheading that
//! found no place; a card of the front matter; the post as a search
//! result shows it ([`serp`]) and as an X card with the tweet counted as X
//! counts it ([`tweet`]); and the post rendered ([`markdown`]) with the
//! parts the pipeline generated marked in the margin.
//!
//! Everything from the answer or the article is escaped or goes through
//! the renderer's allowlist, and the page carries a Content Security
//! Policy that allows no script and no load from anywhere, so nothing in
//! it can run or call home even if something slipped through.

pub mod markdown;
mod pieces;
pub mod serp;
pub mod tweet;
pub mod written;

use markdown::escape;

/// What the page is made from.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// The post's file name.
    pub file_name: String,
    /// The title, as the front matter has it.
    pub title: String,
    /// The permalink (`/futureproof/slug/`).
    pub permalink: String,
    /// The full URL, when the site's base URL is known.
    pub url: String,
    /// The meta description (what a search result shows).
    pub description: String,
    /// The keywords.
    pub keywords: String,
    /// The post's date.
    pub date: String,
    /// `published: false` in the front matter.
    pub draft: bool,
    /// The post's Markdown after the front matter.
    pub markdown: String,
    /// Inserted subheadings (as written) with their snippets.
    pub placed: Vec<(String, String)>,
    /// Subheadings that found no place, with their snippets and why.
    pub unmatched: Vec<(String, String, String)>,
    /// Warnings about the instructions.
    pub warnings: Vec<String>,
    /// The tweet, with the post's URL in it.
    pub tweet: Option<String>,
}

const STYLE: &str = "body{font:16px/1.55 Georgia,serif;margin:0;background:#f4f4f2;color:#222}\
main,header,section{max-width:46rem;margin:1.2rem auto;padding:0 5.5rem 0 1rem}\
section.box{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.2rem}\
h1.page{font:600 1.1rem system-ui,sans-serif;color:#555;max-width:46rem;margin:1rem auto;padding:0 1rem}\
.warn{background:#fff4e5;border:1px solid #f0b660;border-radius:8px;padding:.6rem 1.2rem;font-family:system-ui,sans-serif}\
dl.fm{display:grid;grid-template-columns:8rem 1fr;gap:.3rem 1rem;margin:0;font-family:system-ui,sans-serif;font-size:.92rem}\
dl.fm dt{color:#777}dl.fm dd{margin:0;overflow-wrap:anywhere}\
.serp{font-family:Arial,sans-serif}.serp .crumb{font-size:14px;color:#202124}\
.serp .t{font-size:20px;color:#1a0dab;line-height:1.3;margin:.2rem 0}.serp .d{font-size:14px;color:#4d5156;line-height:1.58}\
.meta{font:12px system-ui,sans-serif;color:#888}\
.x{font-family:system-ui,sans-serif}.x .text{white-space:pre-wrap;overflow-wrap:anywhere}\
.x .card{border:1px solid #cfd9de;border-radius:14px;overflow:hidden;margin-top:.6rem}\
.x .img{height:7rem;background:linear-gradient(135deg,#cfd9de,#eef3f4)}.x .cb{padding:.6rem .8rem}\
.x .dom{color:#536471;font-size:.85rem}.x .ct{font-weight:600}.x .cd{color:#536471;font-size:.9rem}\
.over{color:#b00020;font-weight:700}\
article{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.5rem}\
article pre{background:#f6f8fa;padding:.8rem;overflow:auto}article code{font-size:.9em}\
article table{border-collapse:collapse}article td,article th{border:1px solid #ccc;padding:.2rem .5rem}\
.gen{position:relative;border-left:4px solid #7a5cff;padding-left:.8rem;margin-left:-1.2rem;background:#f7f4ff}\
.gen-intro{border-color:#2a9d8f;background:#effaf8}.gen-analysis{border-color:#e76f51;background:#fff5f1}\
.gen-label{position:absolute;right:-6.5rem;top:.2rem;width:5.6rem;font:600 11px system-ui,sans-serif;\
text-transform:uppercase;color:#555;overflow-wrap:anywhere}.gen-label em{text-transform:none;font-weight:400}";

/// The whole page.
pub fn page(preview: &Preview) -> String {
    let mut out = head(preview, "");
    out.push_str(&markdown::html(&preview.markdown, &preview.placed));
    out.push_str(TAIL);
    out
}

/// The whole page, written to `out` as it is made (the rendered post is
/// never held whole: a page can be many times its Markdown), with `meta`
/// (more `<meta>` lines) right after the charset. Buffer `out`.
pub fn write_page(
    out: &mut dyn std::io::Write,
    preview: &Preview,
    meta: &str,
) -> std::io::Result<()> {
    out.write_all(head(preview, meta).as_bytes())?;
    markdown::write_html(&mut *out, &preview.markdown, &preview.placed)?;
    out.write_all(TAIL.as_bytes())
}

/// What follows the rendered post.
const TAIL: &str = "</article></main>\n</body></html>\n";

/// The page up to the rendered post, with `meta` after the charset.
fn head(preview: &Preview, meta: &str) -> String {
    let mut out = String::with_capacity(8192);
    out.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str(meta);
    out.push('\n');
    // No script, no load from anywhere: styles inline, images as data only.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>Preview: {}</title>\n<style>{STYLE}</style>\n</head><body>\n",
        escape(&preview.title)
    ));
    out.push_str(&format!(
        "<h1 class=\"page\">Preview of {}</h1>\n",
        escape(&preview.file_name)
    ));
    problems(&mut out, preview);
    front_matter(&mut out, preview);
    search_result(&mut out, preview);
    x_card(&mut out, preview);
    out.push_str("<main><article>\n");
    out
}

fn problems(out: &mut String, preview: &Preview) {
    if preview.warnings.is_empty() && preview.unmatched.is_empty() {
        return;
    }
    out.push_str("<header class=\"warn\"><strong>Check before publishing</strong><ul>\n");
    for warning in &preview.warnings {
        out.push_str(&format!("<li>{}</li>\n", escape(warning)));
    }
    for (heading, snippet, why) in &preview.unmatched {
        out.push_str(&format!(
            "<li>not placed: <code>{}</code> (its snippet “{}” {})</li>\n",
            escape(heading),
            escape(snippet),
            escape(why)
        ));
    }
    out.push_str("</ul></header>\n");
}

fn front_matter(out: &mut String, preview: &Preview) {
    out.push_str("<section class=\"box\"><dl class=\"fm\">\n");
    let url = if preview.url.is_empty() {
        "(no site URL configured)".to_string()
    } else {
        preview.url.clone()
    };
    let rows = [
        ("title", preview.title.as_str()),
        ("permalink", preview.permalink.as_str()),
        ("URL", url.as_str()),
        ("description", preview.description.as_str()),
        ("keywords", preview.keywords.as_str()),
        ("date", preview.date.as_str()),
        (
            "state",
            if preview.draft {
                "draft (published: false)"
            } else {
                "published"
            },
        ),
        ("file", preview.file_name.as_str()),
    ];
    for (name, value) in rows {
        out.push_str(&format!("<dt>{name}</dt><dd>{}</dd>\n", escape(value)));
    }
    out.push_str("</dl></section>\n");
}

fn search_result(out: &mut String, preview: &Preview) {
    let title = serp::cut(&preview.title, serp::TITLE_PX, serp::TITLE_FONT_PX);
    let description = serp::cut(
        &preview.description,
        serp::DESCRIPTION_PX,
        serp::DESCRIPTION_FONT_PX,
    );
    let place = if preview.url.is_empty() {
        preview.permalink.clone()
    } else {
        preview.url.clone()
    };
    out.push_str("<section class=\"box serp\"><div class=\"meta\">Search result</div>\n");
    out.push_str(&format!(
        "<div class=\"crumb\">{}</div>\n<div class=\"t\">{}</div>\n<div class=\"d\">{}</div>\n",
        escape(&serp::breadcrumb(&place)),
        escape(&title.shown),
        escape(&description.shown)
    ));
    out.push_str(&format!(
        "<div class=\"meta\">title {:.0} of {:.0} px{}; description {:.0} of {:.0} px{}</div></section>\n",
        serp::pixels(&preview.title, serp::TITLE_FONT_PX),
        serp::TITLE_PX,
        if title.cut { ", cut" } else { "" },
        serp::pixels(&preview.description, serp::DESCRIPTION_FONT_PX),
        serp::DESCRIPTION_PX,
        if description.cut { ", cut" } else { "" },
    ));
}

fn x_card(out: &mut String, preview: &Preview) {
    let Some(tweet) = preview.tweet.as_deref().filter(|t| !t.trim().is_empty()) else {
        return;
    };
    let weight = tweet::weighted_length(tweet);
    let count = if weight > tweet::LIMIT {
        format!(
            "<span class=\"over\">{weight} / {}: too long</span>",
            tweet::LIMIT
        )
    } else {
        format!("{weight} / {}", tweet::LIMIT)
    };
    let domain = serp::breadcrumb(&preview.url)
        .split(" › ")
        .next()
        .unwrap_or("")
        .to_string();
    out.push_str("<section class=\"box x\"><div class=\"meta\">On X</div>\n");
    out.push_str(&format!(
        "<div class=\"text\">{}</div>\n<div class=\"meta\">{count} (as X counts: links 23, wide characters 2)</div>\n",
        escape(tweet)
    ));
    out.push_str(&format!(
        "<div class=\"card\"><div class=\"img\"></div><div class=\"cb\"><div class=\"dom\">{}</div><div class=\"ct\">{}</div><div class=\"cd\">{}</div></div></div></section>\n",
        escape(&domain),
        escape(&preview.title),
        escape(&preview.description)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Preview {
        Preview {
            file_name: "2026-01-15-x.md".into(),
            title: "A <b>title</b>".into(),
            permalink: "/futureproof/x/".into(),
            url: "https://example.com/futureproof/x/".into(),
            description: "What \"it\" does.".into(),
            keywords: "a, b".into(),
            date: "2026-01-15".into(),
            draft: true,
            markdown: "Text.\n".into(),
            placed: vec![],
            unmatched: vec![(
                "## Lost".into(),
                "not <here>".into(),
                "is not in the article".into(),
            )],
            warnings: vec!["warning: <i>x</i>".into()],
            tweet: Some("New post https://example.com/futureproof/x/".into()),
        }
    }

    #[test]
    fn every_value_is_escaped() {
        let page = page(&sample());
        assert!(!page.contains("<b>title"), "{page}");
        assert!(!page.contains("<i>x"), "{page}");
        assert!(!page.contains("<here>"), "{page}");
        assert!(page.contains("A &lt;b&gt;title&lt;/b&gt;"));
        assert!(page.contains("default-src 'none'"));
        assert!(!page.contains("<script"));
    }

    #[test]
    fn the_page_has_each_part() {
        let page = page(&sample());
        for part in [
            "Check before publishing",
            "not placed: <code>## Lost</code>",
            "<dt>state</dt><dd>draft (published: false)</dd>",
            "example.com › futureproof › x",
            "On X",
            "32 / 280",
            "<p>Text.</p>",
        ] {
            assert!(page.contains(part), "{part}: {page}");
        }
    }

    #[test]
    fn the_written_page_is_the_page_with_its_meta() {
        let mut written = Vec::new();
        write_page(&mut written, &sample(), "<meta name=\"x\">").expect("written");
        let expected = page(&sample()).replacen(
            "<meta charset=\"utf-8\">",
            "<meta charset=\"utf-8\"><meta name=\"x\">",
            1,
        );
        assert_eq!(String::from_utf8(written).expect("UTF-8"), expected);
    }
}
