//! Text made part by part. A long output (a redacted transcript, a post
//! protected from Liquid) is handed to a writer piece by piece so that it
//! is never held whole; where a caller does want it whole, [`push_parts`]
//! collects the pieces into a string.

use std::convert::Infallible;

/// What a part-by-part writer hands its parts to, here a string that
/// cannot fail to take them.
pub type PushPart<'a> = dyn FnMut(&str) -> Result<(), Infallible> + 'a;

/// Appends to `out` every part `write` hands over.
pub fn push_parts(
    out: &mut String,
    write: impl FnOnce(&mut PushPart<'_>) -> Result<(), Infallible>,
) {
    let Ok(()) = write(&mut |part: &str| {
        out.push_str(part);
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_are_appended_in_order() {
        let mut out = String::from("a");
        push_parts(&mut out, |put| {
            put("b")?;
            put("")?;
            put("cd")
        });
        assert_eq!(out, "abcd");
    }
}
