//! How a post shows in a search result: its title and description cut
//! where Google cuts them, by pixel width, not by characters.
//!
//! Google's desktop results set the title in Arial at 20 px in a column
//! of about 580 px, and the description in Arial at 14 px over about
//! 920 px (two lines), then end the cut text with an ellipsis at a word
//! boundary. Widths come from Arial's advance widths (metric-compatible
//! with Helvetica, whose published metrics give the table below, in
//! thousandths of an em).

/// The title column, in pixels at 20 px.
pub const TITLE_PX: f64 = 580.0;
/// The description's two lines, in pixels at 14 px.
pub const DESCRIPTION_PX: f64 = 920.0;
/// The title's font size.
pub const TITLE_FONT_PX: f64 = 20.0;
/// The description's font size.
pub const DESCRIPTION_FONT_PX: f64 = 14.0;

/// Arial's advance widths of the printable ASCII characters, from space.
const ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' ' to '/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // digits
    278, 278, 584, 584, 584, 556, 1015, // ':' to '@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // 'A' to 'M'
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // 'N' to 'Z'
    278, 278, 278, 469, 556, 333, // '[' to '`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // 'a' to 'm'
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // 'n' to 'z'
    334, 260, 334, 584, // '{' to '~'
];

/// The advance width of `c` in thousandths of an em.
fn width(c: char) -> u32 {
    match c {
        ' '..='~' => u32::from(ASCII[c as usize - 0x20]),
        '‘' | '’' | '‚' => 222,
        '“' | '”' | '„' | '‹' | '›' => 333,
        '–' => 556,
        '—' | '…' => 1000,
        '·' | '•' => 350,
        // Wide scripts: CJK, kana, hangul, full-width forms, emoji.
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{1F000}'..='\u{1FAFF}' => 1000,
        c if c.is_control() || ('\u{300}'..='\u{36F}').contains(&c) => 0,
        // Latin letters with marks and other scripts: a lower-case letter's width.
        _ => 556,
    }
}

/// The width of `text` in pixels at `font_px`.
pub fn pixels(text: &str, font_px: f64) -> f64 {
    let em: u32 = text.chars().map(width).sum();
    f64::from(em) * font_px / 1000.0
}

/// `text` as a result shows it in `max_px` at `font_px`: whole, or cut at
/// the last word that fits with " ..." after it.
pub fn cut(text: &str, max_px: f64, font_px: f64) -> Cut {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let full = pixels(&text, font_px);
    if full <= max_px {
        return Cut {
            shown: text,
            width_px: full,
            cut: false,
        };
    }
    let ellipsis = pixels(" ...", font_px);
    let mut used = 0.0;
    let mut end = 0;
    let mut last_space = None;
    for (at, c) in text.char_indices() {
        let w = f64::from(width(c)) * font_px / 1000.0;
        if used + w + ellipsis > max_px {
            break;
        }
        used += w;
        end = at + c.len_utf8();
        if c == ' ' {
            last_space = Some(at);
        }
    }
    // At a word boundary when there is one (a single long word is cut
    // where it stops fitting).
    let keep = last_space.filter(|&s| s > 0).unwrap_or(end);
    let shown = format!("{} ...", text[..keep].trim_end());
    Cut {
        width_px: pixels(&shown, font_px),
        shown,
        cut: true,
    }
}

/// A text as a search result shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    /// What is shown, with " ..." where it was cut.
    pub shown: String,
    /// Its width in pixels.
    pub width_px: f64,
    /// Whether the text was longer than the room.
    pub cut: bool,
}

/// The URL as Google's breadcrumb shows it: `example.com › futureproof › slug`.
pub fn breadcrumb(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_arial() {
        // "iiii" is narrow and "WWWW" wide: the same count, four times the room.
        assert!((pixels("iiii", 20.0) - 17.76).abs() < 0.01);
        assert!((pixels("WWWW", 20.0) - 75.52).abs() < 0.01);
    }

    #[test]
    fn a_short_title_is_whole_and_a_long_one_cut_at_a_word() {
        let short = cut("Rust on a Small Machine", TITLE_PX, TITLE_FONT_PX);
        assert!(!short.cut);
        assert_eq!(short.shown, "Rust on a Small Machine");
        let long = "Why the Landlords of the Datacenter Age Will Own the Next Decade of Computing and Everything After It";
        let shown = cut(long, TITLE_PX, TITLE_FONT_PX);
        assert!(shown.cut);
        assert!(shown.shown.ends_with(" ..."));
        assert!(shown.width_px <= TITLE_PX);
        assert!(long.starts_with(shown.shown.trim_end_matches(" ...")));
        // Wide letters are cut sooner than narrow ones of the same count.
        let wide = cut(&"WWWW ".repeat(20), TITLE_PX, TITLE_FONT_PX)
            .shown
            .len();
        let narrow = cut(&"iiii ".repeat(40), TITLE_PX, TITLE_FONT_PX)
            .shown
            .len();
        assert!(wide < narrow);
    }

    #[test]
    fn the_breadcrumb_is_the_path() {
        assert_eq!(
            breadcrumb("https://example.com/futureproof/my-post/"),
            "example.com › futureproof › my-post"
        );
    }
}
