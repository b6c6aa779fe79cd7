//! Lines read as code or prose, and the runs they make.

use super::classify::{classify, Kind};
use super::*;
use crate::options::SpeakerOptions;

fn run(text: &str) -> Option<CodeRun> {
    let speakers = Speakers::new(&SpeakerOptions::default());
    let mut cursor = LineCursor::new(text);
    let first = cursor.next()?.text;
    code_run(first, &cursor, &speakers, &|_| false, true)
}

#[test]
fn lines_read_as_code_or_prose() {
    for code in [
        "import os",
        "from pathlib import Path",
        "def main():",
        "$ cargo build --release",
        "git commit -m 'first'",
        "pip install requests",
        "let mut count = 0;",
        "const app = express();",
        "total = price * 2",
        "app.run(debug=True)",
        "int main() {",
    ] {
        assert!(matches!(classify(code), Kind::Code(_)), "{code}");
    }
    for prose in [
        "Git is the tool you want here.",
        "I used the import function of the app and it worked.",
        "- install it",
        "## Setting up",
        "The value = what you pay, and that is fine.",
        "cd into the folder and then run the tests",
        "Then run this:",
    ] {
        assert_eq!(classify(prose), Kind::Prose, "{prose}");
    }
    assert_eq!(classify("# set up the path"), Kind::Comment);
}

#[test]
fn data_that_opens_with_a_brace_is_json() {
    let json = "{\n  \"name\": \"app\",\n  \"scripts\": {\n    \"build\": \"tsc\"\n  }\n}\n";
    assert_eq!(run(json).map(|r| r.language), Some("json"));
    assert_eq!(run("x = {\n  y = 2\n}\n").map(|r| r.language), Some(""));
}

#[test]
fn a_paragraph_of_code_is_a_run_and_prose_is_not() {
    let run_of = |text| run(text).map(|r| (r.intro, r.lines, r.language));
    assert_eq!(
        run_of("import os\n# list it\nprint(os.listdir())\n\nDone.\n"),
        Some((false, 3, "python"))
    );
    assert_eq!(
        run_of("Install it:\n$ pip install x\n$ x --help\n"),
        Some((true, 3, "bash"))
    );
    // Two paragraphs of code are one run; prose after a blank line ends it.
    assert_eq!(
        run_of("x = 1\ny = 2\n\nz = x + y\nprint(z)\n\nThat is all.\n"),
        Some((false, 5, "python"))
    );
    assert_eq!(
        run_of("import os\nThis is the module that reads the system.\n"),
        None
    );
    assert_eq!(
        run_of("Run this:\nls\n"),
        None,
        "one line of code is left alone"
    );
    assert_eq!(run_of("I like Python.\nIt is fun.\n"), None);
    assert_eq!(
        run_of("import os\n\nClaude: next\n"),
        None,
        "one line before a turn"
    );
}

#[test]
fn sql_c_and_sessions() {
    assert_eq!(classify("SELECT name, email"), Kind::Code("sql"));
    assert_eq!(classify("AND age > 30"), Kind::Code("sql"));
    assert_eq!(classify("AND then we left"), Kind::Prose, "no comparison");
    assert_eq!(classify("SELECT * FROM USERS"), Kind::Code("sql"));
    assert_eq!(classify("WHERE WE ARE NOW"), Kind::Prose, "shouted");
    assert_eq!(classify("#include <vector>"), Kind::Code("cpp"));
    assert_eq!(classify("#include \"app.h\""), Kind::Code("c"));
    assert_eq!(classify("int main(void) {"), Kind::Code("c"));
    assert_eq!(
        run("$ ls\ntotal 8\nnotes.txt\n").map(|r| r.language),
        Some("console")
    );
    assert_eq!(
        run("$ ls\n- the first file\n").map(|r| r.language),
        None,
        "a list after a prompt is no output"
    );
    assert_eq!(
        run("$ make\n\n$ make install\n\nDone.\n").map(|r| (r.lines, r.language)),
        Some((3, "bash")),
        "prompts one to a paragraph make one block"
    );
}

#[test]
fn a_turn_is_no_code_but_may_introduce_some() {
    assert_eq!(run("**Claude**: {\n  return x;\n}\n"), None);
    assert_eq!(
        run("Claude: Use this:\nimport os\nprint(os.name)\n").map(|r| (r.intro, r.lines)),
        Some((true, 3))
    );
}

#[test]
fn lines_are_read_as_the_emitter_writes_them() {
    // A zero-width no-break space before a prompt goes in prose: the
    // prompt is read as the next run will read it.
    assert_eq!(classify("\u{feff}$ ls"), Kind::Code("bash"));
    assert_eq!(run("{\n\u{feff}$ n\n").map(|r| r.lines), Some(2));
}
