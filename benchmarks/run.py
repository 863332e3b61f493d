"""Benchmarks: every measure is a ratio against a baseline measured in the same run.

    python benchmarks/run.py               # every measure, 7 runs each (a few minutes)
    python benchmarks/run.py --runs 15     # steadier medians
    python benchmarks/run.py --markdown    # the README table, with date, machine and load
    python benchmarks/run.py --quick       # one run of each, small sizes (the test suite)

The subject and its baseline run alternately (A B A B ...), so both see the same
machine; each ratio is the median of the per-pair ratios, with their spread (the
25th to 75th percentile of the pairs). No fixed numbers: a busy or slow machine
moves both sides. Screens are read through a real pseudo-terminal with pyte, so
"painted" means the words are on the terminal's screen, as a person would see them.

Everything runs with a temporary HOME and XDG folders (never the user's):
- warm: one home, used once before the measured runs (the caches filled);
- cold: a fresh, empty home each run (no user content cache, no cached ui strings;
  Python's .pyc files are as installed, since pip compiles them);
- kiosk: a fresh home each run and a kiosk config (the kiosk reads no cache).
No timing assertion lives in the test suite; this script only reports.
"""

from __future__ import annotations

import argparse
import datetime
import fcntl
import json
import os
import platform
import pty
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

APP = [sys.executable, "-m", "sciatica_tui"]
BARE = [sys.executable, str(HERE / "bare_app.py")]
SETTLE = 1.0  # seconds after the screen is painted before peak memory is read
WELCOME_READ = 2.0  # seconds a person looks at the welcome before Enter (item 4, "after" rows)
FOLDERS = {"XDG_CONFIG_HOME": ".config", "XDG_DATA_HOME": ".local/share",
           "XDG_CACHE_HOME": ".cache", "XDG_STATE_HOME": ".local/state",
           "XDG_RUNTIME_DIR": "run", "XDG_DOCUMENTS_DIR": "Documents"}
Row = tuple[str, str, str, str, str]  # measure, ours, baseline, ratio (spread), target


class Failed(Exception):
    """A measure could not be taken (said in its row, never a traceback)."""


# -- homes and processes -------------------------------------------------------------

def make_home(base: Path) -> dict[str, str]:
    """Environment for a process living in the temporary home `base`."""
    base.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(base), "TERM": "xterm-256color", "LANG": "en_GB.UTF-8",
           "COLUMNS": "80", "LINES": "24"}
    for var, sub in FOLDERS.items():
        (base / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        env[var] = str(base / sub)
    # Bytecode caching as on a user's machine (this workplace turns it off); the
    # user's own cache override and colour choice do not apply.
    for var in ("PYTHONDONTWRITEBYTECODE", "SCIATICA_TUI_CACHE", "NO_COLOR"):
        env.pop(var, None)
    return env


def kiosk_config(base: Path) -> Path:
    from sciatica_tui.store.config import hash_pin

    path = base / "kiosk.toml"
    path.write_text(f'mode = "kiosk"\nadmin_pin_hash = "{hash_pin("2468", iterations=1000)}"\n')
    return path


class Pty:
    """One program in a pseudo-terminal (80x24), its screen read with pyte."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import pyte

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True)
        os.close(slave)
        self.maxrss_kib = 0

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def until(self, painted: Callable[[str], bool], timeout: float = 60) -> float | None:
        """The moment the screen's text first passes `painted` (perf_counter
        seconds); None when it never does (timeout, or the process ended)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    data = b""
                if not data:
                    break
                self.stream.feed(data)
                if painted(self.text()):
                    return time.perf_counter()
            elif self.proc.poll() is not None:
                break
        return None

    def wait_for(self, needle: str, timeout: float = 60) -> float:
        """The moment `needle` is first on the screen (perf_counter seconds)."""
        at = self.until(lambda text: needle in text, timeout)
        if at is not None:
            return at
        screen = self.text().strip()
        self.close()
        raise Failed(f"{needle!r} was not painted; the screen showed: "
                     f"{' / '.join(s.strip() for s in screen.splitlines() if s.strip())[:300]}")

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    self.stream.feed(os.read(self.master, 65536))
                except OSError:
                    return

    def send(self, keys: str) -> float:
        t0 = time.perf_counter()
        os.write(self.master, keys.encode())
        return t0

    def close(self) -> int:
        """Ends the program; its peak resident memory (KiB, from the kernel)."""
        if self.proc.returncode is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                _, _, usage = os.wait4(self.proc.pid, 0)
                self.maxrss_kib = usage.ru_maxrss
            except ChildProcessError:
                pass
            self.proc.returncode = -9
            os.close(self.master)
        return self.maxrss_kib


