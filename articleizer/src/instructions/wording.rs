//! The words of an answer: no avoided word anywhere the editor wrote, no
//! date in a title.

use super::snippets::quoted;
use super::{has_date, Instructions, Problem, Rules};

impl Instructions {
    /// Every field the editor wrote (the snippets are the article's own
    /// words), with its path.
    fn written(&self) -> Vec<(String, &str)> {
        let edit = &self.editing_instructions;
        let yaml = &edit.yaml_updates;
        let book = &self.book_analysis_content;
        let base = "editing_instructions.yaml_updates";
        let mut fields: Vec<(String, &str)> = vec![
            (format!("{base}.title"), &yaml.title),
            (format!("{base}.description"), &yaml.description),
            (format!("{base}.permalink"), &yaml.permalink),
            (format!("{base}.keywords"), &yaml.keywords),
            (
                "editing_instructions.prepend_to_article_body".into(),
                &edit.prepend_to_article_body,
            ),
        ];
        for (i, item) in edit.insert_subheadings.iter().enumerate() {
            fields.push((
                format!("editing_instructions.insert_subheadings[{i}].subheading"),
                &item.subheading,
            ));
        }
        let base = "book_analysis_content";
        fields.push((format!("{base}.authors_imprint"), &book.authors_imprint));
        for (i, option) in book.title_brainstorm.iter().enumerate() {
            let at = format!("{base}.title_brainstorm[{i}]");
            fields.push((format!("{at}.title"), &option.title));
            fields.push((format!("{at}.filename"), &option.filename));
            fields.push((format!("{at}.rationale"), &option.rationale));
        }
        let polish = &book.content_potential_and_polish;
        for (name, items) in [
            ("core_strengths", &polish.core_strengths),
            ("suggestions_for_polish", &polish.suggestions_for_polish),
        ] {
            for (i, item) in items.iter().enumerate() {
                fields.push((
                    format!("{base}.content_potential_and_polish.{name}[{i}]"),
                    item,
                ));
            }
        }
        fields.push((format!("{base}.ai_editorial_take"), &book.ai_editorial_take));
        for (i, item) in book.next_step_prompts.iter().enumerate() {
            fields.push((format!("{base}.next_step_prompts[{i}]"), item));
        }
        fields.push((format!("{base}.promotional_tweet"), &book.promotional_tweet));
        fields
    }

    /// Avoided words anywhere the editor wrote; dates in titles.
    pub(super) fn validate_wording(&self, rules: &Rules, out: &mut Vec<Problem>) {
        for (path, text) in self.written() {
            if let Some(word) = rules.avoided_word_in(text) {
                out.push(Problem::soft(
                    &path,
                    format!("uses {}, a word the house avoids", quoted(word)),
                ));
            }
        }
        let yaml = &self.editing_instructions.yaml_updates;
        let mut dated = vec![(
            "editing_instructions.yaml_updates.title".to_string(),
            &yaml.title,
            "titles",
        )];
        for (i, option) in self
            .book_analysis_content
            .title_brainstorm
            .iter()
            .enumerate()
        {
            let at = format!("book_analysis_content.title_brainstorm[{i}]");
            dated.push((format!("{at}.title"), &option.title, "titles"));
            // The date is the post's: the file name gets it in front.
            dated.push((format!("{at}.filename"), &option.filename, "file names"));
        }
        for (path, text, what) in dated {
            if has_date(text) {
                out.push(Problem::soft(
                    &path,
                    format!("has a date; {what} have none"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::instructions::{Instructions, Rules};
    use serde_json::json;

    fn answer(title: &str, tweet: &str) -> Instructions {
        serde_json::from_value(json!({
            "editing_instructions": { "yaml_updates": { "title": title } },
            "book_analysis_content": { "promotional_tweet": tweet, "title_brainstorm": [{ "title": "Fences in 2025", "filename": "2025-01-31-a-manifesto.md" }] }
        }))
        .expect("instructions")
    }

    fn problems(instructions: &Instructions) -> Vec<String> {
        let mut out = Vec::new();
        instructions.validate_wording(&Rules::default(), &mut out);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn avoided_words_and_dates_are_found_where_the_editor_wrote_them() {
        let found = problems(&answer(
            "A Manifesto on Fences",
            "Read the MANIFESTO: [ARTICLE_URL] #a #b",
        ));
        assert_eq!(
            found,
            [
                "editing_instructions.yaml_updates.title uses \"manifesto\", a word the house avoids",
                "book_analysis_content.title_brainstorm[0].filename uses \"manifesto\", a word the house avoids",
                "book_analysis_content.promotional_tweet uses \"manifesto\", a word the house avoids",
                "book_analysis_content.title_brainstorm[0].title has a date; titles have none",
                "book_analysis_content.title_brainstorm[0].filename has a date; file names have none",
            ]
        );
    }

    #[test]
    fn a_clean_answer_has_no_wording_problem() {
        let mut clean = answer("Fences, Repaired", "Fences repaired: [ARTICLE_URL] #a #b");
        clean.book_analysis_content.title_brainstorm.clear();
        assert!(problems(&clean).is_empty());
    }
}
