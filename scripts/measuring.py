"""One run of a command, measured from a child process of its own: the
probe that scripts/bench-adversarial and scripts/complexity-fuzz share.

CPU time (user + system) is what grows with the work: on a machine shared
with builds the wall time of a niced run is mostly waiting. The wall time
is kept beside it for the reader. The peak RSS is the child's alone, which
is why the run goes through a Python child of its own (RUSAGE_CHILDREN of
this process would hold every run before it)."""

import subprocess
import sys

PROBE = (
    "import resource,subprocess,sys,time;"
    "s=time.perf_counter();"
    "t=None\n"
    "try:\n"
    " subprocess.run(sys.argv[3:],stdin=open(sys.argv[1],'rb'),stdout=subprocess.DEVNULL,"
    "stderr=subprocess.DEVNULL,timeout=float(sys.argv[2]));t=time.perf_counter()-s\n"
    "except subprocess.TimeoutExpired:\n pass\n"
    "u=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(t, u.ru_utime+u.ru_stime, u.ru_maxrss)"
)


def run(command, stdin_path, limit, env=None):
    """(CPU seconds, wall seconds, peak RSS in KiB) of `command` reading
    `stdin_path`; both times None when it ran past `limit` wall seconds."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, stdin_path, str(limit)] + command,
        capture_output=True, text=True, env=env,
    )
    wall, cpu, peak = out.stdout.split()
    if wall == "None":
        return None, None, int(peak)
    return float(cpu), float(wall), int(peak)
