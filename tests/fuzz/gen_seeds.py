#!/usr/bin/env python3
"""gen_seeds.py FIXTURES LLVM_BIN OUTDIR

Seed corpus for the transform fuzzer, from the TinyGo fixtures (tests/fixtures/*,
idioms/*, bad/*, and edited/*: a corpus program's IR with its edit.sed applied): each program's IR cut down to its entry points and what they reach
(llvm-extract --recursive, plus the package's globals: the maps), so the fuzzer mutates
a 10-30 KB module instead of TinyGo's whole 180 KB runtime. Each seed starts with the
fuzz header "; tbpf: FN=SEC ..." (spec.json's programs), and exists as text (.ll) and as
bitcode (.bc, the header line followed by llvm-as output). When llvm-extract fails the
full module is used if it fits in 64 KB (the fuzzer's -max_len), else the program is left out.
"""
import json
import os
import re
import subprocess
import sys


MAX_SEED = 65536  # run_fuzz.sh's -max_len


def main():
    fixtures, llvm_bin, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    extract = os.path.join(llvm_bin, "llvm-extract")
    assemble = os.path.join(llvm_bin, "llvm-as")
    n = 0
    for group in ("", "idioms", "bad", "edited"):
        base = os.path.join(fixtures, group)
        for name in sorted(os.listdir(base)):
            d = os.path.join(base, name)
            spec_path = os.path.join(d, "spec.json")
            if not os.path.isfile(spec_path):
                continue
            with open(spec_path) as f:
                spec = json.load(f)
            programs = spec.get("programs", {})
            ir = os.path.join(d, "prog.ll")
            if os.path.isfile(os.path.join(d, "edit.sed")):
                ir = os.path.join(os.path.dirname(os.path.abspath(out)), f"edited-{name}.ll")
                with open(ir, "w") as f:
                    subprocess.run(["sed", "-f", os.path.join(d, "edit.sed"),
                                    os.path.join(fixtures, spec["from"], "prog.ll")], stdout=f, check=True)
            if not (programs and os.path.isfile(ir)):
                continue
            n += write_seed(extract, assemble, ir, programs, "",
                            os.path.join(out, (group + "-" if group else "") + name))
    # Options no spec.json carries: C modules linked in (C: --linked-with-c), with Go calling
    # C functions (kfunc_decl with edited/go_calls_c/edit.sed), and a kept type (K=T).
    for name, src, edit, options, programs in EXTRA:
        ir = os.path.join(fixtures, src)
        if edit:
            ir = os.path.join(os.path.dirname(os.path.abspath(out)), f"extra-{name}.ll")
            with open(ir, "w") as f:
                subprocess.run(["sed", "-f", os.path.join(fixtures, edit), os.path.join(fixtures, src)],
                               stdout=f, check=True)
        n += write_seed(extract, assemble, ir, programs, " " + options, os.path.join(out, "extra-" + name))
    print(f"gen_seeds: {n} programs -> {out}")


EXTRA = [
    ("go_calls_c", "idioms/kfunc_decl/prog.ll", "edited/go_calls_c/edit.sed", "C", {"task_tgid": "syscall"}),
    ("keep_type", "tp_openat_ringbuf/prog.ll", None, "K=openEvent",
     {"tp_openat_ringbuf": "tracepoint/syscalls/sys_enter_openat"}),
]


def write_seed(extract, assemble, ir, programs, options, stem):
    """The seed of one program, as stem.ll and stem.bc; 1 if written, else 0."""
    header = "; tbpf: " + " ".join(f"{fn}={sec}" for fn, sec in programs.items()) + options + "\n"
    full = open(ir).read()
    cmd = [extract, "--recursive", "-S", "-o", "-"] + [f"--func={fn}" for fn in programs]
    if re.search(r'^@"?main\.', full, re.M):  # the package's globals: maps, variables
        cmd.append("--rglob=^main\\..*")
    r = subprocess.run(cmd + [ir], capture_output=True, text=True)
    text = r.stdout if r.returncode == 0 and r.stdout else full
    if len(header) + len(text) > MAX_SEED:
        print(f"gen_seeds: {os.path.basename(stem)}: {len(text)} bytes after llvm-extract, left out")
        return 0
    with open(stem + ".ll", "w") as f:
        f.write(header + text)
    r = subprocess.run([assemble, "-o", "-", "-"], input=text.encode(), capture_output=True)
    if r.returncode == 0:
        with open(stem + ".bc", "wb") as f:
            f.write(header.encode() + r.stdout)
    return 1


if __name__ == "__main__":
    main()
