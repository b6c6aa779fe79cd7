//! Wrappers: a Markdown (or bare) block whose inner blocks open with bare
//! fences after an introduction, and nesting three levels deep.

use super::{blocks, check};

#[test]
fn w01_markdown_wrapper_with_bare_inner_blocks() {
    let input = "Here is the README:\n\n```markdown\n# Project\n\nClone the repo:\n\n```\ngit clone x\n```\n\nThen run:\n\n```\nmake\n```\n\nThat is all.\n```\n\nMe: thanks\n";
    let want = input
        .replacen("```markdown", "````markdown", 1)
        .replace("That is all.\n```", "That is all.\n````");
    check("w01", input, &want);
    blocks(
        "w01",
        &want,
        &[(
            "markdown",
            "# Project\n\nClone the repo:\n\n```\ngit clone x\n```\n\nThen run:\n\n```\nmake\n```\n\nThat is all.\n",
        )],
    );
}

#[test]
fn w02_bare_wrapper_with_a_bare_inner_block() {
    let input = "```\n# Project\n\nClone the repo:\n\n```\ngit clone x\n```\n\nDone.\n```\n";
    let want = "````\n# Project\n\nClone the repo:\n\n```\ngit clone x\n```\n\nDone.\n````\n";
    check("w02", input, want);
    blocks(
        "w02",
        want,
        &[(
            "",
            "# Project\n\nClone the repo:\n\n```\ngit clone x\n```\n\nDone.\n",
        )],
    );
}

#[test]
fn w03_an_introduced_bare_fence_opens_the_next_block() {
    // The Python block was left open; "Now run the tests:" introduces the
    // next block, so its bare fence opens it instead of closing Python.
    let input =
        "Claude: First:\n\n```python\nx = 1\n\nNow run the tests:\n\n```\npytest\n```\n\nMe: ok\n";
    let want = "Claude: First:\n\n```python\nx = 1\n```\n\nNow run the tests:\n\n```\npytest\n```\n\nMe: ok\n";
    check("w03", input, want);
    blocks("w03", want, &[("python", "x = 1\n"), ("", "pytest\n")]);
}

#[test]
fn w04_three_levels_all_written_with_three_backticks() {
    let input =
        "```markdown\n# Doc\n```markdown\n## Inner\n```python\nx = 1\n```\n```\n```\n\nAfter.\n";
    let want = "`````markdown\n# Doc\n````markdown\n## Inner\n```python\nx = 1\n```\n````\n`````\n\nAfter.\n";
    check("w04", input, want);
    blocks(
        "w04",
        want,
        &[(
            "markdown",
            "# Doc\n````markdown\n## Inner\n```python\nx = 1\n```\n````\n",
        )],
    );
}

#[test]
fn w05_three_levels_with_the_middle_too_narrow() {
    let input =
        "````markdown\n# Doc\n```markdown\n## Inner\n```python\nx = 1\n```\n```\n````\n\nAfter.\n";
    let want = "`````markdown\n# Doc\n````markdown\n## Inner\n```python\nx = 1\n```\n````\n`````\n\nAfter.\n";
    check("w05", input, want);
}

#[test]
fn w06_a_closer_after_an_introduction_in_correct_input_stays() {
    // "Usage:" before a real closer: the block is closed as written (no
    // other reading is cheaper), so correct input is left alone.
    super::unchanged(
        "w06",
        "```text\nUsage: tool FILE\nOptions follow below:\n```\n\nAfter.\n",
    );
}

#[test]
fn w07_wrapper_with_two_introduced_bare_blocks_and_a_python_block() {
    let input = "```md\n# Tool\n\nInstall it:\n\n```\npip install tool\n```\n\nUse it:\n\n```\ntool run\n```\n\n```python\nimport tool\n```\n```\n";
    let want = format!(
        "````md{}````\n",
        &input["```md".len()..input.len() - "```\n".len()]
    );
    check("w07", input, &want);
    blocks(
        "w07",
        &want,
        &[(
            "md",
            "# Tool\n\nInstall it:\n\n```\npip install tool\n```\n\nUse it:\n\n```\ntool run\n```\n\n```python\nimport tool\n```\n",
        )],
    );
}

#[test]
fn w08_an_introduction_before_an_opener_in_correct_input() {
    let input = "```python\nprint(1)\n```\n\nRun it:\n\n```\npython x.py\n```\n";
    super::unchanged("w08", input);
    blocks(
        "w08",
        input,
        &[("python", "print(1)\n"), ("", "python x.py\n")],
    );
}

#[test]
fn w09_tilde_wrapper_with_an_introduced_backtick_block() {
    let input = "~~~markdown\nInstall it:\n\n```\npip install x\n```\n~~~\n";
    super::unchanged("w09", input);
    blocks(
        "w09",
        input,
        &[("markdown", "Install it:\n\n```\npip install x\n```\n")],
    );
}
