//! What a batch job will cost, said before it is submitted: the posts,
//! the tokens (estimated: about four characters a token for the prompts,
//! a typical answer's length for the output) and the price of the same
//! calls made interactively and as a batch, from a price table.
//!
//! The table is `[articleizer.prices]` in the configuration, in US dollars
//! per million tokens; a few current models are built in (list prices of
//! late 2025, which the configuration overrides).

use crate::providers::ProviderKind;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The price of one model, in US dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// Input tokens, interactive.
    pub input: f64,
    /// Output tokens, interactive.
    pub output: f64,
    /// Input tokens in a batch (default: half of `input`).
    pub batch_input: Option<f64>,
    /// Output tokens in a batch (default: half of `output`).
    pub batch_output: Option<f64>,
}

impl Price {
    const fn list(input: f64, output: f64) -> Price {
        Price {
            input,
            output,
            batch_input: None,
            batch_output: None,
        }
    }

    /// Dollars for `input` and `output` tokens, interactive and batch.
    pub fn cost(&self, input: u64, output: u64) -> (f64, f64) {
        let million = 1_000_000.0;
        let (i, o) = (input as f64 / million, output as f64 / million);
        let interactive = i * self.input + o * self.output;
        let batch = i * self.batch_input.unwrap_or(self.input / 2.0)
            + o * self.batch_output.unwrap_or(self.output / 2.0);
        (interactive, batch)
    }
}

/// Built-in prices of the providers' default models and a few others.
const BUILT_IN: [(&str, Price); 7] = [
    ("gemini-flash-latest", Price::list(0.30, 2.50)),
    ("gemini-2.5-flash", Price::list(0.30, 2.50)),
    ("gemini-flash-lite-latest", Price::list(0.10, 0.40)),
    ("gemini-2.5-pro", Price::list(1.25, 10.0)),
    ("gpt-4.1-mini", Price::list(0.40, 1.60)),
    ("gpt-4.1", Price::list(2.0, 8.0)),
    ("claude-sonnet-4-5", Price::list(3.0, 15.0)),
];

/// The price of `model`: the configuration's, else the built-in one.
pub fn price(model: &str, configured: Option<&BTreeMap<String, Price>>) -> Option<Price> {
    configured
        .and_then(|table| table.get(model).copied())
        .or_else(|| {
            BUILT_IN
                .iter()
                .find(|(name, _)| *name == model)
                .map(|(_, price)| *price)
        })
}

/// Thinking tokens a Gemini request is allowed for, estimated: Gemini's
/// thinking models think by default (a dynamic budget), and the thoughts
/// are billed as output tokens (`thoughtsTokenCount`), so an estimate
/// without them is short. Models that do not think (`-lite`, 1.x, 2.0)
/// get none.
pub fn thinking_tokens(provider: ProviderKind, model: &str) -> u64 {
    let thinks = provider == ProviderKind::Gemini
        && !model.contains("lite")
        && !model.contains("gemini-1")
        && !model.contains("gemini-2.0");
    if thinks {
        GEMINI_THINKING_TOKENS
    } else {
        0
    }
}

/// The thinking allowance of [`thinking_tokens`], per request.
pub const GEMINI_THINKING_TOKENS: u64 = 2_000;

/// Tokens in `text`, estimated (about four characters a token in
/// English prose and code).
pub fn tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}

/// What a batch will cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The model.
    pub model: String,
    /// Requests to submit.
    pub posts: usize,
    /// Input tokens, estimated.
    pub input_tokens: u64,
    /// Output tokens, estimated (thinking included).
    pub output_tokens: u64,
    /// Of them, thinking tokens (billed as output).
    pub thinking_tokens: u64,
    /// Dollars interactive and as a batch, when the model has a price.
    pub cost: Option<(f64, f64)>,
}

impl Estimate {
    /// The estimate for `prompts`, each answered in about
    /// `output_per_request` tokens.
    pub fn new<'a>(
        model: &str,
        prompts: impl IntoIterator<Item = &'a str>,
        output_per_request: u64,
        price: Option<Price>,
    ) -> Estimate {
        let (mut posts, mut input_tokens) = (0, 0);
        for prompt in prompts {
            posts += 1;
            input_tokens += tokens(prompt);
        }
        let output_tokens = posts as u64 * output_per_request;
        Estimate {
            model: model.to_string(),
            posts,
            input_tokens,
            output_tokens,
            thinking_tokens: 0,
            cost: price.map(|p| p.cost(input_tokens, output_tokens)),
        }
    }

    /// The estimate with `per_request` thinking tokens a request added to
    /// the output (thinking is billed as output), priced with `price`.
    pub fn with_thinking(mut self, per_request: u64, price: Option<Price>) -> Estimate {
        let thinking = self.posts as u64 * per_request;
        self.output_tokens += thinking;
        self.thinking_tokens += thinking;
        self.cost = price.map(|p| p.cost(self.input_tokens, self.output_tokens));
        self
    }
}

impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} request{} to submit, about {} input and {} output tokens",
            self.posts,
            if self.posts == 1 { "" } else { "s" },
            self.input_tokens,
            self.output_tokens
        )?;
        if self.thinking_tokens > 0 {
            write!(
                f,
                " ({} of them thinking, billed as output)",
                self.thinking_tokens
            )?;
        }
        match self.cost {
            Some((interactive, batch)) => write!(
                f,
                "; about ${interactive:.2} interactive, ${batch:.2} as a batch (${:.2} less)",
                interactive - batch
            ),
            None => write!(
                f,
                "; no price for {} (add it to [articleizer.prices] in the configuration)",
                self.model
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_is_half_unless_configured() {
        let price = Price::list(1.0, 4.0);
        assert_eq!(price.cost(1_000_000, 500_000), (3.0, 1.5));
        let table = BTreeMap::from([(
            "gemini-flash-latest".to_string(),
            Price {
                batch_input: Some(0.1),
                ..Price::list(1.0, 1.0)
            },
        )]);
        let configured = price_of("gemini-flash-latest", Some(&table));
        assert_eq!(configured.cost(1_000_000, 0), (1.0, 0.1));
        assert_eq!(price_of("gemini-flash-latest", None).input, 0.30);
        assert!(super::price("no-such-model", Some(&table)).is_none());
    }

    fn price_of(model: &str, table: Option<&BTreeMap<String, Price>>) -> Price {
        super::price(model, table).expect("priced")
    }

    #[test]
    fn the_estimate_says_posts_tokens_and_saving() {
        let prompts = ["a".repeat(4000), "b".repeat(2000)];
        let estimate = Estimate::new(
            "gpt-4.1-mini",
            prompts.iter().map(String::as_str),
            1000,
            super::price("gpt-4.1-mini", None),
        );
        assert_eq!((estimate.posts, estimate.input_tokens), (2, 1500));
        assert_eq!(estimate.output_tokens, 2000);
        let text = estimate.to_string();
        assert!(
            text.starts_with(
                "2 requests to submit, about 1500 input and 2000 output tokens; about $0.00"
            ),
            "{text}"
        );
        let unpriced = Estimate::new("x", ["abcd"], 10, None).to_string();
        assert!(unpriced.contains("no price for x"), "{unpriced}");
    }
}
