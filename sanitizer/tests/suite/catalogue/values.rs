//! Seeded values for the catalogue: a small generator and the four classes
//! of free value (letters only, mixed, with punctuation, passphrases).

/// A small deterministic generator (an LCG), so every run plants the same
/// values.
pub struct Gen {
    state: u64,
    /// Every pick of 12 or more characters and every free value: what
    /// must not survive.
    pub planted: Vec<String>,
}

pub const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
pub const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const DIGITS: &[u8] = b"0123456789";
pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub const HEX: &[u8] = b"0123456789abcdef";
pub const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
/// Bech32's alphabet, upper case (age keys).
pub const BECH32: &[u8] = b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
/// Punctuation real passwords carry. Left out: quotes, backticks, `|`,
/// `\`, `<>`, spaces, `:` and `/` (the syntax of the forms around them);
/// `,` and `;` (separators of connection strings).
const PUNCT: &[u8] = b"!#$%^&*()_+=@~{}?.-";

/// The classes of a free value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Letters,
    Mixed,
    Punctuated,
    Passphrase,
}

pub const CLASSES: [Class; 4] = [
    Class::Letters,
    Class::Mixed,
    Class::Punctuated,
    Class::Passphrase,
];

impl Gen {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Gen {
            state: seed,
            planted: Vec::new(),
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.state >> 33
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.next() as usize % (high - low + 1)
    }

    /// `len` characters of `alphabet`.
    pub fn pick(&mut self, alphabet: &[u8], len: usize) -> String {
        let picked: String = (0..len)
            .map(|_| alphabet[self.next() as usize % alphabet.len()] as char)
            .collect();
        if len >= 12 {
            self.planted.push(picked.clone());
        }
        picked
    }

    /// A free value of `class`; a passphrase's words are joined by
    /// `joiner` (a space where the slot can hold one, else `-`).
    pub fn value(&mut self, class: Class, joiner: char) -> String {
        let value = self.value_of(class, joiner);
        self.planted.push(value.clone());
        value
    }

    fn value_of(&mut self, class: Class, joiner: char) -> String {
        match class {
            Class::Letters => {
                let len = self.range(14, 22);
                self.pick(LETTERS, len)
            }
            Class::Mixed => {
                let len = self.range(14, 26);
                format!(
                    "{}{}{}",
                    self.pick(LETTERS, 1),
                    self.pick(ALNUM, len),
                    self.pick(DIGITS, 1)
                )
            }
            Class::Punctuated => {
                let mut body = String::new();
                for _ in 0..self.range(10, 16) {
                    let alphabet = if self.next().is_multiple_of(3) {
                        PUNCT
                    } else {
                        ALNUM
                    };
                    body.push_str(&self.pick(alphabet, 1));
                }
                format!(
                    "{}{}{}{}{}",
                    self.pick(LETTERS, 1),
                    self.pick(PUNCT, 1),
                    body,
                    self.pick(DIGITS, 1),
                    self.pick(LETTERS, 1)
                )
            }
            Class::Passphrase => {
                let words: Vec<String> = (0..self.range(4, 6))
                    .map(|_| {
                        let len = self.range(5, 8);
                        self.pick(LOWER, len)
                    })
                    .collect();
                self.planted.extend(words.iter().cloned());
                words.join(&joiner.to_string())
            }
        }
    }
}

/// `value` percent-encoded as a URL's userinfo or query value carries it.
pub fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
