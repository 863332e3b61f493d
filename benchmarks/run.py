"""Benchmarks: ratios against a baseline measured in the same run.

    python benchmarks/run.py            # all six, a Markdown table at the end
    python benchmarks/run.py --runs 21  # more runs for steadier medians

1. cold start to the first interactive screen (whole process, in a pty), against
   benchmarks/bare_app.py; 2. peak memory (RSS) of the same; 3. key press to the
   next question painted, in process; 4. headless `assess`, whole process, against
   `python -c "import pydantic"`; 5. engine assessments per second; 6. content
   load and validation time at 1x, 10x and 100x the shipped content.
Times are medians; a ratio is the median of the ratios of each alternating pair.
No timing assertion lives in the test suite; this script only reports.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import pty
import random
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _env() -> dict[str, str]:
    # Bytecode caching as on a user's machine (this workplace turns it off).
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


SETTLE = 1.5  # seconds after the first screen before reading peak memory


def start_to_screen(args: list[str], marker: bytes, timeout: float = 30) -> tuple[float, int]:
    """(seconds until `marker` is drawn, peak RSS in KiB) for one process in a pty.

    Memory is read SETTLE seconds after the first screen, so work deferred past the
    first paint (loading content) is counted too."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=_env(),
                            start_new_session=True)
    os.close(slave)
    seen = b""
    elapsed = float("nan")
    settle_until = 0.0
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.01)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker in seen and elapsed != elapsed:  # first time (nan != nan)
                    elapsed = time.perf_counter() - start
                    settle_until = time.perf_counter() + SETTLE
            if elapsed == elapsed and time.perf_counter() >= settle_until:
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        _, _, usage = os.wait4(proc.pid, 0)
        os.close(master)
    return elapsed, usage.ru_maxrss


