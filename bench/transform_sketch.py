#!/usr/bin/env python3
"""bench/transform_sketch.py: evidence for the transforms proposed in bench/README.md.

NOT part of the tool: a prototype that applies each proposed tbpf-core transform as a textual
edit of `tbpf-core transform -O0 -S` output (or as an `opt` pass), re-optimises with
`opt -passes=default<O2>` (the pipeline tbpf-core runs in-process), compiles with llc, loads
the object and prints xlated / verified / stack per program, cumulatively, next to the C twin.
Baseline check: column `none` (-O0 output + opt O2) equals tbpf-core's own output (table 1
of bench/run).

  bench/transform_sketch.py [--tbpf-core PATH] [--behave PATH/tbpf-behave] [NAME...]

--behave runs the kernel behaviour test on each object with every transform applied.
The edits are regexes over textual IR that fit the corpus, not robust implementations.

Transforms (cumulative, in this order):
  ctx-nonnull   entry points' ctx parameter gets `nonnull`
  slot-align    runtime.alloc stack slots aligned to min(8, next_pow2(size)) instead of 8
  pkt-nil       nil checks of inttoptr(zext i32) + C (C > 0) pointers folded to "not nil"
  arg-nonnull   `attributor-light` before O2: nonnull etc. propagated into internal functions
  ret-last      blocks ending in `ret` moved to the end of their function before codegen
  copy-memcpy   element-wise load/store copies of >= 8 elements between two bases -> llvm.memcpy
  slot-life     llvm.lifetime.start/end around stack slots used in a single basic block
  type-promo    LLVM's `typepromotion` pass (i8/i16 compare trees widened to i32) before codegen
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(REPO, "tests", "fixtures")
B = "/usr/lib/llvm-19/bin"
STEPS = ["ctx-nonnull", "slot-align", "pkt-nil", "arg-nonnull", "ret-last", "copy-memcpy",
         "slot-life", "type-promo"]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ctx_nonnull(text, progs):
    for fn in progs:
        text = re.sub(r"^define [^\n]*@%s\(ptr [^\n]*$" % re.escape(fn),
                      lambda m: m.group(0).replace("(ptr ", "(ptr nonnull ", 1), text, flags=re.M)
    return text


def slot_align(text):
    sizes = {}

    def al(m):
        n, a = int(m.group(2)), 1
        while a < n and a < 8:
            a *= 2
        sizes[m.group(1)] = a
        return "%s = alloca [%d x i8], align %d" % (m.group(1), n, a)
    text = re.sub(r"(%[\w.]+) = alloca \[(\d+) x i8\], align 8", al, text)
    for v, a in sizes.items():
        text = re.sub(r"ptr align 8 %s([,)])" % re.escape(v),
                      lambda m, v=v, a=a: "ptr align %d %s%s" % (a, v, m.group(1)), text)
    return text


def pkt_nil(text):
    """Value ranges through zext / add const / gep i8 const / inttoptr / ptrtoint; a null
    compare of a pointer whose range excludes 0 is folded."""
    rng, lines = {}, text.split("\n")
    pats = [
        (r"\s*(%[\w.]+) = zext i(8|16|32) (%[\w.]+) to i64", lambda m: (0, (1 << int(m.group(2))) - 1)),
    ]
    for i, l in enumerate(lines):
        m = re.match(pats[0][0], l)
        if m:
            rng[m.group(1)] = pats[0][1](m)
            continue
        m = re.match(r"\s*(%[\w.]+) = (?:add (?:nuw )?(?:nsw )?i64|getelementptr (?:inbounds )?i8, ptr) "
                     r"(%[\w.]+), (?:i64 )?(\d+)$", l.split(", !dbg")[0])
        if m and m.group(2) in rng:
            lo, hi = rng[m.group(2)]
            rng[m.group(1)] = (lo + int(m.group(3)), hi + int(m.group(3)))
            continue
        m = re.match(r"\s*(%[\w.]+) = (?:add (?:nuw )?(?:nsw )?i64|getelementptr (?:inbounds )?i8, ptr) "
                     r"(%[\w.]+), (?:i64 )?(%[\w.]+)$", l.split(", !dbg")[0])
        if m and m.group(2) in rng and m.group(3) in rng:
            a, b = rng[m.group(2)], rng[m.group(3)]
            rng[m.group(1)] = (a[0] + b[0], a[1] + b[1])
            continue
        m = re.match(r"\s*(%[\w.]+) = (?:inttoptr|ptrtoint) (?:i64|ptr) (%[\w.]+) to", l)
        if m and m.group(2) in rng:
            rng[m.group(1)] = rng[m.group(2)]
            continue
        m = re.match(r"(\s*)(%[\w.]+) = icmp (eq|ne) ptr (%[\w.]+), null(.*)", l)
        if m and m.group(4) in rng and rng[m.group(4)][0] > 0 and rng[m.group(4)][1] < (1 << 63):
            lines[i] = "%s%s = icmp %s i64 1, 0%s" % (m.group(1), m.group(2), m.group(3), m.group(5))
    return "\n".join(lines)


def functions(lines):
    """(start, end) line indexes of each `define ... {` .. `}`."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("define "):
            j = i
            while lines[j] != "}":
                j += 1
            yield i, j
            i = j
        i += 1


