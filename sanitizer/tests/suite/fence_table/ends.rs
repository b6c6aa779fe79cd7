//! Where the code of a block left open ends, when the text after it is a
//! list, or prose that names code in inline spans (`` `make` ``): the
//! inserted closer goes before them, not at the end of the answer.

use super::{blocks, check, unchanged};

#[test]
fn l01_closer_goes_before_a_bulleted_list() {
    let input = "```bash\nmake install\n\n- it builds the binary\n- it copies it to /usr/local\n\nClaude: next\n";
    let want = "```bash\nmake install\n```\n\n- it builds the binary\n- it copies it to /usr/local\n\nClaude: next\n";
    check("l01", input, want);
    blocks("l01", want, &[("bash", "make install\n")]);
}

#[test]
fn l02_closer_goes_before_a_numbered_list() {
    let input = "```bash\nsudo systemctl restart nginx\n\n1. Check the status first.\n2. Then read the journal.\n";
    let want = "```bash\nsudo systemctl restart nginx\n```\n\n1. Check the status first.\n2. Then read the journal.\n";
    check("l02", input, want);
    blocks("l02", want, &[("bash", "sudo systemctl restart nginx\n")]);
}

#[test]
fn l03_a_list_item_naming_code_in_a_span_ends_the_code() {
    let input =
        "```python\nprint(total)\n\n* run it with `python3 -m app`\n* then open the report\n";
    let want =
        "```python\nprint(total)\n```\n\n* run it with `python3 -m app`\n* then open the report\n";
    check("l03", input, want);
    blocks("l03", want, &[("python", "print(total)\n")]);
}

#[test]
fn l04_a_yaml_sequence_is_code() {
    let input = "```yaml\nservices:\n  web:\n    image: nginx\n\n- name: second document\n  value: 2\n\nMe: thanks\n";
    let want = "```yaml\nservices:\n  web:\n    image: nginx\n\n- name: second document\n  value: 2\n```\n\nMe: thanks\n";
    check("l04", input, want);
    blocks(
        "l04",
        want,
        &[(
            "yaml",
            "services:\n  web:\n    image: nginx\n\n- name: second document\n  value: 2\n",
        )],
    );
}

#[test]
fn l05_a_diffs_removed_lines_are_code() {
    let input = "```diff\n+ added the new parser here\n\n- removed the old one\n- and its tests\n\nMe: thanks\n";
    let want = "```diff\n+ added the new parser here\n\n- removed the old one\n- and its tests\n```\n\nMe: thanks\n";
    check("l05", input, want);
    blocks(
        "l05",
        want,
        &[(
            "diff",
            "+ added the new parser here\n\n- removed the old one\n- and its tests\n",
        )],
    );
}

#[test]
fn l06_code_lines_that_start_with_a_dash_or_a_star_stay_code() {
    let input = "```c\nint x = 1;\n\n* p = next(q);\n-rw-r--r-- 1 root root\n\nMe: thanks\n";
    let want = "```c\nint x = 1;\n\n* p = next(q);\n-rw-r--r-- 1 root root\n```\n\nMe: thanks\n";
    check("l06", input, want);
    blocks(
        "l06",
        want,
        &[(
            "c",
            "int x = 1;\n\n* p = next(q);\n-rw-r--r-- 1 root root\n",
        )],
    );
}

#[test]
fn l07_a_closed_block_holding_a_list_stays_as_written() {
    let input = "```text\nsteps:\n\n- it builds the binary\n- it copies it\n```\n\nDone.\n";
    unchanged("l07", input);
    blocks(
        "l07",
        input,
        &[("text", "steps:\n\n- it builds the binary\n- it copies it\n")],
    );
}

#[test]
fn l08_a_task_list_ends_the_code() {
    let input = "```js\nrun();\n\n- [ ] write the tests\n- [x] ship it\n";
    let want = "```js\nrun();\n```\n\n- [ ] write the tests\n- [x] ship it\n";
    check("l08", input, want);
    blocks("l08", want, &[("js", "run();\n")]);
}

#[test]
fn s01_prose_naming_a_command_in_a_span_ends_the_code() {
    let input = "```js\nconst y = 2;\n\nNow the server picks up the change, which is what `nodemon` does for you.\n\n```js\nconst z = 3;\n```\n";
    let want = "```js\nconst y = 2;\n```\n\nNow the server picks up the change, which is what `nodemon` does for you.\n\n```js\nconst z = 3;\n```\n";
    check("s01", input, want);
    blocks(
        "s01",
        want,
        &[("js", "const y = 2;\n"), ("js", "const z = 3;\n")],
    );
}

#[test]
fn s02_an_introduction_naming_a_file_in_a_span_opens_the_next_block() {
    let input = "```toml\n[package]\nname = \"demo\"\n\nThen add this to `src/main.rs`:\n\n```rust\nfn main() {}\n```\n";
    let want = "```toml\n[package]\nname = \"demo\"\n```\n\nThen add this to `src/main.rs`:\n\n```rust\nfn main() {}\n```\n";
    check("s02", input, want);
    blocks(
        "s02",
        want,
        &[
            ("toml", "[package]\nname = \"demo\"\n"),
            ("rust", "fn main() {}\n"),
        ],
    );
}