def whole_process(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{args} failed with status {status}")
    return time.perf_counter() - start, usage.ru_maxrss


def paired_ratio(ours: list[float], base: list[float]) -> float:
    """The median of the ratios of each alternating pair: each pair ran back to back,
    so it saw the same machine, and the median of pairs shrugs off a machine that
    speeds up or slows down during the run (shared VMs do)."""
    return statistics.median(a / b for a, b in zip(ours, base, strict=True))


def alternate(a, b, runs: int) -> tuple[list, list]:
    """Run a and b alternately (warm-up first), so both see the same machine."""
    a(), b()
    ra, rb = [], []
    for _ in range(runs):
        ra.append(a())
        rb.append(b())
    return ra, rb


def bench_start(runs: int) -> list[tuple[str, str, str, str]]:
    app = [sys.executable, "-m", "sciatica_tui"]
    bare = [sys.executable, str(HERE / "bare_app.py")]
    # "Start" is drawn on sciatica-tui's welcome screen only once content is loaded.
    ours, base = alternate(lambda: start_to_screen(app, b"Start"),
                           lambda: start_to_screen(bare, b"Start"), runs)
    t_ours = statistics.median(t for t, _ in ours)
    t_base = statistics.median(t for t, _ in base)
    m_ours = statistics.median(m for _, m in ours) / 1024
    m_base = statistics.median(m for _, m in base) / 1024
    t_ratio = paired_ratio([t for t, _ in ours], [t for t, _ in base])
    m_ratio = paired_ratio([m for _, m in ours], [m for _, m in base])
    return [
        ("1. cold start to first interactive screen", f"{t_ours * 1000:.0f} ms",
         f"{t_base * 1000:.0f} ms (bare Textual app)", f"{t_ratio:.2f} (target <= 1.15)"),
        ("2. peak memory (RSS)", f"{m_ours:.1f} MiB", f"{m_base:.1f} MiB (bare Textual app)",
         f"{m_ratio:.2f} (target <= 1.3)"),
    ]


def bench_assess(runs: int) -> list[tuple[str, str, str, str]]:
    answers = str(ROOT / "examples" / "self_care_disc.json")
    ours, base = alternate(
        lambda: whole_process([sys.executable, "-m", "sciatica_tui", "assess",
                               "--answers", answers]),
        lambda: whole_process([sys.executable, "-c", "import pydantic"]), runs)
    t_ours = statistics.median(t for t, _ in ours)
    t_base = statistics.median(t for t, _ in base)
    t_ratio = paired_ratio([t for t, _ in ours], [t for t, _ in base])
    return [("4. headless `assess`, whole process", f"{t_ours * 1000:.0f} ms",
             f'{t_base * 1000:.0f} ms (python -c "import pydantic")',
             f"{t_ratio:.2f} (target <= 1.3)")]


def bench_keys(walks: int) -> list[tuple[str, str, str, str]]:
    from textual import events

    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.question import QuestionScreen

    latencies: list[float] = []

    async def one_walk() -> None:
        app = SciaticaApp(cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.click("#start")
            await pilot.pause()
            driver = app._driver
            writes: list[float] = []
            real_write = driver.write

            def timed_write(data: str) -> None:
                writes.append(time.perf_counter())
                real_write(data)

            driver.write = timed_write  # type: ignore[method-assign]
            for _ in range(18):  # the red-flag questions, answered "No" (key 2)
                old = app.screen
                if not isinstance(old, QuestionScreen) or old.q.type != "yes_no_unsure":
                    break
                writes.clear()
                t0 = time.perf_counter()
                app.post_message(events.Key("2", "2"))
                while not (app.screen is not old and app.screen.is_mounted
                           and writes and writes[-1] > t0 and _painted(app)):
                    await asyncio.sleep(0.0005)
                latencies.append(writes[-1] - t0)
                await pilot.pause()

    def _painted(app) -> bool:
        return getattr(app.screen, "armed", False)

    for _ in range(walks):
        asyncio.run(one_walk())
    med, p95 = statistics.median(latencies), _quantile(latencies, 0.95)
    return [("3. key press to next question painted", f"median {med * 1000:.1f} ms, "
             f"p95 {p95 * 1000:.1f} ms ({len(latencies)} presses)", "one frame at 60 Hz: 16.7 ms",
             f"{med / (1 / 60):.2f} of a frame (targets: median <= 16 ms, p95 <= 50 ms)")]


def bench_engine(seconds: float = 2.0) -> list[tuple[str, str, str, str]]:
    from sciatica_tui.engine import assess
    from sciatica_tui.loader import load_content

    content = load_content()
    rng = random.Random(1)
    sets = []
    for _ in range(500):
        answers: dict = {}
        for q in content.questions:
            if rng.random() < 0.2:
                continue
            if q.type in ("yes_no_unsure", "single"):
                answers[q.id] = rng.choice(q.option_ids)
            elif q.type == "multi":
                answers[q.id] = rng.sample(q.option_ids, rng.randint(1, 2))
            else:
                answers[q.id] = rng.randint(int(q.min or 0), int(q.max or 10))
        sets.append(answers)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for answers in sets:
            assess(content, answers)
        n += len(sets)
    rate = n / (time.perf_counter() - start)
    return [("5. engine throughput (random valid answer sets)", f"{rate:,.0f} per second",
             "target 10,000 per second", f"{rate / 10_000:.2f} of target")]


def _scaled_content(factor: int, into: Path) -> Path:
    """The shipped content with every question, flag, cause and step copied
    `factor` times under new ids (conditions point at the copies)."""
    import tomllib

    from sciatica_tui.loader import default_content_dir

    src = Path(default_content_dir())
    shutil.copytree(src, into)
    if factor == 1:
        return into
    import re

    files = ["questions.toml", "red_flags.toml", "causes.toml", "first_steps.toml", "rules.toml"]
    ids = set()
    for name in files:
        data = tomllib.loads((src / name).read_text())
        for items in data.values():
            ids.update(i["id"] for i in items if isinstance(i, dict))
    pattern = re.compile(r'(?<![\w.])"(' + "|".join(sorted(map(re.escape, ids), key=len,
                                                              reverse=True)) + r')"')
    for name in files:
        text = (src / name).read_text()
        head, sep, body = text.partition("\n[[")
        copies = [text]
        for k in range(1, factor):
            copies.append("\n[[" + pattern.sub(lambda m, k=k: f'"{m.group(1)}_x{k}"', body))
        (into / name).write_text("".join(copies))
    # Every copied red flag joins its original's concern group.
    concerns = (src / "concerns.toml").read_text()
    concerns = re.sub(r"(?m)^flags = \[(.*?)\]", lambda m: "flags = [" + ", ".join(
        [f'"{f}"' for f in re.findall(r'"([^"]+)"', m.group(1))]
        + [f'"{f}_x{k}"' for k in range(1, factor) for f in re.findall(r'"([^"]+)"', m.group(1))]
    ) + "]", concerns, flags=re.S)
    (into / "concerns.toml").write_text(concerns)
    # Sample patients answer the copied questions the same way, so their
    # expected results (checked on load) still hold.
    out, in_answers = [], False
    for line in (src / "samples.toml").read_text().splitlines():
        out.append(line)
        if line.startswith("["):
            in_answers = line == "[sample.answers]"
        elif in_answers and " = " in line:
            key, value = line.split(" = ", 1)
            out += [f"{key}_x{k} = " + pattern.sub(lambda m, k=k: f'"{m.group(1)}_x{k}"', value)
                    for k in range(1, factor)]
    (into / "samples.toml").write_text("\n".join(out) + "\n")
    return into


def bench_content(factors: tuple[int, ...] = (1, 10, 100)) -> list[tuple[str, str, str, str]]:
    from sciatica_tui.loader import load_content

    rows, times = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            root = _scaled_content(factor, Path(tmp) / f"c{factor}")
            if factor == factors[0]:  # warm-up: imports (pydantic, the models) are not load time
                load_content(root, use_cache=False, user_cache=False)
            samples = []
            for _ in range(3 if factor < 100 else 1):
                start = time.perf_counter()
                load_content(root, use_cache=False, user_cache=False)
                samples.append(time.perf_counter() - start)
            times[factor] = statistics.median(samples)
    for factor in factors:
        rows.append((f"6. content load + validation, {factor}x", f"{times[factor] * 1000:.0f} ms",
                     "1x", f"{times[factor] / times[1]:.1f}x the time for {factor}x the content"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each command (default 11)")
    parser.add_argument("--quick", action="store_true",
                        help="one run of everything, small sizes: checks the script works "
                             "(the test suite runs this; its numbers mean little)")
    parser.add_argument("--only", nargs="*", default=["start", "keys", "assess", "engine",
                                                       "content"])
    args = parser.parse_args()
    if args.quick:
        args.runs = 1
    rows = []
    if "start" in args.only:
        rows += bench_start(args.runs)
    if "keys" in args.only:
        rows += bench_keys(1 if args.quick else 6)
    if "assess" in args.only:
        rows += bench_assess(args.runs)
    if "engine" in args.only:
        rows += bench_engine(0.2 if args.quick else 2.0)
    if "content" in args.only:
        rows += bench_content((1, 10) if args.quick else (1, 10, 100))
    import textual

    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, Textual {textual.__version__}, {platform.system()} "
          f"{platform.release()}; {args.runs} runs each, medians.\n")
    print("| benchmark | sciatica-tui | baseline | ratio |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