# -- statistics ----------------------------------------------------------------------

def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    pos = q * (len(values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def ratio_cell(ours: list[float], base: list[float]) -> tuple[float, str]:
    """The median of the pair ratios, and the cell 'median (p25-p75, n pairs)'."""
    ratios = [a / b for a, b in zip(ours, base, strict=True)]
    med = statistics.median(ratios)
    if len(ratios) < 2:
        return med, f"{med:.2f} (1 pair)"
    return med, (f"{med:.2f} ({_quantile(ratios, 0.25):.2f}-{_quantile(ratios, 0.75):.2f}, "
                 f"{len(ratios)} pairs)")


def target_cell(ratio: float, limit: float) -> str:
    if ratio <= limit:
        return f"<= {limit:g}: met"
    # Say so when two decimals would round a miss down to the target.
    return f"<= {limit:g}: NOT met" + (f" ({ratio:.3f})" if round(ratio, 2) <= limit else "")


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


def mib(values: list[float]) -> str:
    return f"{statistics.median(values) / 1024:.1f} MiB"


WARM_UP = True  # an unmeasured pair before each measure (not in --quick: see main)


def alternate(a: Callable[[], Any], b: Callable[[], Any], runs: int,
              warm_up: bool | None = None) -> tuple[list[Any], list[Any]]:
    """a, b, a, b ... (one unmeasured pair first), so both see the same machine."""
    if WARM_UP if warm_up is None else warm_up:
        a(), b()
    ra, rb = [], []
    for _ in range(runs):
        ra.append(a())
        rb.append(b())
    return ra, rb


# -- the interview, step by step -----------------------------------------------------

def _needle(prompt: str, before: str) -> str:
    """The first words of a question's prompt (on its first line), unlike `before`."""
    words, needle = prompt.split(), ""
    for word in words:
        needle = f"{needle} {word}".strip()
        if len(needle) >= 30 and not before.startswith(needle):
            break
    return needle[:60]


def _sample_value(q: Any, value: Any) -> Any:
    """The sample's answer to q, or "not sure" (or the lowest number) where it has none."""
    if value is None:
        value = ("unsure" if q.type == "yes_no_unsure" else
                 sorted(q.unknown_option_ids)[0] if q.unknown_option_ids else None)
        if value is None:
            value = int(q.min or 0) if q.type not in ("single", "multi") else q.option_ids[0]
    if q.type == "multi" and not isinstance(value, list):
        value = [value]
    return value


# What shows that the first screen of the questions is painted: the bare app's
# "Question 1 of", and the app's first group screen's title (groups.toml).
FIRST_SCREEN = "Signs that need help fast"


def walk_plan() -> list[tuple[str, str, str]]:
    """The keys for each screen from the first question to the review, answering as
    examples/self_care_disc.json does (in the session's order, which the TUI follows);
    the kind of screen ("one": one key answers and moves on; "group": a group
    screen, its lines answered one by one, then Next; "other": a checklist or a
    number, typed then Enter); the words that show the next screen is painted (the
    start of its question, or the review's title)."""
    from sciatica_tui.contentset.loader import load_content
    from sciatica_tui.core.session import Session

    content = load_content(user_cache=False)
    answers = json.loads((ROOT / "examples" / "self_care_disc.json").read_text())
    session = Session()
    plan: list[tuple[str, str]] = []
    prompts: list[str] = []
    for _ in range(300):
        step = session.next_step(content)
        if step.kind == "review":
            needles = [_needle(p, b) for p, b in zip(prompts[1:], prompts, strict=False)]
            return [(k, s, n) for (k, s), n in zip(plan, [*needles, "Check your answers"],
                                                  strict=True)]
        if step.kind == "urgent" or step.qid is None:
            raise Failed("the sample answers raise an urgent notice; the walk expects none")
        if step.kind == "group":
            # A group screen (groups.toml): a number key answers a line and moves to
            # the next; a 0-10 line takes its number and a checklist line its ticks,
            # each then Enter. Enter on Next at the end. Not timed as one key: it is
            # several answers on one screen.
            keys, last_scale = "", False
            for qid in step.qids:
                row = content.question(qid)
                value = _sample_value(row, answers.get(qid))
                if row.type in ("yes_no_unsure", "single"):
                    keys, last_scale = keys + str(row.option_ids.index(value) + 1), False
                elif row.type == "multi":  # a checklist line: its ticks, then Enter
                    ticks = "".join(str(row.option_ids.index(o) + 1) for o in value)
                    keys, last_scale = keys + ticks + "\r", True
                else:
                    keys, last_scale = keys + f"{value}\r", True
                session.record(content, qid, value)
            prompts.append(content.question(step.qids[0]).prompt["en"])
            plan.append((keys if last_scale else keys + "\r", "group"))
            continue
        q = content.question(step.qid)
        prompts.append(q.prompt["en"])
        value = _sample_value(q, answers.get(q.id))
        if q.type in ("yes_no_unsure", "single"):
            plan.append((str(q.option_ids.index(value) + 1), "one"))
        elif q.type == "multi":
            plan.append(("".join(str(q.option_ids.index(o) + 1) for o in value) + "\t\r",
                         "other"))
        else:
            plan.append((f"{value}\r", "other"))
        session.record(content, q.id, value)
    raise Failed("the walk did not reach the review")


def _changed(p: Pty, before: str, timeout: float = 60) -> float:
    """The moment the terminal's text first differs from `before`."""
    at = p.until(lambda text: text != before, timeout)
    if at is not None:
        return at
    p.close()
    raise Failed("a key changed nothing on the screen")


class BareSwitch:
    """The bare app switching to a new question screen on each key."""

    def __init__(self, env: dict[str, str]) -> None:
        self.p = Pty([*BARE, "switch"], env)
        self.n = 1

    def step(self) -> float:
        t0 = self.p.send("2")
        self.n += 1
        took = self.p.wait_for(f"Question {self.n} of") - t0
        self.p.drain(0.1)
        return took


def bench_keys(walks: int, home: Path) -> list[Row]:
    """Key -> next question painted, ours and the bare switch app side by side (a key
    to one, then a key to the other); a number key answering a line of a group
    screen (-> its answer painted) and the Enter that finishes a group (-> the next
    screen painted), each paired with a key to the bare app; then review -> results
    against the one-key steps of the same walk."""
    plan = walk_plan()
    env = make_home(home)
    ours_t: list[float] = []
    base_t: list[float] = []
    line_t: list[float] = []  # a group line answered: its mark painted
    line_base: list[float] = []
    finish_t: list[float] = []  # Enter on a group's Next: the next screen painted
    finish_base: list[float] = []
    results_t: list[float] = []
    step_t: list[float] = []  # the median question step of each walk
    for _ in range(walks):
        app, bare = Pty(APP, env), BareSwitch(env)
        try:
            app.wait_for("Start")
            app.send("\r")
            app.wait_for(FIRST_SCREEN)
            bare.p.wait_for("Question 1 of")
            app.drain(0.3)
            walk_steps = []
            for keys, kind, needle in plan:
                if kind == "other":
                    # A checklist or a number, typed as a quick person would (not
                    # timed: several keys, then Enter).
                    for key in keys:
                        app.send(key)
                        app.drain(0.03)
                    app.wait_for(needle)
                    app.drain(0.1)
                    continue
                if kind == "group":
                    # Each number key answers a line (its mark appears; a one-choice
                    # line also moves the focus on); Enter after a checklist or a 0-10
                    # line goes to the next line (nothing to see: not timed); the last
                    # Enter is Next, which shows the next screen.
                    for i, key in enumerate(keys):
                        last = i == len(keys) - 1
                        if key.isdigit():
                            before = app.text()
                            t0 = app.send(key)
                            line_t.append(_changed(app, before) - t0)
                            app.drain(0.1)
                            line_base.append(bare.step())
                        elif last:
                            t0 = app.send(key)
                            finish_t.append(app.wait_for(needle) - t0)
                            app.drain(0.1)
                            finish_base.append(bare.step())
                        else:
                            app.send(key)
                            app.drain(0.1)
                    if not keys.endswith("\r"):
                        app.wait_for(needle)
                    continue
                t0 = app.send(keys)
                walk_steps.append(app.wait_for(needle) - t0)
                app.drain(0.1)
                base_t.append(bare.step())
            ours_t += walk_steps
            app.drain(0.5)  # the review opens with "See my results" focused (U-B2)
            t0 = app.send("\r")
            # The sample answers give "look after it at home" (examples/self_care_disc.json).
            results_t.append(app.wait_for("LOOK AFTER IT AT HOME") - t0)
            step_t.append(statistics.median(walk_steps))
        finally:
            app.close()
            bare.p.close()
    k_ratio, k_cell = ratio_cell(ours_t, base_t)
    l_ratio, l_cell = ratio_cell(line_t, line_base)
    f_ratio, f_cell = ratio_cell(finish_t, finish_base)
    r_ratio, r_cell = ratio_cell(results_t, step_t)
    bare_cell = "bare app switching screens on a key"
    return [
        (f"1. key -> next question painted (pty; {len(ours_t)} one-key answers in {walks} "
         "full walks)", f"median {ms(ours_t)}, p90 {_quantile(ours_t, 0.9) * 1000:.0f} ms",
         f"{ms(base_t)}, {bare_cell}", k_cell, target_cell(k_ratio, 1.0)),
        (f"1. key -> a group line's answer painted (pty; {len(line_t)} lines)",
         f"median {ms(line_t)}, p90 {_quantile(line_t, 0.9) * 1000:.0f} ms",
         f"{ms(line_base)}, {bare_cell}", l_cell, target_cell(l_ratio, 1.0)),
        (f"1. Enter on a finished group -> next screen painted (pty; {len(finish_t)} groups)",
         f"median {ms(finish_t)}, p90 {_quantile(finish_t, 0.9) * 1000:.0f} ms",
         f"{ms(finish_base)}, {bare_cell}", f_cell, target_cell(f_ratio, 1.0)),
        ("2. review -> results painted (pty)", ms(results_t),
         f"{ms(step_t)}, a question step in the same walk", r_cell, target_cell(r_ratio, 1.5)),
    ]


def start_once(args: list[str], env: dict[str, str], idle: float = 0.0
               ) -> tuple[float, float, int]:
    """(first paint, Enter on Start -> first question painted, peak RSS KiB) of one
    fresh process; memory is read SETTLE seconds after the question is painted.
    `idle`: seconds between "Start" painted and Enter (0: at once, as soon as it
    is drawn; a person reads the welcome first)."""
    p = Pty(args, env)
    try:
        painted = p.wait_for("Start") - p.started
        if idle:
            p.drain(idle)
        t0 = p.send("\r")
        bare = args[:len(BARE)] == BARE
        question = p.wait_for("Question 1 of" if bare else FIRST_SCREEN) - t0
        p.drain(SETTLE)
    finally:
        rss = p.close()
    return painted, question, rss


def bench_start(runs: int, tmp: Path) -> list[Row]:
    """Start -> first question (warm, cold, kiosk) and peak memory, against the bare
    app pushing one screen, each in its own kind of home."""
    warm = make_home(tmp / "warm")
    counter = iter(range(10_000))

    def fresh() -> dict[str, str]:
        return make_home(tmp / f"fresh{next(counter)}")

    def no_pyc() -> dict[str, str]:
        # A fresh, empty bytecode folder: Python compiles every module it imports
        # from source (the first run of an install that did not compile them).
        env = fresh()
        env["PYTHONPYCACHEPREFIX"] = str(Path(env["HOME"]) / "pycache")
        return env

    config = kiosk_config(tmp)
    bare = [*BARE, "push"]
    cases: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "warm": (lambda: start_once(APP, warm), lambda: start_once(bare, warm)),
        "cold": (lambda: start_once(APP, fresh()), lambda: start_once(bare, warm)),
        "kiosk": (lambda: start_once([*APP, "--config", str(config)], fresh()),
                  lambda: start_once(bare, warm)),
        # Both sides without .pyc files: the baseline compiles Textual too.
        "cold, no .pyc": (lambda: start_once(APP, no_pyc()),
                          lambda: start_once(bare, no_pyc())),
    }
    # Enter pressed after the welcome has been on screen for a moment, as a person
    # reading it would (the first screen is built while the welcome waits); the
    # rows above press it the moment "Start" is drawn.
    read = f"Start after {WELCOME_READ:g} s on the welcome"
    later: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        f"warm, {read}": (lambda: start_once(APP, warm, WELCOME_READ),
                          lambda: start_once(bare, warm, WELCOME_READ)),
        f"kiosk, {read}": (lambda: start_once([*APP, "--config", str(config)], fresh(),
                                              WELCOME_READ),
                           lambda: start_once(bare, warm, WELCOME_READ)),
    }
    rows: list[Row] = []
    memory: list[Row] = []
    for name, (ours, baseline) in later.items():
        got, base = alternate(ours, baseline, runs)
        q_ratio, q_cell = ratio_cell([g[1] for g in got], [b[1] for b in base])
        rows.append((f"4. Start -> first question painted, {name}", ms([g[1] for g in got]),
                     f"{ms([b[1] for b in base])}, bare app pushing one screen (same wait)",
                     q_cell, target_cell(q_ratio, 1.2)))
    for name, (ours, baseline) in cases.items():
        # The warm case's unmeasured first pair fills its home's caches.
        got, base = alternate(ours, baseline, runs)
        if name in ("warm", "cold, no .pyc"):
            p_ratio, p_cell = ratio_cell([g[0] for g in got], [b[0] for b in base])
            rows.append((f"3. first paint (\"Start\" drawn), {name}", ms([g[0] for g in got]),
                         f"{ms([b[0] for b in base])}, bare app", p_cell,
                         target_cell(p_ratio, 1.15)))
        q_ratio, q_cell = ratio_cell([g[1] for g in got], [b[1] for b in base])
        rows.append((f"4. Start -> first question painted, {name}", ms([g[1] for g in got]),
                     f"{ms([b[1] for b in base])}, bare app pushing one screen", q_cell,
                     target_cell(q_ratio, 1.2)))
        m_ratio, m_cell = ratio_cell([g[2] for g in got], [b[2] for b in base])
        memory.append((f"5. peak RSS, {name} ({SETTLE:g} s after the first question)",
                       mib([g[2] for g in got]), f"{mib([b[2] for b in base])}, bare app",
                       m_cell, target_cell(m_ratio, 1.15)))
    first = [r for r in rows if "after" not in r[0]]
    return first + [r for r in rows if "after" in r[0]] + memory


