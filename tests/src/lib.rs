//! What the end-to-end tests of both binaries share (each package's
//! `tests/suite`): running a binary with a clean environment while
//! scanning everything it wrote for test keys, loopback mock servers, the
//! table of bad inputs ([`table`]) and machine helpers ([`system`]).

pub mod system;
pub mod table;

/// A valid answer for `examples/transcript.md` (raw or sanitized), as a
/// careful model would give it: no problem, hard or soft, so a mock
/// provider answering it is asked exactly once.
pub const VALID_ANSWER: &str = include_str!("../../examples/transcript-instructions.json");

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The path of the workspace binary `name`, as Cargo built it for the
/// running test: Cargo names it in `CARGO_BIN_EXE_<name>` for the tests of
/// the package that owns it, built fresh before they run. A test of another
/// package has no such variable, and is told so.
pub fn binary(name: &str) -> PathBuf {
    match std::env::var_os(format!("CARGO_BIN_EXE_{name}")) {
        Some(path) => PathBuf::from(path),
        None => panic!(
            "CARGO_BIN_EXE_{name} is not set: run {name} only from the tests of the {name} package (`cargo test -p {name}`)"
        ),
    }
}

/// Runs `name` with `args`, feeding `stdin`, in `dir` (or the current
/// directory), with a clean configuration environment: no config file, no
/// API keys, no home.
pub fn run(name: &str, args: &[&str], stdin: &[u8], dir: Option<&std::path::Path>) -> Output {
    run_with_env(name, args, stdin, dir, &[])
}

/// Like [`run`], with extra environment variables.
///
/// Every run is also a key scan: the values of the `*_KEY` variables in
/// `env` must appear neither in the run's stdout or stderr (panics
/// included) nor in any file under the directories the run could write
/// to: its working directory, the directories its path arguments and
/// path variables name inside the temporary directory, where the tests
/// keep their files (the cache, the target, the config's directory), and
/// its own temporary directory (where raw answers go without a cache).
pub fn run_with_env(
    name: &str,
    args: &[&str],
    stdin: &[u8],
    dir: Option<&std::path::Path>,
    env: &[(&str, &str)],
) -> Output {
    run_as(name, args, stdin, dir, env, None)
}

/// Like [`run`], under the file creation mask `umask` (set by `sh`
/// before it starts the binary).
pub fn run_with_umask(name: &str, args: &[&str], stdin: &[u8], umask: u32) -> Output {
    run_as(name, args, stdin, None, &[], Some(umask))
}

/// Like [`run_with_env`], under the file creation mask `umask`.
pub fn run_with_umask_env(
    name: &str,
    args: &[&str],
    stdin: &[u8],
    umask: u32,
    env: &[(&str, &str)],
) -> Output {
    run_as(name, args, stdin, None, env, Some(umask))
}

