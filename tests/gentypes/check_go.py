#!/usr/bin/env python3
"""Checks of tbpf-gen-types output (tests/gentypes).

  check_go.py roundtrip GO_FILE KERNEL_NAME BTF_DUMP
      Every generated name maps back to the BTF it came from, through tbpf-core's own mapping
      (KERNEL_NAME: the tbpf-kernel-name helper, tool/src/kernel_names.c): bpfCore<X> to a
      struct named X (libbpf's ___flavour suffix ignored), bpfUnion<X> to a union, bpfEnum<X>
      to an enum whose enumerators are the constants, and every field of those to a member of
      that type (anonymous members flattened, as libbpf matches them). BTF_DUMP is
      `bpftool btf dump file F` (raw format).
  check_go.py fields GO_A GO_B TYPE
      TYPE declares the same named fields (names, types, order; `_` padding aside) in both files.
"""
import re
import subprocess
import sys

PREFIXES = ("bpfCore", "bpfUnion", "bpfEnum", "bpfTypedef", "bpfAnon")


def go_structs(path):
    """{type name: [(field, type), ...]} for every `type X struct` in a Go file."""
    text = open(path).read()
    out = {}
    for m in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", text, re.M | re.S):
        fields = []
        for line in m.group(2).splitlines():
            line = line.split("//")[0].strip()
            if not line:
                continue
            names, typ = re.match(r"([\w, ]+?)\s+(\S+)$", line).groups()
            for n in names.split(","):
                fields.append((n.strip(), typ))
        out[m.group(1)] = fields
    for m in re.finditer(r"^type (\w+) struct\{\}$", text, re.M):
        out[m.group(1)] = []
    return out


def go_enums(path):
    text = open(path).read()
    enums = {m.group(1): [] for m in re.finditer(r"^type (bpfEnum\w+) \w+$", text, re.M)}
    for m in re.finditer(r"^\t(\w+)\s+(bpfEnum\w+) = ", text, re.M):
        enums[m.group(2)].append(m.group(1))
    return enums


def parse_btf(path):
    types = {}
    cur = None
    for line in open(path):
        m = re.match(r"\[(\d+)\] (\w+) '([^']*)'(.*)", line)
        if m:
            cur = {"kind": m.group(2), "name": m.group(3), "rest": m.group(4), "members": []}
            types[int(m.group(1))] = cur
            tm = re.search(r"\btype_id=(\d+)", m.group(4))
            cur["type"] = int(tm.group(1)) if tm else None
            continue
        m = re.match(r"\s+'([^']*)' (?:type_id=(\d+)|val=)", line)
        if m and cur is not None:
            cur["members"].append((m.group(1), int(m.group(2)) if m.group(2) else None))
    return types


def flat_members(types, tid):
    out = set()
    for name, mt in types[tid]["members"]:
        if name != "(anon)":
            out.add(name)
            continue
        while mt in types and types[mt]["kind"] in ("TYPEDEF", "CONST", "VOLATILE", "RESTRICT", "TYPE_TAG"):
            mt = types[mt]["type"]
        if mt in types and types[mt]["kind"] in ("STRUCT", "UNION"):
            out |= flat_members(types, mt)
    return out


def roundtrip(go_file, helper, dump):
    structs, enums = go_structs(go_file), go_enums(go_file)
    types = parse_btf(dump)
    names = set()
    for t, fields in structs.items():
        names.add(t)
        names.update(f for f, _ in fields if f != "_")
    for t in enums:
        names.add(t)
    stems = {}
    for n in names:
        for p in PREFIXES:
            if n.startswith(p):
                stems[n] = n[len(p):]
    ask = sorted(set(stems.values()) | {f for t in structs for f, _ in structs[t] if f != "_"})
    out = subprocess.run([helper] + ask, check=True, capture_output=True, text=True).stdout.splitlines()
    kname = dict(zip(ask, out))
    all_members = {n for t in types.values() if t["kind"] in ("STRUCT", "UNION") for n, _ in t["members"]}
    errors, checked = [], 0

    def by_name(kind, name):
        essential = name.split("___")[0]
        return [i for i, t in types.items() if t["kind"] == kind and t["name"] == essential]

    for t, fields in sorted(structs.items()):
        kind = "STRUCT" if t.startswith("bpfCore") else "UNION" if t.startswith("bpfUnion") else None
        if kind:
            ids = by_name(kind, kname[stems[t]])
            checked += 1
            if not ids:
                errors.append("%s -> %s %s: not in the BTF" % (t, kind.lower(), kname[stems[t]]))
                continue
            members = set().union(*(flat_members(types, i) for i in ids))
        else:
            members = all_members
        for f, _ in fields:
            if f == "_":
                continue
            checked += 1
            if kname[f] not in members:
                errors.append("%s.%s -> %s: no such member" % (t, f, kname[f]))
    for t, consts in sorted(enums.items()):
        ids = [i for i, x in types.items() if x["kind"] in ("ENUM", "ENUM64") and x["name"] == kname[stems[t]]]
        checked += 1
        if not ids:
            errors.append("%s -> enum %s: not in the BTF" % (t, kname[stems[t]]))
            continue
        vals = {n for i in ids for n, _ in types[i]["members"]}
        for c in consts:
            checked += 1
            if c not in vals:
                errors.append("%s: constant %s is no enumerator of %s" % (t, c, kname[stems[t]]))
    for e in errors:
        print("FAIL: " + e)
    print("%d names checked, %d do not map back" % (checked, len(errors)))
    return 1 if errors else 0


def fields(a, b, typ):
    fa = [f for f in go_structs(a).get(typ, []) if f[0] != "_"]
    fb = [f for f in go_structs(b).get(typ, []) if f[0] != "_"]
    print("%s in %s: %s" % (typ, a, fa))
    print("%s in %s: %s" % (typ, b, fb))
    if not fa or fa != fb:
        print("FAIL: the named fields differ")
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "roundtrip":
        sys.exit(roundtrip(*sys.argv[2:]))
    if len(sys.argv) == 5 and sys.argv[1] == "fields":
        sys.exit(fields(*sys.argv[2:]))
    sys.exit(__doc__)
