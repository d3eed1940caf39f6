#!/usr/bin/env python3
"""Generate tool/src/helper_table.inc, the BPF helper table of tbpf-core.

Each kernel helper bpf_xxx_yyy (BPF_FUNC_xxx_yyy in enum bpf_func_id) becomes

    HELPER(<id>, "bpf_xxx_yyy", "bpfXxxYyy")

where the Go name is "bpf" followed by every underscore-separated segment of
the name with its first letter upper-cased.  ID 0 (unspec) is not a helper.

Accepted inputs (the kind is detected from the content):
  * linux/bpf.h, old form:  #define __BPF_FUNC_MAPPER(FN) FN(unspec), FN(map_lookup_elem), ...
                            (the ID is the position in the list)
  * linux/bpf.h, new form:  #define ___BPF_FUNC_MAPPER(FN, ctx...) FN(unspec, 0, ##ctx) ...
                            (explicit IDs; Linux >= 6.2)
  * a C dump of BTF:        enum bpf_func_id { BPF_FUNC_unspec = 0, ... };
                            (bpftool btf dump file /sys/kernel/btf/vmlinux format c)
  * raw BTF (e.g. /sys/kernel/btf/vmlinux): dumped through `bpftool btf dump`.
  * "-" reads standard input.

With several inputs the first one defines the table and the others are
cross-checked against it: every ID they have must carry the same name.  They
may stop earlier (an older kernel), since helper IDs are append-only.

Usage:
  gen_helper_table.py INPUT [INPUT...] [-o tool/src/helper_table.inc]
  gen_helper_table.py --check tool/src/helper_table.inc [--allow-older-input] INPUT [INPUT...]

--check compares the HELPER entries of the committed file with what the
inputs give, prints the difference and exits 1 when they differ.  With
--allow-older-input, entries of the committed table above the highest ID of
the input are accepted (the input is an older header, e.g. Linux 6.1 stops
at 209).
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

SCRIPT = "tool/scripts/gen_helper_table.py"
OUTPUT = "tool/src/helper_table.inc"

KIND_OLD = "linux/bpf.h (__BPF_FUNC_MAPPER, IDs by position)"
KIND_NEW = "linux/bpf.h (___BPF_FUNC_MAPPER, explicit IDs)"
KIND_BTF = "kernel BTF (enum bpf_func_id of its C dump)"

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ENTRY_RE = re.compile(r'^HELPER\((\d+), "(bpf_[a-z0-9_]+)", "(bpf[A-Za-z0-9]+)"\)$')
BTF_MAGIC = (b"\x9f\xeb", b"\xeb\x9f")


class InputError(Exception):
    pass


def strip_c_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def macro_body(text, define_re):
    """Text of a multi-line #define whose first line matches define_re, comments removed."""
    m = re.search(define_re, text, flags=re.M)
    if not m:
        return None
    body = []
    for line in text[m.start():].split("\n"):
        body.append(line)
        if not line.rstrip().endswith("\\"):
            break
    return strip_c_comments("\n".join(body))


def parse(text):
    """Return (kind, [(id, name)]) for the helper list found in text."""
    body = macro_body(text, r"^[ \t]*#[ \t]*define[ \t]+___BPF_FUNC_MAPPER[ \t]*\([ \t]*FN[ \t]*,[ \t]*ctx[ \t]*\.\.\.[ \t]*\)")
    if body is not None:
        pairs = [(int(i), n) for n, i in re.findall(r"\bFN\(\s*(\w+)\s*,\s*(\d+)\s*,", body)]
        return KIND_NEW, pairs

    body = macro_body(text, r"^[ \t]*#[ \t]*define[ \t]+__BPF_FUNC_MAPPER[ \t]*\([ \t]*FN[ \t]*\)[ \t]*\\[ \t]*$")
    if body is not None:
        names = re.findall(r"\bFN\(\s*(\w+)\s*\)", body)
        return KIND_OLD, list(enumerate(names))

    m = re.search(r"\benum\s+bpf_func_id\s*\{(.*?)\}", text, flags=re.S)
    if m:
        pairs = [(int(i), n) for n, i in
                 re.findall(r"\bBPF_FUNC_(\w+)\s*=\s*(\d+)", strip_c_comments(m.group(1)))]
        if pairs:
            return KIND_BTF, pairs

    raise InputError("no __BPF_FUNC_MAPPER, ___BPF_FUNC_MAPPER or "
                     "'enum bpf_func_id { BPF_FUNC_x = N, ... }' found")


