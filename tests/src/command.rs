//! One way to run a workspace binary under test (after ripgrep's
//! `TestCommand`): a builder for its arguments, stdin, working directory,
//! environment and umask, run in a clean environment (no home, no config,
//! no real keys), every run a key scan, and failures that show the whole
//! run (command, directory, status, stdout, stderr).

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};

/// The environment variables a run never inherits: the configuration file
/// and the provider keys of whoever runs the tests.
const CLEARED: [&str; 5] = [
    "ARTICLEIZER_CONFIG",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
];

/// Where a run's home, configuration and cache would be: directories that
/// do not exist, so nothing of the machine's user is read or written.
const NOWHERE: [(&str, &str); 3] = [
    ("HOME", "/nonexistent-home-for-tests"),
    ("XDG_CONFIG_HOME", "/nonexistent-config-for-tests"),
    ("XDG_CACHE_HOME", "/nonexistent-cache-for-tests"),
];

/// A command line for the `articleizer` binary (see [`TestCommand`]).
pub fn articleizer() -> TestCommand {
    TestCommand::new("articleizer")
}

/// A command line for the `sanitizer` binary (see [`TestCommand`]).
pub fn sanitizer() -> TestCommand {
    TestCommand::new("sanitizer")
}

/// A run of a workspace binary being put together: arguments, stdin,
/// working directory, extra environment, umask. Nothing runs until
/// [`TestCommand::output`] (or one of the asserting runs) is called, so one
/// command can be run twice.
#[derive(Clone, Debug)]
pub struct TestCommand {
    name: String,
    args: Vec<OsString>,
    stdin: Vec<u8>,
    dir: Option<PathBuf>,
    env: Vec<(String, String)>,
    umask: Option<u32>,
}

impl TestCommand {
    /// A command line for the workspace binary `name` (see [`binary`]).
    pub fn new(name: &str) -> Self {
        TestCommand {
            name: name.to_string(),
            args: Vec::new(),
            stdin: Vec::new(),
            dir: None,
            env: Vec::new(),
            umask: None,
        }
    }

    /// One more argument.
    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    /// More arguments.
    pub fn args<I, A>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = A>,
        A: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// What stdin holds (nothing unless given).
    pub fn stdin(&mut self, bytes: impl AsRef<[u8]>) -> &mut Self {
        self.stdin = bytes.as_ref().to_vec();
        self
    }

    /// The working directory (the test process's own unless given).
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// One more environment variable. A variable named `*_KEY` is a key:
    /// its value must show nowhere the run can write (see
    /// [`TestCommand::output`]).
    pub fn env(&mut self, name: &str, value: impl AsRef<str>) -> &mut Self {
        self.env
            .push((name.to_string(), value.as_ref().to_string()));
        self
    }

    /// More environment variables (as [`TestCommand::env`]).
    pub fn envs(&mut self, vars: &[(&str, &str)]) -> &mut Self {
        for (name, value) in vars {
            self.env(name, value);
        }
        self
    }

    /// The file creation mask of the run (set by `sh` before it starts
    /// the binary).
    pub fn umask(&mut self, mask: u32) -> &mut Self {
        self.umask = Some(mask);
        self
    }

    /// A `std::process::Command` for this run, in the same clean
    /// environment, for a test that drives the process itself (kills it,
    /// reads its stderr as it comes); stdin, stdout and stderr are left to
    /// the caller. No key scan: the caller owns what the process writes.
    pub fn command(&self) -> Command {
        let mut command = match self.umask {
            Some(mask) => {
                let mut shell = Command::new("sh");
                shell
                    .arg("-c")
                    .arg(format!("umask {mask:03o} && exec \"$0\" \"$@\""))
                    .arg(binary(&self.name));
                shell
            }
            None => Command::new(binary(&self.name)),
        };
        command.args(&self.args);
        for name in CLEARED {
            command.env_remove(name);
        }
        command
            .envs(NOWHERE)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        command
    }