#[test]
fn s03_a_shell_line_with_command_substitution_stays_code() {
    let input =
        "```bash\ncd /srv\n\necho the build ran on `hostname` at `date` today\n\nMe: thanks\n";
    let want =
        "```bash\ncd /srv\n\necho the build ran on `hostname` at `date` today\n```\n\nMe: thanks\n";
    check("s03", input, want);
    blocks(
        "s03",
        want,
        &[(
            "bash",
            "cd /srv\n\necho the build ran on `hostname` at `date` today\n",
        )],
    );
}

#[test]
fn s04_an_unmatched_backtick_keeps_a_line_code() {
    let input = "```sh\nls\n\nNow `quote the rest of this line as a shell would do\n\nMe: thanks\n";
    let want =
        "```sh\nls\n\nNow `quote the rest of this line as a shell would do\n```\n\nMe: thanks\n";
    check("s04", input, want);
    blocks(
        "s04",
        want,
        &[(
            "sh",
            "ls\n\nNow `quote the rest of this line as a shell would do\n",
        )],
    );
}

#[test]
fn s05_a_yaml_document_break_before_prose_stays_outside_the_code() {
    let input = "```yaml\nserver:\n  port: 8080\n\n---\n\nThen restart the service and check the port with `ss -ltnp` again.\n";
    let want = "```yaml\nserver:\n  port: 8080\n```\n\n---\n\nThen restart the service and check the port with `ss -ltnp` again.\n";
    check("s05", input, want);
    blocks("s05", want, &[("yaml", "server:\n  port: 8080\n")]);
}

#[test]
fn s06_a_yaml_document_break_before_another_document_is_code() {
    let input = "```yaml\nkind: Service\n\n---\n\nkind: Deployment\n\nMe: thanks\n";
    let want = "```yaml\nkind: Service\n\n---\n\nkind: Deployment\n```\n\nMe: thanks\n";
    check("s06", input, want);
    blocks(
        "s06",
        want,
        &[("yaml", "kind: Service\n\n---\n\nkind: Deployment\n")],
    );
}

#[test]
fn t01_a_level_one_heading_ends_typescript() {
    let input =
        "```ts\nexport const ok = true;\n\n# Results\n\nEvery request gets the same body.\n";
    let want =
        "```ts\nexport const ok = true;\n```\n\n# Results\n\nEvery request gets the same body.\n";
    check("t01", input, want);
    blocks("t01", want, &[("ts", "export const ok = true;\n")]);
}

#[test]
fn t02_a_level_one_heading_is_a_comment_in_python_and_bare_blocks() {
    let input = "```python\nx = 1\n\n# Results\ny = 2\n\nMe: thanks\n";
    let want = "```python\nx = 1\n\n# Results\ny = 2\n```\n\nMe: thanks\n";
    check("t02", input, want);
    blocks("t02", want, &[("python", "x = 1\n\n# Results\ny = 2\n")]);
    let input = "```\nx = 1\n\n# Results\ny = 2\n\nMe: thanks\n";
    let want = "```\nx = 1\n\n# Results\ny = 2\n```\n\nMe: thanks\n";
    check("t02 bare", input, want);
    blocks("t02 bare", want, &[("", "x = 1\n\n# Results\ny = 2\n")]);
}

#[test]
fn t03_a_quotation_of_prose_ends_the_code() {
    let input = "```python\nr = requests.get(url)\n\n> This fetches the page, so mind the timeout, which is none.\n\nMe: ok\n";
    let want = "```python\nr = requests.get(url)\n```\n\n> This fetches the page, so mind the timeout, which is none.\n\nMe: ok\n";
    check("t03", input, want);
    blocks("t03", want, &[("python", "r = requests.get(url)\n")]);
}

#[test]
fn t04_a_continuation_prompt_stays_code() {
    let input = "```console\n$ cat <<EOF\n\n> x = 1\n> EOF\n\nMe: ok\n";
    let want = "```console\n$ cat <<EOF\n\n> x = 1\n> EOF\n```\n\nMe: ok\n";
    check("t04", input, want);
    blocks(
        "t04",
        want,
        &[("console", "$ cat <<EOF\n\n> x = 1\n> EOF\n")],
    );
}

#[test]
fn t05_a_table_ends_the_code() {
    let input = "```python\nx = compute()\n\n| Column | Meaning |\n|--------|---------|\n| `x` | the result |\n\nMe: ok\n";
    let want = "```python\nx = compute()\n```\n\n| Column | Meaning |\n|--------|---------|\n| `x` | the result |\n\nMe: ok\n";
    check("t05", input, want);
    blocks("t05", want, &[("python", "x = compute()\n")]);
}

#[test]
fn t06_match_arms_and_closures_stay_code() {
    let input = "```ocaml\nlet f = function\n\n| Some x -> x\n| None -> 0\n\nMe: ok\n";
    let want = "```ocaml\nlet f = function\n\n| Some x -> x\n| None -> 0\n```\n\nMe: ok\n";
    check("t06", input, want);
    blocks(
        "t06",
        want,
        &[("ocaml", "let f = function\n\n| Some x -> x\n| None -> 0\n")],
    );
}

#[test]
fn l09_a_block_left_open_in_a_list_item_ends_before_the_next_item() {
    let input = "1. Install:\n\n   ```bash\n   pip install demo\n\n2. Run it:\n\n   ```bash\n   demo --help\n   ```\n";
    let want = "1. Install:\n\n   ```bash\n   pip install demo\n   ```\n\n2. Run it:\n\n   ```bash\n   demo --help\n   ```\n";
    check("l09", input, want);
    blocks(
        "l09",
        want,
        &[("bash", "pip install demo\n"), ("bash", "demo --help\n")],
    );
}
