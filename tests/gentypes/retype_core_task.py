#!/usr/bin/env python3
"""retype_core_task.py GO_FILE IN.ll OUT.ll [--shift N] [--verbatim]

Rewrites TinyGo's IR of tests/fixtures/core_task (a hand-typed bpfCoreTaskStruct{Pid, Tgid int32;
RealParent *bpfCoreTaskStruct} at offsets 0/4/8) into the IR TinyGo emits for the same program
written against the bpfCoreTaskStruct that tbpf-gen-types generated in GO_FILE: the debug-info
struct gets the generated members (the `_ [N]byte` padding included, as TinyGo describes blank
fields) at the generated offsets and size, and every field address (&task.Pid, &task.Tgid,
&task.RealParent, &parent.Tgid) becomes a byte offset from the generated layout.

  --shift N    moves every field N bytes further (first padding N bytes longer, last one N bytes
               shorter): the layout of some other kernel, which only CO-RE relocations read right
  --verbatim   spells the names the other way tbpf-core accepts, the kernel's name plus '_':
               bpfCoretask_struct_, pid_, tgid_, real_parent_
"""
import re
import sys


def die(msg):
    sys.exit("retype_core_task.py: " + msg)


def go_fields(path, type_name):
    text = open(path).read()
    m = re.search(r"^type %s struct \{\n(.*?)^\}" % re.escape(type_name), text, re.M | re.S)
    if not m:
        die("%s: no struct %s" % (path, type_name))
    fields = []
    for line in m.group(1).splitlines():
        line = line.split("//")[0].strip()
        if not line:
            continue
        name, typ = line.split(None, 1)
        typ = typ.strip()
        if typ == "int32":
            size = 4
        elif typ.startswith("*"):
            size = 8
        else:
            b = re.fullmatch(r"\[(\d+)\]byte", typ)
            if not b:
                die("unexpected field type %r in %s" % (typ, type_name))
            size = int(b.group(1))
        fields.append([name, typ, size])
    return fields