def slot_life(text):
    lines, out, last = text.split("\n"), [], 0
    for i, j in functions(lines):
        out.extend(lines[last:i])
        body = lines[i:j + 1]
        blk, cur = [], "entry"
        for l in body:
            m = re.match(r"^([\w.$-]+):", l)
            if m:
                cur = m.group(1)
            blk.append(cur)
        before, after = {}, {}
        for name, size in re.findall(r"^\s*(%[\w.]+) = alloca \[(\d+) x i8\]", "\n".join(body), re.M):
            derived, uses, ok = {name}, [], True
            for k, l in enumerate(body):
                if "#dbg_value" in l or re.match(r"^\s*%s = alloca" % re.escape(name), l):
                    continue
                m = re.match(r"^\s*(%[\w.]+) = ", l)
                d = m.group(1) if m else None
                if (set(re.findall(r"%[\w.]+", l)) - {d}) & derived:
                    uses.append(k)
                    if d and re.search(r"= getelementptr", l):
                        derived.add(d)
                    elif re.search(r"ptrtoint|= phi|= select|store ptr %", l):
                        ok = False
            if ok and uses and len({blk[k] for k in uses}) == 1:
                before.setdefault(uses[0], []).append(
                    "  call void @llvm.lifetime.start.p0(i64 %s, ptr %s)" % (size, name))
                after.setdefault(uses[-1], []).append(
                    "  call void @llvm.lifetime.end.p0(i64 %s, ptr %s)" % (size, name))
        for k, l in enumerate(body):
            out.extend(before.get(k, []))
            out.append(l)
            out.extend(after.get(k, []))
        last = j + 1
    out.extend(lines[last:])
    out.append("declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture)")
    out.append("declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture)")
    return "\n".join(out)


