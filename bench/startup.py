"""Benchmark: start-up of the `accord` command, as a user meets it.

Runs each command in a fresh Python process several times, output discarded, and
reports per command the CPU time of the child (user + system, from `resource`) and its
wall time: minimum and median over the repeats. The commands are ``accord --help`` and
``accord run istanbul-2022`` (the reference case: loading and checking the scenario and
its variants, the run, the historical texts scored at its end, and the tables).
Prints one JSON document.

Run:

    python bench/startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

COMMANDS = {
    "help": ["--help"],
    "run istanbul-2022": ["run", "istanbul-2022"],
}


# As a user runs it: Python keeps the modules' compiled bytecode (the untimed first run
# writes it), whatever this shell says.
AS_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(arguments: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one `accord` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "accord", *arguments],
        stdout=subprocess.DEVNULL,
        check=True,
        env=AS_INSTALLED,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def summary(samples: list[float]) -> dict[str, float]:
    """Minimum and median of a list of seconds, rounded to the millisecond."""
    return {"min": round(min(samples), 3), "median": round(statistics.median(samples), 3)}


def measure(arguments: list[str], repeat: int) -> dict[str, Any]:
    """Time one command `repeat` times, after one untimed run."""
    timed(arguments)
    runs = [timed(arguments) for _ in range(repeat)]
    return {
        "cpu_s": summary([cpu for cpu, _ in runs]),
        "wall_s": summary([wall for _, wall in runs]),
    }


def main() -> None:
    """Time every command and print the report as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per command")
    repeat = parser.parse_args().repeat
    report = {
        "commands": {name: measure(arguments, repeat) for name, arguments in COMMANDS.items()},
        "repeat": repeat,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
