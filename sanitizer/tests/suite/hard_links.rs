//! `--in-place` on a file with a second hard link: refused (nothing
//! written) unless `--force`, which rewrites the name given and says the
//! other link still holds the old text.

use e2e::{sanitizer, stderr};
use std::fs;

const SECRET: &str = "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R";

#[test]
fn in_place_refuses_a_file_with_another_link_unless_forced_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("draft.md");
    let other = dir.path().join("backup.md");
    let text = format!("Me: my token is {SECRET}\n");
    fs::write(&file, &text).expect("write");
    fs::hard_link(&file, &other).expect("hard link");
    let path = file.to_str().expect("utf-8");

    let refused = sanitizer().args(["-q", "--in-place", path]).output();
    let said = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert!(
        said.contains("has 2 hard links") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "one line: {said}");
    assert_eq!(
        fs::read_to_string(&file).expect("read"),
        text,
        "nothing written"
    );

    let forced = sanitizer()
        .args(["-q", "--in-place", "--force", path])
        .output();
    let said = stderr(&forced);
    assert!(forced.status.success(), "{said}");
    assert!(
        said.contains("had 2 hard links") && said.contains("still hold the old"),
        "{said}"
    );
    assert!(!fs::read_to_string(&file).expect("read").contains(SECRET));
    assert!(
        fs::read_to_string(&other).expect("read").contains(SECRET),
        "the other link is as the warning says"
    );

    let alone = sanitizer().args(["-q", "--force", path]).output();
    assert_eq!(
        alone.status.code(),
        Some(2),
        "--force alone is a usage error"
    );
}
