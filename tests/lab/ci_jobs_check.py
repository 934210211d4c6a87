#!/usr/bin/env python3
# The CI job files (doc/ci/*.yml) parse as YAML and call only what exists:
# `./virqbench SUB` with options its program's --help names, scripts that
# are in the tree (and what they call of the suite), make targets the Makefile has (make -n). Prints one line
# per command checked ("ok ..." or "FAIL ..."); exit 1 when one failed.
#
#   tests/lab/ci_jobs_check.py BUILD_DIR FILE.yml...
import os
import re
import shlex
import subprocess
import sys

import yaml

build, files = sys.argv[1], sys.argv[2:]
top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
programs = {"matrix": "virqbench-matrix", "compare": "virqbench-compare", "fleet": "virqbench-fleet",
            "report": "virqbench-report", "analyze": "virqbench-analyze"}
failed = 0


def say(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    failed += not ok


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def check(name, line):
    # ${{ ... }} and $VAR stay words: only the command and its options matter here
    words = shlex.split(line.replace("${{", "{").replace("}}", "}"))
    if not words:
        return
    if words[0] == "./virqbench" or words[0].endswith("/virqbench"):
        sub = words[1] if len(words) > 1 else ""
        if sub not in programs:
            say(False, f"{name}: ./virqbench {sub}: not a command that runs anywhere")
            return
        helptext = subprocess.run([os.path.join(build, "host", programs[sub]), "--help"],
                                  capture_output=True, text=True).stdout
        opts = [w for w in words[2:] if w.startswith("-") and not w.startswith("-$")]
        missing = [o for o in opts if not re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", helptext)]
        say(not missing, f"{name}: ./virqbench {sub} {' '.join(opts)}"
            + (f": not in {programs[sub]} --help: {' '.join(missing)}" if missing else ""))
    elif words[0] == "sh":
        script = os.path.join(top, words[1])
        say(os.path.isfile(script), f"{name}: {words[1]} is in the tree")
        # and what it calls of the suite
        for sl in open(script) if os.path.isfile(script) else []:
            sl = sl.strip()
            if not sl.startswith("#") and '/virqbench" ' in sl:
                check(f"{name} -> {words[1]}", sl.replace('"$top/virqbench"', "./virqbench"))
    elif words[0] == "make":
        targets = [w for w in words[1:] if "=" not in w and not w.startswith("-")]
        r = subprocess.run(["make", "-n", "-C", top] + targets, capture_output=True, text=True)
        say(r.returncode == 0, f"{name}: make {' '.join(targets)} (make -n)")


for f in files:
    name = os.path.relpath(f, top)
    try:
        doc = yaml.safe_load(open(f))
    except yaml.YAMLError as e:
        say(False, f"{name}: not YAML: {e}")
        continue
    say(isinstance(doc, dict), f"{name}: parses as a YAML mapping")
    for s in strings(doc):
        for line in s.splitlines():
            line = line.strip()
            if line.startswith(("./virqbench ", "sh ", "make ")):
                check(name, line)
sys.exit(1 if failed else 0)