def main():
    args = sys.argv[1:]
    shift, verbatim = 0, False
    if "--shift" in args:
        i = args.index("--shift")
        shift = int(args[i + 1])
        del args[i:i + 2]
    if "--verbatim" in args:
        args.remove("--verbatim")
        verbatim = True
    if len(args) != 3:
        die("usage: retype_core_task.py GO_FILE IN.ll OUT.ll [--shift N] [--verbatim]")
    go_file, src, dst = args
    fields = go_fields(go_file, "bpfCoreTaskStruct")
    if shift:
        if fields[0][0] != "_" or fields[-1][0] != "_" or fields[-1][2] <= shift:
            die("--shift needs padding first and last")
        fields[0][2] += shift
        fields[-1][2] -= shift
    offsets, off = {}, 0
    for f in fields:
        f.append(off)
        if f[0] != "_":
            offsets[f[0]] = off
        off += f[2]
    size = off
    for want in ("Pid", "Tgid", "RealParent"):
        if want not in offsets:
            die("%s has no field %s" % (go_file, want))

    ir = open(src).read()
    ids = [int(x) for x in re.findall(r"^!(\d+) = ", ir, re.M)]
    next_id = [max(ids) + 1]

    def new_node(text):
        n = next_id[0]
        next_id[0] += 1
        new_nodes.append("!%d = %s" % (n, text))
        return "!%d" % n

    new_nodes = []
    m = re.search(r'^(!\d+) = !DIDerivedType\(tag: DW_TAG_typedef, name: "main.bpfCoreTaskStruct", baseType: (!\d+)\)$',
                  ir, re.M)
    if not m:
        die("no main.bpfCoreTaskStruct typedef in %s" % src)
    typedef, composite = m.group(1), m.group(2)
    m = re.search(r"^%s = !DICompositeType\(tag: DW_TAG_structure_type, size: (\d+), align: (\d+), elements: (!\d+)\)$"
                  % re.escape(composite), ir, re.M)
    if not m:
        die("unexpected struct node %s" % composite)
    elements = m.group(3)
    m_el = re.search(r"^%s = !\{(.*)\}$" % re.escape(elements), ir, re.M)
    members = {}
    for node in [x.strip() for x in m_el.group(1).split(",")]:
        mm = re.search(r'^%s = !DIDerivedType\(tag: DW_TAG_member, name: "(\w+)", baseType: (!\d+), size: (\d+), align: (\d+)'
                       % re.escape(node), ir, re.M)
        members[mm.group(1)] = (node, mm.group(2), mm.group(3), mm.group(4))
    u8 = re.search(r'^(!\d+) = !DIBasicType\(name: "uint8", size: 8, encoding: DW_ATE_unsigned\)$', ir, re.M)
    u8 = u8.group(1) if u8 else new_node('!DIBasicType(name: "uint8", size: 8, encoding: DW_ATE_unsigned)')

    names = {"Pid": "pid_", "Tgid": "tgid_", "RealParent": "real_parent_"} if verbatim else {}
    element_nodes = []
    for name, typ, fsize, foff in fields:
        if name == "_":
            sub = new_node("!{!DISubrange(count: %d)}" % fsize)
            arr = new_node("!DICompositeType(tag: DW_TAG_array_type, baseType: %s, size: %d, align: 8, elements: %s)"
                           % (u8, fsize * 8, sub))
            element_nodes.append(new_node('!DIDerivedType(tag: DW_TAG_member, name: "_", baseType: %s, size: %d, '
                                          'align: 8, offset: %d)' % (arr, fsize * 8, foff * 8)))
        else:
            node, base, bits, align = members[name]
            element_nodes.append(node)
            line = re.search(r"^%s = .*$" % re.escape(node), ir, re.M).group(0)
            new = '%s = !DIDerivedType(tag: DW_TAG_member, name: "%s", baseType: %s, size: %s, align: %s%s)' % (
                node, names.get(name, name), base, bits, align, ", offset: %d" % (foff * 8) if foff else "")
            ir = ir.replace(line, new)
    ir = re.sub(r"^%s = !\{.*\}$" % re.escape(elements), "%s = !{%s}" % (elements, ", ".join(element_nodes)), ir,
                flags=re.M)
    ir = re.sub(r"^(%s = !DICompositeType\(tag: DW_TAG_structure_type, size: )\d+" % re.escape(composite),
                lambda mm: mm.group(1) + str(size * 8), ir, flags=re.M)
    if verbatim:
        ir = ir.replace('name: "main.bpfCoreTaskStruct"', 'name: "main.bpfCoretask_struct_"')

    # The function: TinyGo's byte offsets become the generated ones.
    fm = re.search(r"^define [^\n]*@core_task\(.*?^\}$", ir, re.M | re.S)
    body = fm.group(0)
    task = re.search(r"(%\d+) = inttoptr i64 %\d+ to ptr", body).group(1)
    parent = re.search(r"(%\d+) = load ptr, ptr %parent", body).group(1)

    def gep(ptr, old, new):
        nonlocal body
        pat = "getelementptr inbounds i8, ptr %s, i64 %d," % (ptr, old)
        if pat not in body:
            die("expected `%s` in core_task" % pat)
        body = body.replace(pat, "getelementptr inbounds i8, ptr %s, i64 %d," % (ptr, new))

    gep(task, 8, offsets["RealParent"])
    gep(task, 4, offsets["Tgid"])
    gep(parent, 4, offsets["Tgid"])
    # &task.Pid was the task pointer itself (offset 0).
    call = re.search(r"^(  %\d+ = call i64 @main\.bpfProbeReadKernel\(ptr nonnull %pid, i32 4, ptr nonnull )"
                     + re.escape(task) + r"(, ptr undef\) #\d+, (!dbg !\d+))$", body, re.M)
    if not call:
        die("expected bpfProbeReadKernel(&pid, 4, task) in core_task")
    body = body.replace(call.group(0),
                        "  %%pid.addr = getelementptr inbounds i8, ptr %s, i64 %d, %s\n%s%%pid.addr%s"
                        % (task, offsets["Pid"], call.group(3), call.group(1), call.group(2)))
    ir = ir.replace(fm.group(0), body)
    ir = ir.rstrip("\n") + "\n" + "\n".join(new_nodes) + "\n"
    open(dst, "w").write(ir)
    print("bpfCoreTaskStruct: size %d, Pid +%d, Tgid +%d, RealParent +%d%s%s" % (
        size, offsets["Pid"], offsets["Tgid"], offsets["RealParent"],
        " (shifted by %d)" % shift if shift else "", ", verbatim names" if verbatim else ""))


main()
