#!/usr/bin/env python3
"""Counts the product files and named data types on one onboarding's path from a Cobertura line-coverage report.

The rule (docs/architecture.md, "One onboarding's path"):
- a product file is a .cs file under src/ (generated code under obj/ is not), outside the stand-ins for the world the
  tests run against: the ARM emulator (src/PrivateLink.ArmEmulator) and the demo destination (src/PrivateLink.Host/Demo);
- a product file is on the path when the onboarding run executed a line of it that the baseline run (the same runner
  started, one GET of an unknown destination) did not: what only starts the host (registration, options) is not the
  path; or when it declares a named data type on the path (an enum or a record has no executable line of its own);
- a named data type is a record, record struct, struct or enum declared in a product file (classes with behaviour,
  static helpers, interfaces and delegates are not data types);
- a named data type is on the path when its name appears, as a whole word, on a line of a file on the path that the
  onboarding run executed.

Usage: census.py <onboarding coverage.cobertura.xml> <baseline coverage.cobertura.xml> <repository root> [--list]
"""

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

DECLARATION = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|internal|private|protected|file|sealed|abstract|static|readonly|partial)\s+)*"
    r"(record\s+struct|record\s+class|record|struct|enum)\s+([A-Z][A-Za-z0-9_]*)",
    re.MULTILINE,
)


WORLD = ("src/PrivateLink.ArmEmulator/", "src/PrivateLink.Host/Demo/")


def product_files(root):
    src = os.path.join(root, "src")
    for directory, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d not in ("obj", "bin")]
        for name in files:
            rel = os.path.relpath(os.path.join(directory, name), root).replace(os.sep, "/")
            if name.endswith(".cs") and not rel.startswith(WORLD):
                yield rel


def executed_lines(cobertura, root):
    tree = ET.parse(cobertura)
    sources = [s.text or "" for s in tree.getroot().iter("source")]
    hits = defaultdict(set)
    for cls in tree.getroot().iter("class"):
        filename = cls.get("filename", "")
        candidates = [filename] + [os.path.join(s, filename) for s in sources]
        path = next((c for c in candidates if os.path.isabs(c) and os.path.exists(c)), None)
        if path is None:
            continue
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root)).replace(os.sep, "/")
        for line in cls.iter("line"):
            if int(line.get("hits", "0")) > 0:
                hits[rel].add(int(line.get("number")))
    return hits


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    onboarding, baseline, root = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    listing = "--list" in sys.argv[4:]

    files = set(product_files(root))
    before = executed_lines(baseline, root)
    hits = {f: lines for f, lines in executed_lines(onboarding, root).items() if f in files and lines - before.get(f, set())}

    declared = {}
    for f in sorted(files):
        with open(os.path.join(root, f), encoding="utf-8") as handle:
            text = handle.read()
        for match in DECLARATION.finditer(text):
            declared.setdefault(match.group(2), (f, match.group(1).replace("  ", " ")))

    executed_text = []
    for f, lines in hits.items():
        with open(os.path.join(root, f), encoding="utf-8") as handle:
            source = handle.read().splitlines()
        executed_text.extend(source[n - 1] for n in lines if 0 < n <= len(source))
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", "\n".join(executed_text)))

    types = {name: where for name, where in declared.items() if name in words}
    on_path = set(hits) | {f for f, _ in types.values()}

    print(f"files on the path: {len(on_path)} ({len(hits)} with lines the onboarding executed, {len(on_path) - len(hits)} declaring only data types)")
    print(f"named data types on the path: {len(types)}")
    projects = defaultdict(lambda: [0, 0])
    for f in on_path:
        projects[f.split("/")[1]][0] += 1
    for f, _ in types.values():
        projects[f.split("/")[1]][1] += 1
    kinds = defaultdict(int)
    for _, kind in types.values():
        kinds[kind] += 1
    print("  by kind: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    print(f"projects: {len(projects)}")
    for name, (nfiles, ntypes) in sorted(projects.items()):
        print(f"  {name}: {nfiles} files, {ntypes} data types")
    if listing:
        print("\n## files")
        for f in sorted(on_path):
            print(f"{f}{'' if f in hits else '  (data types only)'}")
        print("\n## named data types")
        for name, (f, kind) in sorted(types.items(), key=lambda t: (t[1][0], t[0])):
            print(f"{name}  {kind}  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