def whole_process(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        line = (err.decode("utf-8", "replace").strip().splitlines() or ["(nothing)"])[-1]
        raise Failed(f"{' '.join(args[2:])} failed ({proc.returncode}): {line}")
    return elapsed


def bench_assess(runs: int, tmp: Path) -> list[Row]:
    """Each `assess` format, whole process, against `python -c "import pydantic"`.
    Twice as many pairs plus one as the other measures (15 by default): a process
    of 60-80 ms moves by a few milliseconds from run to run, as much as the
    differences measured, and 15 pairs take about 15 seconds in all."""
    runs = 2 * runs + 1
    env = make_home(tmp / "assess")
    answers = str(ROOT / "examples" / "self_care_disc.json")
    rows: list[Row] = []
    for fmt in ("text", "json", "html", "markdown", "fhir", "pdf"):
        out = tmp / f"out.{fmt}"
        ours, base = alternate(
            lambda fmt=fmt, out=out: whole_process(
                [*APP, "assess", "--answers", answers, "--format", fmt, "-o", str(out),
                 "--force"], env),
            lambda: whole_process([sys.executable, "-c", "import pydantic"], env), runs)
        ratio, cell = ratio_cell(ours, base)
        rows.append((f"6. `assess --format {fmt}`, whole process (warm home)", ms(ours),
                     f'{ms(base)}, `python -c "import pydantic"`', cell,
                     target_cell(ratio, 3.0 if fmt == "pdf" else 1.1)))
    return rows


def bench_screens(quick: bool) -> list[Row]:
    """Screens to a result: benchmarks/screens.py (from the interview work), if present."""
    script = HERE / "screens.py"
    if not script.exists():
        return [("8. screens to a result", "skipped: benchmarks/screens.py is not there yet",
                 "", "", "")]
    done = subprocess.run([sys.executable, str(script), *(["--quick"] if quick else [])],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    if done.returncode != 0:
        raise Failed(f"benchmarks/screens.py failed: {done.stderr.strip()[-300:]}")
    # screens.py prints | Vignette | Expected | Result | Screens | Alert at screen |:
    # a count, not a ratio, so the ratio cell stays empty; the target is a
    # self-care case in 12 screens or fewer, an emergency alert on screen 1.
    rows: list[Row] = []
    for line in done.stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| ") or set(line) <= set("|- ") or len(cells) < 4:
            continue
        if not cells[3].isdigit():
            continue  # the header
        vignette, expected, screens = cells[0], cells[1], int(cells[3])
        alert = cells[4] if len(cells) > 4 else ""
        target = (f"<= 12: {'met' if screens <= 12 else 'NOT met'}" if expected == "self_care"
                  else "")
        seen = f"{screens} screens" + (f"; alert at screen {alert}" if alert else "")
        rows.append((f"8. screens to a result: {vignette} ({expected})", seen, "", "", target))
    return rows or [("8. screens to a result", done.stdout.strip()[:200], "", "", "")]


def _tree_rss_kib(root: int) -> tuple[int, int]:
    """(resident memory in KiB, processes) of `root` and every process under it, now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    count += 1
        except OSError:
            continue
    return total, count


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def _browser_session(port: int, painted: Any, stop: Any) -> None:
    """One browser tab: a WebSocket to `serve`, its output read with pyte until
    "Start" is on the screen; held open until `stop` is set."""
    import aiohttp
    import pyte

    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as client, client.ws_connect(
            f"ws://127.0.0.1:{port}/ws?width=80&height=24", headers={"Origin": url}) as ws:
        await ws.send_json(["resize", {"width": 80, "height": 24}])
        while not painted.is_set():
            message = await ws.receive(timeout=60)
            if message.type == aiohttp.WSMsgType.BINARY:
                stream.feed(message.data)
                if "Start" in "\n".join(screen.display):
                    painted.set()
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                  aiohttp.WSMsgType.ERROR):
                raise Failed("the serve session closed before it painted")
        await stop.wait()


def serve_once(home: Path) -> tuple[float, int]:
    """(KiB the second browser session adds to the whole `serve` process tree,
    processes per session), each read SETTLE seconds after its screen is painted."""
    import asyncio

    env = make_home(home)
    port = _free_port()
    server = subprocess.Popen([*APP, "serve", "--port", str(port)], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                              start_new_session=True)

    async def measure() -> tuple[float, int]:
        end = time.perf_counter() + 60
        while True:  # until it listens
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() > end:
                    raise Failed("`serve` did not start listening") from None
                await asyncio.sleep(0.1)
        stop = asyncio.Event()
        readings, tasks = [], []
        for _ in range(2):
            painted = asyncio.Event()
            tasks.append(asyncio.create_task(_browser_session(port, painted, stop)))
            waiter = asyncio.create_task(painted.wait())
            done, _ = await asyncio.wait({waiter, tasks[-1]}, timeout=60,
                                         return_when=asyncio.FIRST_COMPLETED)
            if tasks[-1] in done:
                tasks[-1].result()  # raises what went wrong
            if waiter not in done:
                raise Failed("a `serve` session was not painted within 60 s")
            await asyncio.sleep(SETTLE)
            readings.append(_tree_rss_kib(server.pid))
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        (one, n1), (two, n2) = readings
        return two - one, n2 - n1

    try:
        return asyncio.run(measure())
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def tui_rss_once(home: Path) -> float:
    """Resident memory (KiB) of one terminal TUI, SETTLE seconds after "Start"."""
    p = Pty(APP, make_home(home))
    try:
        p.wait_for("Start")
        p.drain(SETTLE)
        return float(_tree_rss_kib(p.proc.pid)[0])
    finally:
        p.close()


def bench_serve(runs: int, tmp: Path) -> list[Row]:
    """`serve` memory per extra browser session against one terminal TUI process,
    both in the same warm home, read the same way (resident memory of the process
    tree, SETTLE seconds after "Start" is painted)."""
    import importlib.util

    if importlib.util.find_spec("textual_serve") is None:
        return [("7. `serve` memory per extra session", "skipped: textual-serve is not "
                 "installed (pip install 'sciatica-tui[serve]')", "", "", "")]
    home = tmp / "serve"
    got, base = alternate(lambda: serve_once(home), lambda: tui_rss_once(home), runs)
    ratio, cell = ratio_cell([float(g[0]) for g in got], base)
    procs = statistics.median(g[1] for g in got)
    return [("7. `serve` memory per extra session (resident, whole process tree)",
             f"{mib([g[0] for g in got])} ({procs:g} process{'' if procs == 1 else 'es'} "
             "per session)",
             f"{mib(base)}, one terminal TUI process (not the bare app)", cell,
             target_cell(ratio, 1.0))]


def bench_content(factors: tuple[int, ...]) -> list[Row]:
    """Validation time at 10x and 100x the shipped content against 1x, same run."""
    from sciatica_tui.contentset.loader import load_content

    times: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        roots = {f: _scaled_content(f, Path(tmp) / f"c{f}") for f in factors}
        load_content(roots[1], use_cache=False, user_cache=False)  # imports are not load time
        for _ in range(3):
            for factor in factors:
                start = time.perf_counter()
                load_content(roots[factor], use_cache=False, user_cache=False)
                times.setdefault(factor, []).append(time.perf_counter() - start)
    rows: list[Row] = []
    for factor in factors[1:]:
        ratio, cell = ratio_cell(times[factor], times[1])
        rows.append((f"9. content validation (no cache), {factor}x the content", ms(times[factor]),
                     f"{ms(times[1])}, 1x", cell,
                     f"linear, <= {factor}: {'met' if ratio <= factor else 'NOT met'}"))
    return rows


def _scaled_content(factor: int, into: Path) -> Path:
    """The shipped content with every question, flag, cause and step copied
    `factor` times under new ids (conditions point at the copies)."""
    import tomllib

    from sciatica_tui.store.paths import default_content_dir

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



MEASURES = ("keys", "start", "assess", "serve", "screens", "content")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7,
                        help="measured pairs of each start measure (default 7; each "
                             "assess measure takes twice as many plus one)")
    parser.add_argument("--walks", type=int, default=3,
                        help="full walks for key and results measures (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help="one run of everything, small sizes: checks the script works "
                             "(the test suite runs this; its numbers mean little)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the README table with the date, machine and load")
    parser.add_argument("--only", nargs="*", default=list(MEASURES), choices=MEASURES)
    args = parser.parse_args()
    if args.quick:
        # Only that it works: one pair each, and no unmeasured pair before it (the
        # test suite runs this; it was the suite's longest test).
        global WARM_UP
        args.runs, args.walks, WARM_UP = 1, 1, False
    load_at_start = os.getloadavg()
    began = datetime.datetime.now(datetime.UTC)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sciatica-bench-") as tmp_name:
        tmp = Path(tmp_name)
        # This process loads content too: it gets a temporary home like the rest.
        os.environ.update({k: v for k, v in make_home(tmp / "self").items()
                           if k == "HOME" or k.startswith("XDG_")})
        os.environ.pop("SCIATICA_TUI_CACHE", None)
        steps: dict[str, Callable[[], list[Row]]] = {
            "keys": lambda: bench_keys(args.walks, tmp / "keys"),
            "start": lambda: bench_start(args.runs, tmp),
            "assess": lambda: bench_assess(args.runs, tmp),
            "serve": lambda: bench_serve(min(args.runs, 3), tmp),
            "screens": lambda: bench_screens(args.quick),
            "content": lambda: bench_content((1, 10) if args.quick else (1, 10, 100)),
        }
        for name in args.only:
            took = time.perf_counter()
            try:
                rows += steps[name]()
            except Failed as exc:
                rows.append((f"{name}: could not measure", str(exc), "", "", ""))
            print(f"done: {name} ({time.perf_counter() - took:.0f} s)", file=sys.stderr,
                  flush=True)
    import textual

    def number(row: Row) -> int:  # the table in measure order (a stable sort)
        head = row[0].split(".", 1)[0]
        return int(head) if head.isdigit() else 99

    rows.sort(key=number)
    if args.markdown:
        print(f"Run {began:%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs "
              f"(nproc), load average at start {load_at_start[0]:.2f} / {load_at_start[1]:.2f} / "
              f"{load_at_start[2]:.2f} (1 / 5 / 15 min); Python {platform.python_version()}, "
              f"Textual {textual.__version__}, {platform.system()} {platform.release()}; "
              f"{args.runs} pairs per start measure, {2 * args.runs + 1} per assess measure, "
              f"{args.walks} walks.\n")
    print("| measure | sciatica-tui | baseline (same run) | ratio (p25-p75) | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
