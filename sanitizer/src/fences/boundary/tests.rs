//! What ends code and what does not, line by line.

use super::prose::without_code_spans;
use super::*;

#[test]
fn prose_headings_and_breaks_end_code() {
    assert_eq!(kind("## Next step"), Some(BoundaryKind::Heading));
    assert_eq!(kind("---"), Some(BoundaryKind::Break));
    assert_eq!(kind("* * *"), None, "only one mark, repeated");
    assert_eq!(
        kind("...which create the table objects directly, so you"),
        Some(BoundaryKind::Prose)
    );
    assert_eq!(
        kind("And then we test it like this, step by step."),
        Some(BoundaryKind::Prose)
    );
    assert_eq!(
        kind("And then we test it like this:"),
        Some(BoundaryKind::Introduction)
    );
    // A capitalized keyword starts a sentence, not a line of code.
    for sentence in [
        "Use the new parser for every file you read",
        "Match the version in the lock file with the one you ship",
        "Type the name of the folder and press enter again",
    ] {
        assert_eq!(kind(sentence), Some(BoundaryKind::Prose), "{sentence}");
    }
    assert!(is_introduction("Then run:"));
    assert!(
        is_introduction("Add this to `Cargo.toml`:"),
        "a code span is a word"
    );
    assert!(
        !is_introduction("Add this to `Cargo.toml:"),
        "an unmatched backtick"
    );
    assert!(!is_introduction("else:"), "code");
    assert!(!is_introduction("Returns:"), "one word");
    assert!(!is_introduction("For x in y:"), "a keyword first");
    assert!(is_introduction("Use it:"), "not a colon keyword");
    assert!(!is_introduction("Config (default):"), "code punctuation");
}

#[test]
fn code_does_not() {
    assert_eq!(kind("# a comment"), Some(BoundaryKind::Title));
    assert!(!ends("python", BoundaryKind::Title, false, false));
    assert!(!ends("", BoundaryKind::Title, false, false), "bare: maybe");
    assert!(ends("ts", BoundaryKind::Title, false, false));
    for line in [
        "for item in items and other things:",
        "x = compute(a, b)",
        "    Indented text that reads like a sentence here.",
        "print the values of all of them",
        "SELECT name FROM users WHERE id > 1",
        "UPDATE users SET active TRUE WHERE admin",
        "use the parser for every file you read",
        "--",
        "short words only",
    ] {
        assert_eq!(kind(line), None, "{line}");
    }
}

#[test]
fn short_sentences_end_code_when_written_as_sentences() {
    for sentence in [
        "Save it as config.json.",
        "That should show the error.",
        "Does the port answer now?",
    ] {
        assert_eq!(kind(sentence), Some(BoundaryKind::Prose), "{sentence}");
    }
    for line in [
        "save it as config.json.",
        "Save it as config.json",
        "Run it again.",
        "This prints 42 lines.",
    ] {
        assert_eq!(kind(line), None, "{line}");
    }
}

#[test]
fn prose_names_code_in_spans() {
    assert_eq!(
        kind("Now the server picks up the change, as `nodemon` does for you."),
        Some(BoundaryKind::Prose)
    );
    assert_eq!(
        kind("Then check the port with ``ss -ltnp | grep `80` `` again, twice."),
        Some(BoundaryKind::Prose),
        "a longer run of backticks holds single ones"
    );
    for code in [
        "echo the date is `date` and the user is `whoami` now",
        "Now `unclosed and then the rest of the line here",
        "const message = `hello ${name}` + rest + more + words;",
        "Empty spans `` are not spans of code at all here",
    ] {
        assert_eq!(kind(code), None, "{code}");
    }
    assert_eq!(without_code_spans("a `b` c ``d`e`` f"), "a code c code f");
    assert_eq!(without_code_spans("a ` b"), "a ` b");
}

#[test]
fn quotations_and_tables_end_code() {
    for (line, want) in [
        (
            "> Mind the timeout, which defaults to none.",
            Some(BoundaryKind::Quote),
        ),
        ("> - first point here", Some(BoundaryKind::Quote)),
        ("> ## Heading", Some(BoundaryKind::Quote)),
        ("> x = 1", None),
        ("> # comment", None),
        (">>> print(1)", None),
        ("| Column | Meaning |", Some(BoundaryKind::Table)),
        ("|--------|---------|", None),
        ("| `x` | the result, in `ms` |", Some(BoundaryKind::Table)),
        ("| Some x -> x", None),
        ("|x| x + 1", None),
        ("| a = 1 | b |", None),
    ] {
        assert_eq!(kind(line), want, "{line}");
    }
}

#[test]
fn prose_list_items_end_code() {
    for item in [
        "- it prints once",
        "* the function has no arguments",
        "+ both halves",
        "1. Check the status first.",
        "12) Then read the journal with `journalctl -u nginx`.",
        "- [ ] write the tests",
        "- Note: the port is fixed",
        "2. Run it:",
    ] {
        assert_eq!(kind(item), Some(BoundaryKind::List), "{item}");
    }
    for code in [
        "- name: web",
        "-rw-r--r-- 1 root root",
        "- x = 1",
        "* p = next(q);",
        "- one",
        "1.5 times the width",
        "1234. Too many digits for a list",
        "-- a comment in SQL or Lua",
        "*args, **kwargs",
    ] {
        assert_ne!(kind(code), Some(BoundaryKind::List), "{code}");
    }
    assert!(
        !ends("yaml", BoundaryKind::List, false, false),
        "a sequence"
    );
    assert!(
        !ends("diff", BoundaryKind::List, false, false),
        "a removed line"
    );
    assert!(ends("bash", BoundaryKind::List, false, false));
}
