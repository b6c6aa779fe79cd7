//! Small text helpers of the offline editor's prose.

/// Cuts `text` to at most `max` characters at a word boundary, with "…"
/// (inside its first word only when that word alone is longer: a script
/// written without spaces).
pub(super) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let first = text.split_whitespace().next().unwrap_or("");
    if first.chars().count() + 2 > max {
        return first
            .chars()
            .take(max.saturating_sub(1))
            .collect::<String>()
            + "…";
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches([',', ';', ':', '.', '-']).to_string() + "…"
}

/// `word` with its first letter upper-case.
pub(super) fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// `1 word`, `2 words`.
pub(super) fn count_of(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_cut_ends_at_a_word_boundary_within_its_length(
            words in proptest::collection::vec("[a-zé]{1,12}[,.]?", 1..40),
            max in 5usize..120,
        ) {
            let text = words.join(" ");
            let out = cut(&text, max);
            proptest::prop_assert!(out.chars().count() <= max, "{out:?}");
            let kept = out.strip_suffix('…').unwrap_or(&out);
            let whole: Vec<&str> = text.split_whitespace().collect();
            if out != text && whole[0].chars().count() + 2 > max {
                // A first word longer than the room is cut inside itself.
                proptest::prop_assert!(whole[0].starts_with(kept), "{out:?}");
                return Ok(());
            }
            // Every word kept is a whole word of the text, in order.
            for (i, word) in kept.split_whitespace().enumerate() {
                proptest::prop_assert!(whole[i].starts_with(word.trim_end_matches([',', '.'])));
                proptest::prop_assert_eq!(
                    word.trim_end_matches([',', ';', ':', '.', '-']),
                    whole[i].trim_end_matches([',', ';', ':', '.', '-'])
                );
            }
        }
    }
}