def read_input(path):
    if path == "-":
        return sys.stdin.read()
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] in BTF_MAGIC:
        bpftool = shutil.which("bpftool")
        if not bpftool:
            raise InputError("raw BTF input needs bpftool on PATH")
        res = subprocess.run([bpftool, "btf", "dump", "file", path, "format", "c"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        if res.returncode != 0:
            raise InputError("bpftool btf dump failed: " + res.stderr.decode(errors="replace").strip())
        data = res.stdout
    return data.decode("utf-8", errors="replace")


def go_name(kernel_name):
    assert kernel_name.startswith("bpf_")
    return "bpf" + "".join(s[:1].upper() + s[1:] for s in kernel_name[4:].split("_"))


def validate(pairs, label):
    """Check an (id, name) list and return {id: name} without unspec."""
    table = {}
    seen = {}
    ids = set()
    for hid, name in pairs:
        if not NAME_RE.match(name):
            raise InputError("%s: bad helper name %r (ID %d)" % (label, name, hid))
        if hid in ids:
            raise InputError("%s: ID %d appears twice" % (label, hid))
        if name in seen:
            raise InputError("%s: %s appears twice (IDs %d and %d)" % (label, name, seen[name], hid))
        ids.add(hid)
        seen[name] = hid
        if hid == 0:
            if name != "unspec":
                raise InputError("%s: ID 0 is %r, expected unspec" % (label, name))
            continue
        table[hid] = name
    if not table:
        raise InputError("%s: no helpers found" % label)
    ids = sorted(table)
    missing = sorted(set(range(1, ids[-1] + 1)) - set(ids))
    if missing:
        raise InputError("%s: IDs not contiguous, missing %s" % (label, missing[:10]))
    return table


def load(path):
    try:
        kind, pairs = parse(read_input(path))
    except (OSError, InputError) as e:
        raise InputError("%s: %s" % (path, e))
    return kind, validate(pairs, path)


def entries(table):
    lines = []
    gonames = {}
    for hid in sorted(table):
        kname = "bpf_" + table[hid]
        gname = go_name(kname)
        if gname in gonames:
            raise InputError("Go name %s of %s collides with %s" % (gname, kname, gonames[gname]))
        gonames[gname] = kname
        lines.append('HELPER(%d, "%s", "%s")' % (hid, kname, gname))
    return lines


def cross_check(primary, others):
    """Inputs after the first must agree on every ID they have."""
    notes = []
    problems = []
    for label, kind, table in others:
        top = max(table)
        for hid in sorted(table):
            if hid not in primary:
                problems.append("%s has ID %d (%s) which the first input lacks" % (label, hid, table[hid]))
            elif primary[hid] != table[hid]:
                problems.append("ID %d: first input says %s, %s says %s" % (hid, primary[hid], label, table[hid]))
        notes.append("%s: IDs 1..%d, all agree" % (kind, top))
    return notes, problems


def render(kind, table, notes):
    top = max(table)
    head = [
        "/* helper_table.inc - the BPF helpers, one HELPER(id, kernel_name, go_name) per line.",
        " *",
        " * GENERATED FILE, DO NOT EDIT.",
        " * Generated by %s from %s;" % (SCRIPT, kind),
        " * %d helpers, IDs 1..%d (ID 0, unspec, is not a helper)." % (len(table), top),
    ]
    for n in notes:
        head.append(" * Cross-checked against %s." % n)
    head += [
        " *",
        " * Go name: bpf + each '_'-separated segment after bpf_ with its first letter upper-cased.",
        " *",
        " * Regenerate, from the BTF of a kernel that has all helpers (raw BTF is dumped",
        " * through bpftool; a saved `bpftool btf dump ... format c` output works too):",
        " *   python3 %s /sys/kernel/btf/vmlinux /usr/include/linux/bpf.h -o %s" % (SCRIPT, OUTPUT),
        " * Check:",
        " *   python3 %s --check %s --allow-older-input /usr/include/linux/bpf.h" % (SCRIPT, OUTPUT),
        " */",
    ]
    return "\n".join(head + entries(table)) + "\n"


def check(path, table, allow_older):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        print("%s: %s" % (path, e), file=sys.stderr)
        return 1
    committed = []
    bad = []
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("HELPER("):
            if ENTRY_RE.match(line):
                committed.append(line)
            else:
                bad.append("%s:%d: malformed entry: %s" % (path, n, line))
    expected = entries(table)
    top = max(table)
    extra = []
    if allow_older:
        kept = []
        for line in committed:
            hid = int(ENTRY_RE.match(line).group(1))
            (extra if hid > top else kept).append(line)
        committed = kept
    for b in bad:
        print(b)
    diff = list(difflib.unified_diff(committed, expected, fromfile=path,
                                     tofile="generated from input", lineterm="", n=1))
    if diff:
        print("\n".join(diff))
    if bad or diff:
        print("%s is out of date; regenerate it (see its header comment)" % path)
        return 1
    msg = "%s: %d helpers agree with the input (IDs 1..%d)" % (path, len(expected), top)
    if extra:
        msg += "; %d newer helpers (IDs %d..%d) are beyond the input and were not compared" % (
            len(extra), top + 1, top + len(extra))
    print(msg)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description="Generate or check tool/src/helper_table.inc.")
    ap.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="linux/bpf.h, a C dump of BTF, raw BTF, or - for stdin; the first one defines the table")
    ap.add_argument("-o", "--output", help="write the table here (default: standard output)")
    ap.add_argument("--check", metavar="FILE", help="compare FILE with what the inputs give instead of writing")
    ap.add_argument("--allow-older-input", action="store_true",
                    help="with --check: accept entries of FILE above the input's highest ID")
    args = ap.parse_args(argv)

    try:
        loaded = [(p,) + load(p) for p in args.inputs]
        _, kind, primary = loaded[0]
        notes, problems = cross_check(primary, loaded[1:])
        if problems:
            for p in problems:
                print(p, file=sys.stderr)
            print("inputs disagree", file=sys.stderr)
            return 1
        if args.check:
            return check(args.check, primary, args.allow_older_input)
        out = render(kind, primary, notes)
    except InputError as e:
        print("gen_helper_table.py: %s" % e, file=sys.stderr)
        return 1

    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(out)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
