//! What the machine can do for a test: mount a small or read-only file
//! system, and measure a process's peak memory.

use std::path::Path;
use std::time::Duration;

/// Mounts a tmpfs of `size` at `dir` (read-only with `ro`); false when this
/// process may not mount (not root, or no capability).
pub fn mount_tmpfs(dir: &Path, size: &str, ro: bool) -> bool {
    std::fs::create_dir_all(dir).expect("mkdir");
    let options = format!("size={size}{}", if ro { ",ro" } else { "" });
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &options, "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Unmounts what [`mount_tmpfs`] mounted.
pub fn unmount(dir: &Path) {
    let _ = std::process::Command::new("umount").arg(dir).status();
}

/// The peak resident memory of a running process, in KiB, polled from
/// `/proc` until it exits (the high-water mark only grows).
pub fn peak_kib_until_exit(child: &mut std::process::Child) -> u64 {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if child.try_wait().expect("wait").is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