fn run_as(
    name: &str,
    args: &[&str],
    stdin: &[u8],
    dir: Option<&std::path::Path>,
    env: &[(&str, &str)],
    umask: Option<u32>,
) -> Output {
    let system_temp = std::env::temp_dir();
    let temp = system_temp.join(format!(
        "e2e-run-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&temp).expect("a temporary directory for the run");
    let mut command = match umask {
        Some(mask) => {
            let mut shell = Command::new("sh");
            shell
                .arg("-c")
                .arg(format!("umask {mask:03o} && exec \"$0\" \"$@\""))
                .arg(binary(name));
            shell
        }
        None => Command::new(binary(name)),
    };
    command
        .args(args)
        .env("TMPDIR", &temp)
        .env_remove("ARTICLEIZER_CONFIG")
        .env_remove("GEMINI_API_KEY")
        .env_remove("GOOGLE_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .env_remove("ANTHROPIC_API_KEY")
        .env("HOME", "/nonexistent-home-for-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent-config-for-tests")
        .env("XDG_CACHE_HOME", "/nonexistent-cache-for-tests")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("binary starts");
    let mut input = child.stdin.take().expect("piped stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The binary may exit before reading everything (on an error).
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("binary runs");
    writer.join().expect("stdin writer finishes");
    let keys: Vec<&str> = env
        .iter()
        .filter(|(name, value)| name.ends_with("_KEY") && !value.is_empty())
        .map(|(_, value)| *value)
        .collect();
    let in_streams = [("stdout", &output.stdout), ("stderr", &output.stderr)]
        .into_iter()
        .find(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            keys.iter().any(|key| text.contains(key))
        })
        .map(|(stream, _)| format!("its {stream}"));
    let mut roots = vec![temp.clone()];
    roots.extend(dir.map(std::path::Path::to_path_buf));
    roots.extend(
        args.iter()
            .copied()
            .chain(env.iter().map(|(_, value)| *value))
            .map(std::path::Path::new)
            // The tests' files live in temporary directories; a path
            // elsewhere (`/dev/null` as a template) is not theirs to scan.
            .filter(|path| path.starts_with(&system_temp) && path.exists())
            .filter_map(|path| {
                if path.is_dir() {
                    Some(path.to_path_buf())
                } else {
                    path.parent().map(std::path::Path::to_path_buf)
                }
            }),
    );
    let in_files = file_with_key(&roots, &keys).map(|file| file.display().to_string());
    let _ = std::fs::remove_dir_all(&temp);
    if let Some(place) = in_streams.or(in_files) {
        panic!("{name} {args:?}: a test key is in {place}");
    }
    output
}

/// Runs `name` with `args` and `stdin` in `dir` (clean environment, as
/// [`run`]), its stdout a pipe whose reader has already gone (as `| head`
/// leaves it once it has its line): every write gets a broken pipe, at once
/// and on every run. Returns the exit status and stderr.
pub fn run_to_closed_pipe(
    name: &str,
    args: &[&str],
    stdin: &[u8],
    dir: Option<&std::path::Path>,
) -> (std::process::ExitStatus, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut command = Command::new(binary(name));
    command
        .args(args)
        .env_remove("ARTICLEIZER_CONFIG")
        .env_remove("GEMINI_API_KEY")
        .env_remove("GOOGLE_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .env_remove("ANTHROPIC_API_KEY")
        .env("HOME", "/nonexistent-home-for-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent-config-for-tests")
        .env("XDG_CACHE_HOME", "/nonexistent-cache-for-tests")
        .stdin(Stdio::piped())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("binary starts");
    let mut input = child.stdin.take().expect("piped stdin");
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("binary runs");
    feeder.join().expect("stdin writer finishes");
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs so far in this test process (names their temporary directories).
static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The entries of `dir` (not recursive), sorted.
pub fn entries(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a directory to list")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    paths
}

/// The file names in `dir` (not recursive), sorted.
pub fn names(dir: &std::path::Path) -> Vec<String> {
    entries(dir)
        .iter()
        .filter_map(|path| path.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect()
}

/// Every file under `roots`, recursively (symbolic links not followed).
pub fn files_under(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = pending.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.filter_map(Result::ok).map(|e| e.path()));
            }
        } else if meta.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files.dedup();
    files
}

/// The first file under `roots` holding any of `keys`: caches, call
/// logs, saved raw answers, posts and temporary files alike.
pub fn file_with_key(roots: &[PathBuf], keys: &[&str]) -> Option<PathBuf> {
    if keys.is_empty() {
        return None;
    }
    files_under(roots).into_iter().find(|file| {
        std::fs::read(file).is_ok_and(|bytes| {
            let text = String::from_utf8_lossy(&bytes);
            keys.iter().any(|key| text.contains(key))
        })
    })
}
/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[cfg(feature = "mock")]
/// A Gemini `generateContent` success carrying `text`, answered by the
/// model `gemini-mock`.
pub fn gemini_answer(text: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "candidates": [{ "content": { "parts": [{ "text": text }] }, "finishReason": "STOP" }],
        "modelVersion": "gemini-mock"
    }))
}

#[cfg(feature = "mock")]
/// A loopback server, run by `runtime`, that answers every POST with
/// `response` (the binaries under test reach it by `--base-url`).
pub fn mock_server(
    runtime: &tokio::runtime::Runtime,
    response: wiremock::ResponseTemplate,
) -> wiremock::MockServer {
    runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .respond_with(response)
            .mount(&server)
            .await;
        server
    })
}