def copy_memcpy(text):
    L = text.split("\n")
    gep, loads, stores = {}, {}, []
    for i, l in enumerate(L):
        m = re.match(r"\s*(%[\w.]+) = getelementptr inbounds i8, ptr (%[\w.]+), i64 (\d+)", l)
        if m:
            gep[m.group(1)] = (m.group(2), int(m.group(3)))
            continue
        m = re.match(r"\s*(%[\w.]+) = load i(\d+), ptr (%[\w.]+), align (\d+)", l)
        if m:
            b, o = gep.get(m.group(3), (m.group(3), 0))
            loads[m.group(1)] = (i, b, o, int(m.group(2)), int(m.group(4)))
            continue
        m = re.match(r"\s*store i(\d+) (%[\w.]+), ptr (%[\w.]+), align (\d+)", l)
        if m and m.group(2) in loads:
            b, o = gep.get(m.group(3), (m.group(3), 0))
            stores.append((i, m.group(2), b, o, int(m.group(1)), int(m.group(4))))
    groups = {}
    for st in stores:
        ld = loads[st[1]]
        if ld[2] == st[3]:
            groups.setdefault((ld[1], st[2]), []).append((ld, st))
    kill, ins = set(), {}
    for (src, dst), pairs in groups.items():
        offs = sorted(p[1][3] for p in pairs)
        if len(pairs) < 8 or offs != sorted(set(offs)) or offs[0] != 0:
            continue
        size = sum(p[1][4] // 8 for p in pairs)
        sa = next(p[0][4] for p in pairs if p[0][2] == 0)
        da = next(p[1][5] for p in pairs if p[1][3] == 0)
        for ld, st in pairs:
            kill.update((ld[0], st[0]))
        ins[min(p[1][0] for p in pairs)] = (
            "  call void @llvm.memcpy.p0.p0.i64(ptr align %d %s, ptr align %d %s, i64 %d, i1 false)"
            % (da, dst, sa, src, size))
    if not ins:
        return text
    res = []
    for i, l in enumerate(L):
        if i in ins:
            res.append(ins[i])
        if i not in kill:
            res.append(l)
    if "declare void @llvm.memcpy.p0.p0.i64" not in text:
        res.append("declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, "
                   "ptr noalias nocapture readonly, i64, i1 immarg)")
    return "\n".join(res)


def ret_last(text):
    lines, out, last = text.split("\n"), [], 0
    for i, j in functions(lines):
        out.extend(lines[last:i + 1])
        blocks, cur = [], []
        for l in lines[i + 1:j]:
            if re.match(r"^[\w.$-]+:", l) and cur:
                blocks.append(cur)
                cur = []
            cur.append(l)
        blocks.append(cur)

        def isret(bl):
            t = [x.strip() for x in bl if x.strip() and not x.strip().startswith(("#dbg", ";"))]
            return bool(t) and t[-1].startswith("ret ")
        rest = blocks[1:]
        for bl in [blocks[0]] + [b for b in rest if not isret(b)] + [b for b in rest if isret(b)]:
            out.extend(bl)
        out.append("}")
        last = j + 1
    out.extend(lines[last:])
    return "\n".join(out)


def build(core, fx, progs, steps, d):
    secs = sum([["--section", "%s=%s" % kv] for kv in progs.items()], [])
    sh([core, "transform", os.path.join(fx, "prog.ll"), "-O0", "-S", "-o", d + "/o0.ll"] + secs)
    text = open(d + "/o0.ll").read()
    if "ctx-nonnull" in steps:
        text = ctx_nonnull(text, progs)
    if "slot-align" in steps:
        text = slot_align(text)
    if "pkt-nil" in steps:
        text = pkt_nil(text)
    if "slot-life" in steps:
        text = slot_life(text)
    open(d + "/edit.ll", "w").write(text)
    passes = ("attributor-light," if "arg-nonnull" in steps else "") + "default<O2>"
    sh([B + "/opt", "-mcpu=v3", "-passes=" + passes, d + "/edit.ll", "-o", d + "/opt.bc"])
    final = d + "/opt.bc"
    if "copy-memcpy" in steps or "ret-last" in steps:
        sh([B + "/opt", "-passes=instnamer", "-S", final, "-o", d + "/named.ll"])
        text = open(d + "/named.ll").read()
        if "copy-memcpy" in steps:
            t2 = copy_memcpy(text)
            if t2 != text:
                open(d + "/cp.ll", "w").write(t2)
                sh([B + "/opt", "-mcpu=v3", "-passes=default<O2>,instnamer", "-S", d + "/cp.ll", "-o", d + "/cpo.ll"])
                text = open(d + "/cpo.ll").read()
        if "ret-last" in steps:
            text = ret_last(text)
        open(d + "/final.ll", "w").write(text)
        final = d + "/final.ll"
    if "type-promo" in steps:
        sh([B + "/opt", "-mtriple=bpf", "-mcpu=v3", "-passes=typepromotion", final, "-o", d + "/tp.bc"])
        final = d + "/tp.bc"
    sh([B + "/llc", "-march=bpf", "-mcpu=v3", "-O2", "-filetype=obj", final, "-o", d + "/p.o"])
    return d + "/p.o"


def stats(exe, obj):
    out = subprocess.run([exe, obj], capture_output=True, text=True).stdout
    res = {}
    for l in out.splitlines():
        f = l.split("\t")
        if f[0] == "prog":
            d = dict(x.split("=", 1) for x in f[3:])
            res[f[1]] = "%s/%s/%s" % (d["xlated"], d["verified"], d["stack"])
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tbpf-core", default=os.environ.get("TBPF_CORE", "/tmp/tinybpf-bench-build/tool/tbpf-core"))
    ap.add_argument("--behave", help="tbpf-behave binary: run the behaviour test on the all-transforms objects")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tinybpf-sketch.")
    try:
        exe = os.path.join(work, "progstats")
        sh(["cc", "-O2", "-o", exe, os.path.join(REPO, "bench", "progstats.c"), "-lbpf"])
        mi = "/usr/include/" + subprocess.run(["gcc", "-print-multiarch"], capture_output=True, text=True).stdout.strip()
        print("xlated/verified/stack per program; each column adds one transform to the previous ones\n")
        hdr = ["program", "none"] + ["+" + s for s in STEPS] + ["C twin"]
        print("| " + " | ".join(hdr) + " |")
        print("|" + "|".join("---" for _ in hdr) + "|")
        for spec in sorted(glob.glob(os.path.join(FIX, "*", "spec.json"))):
            fx = os.path.dirname(spec)
            name = os.path.basename(fx)
            j = json.load(open(spec))
            if (a.names and name not in a.names) or not j.get("loadable_here", True):
                continue
            cols = []
            for k in range(len(STEPS) + 1):
                d = os.path.join(work, name, str(k))
                os.makedirs(d)
                cols.append(stats(exe, build(a.tbpf_core, fx, j["programs"], STEPS[:k], d)))
            twin = os.path.join(work, name, "twin.o")
            sh(["clang-19", "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-I" + mi, "-c",
                os.path.join(REPO, "bench", "twins", name + ".bpf.c"), "-o", twin])
            c = stats(exe, twin)
            for fn in j["programs"]:
                print("| %s | %s | %s |" % (fn, " | ".join(col.get(fn, "?") for col in cols), c.get(fn, "?")))
            if a.behave:
                r = subprocess.run([a.behave, name, os.path.join(work, name, str(len(STEPS)), "p.o")],
                                   capture_output=True, text=True)
                print("<!-- %s: tbpf-behave exit %d: %s -->" % (name, r.returncode,
                                                               (r.stdout.strip().splitlines() or [""])[-1]))
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
