#!/usr/bin/env python3
"""Mutation check: do the unit tests catch one-line semantic changes?

Reads a list of mutants (tools/mutants.txt; the format is described there). Each mutant is a
file, a snippet of its text that must occur exactly once, the snippet's replacement and a
one-line description. The snippet, not a line number, locates the change, so the list stays
valid while the files around it are edited; a snippet that is no longer found (or found more
than once) is an error, a "stale mutant", never skipped in silence.

The mutants are applied one at a time to a scratch copy of the tree (<work>/src, default
build-mutation/src), never to the tree itself, and the scratch copy is restored after each
one, also on Ctrl-C or SIGTERM (try/finally and signal handlers). The scratch copy has its own
build (<work>/build, Release); after the first run the builds are incremental.

  full mode (default): rebuild dcsim_tests and the dcsim program, run every unit test
      (the dcsim_tests binary: what ctest -LE "fuzz|reproduction" runs, minus the install check).
      The objects a mutant recompiled are put back after it, so the next mutant rebuilds only
      what it changes.
  tests mode (a mutant with `tests = ...`): for a header included by nearly every file, where
      rebuilding everything per mutant would take most of an hour on one core. Only the listed
      test files are compiled (flags from compile_commands.json), linked as dcsim_tests is, with
      the library as already built, and run. A lower bound: tests elsewhere are not run.

A mutant is killed when its tests fail, crash or time out (a hang counts as killed), survived
when they pass; a mutant that does not compile is reported as invalid (an error in the list).
Prints killed/survived per mutant and the score killed / (killed + survived); exits non-zero
when any mutant is stale, ambiguous or invalid, or when the score is below --min-score.

Needs only python3, cmake and the build's compiler.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ("file", "find", "replace", "what", "tests")
SKIP_DIRS = {".git", "results", ".vendor"}


class Mutant:
    def __init__(self, ident, line):
        self.id = ident
        self.line = line  # where it is in the list, for error messages
        self.file = self.find = self.replace = self.what = None
        self.tests = []


def parse_list(path):
    mutants, current = [], None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            header = re.fullmatch(r"\[([A-Za-z0-9_.-]+)\]\s*", line)
            if header:
                current = Mutant(header.group(1), number)
                mutants.append(current)
                continue
            m = re.match(r"(\w+) = (.*)$", line)
            if not m or m.group(1) not in KEYS or current is None:
                sys.exit(f"{path}:{number}: expected [id] or one of {', '.join(KEYS)} as 'key = value', found {line!r}")
            key, value = m.group(1), m.group(2)
            if key == "tests":
                current.tests = value.split()
            else:
                setattr(current, key, value)
    ids = set()
    for m in mutants:
        missing = [k for k in ("file", "find", "replace", "what") if getattr(m, k) is None]
        if missing:
            sys.exit(f"{path}:{m.line}: mutant [{m.id}] lacks {', '.join(missing)}")
        if m.find == m.replace:
            sys.exit(f"{path}:{m.line}: mutant [{m.id}] replaces its snippet with itself")
        if m.id in ids:
            sys.exit(f"{path}:{m.line}: mutant id [{m.id}] is listed twice")
        ids.add(m.id)
    return mutants


# ---- the scratch copy ------------------------------------------------------------------------


def tree_files(work):
    work = os.path.abspath(work)
    for top, dirs, files in os.walk(ROOT):
        rel_top = os.path.relpath(top, ROOT)
        keep = []
        for d in dirs:
            full = os.path.join(top, d)
            if rel_top == "." and (d in SKIP_DIRS or d.startswith("build")):
                continue
            if os.path.abspath(full) == work:
                continue
            keep.append(d)
        dirs[:] = keep
        for name in files:
            yield os.path.normpath(os.path.join(rel_top, name))


def same_content(a, b):
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def sync(src, work):
    """Makes src a copy of the tree. A file that differs (or a left-over mutant from a killed
    run) is copied with the mtime of now, so whatever was built from the old text is rebuilt."""
    wanted = set()
    changed = 0
    for rel in tree_files(work):
        wanted.add(rel)
        a, b = os.path.join(ROOT, rel), os.path.join(src, rel)
        if os.path.exists(b) and same_content(a, b):
            continue
        os.makedirs(os.path.dirname(b), exist_ok=True)
        shutil.copyfile(a, b)
        shutil.copymode(a, b)
        changed += 1
    for top, _, files in os.walk(src):
        for name in files:
            rel = os.path.relpath(os.path.join(top, name), src)
            if rel not in wanted:
                os.remove(os.path.join(top, name))
                changed += 1
    return changed


# ---- processes -------------------------------------------------------------------------------


def run(cmd, cwd, log, timeout=None):
    """Runs cmd in its own process group, output to the log file; returns (returncode or None on
    timeout, seconds). On any exception (Ctrl-C) the whole group is killed first."""
    start = time.monotonic()
    with open(log, "ab") as out:
        out.write(("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n").encode())
        out.flush()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            rc = None
        except BaseException:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
            raise
    return rc, time.monotonic() - start


def first_failure(log):
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"\[  FAILED  \] ([^\s,]+)", line)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return None


# ---- the check -------------------------------------------------------------------------------


class Check:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.src = os.path.join(self.work, "src")
        self.build = os.path.join(self.work, "build")
        self.logs = os.path.join(self.work, "logs")
        self.test_exe = os.path.join(self.build, "tests", "dcsim_tests")
        self.gtest = ["--gtest_brief=1", "--gtest_fail_fast"]
        self.restore = []  # (path, saved copy) to put back, in order

    # file backups: copy2 keeps the mtime, so make sees what it saw before the mutant
    def save(self, path, tag):
        saved = os.path.join(self.work, "saved", tag + "_" + path.replace(os.sep, "_"))
        os.makedirs(os.path.dirname(saved), exist_ok=True)
        shutil.copy2(path, saved)
        self.restore.append((path, saved))

    def put_back(self):
        while self.restore:
            path, saved = self.restore.pop()
            shutil.copy2(saved, path)
            os.remove(saved)

    def build_targets(self, log):
        cmd = ["cmake", "--build", self.build, "-j", str(self.args.jobs), "--target", "dcsim_tests", "dcsim_cli"]
        return run(cmd, self.work, log, self.args.build_timeout)

    def prepare(self):
        os.makedirs(self.logs, exist_ok=True)
        changed = sync(self.src, self.work)
        print(f"== scratch copy {self.src}: {changed} file(s) updated", flush=True)
        log = os.path.join(self.logs, "baseline.log")
        if os.path.exists(log):
            os.remove(log)
        if not os.path.exists(os.path.join(self.build, "CMakeCache.txt")) or changed:
            rc, _ = run(["cmake", "-S", self.src, "-B", self.build, "-DCMAKE_BUILD_TYPE=Release",
                         "-DDCSIM_BUILD_BENCH=OFF", "-DDCSIM_BUILD_EXAMPLES=OFF", "-DDCSIM_INSTALL=OFF"], self.work, log)
            if rc != 0:
                sys.exit(f"configuring the scratch build failed: see {log}")
        print("== baseline build (incremental)", flush=True)
        rc, secs = self.build_targets(log)
        if rc != 0:
            sys.exit(f"the unmutated tree does not build: see {log}")
        rc, secs = run([self.test_exe] + self.gtest, self.build, log, self.args.build_timeout)
        if rc != 0:
            sys.exit(f"the unmutated tree fails its tests ({first_failure(log)}): see {log}")
        self.timeout = self.args.timeout or max(60.0, 4 * secs + 30)
        print(f"== baseline: every unit test passes in {secs:.1f} s; per-mutant test timeout {self.timeout:.0f} s", flush=True)
        with open(os.path.join(self.build, "compile_commands.json"), encoding="utf-8") as f:
            self.compile_commands = {os.path.normpath(e["file"]): e for e in json.load(f)}

    def locate(self, m):
        """'ok', 'stale' or 'ambiguous' (the snippet must occur exactly once)."""
        path = os.path.join(self.src, m.file)
        if not os.path.isfile(path):
            return "stale", f"no file {m.file}"
        with open(path, encoding="utf-8") as f:
            n = f.read().count(m.find)
        if n == 0:
            return "stale", f"snippet not found in {m.file}"
        if n > 1:
            return "ambiguous", f"snippet found {n} times in {m.file}"
        for t in m.tests:
            if not os.path.isfile(os.path.join(self.src, t)):
                return "stale", f"no test file {t}"
        return "ok", ""

    def dependents(self, path):
        """Objects of the scratch build compiled from or including `path` (from the .d files)."""
        objs = []
        pattern = re.compile(r"(^|\s)" + re.escape(path) + r"(\s|\\|$)", re.M)
        for top, _, files in os.walk(self.build):
            for name in files:
                if name.endswith(".o.d"):
                    with open(os.path.join(top, name), encoding="utf-8", errors="replace") as f:
                        if pattern.search(f.read()):
                            objs.append(os.path.join(top, name[:-2]))
        return objs

    def apply(self, m, path):
        before = os.path.getmtime(path)
        self.save(path, "src")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(m.find, m.replace, 1))
        now = time.time()
        os.utime(path, (now, max(now, before + 1)))  # newer than every object: make rebuilds

    def run_full(self, m, path, log):
        for obj in self.dependents(path):
            for f in (obj, obj + ".d"):
                if os.path.exists(f):
                    self.save(f, "obj")
        for f in (os.path.join(self.build, "lib", "libdcsim.a"), self.test_exe, os.path.join(self.build, "dcsim")):
            self.save(f, "bin")
        self.apply(m, path)
        rc, build_s = self.build_targets(log)
        if rc != 0:
            return "invalid", "does not compile" if rc is not None else "build timed out", build_s, 0.0
        rc, test_s = run([self.test_exe] + self.gtest, self.build, log, self.timeout)
        return self.verdict(rc, log), "", build_s, test_s

    def run_tests_mode(self, m, path, log):
        self.apply(m, path)
        objdir = os.path.join(self.work, "mutant-objs")
        shutil.rmtree(objdir, ignore_errors=True)
        os.makedirs(objdir)
        start = time.monotonic()
        objs = []
        for t in m.tests:
            entry = self.compile_commands.get(os.path.normpath(os.path.join(self.src, t)))
            if entry is None:
                return "stale", f"{t} is not compiled into dcsim_tests", 0.0, 0.0
            args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
            obj = os.path.join(objdir, t.replace(os.sep, "_") + ".o")
            out, i = [], 0
            while i < len(args):
                if args[i] == "-o":
                    out += ["-o", obj]
                    i += 2
                    continue
                if args[i] in ("-MT", "-MF"):
                    i += 2
                    continue
                if args[i] == "-MD":
                    i += 1
                    continue
                out.append(args[i])
                i += 1
            rc, _ = run(out, entry["directory"], log, self.args.build_timeout)
            if rc != 0:
                return "invalid", "does not compile", time.monotonic() - start, 0.0
            objs.append(obj)
        link_dir = os.path.join(self.build, "tests")
        with open(os.path.join(link_dir, "CMakeFiles", "dcsim_tests.dir", "link.txt"), encoding="utf-8") as f:
            link = shlex.split(f.read().strip())
        exe = os.path.join(objdir, "mutant_tests")
        out, placed, i = [], False, 0
        while i < len(link):
            a = link[i]
            if a == "-o":
                out += ["-o", exe]
                i += 2
                continue
            if a.endswith(".o") and "dcsim_tests.dir" in a:
                if not placed:
                    out += objs
                    placed = True
                i += 1
                continue
            out.append(a)
            i += 1
        rc, _ = run(out, link_dir, log, self.args.build_timeout)
        build_s = time.monotonic() - start
        if rc != 0:
            return "invalid", "does not link", build_s, 0.0
        rc, test_s = run([exe] + self.gtest, self.build, log, self.timeout)
        return self.verdict(rc, log), "", build_s, test_s

    @staticmethod
    def verdict(rc, log):
        if rc is None:
            with open(log, "a", encoding="utf-8") as f:
                f.write("== timed out: counted as killed\n")
            return "killed"
        return "survived" if rc == 0 else "killed"

    def mutate(self, m):
        log = os.path.join(self.logs, m.id + ".log")
        if os.path.exists(log):
            os.remove(log)
        state, why = self.locate(m)
        if state != "ok":
            return state, why, 0.0, 0.0, None
        path = os.path.join(self.src, m.file)
        with open(os.path.join(self.work, "IN_PROGRESS"), "w", encoding="utf-8") as f:
            f.write(m.id + "\n")
        try:
            if m.tests:
                state, why, b, t = self.run_tests_mode(m, path, log)
            else:
                state, why, b, t = self.run_full(m, path, log)
        finally:
            self.put_back()
            os.remove(os.path.join(self.work, "IN_PROGRESS"))
        return state, why, b, t, (first_failure(log) if state == "killed" else None)


def interrupt(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", default=os.path.join(ROOT, "tools", "mutants.txt"), help="the mutant list")
    parser.add_argument("--work", default=os.path.join(ROOT, "build-mutation"), help="scratch copy and its build")
    parser.add_argument("--only", default=None, help="a regular expression: only mutants whose id or file matches")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="build jobs (default 1)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per mutant's test run (default 4x baseline + 30)")
    parser.add_argument("--build-timeout", type=float, default=3600.0, help="seconds per build")
    parser.add_argument("--min-score", type=float, default=90.0, help="exit 1 when the score (percent) is below")
    parser.add_argument("--check-list", action="store_true", help="only check that every snippet is found once; no build")
    args = parser.parse_args()

    mutants = parse_list(args.list)
    if args.only:
        rx = re.compile(args.only)
        mutants = [m for m in mutants if rx.search(m.id) or rx.search(m.file)]
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, interrupt)

    if args.check_list:  # against the tree itself: read only
        errors = 0
        for m in mutants:
            path = os.path.join(ROOT, m.file)
            n = open(path, encoding="utf-8").read().count(m.find) if os.path.isfile(path) else 0
            if n != 1:
                errors += 1
                print(f"{'stale' if n == 0 else 'ambiguous'} mutant [{m.id}]: snippet found {n} times in {m.file}")
        print(f"{len(mutants)} mutants, {errors} stale or ambiguous")
        return 1 if errors else 0

    check = Check(args)
    try:
        check.prepare()
        results = []
        width = max(len(m.id) for m in mutants)
        for i, m in enumerate(mutants, 1):
            state, why, b, t, killer = check.mutate(m)
            results.append((m, state, why, killer))
            detail = killer or why or ""
            print(f"[{i:2}/{len(mutants)}] {m.id:<{width}}  {state:<9} build {b:5.1f} s  tests {t:5.1f} s  {detail}", flush=True)
            if state in ("stale", "ambiguous", "invalid"):
                print(f"        error: {state} mutant [{m.id}] ({m.file}): {why}", flush=True)
    except KeyboardInterrupt as e:
        print(f"\ninterrupted ({e}); the scratch copy was restored", file=sys.stderr)
        return 130

    killed = [r for r in results if r[1] == "killed"]
    survived = [r for r in results if r[1] == "survived"]
    errors = [r for r in results if r[1] not in ("killed", "survived")]
    scored = len(killed) + len(survived)
    score = 100.0 * len(killed) / scored if scored else 0.0
    lines = [f"mutants: {len(results)}; killed {len(killed)}, survived {len(survived)}, errors {len(errors)}",
             f"score: {len(killed)}/{scored} = {score:.1f}%"]
    for m, _, _, _ in survived:
        lines.append(f"survived: [{m.id}] {m.file}: {m.what}")
    for m, state, why, _ in errors:
        lines.append(f"error: {state} mutant [{m.id}] {m.file}: {why}")
    print("\n".join(lines))
    with open(os.path.join(check.work, "mutation-results.txt"), "w", encoding="utf-8") as f:
        for m, state, why, killer in results:
            f.write(f"{m.id}\t{state}\t{m.file}\t{killer or why or ''}\t{m.what}\n")
        f.write("\n".join(lines) + "\n")
    if errors:
        return 2
    return 0 if score >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
