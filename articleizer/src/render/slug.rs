//! URL and file name slugs: the words of a title, transliterated to ASCII
//! by the `slug` crate (`Café Ölçü` -> `cafe-olcu`), lower-case, joined by
//! hyphens, and cut at a word boundary.

/// The longest slug, in bytes (all ASCII).
const MAX_LEN: usize = 60;

/// The slug of `text`, at most 60 characters, cut between words. A text
/// with nothing to transliterate (all punctuation, say; emoji have names) gets `untitled-` and a
/// short digest of the text, so two such titles do not share a name; an
/// empty text is `untitled`.
pub fn slug(text: &str) -> String {
    let full = slug::slugify(text);
    let mut out = String::with_capacity(MAX_LEN);
    for word in full.split('-').filter(|w| !w.is_empty()) {
        let room = MAX_LEN - out.len();
        let needed = word.len() + usize::from(!out.is_empty());
        if needed > room {
            if out.is_empty() {
                // One word longer than the cap: cut the word itself.
                out.push_str(&word[..MAX_LEN]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if !out.is_empty() {
        return out;
    }
    let text = text.trim();
    if text.is_empty() {
        "untitled".to_string()
    } else {
        format!("untitled-{}", &crate::cache::digest(&[text])[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn transliterated_lower_case_words() {
        assert_eq!(slug("Showing Liquid in Jekyll"), "showing-liquid-in-jekyll");
        assert_eq!(slug("Café: crème brûlée!"), "cafe-creme-brulee");
        assert_eq!(slug("İstanbul"), "istanbul");
        assert_eq!(slug("ﬁle ＡＢＣ"), "file-abc");
        assert_eq!(slug("  /Futureproof/My_Post/ "), "futureproof-my-post");
    }

    #[test]
    fn cut_at_a_word_boundary() {
        let long = "word ".repeat(30);
        let cut = slug(&long);
        assert!(cut.len() <= 60, "{cut}");
        assert!(cut.ends_with("word") && !cut.ends_with('-'));
        assert_eq!(slug(&"x".repeat(80)).len(), 60);
    }

    #[test]
    fn titles_without_letters_do_not_collide() {
        // Emoji have names to transliterate to.
        assert_eq!(slug("🚀🔥"), "rocket-fire");
        let a = slug("¡¿?!");
        let b = slug("«…»");
        assert!(a.starts_with("untitled-"), "{a}");
        assert!(b.starts_with("untitled-"), "{b}");
        assert_ne!(a, b);
        assert_eq!(slug(" "), "untitled");
    }
}