    /// Runs it to the end and returns what it printed and how it ended.
    ///
    /// Every run is also a key scan: the values of the `*_KEY` variables
    /// it was given must appear neither in its stdout or stderr (panics
    /// included) nor in any file under the directories it could write to:
    /// its working directory, the directories its path arguments and path
    /// variables name inside the temporary directory, where the tests keep
    /// their files (the cache, the target, the config's directory), and its
    /// own temporary directory (where raw answers go without a cache).
    pub fn output(&self) -> Output {
        let system_temp = std::env::temp_dir();
        let temp = system_temp.join(format!(
            "e2e-run-{}-{}",
            std::process::id(),
            RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&temp).expect("a temporary directory for the run");
        let mut command = self.command();
        if !self.env.iter().any(|(name, _)| name == "TMPDIR") {
            command.env("TMPDIR", &temp);
        }
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let output = feed(command, &self.stdin);
        let keys = self.keys();
        let in_streams = [("stdout", &output.stdout), ("stderr", &output.stderr)]
            .into_iter()
            .find(|(_, bytes)| {
                let text = String::from_utf8_lossy(bytes);
                keys.iter().any(|key| text.contains(key))
            })
            .map(|(stream, _)| format!("its {stream}"));
        let mut roots = vec![temp.clone()];
        roots.extend(self.dir.clone());
        roots.extend(
            self.args
                .iter()
                .map(PathBuf::from)
                .chain(self.env.iter().map(|(_, value)| PathBuf::from(value)))
                // The tests' files live in temporary directories; a path
                // elsewhere (`/dev/null` as a template) is not theirs to scan.
                .filter(|path| path.starts_with(&system_temp) && path.exists())
                .filter_map(|path| {
                    if path.is_dir() {
                        Some(path)
                    } else {
                        path.parent().map(Path::to_path_buf)
                    }
                }),
        );
        let in_files = crate::file_with_key(&roots, &keys).map(|file| file.display().to_string());
        let _ = std::fs::remove_dir_all(&temp);
        if let Some(place) = in_streams.or(in_files) {
            panic!("{}: a test key is in {place}", self.describe());
        }
        output
    }

    /// Runs it (as [`TestCommand::output`]) and panics, showing the whole
    /// run, unless it succeeded.
    #[track_caller]
    pub fn assert_success(&self) -> Output {
        let output = self.output();
        if !output.status.success() {
            self.fail("success", &output);
        }
        output
    }

    /// Runs it (as [`TestCommand::output`]) and panics, showing the whole
    /// run, unless it exited with `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> Output {
        let output = self.output();
        if output.status.code() != Some(code) {
            self.fail(&format!("exit code {code}"), &output);
        }
        output
    }

    /// Runs it with its stdout a pipe whose reader has already gone (as
    /// `| head` leaves it once it has its line): every write gets a broken
    /// pipe, at once and on every run. Returns the exit status and stderr.
    pub fn output_to_closed_pipe(&self) -> (ExitStatus, String) {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut command = self.command();
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped());
        let output = feed(command, &self.stdin);
        (
            output.status,
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// The values of the `*_KEY` variables given.
    fn keys(&self) -> Vec<&str> {
        self.env
            .iter()
            .filter(|(name, value)| name.ends_with("_KEY") && !value.is_empty())
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The binary and its arguments, for messages.
    fn describe(&self) -> String {
        let args: Vec<_> = self.args.iter().map(|a| a.to_string_lossy()).collect();
        format!("{} {args:?}", self.name)
    }

    #[track_caller]
    fn fail(&self, wanted: &str, output: &Output) -> ! {
        let dir = self.dir.as_ref().map_or_else(
            || "(the test's own)".to_string(),
            |d| d.display().to_string(),
        );
        panic!(
            "\n===== {}\nwanted: {wanted}\ngot: {}\ndirectory: {dir}\n----- stdout\n{}\n----- stderr\n{}\n=====\n",
            self.describe(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
    }
}

/// Spawns `command`, writes `stdin` to it from a thread of its own (the
/// binary may exit before reading everything, on an error), and waits.
fn feed(mut command: Command, stdin: &[u8]) -> Output {
    let mut child = command.spawn().expect("binary starts");
    let mut input = child.stdin.take().expect("piped stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("binary runs");
    writer.join().expect("stdin writer finishes");
    output
}

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

/// Runs so far in this test process (names their temporary directories).
static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Waits for `condition` to hold, checking every few milliseconds, for
/// at most `limit`; panics saying `what` did not happen in that time.
/// The limit is a hang guard, not a measure: the test waits for an event
/// (a file, a request, a line), never for time to pass.
#[track_caller]
pub fn wait_for(what: &str, limit: std::time::Duration, mut condition: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + limit;
    while !condition() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: not within {limit:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
