; A narrow hand-written module in TinyGo's shape (opaque pointers, byte-offset GEPs, the
; Go types only in debug info, a trailing context parameter) for tests/lit/core-holder.test:
;   type bpfCoreTaskStruct struct { Pid, Tgid int32 }
;   type forkArgs struct { Parent, Child *bpfCoreTaskStruct }
;   //export tp_btf_fork
;   func tp_btf_fork(ctx unsafe.Pointer) int32 {
;       args := (*forkArgs)(ctx)
;       if args.Child == nil { return 0 }
;       return args.Child.Tgid
;   }
; No Go variable holds args.Child: only `args` has a debug value.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

define i32 @tp_btf_fork(ptr %ctx) !dbg !10 {
entry:
    #dbg_value(ptr %ctx, !19, !DIExpression(), !30)
    #dbg_value(ptr %ctx, !20, !DIExpression(), !30)
  %0 = getelementptr inbounds i8, ptr %ctx, i64 8, !dbg !31
  %1 = load ptr, ptr %0, align 8, !dbg !31
  %2 = icmp eq ptr %1, null, !dbg !31
  br i1 %2, label %common.ret, label %if.done, !dbg !31

common.ret:
  %r = phi i32 [ 0, %entry ], [ %4, %if.done ]
  ret i32 %r, !dbg !32

if.done:
  %3 = getelementptr inbounds i8, ptr %1, i64 4, !dbg !32
  %4 = load i32, ptr %3, align 4, !dbg !32
  br label %common.ret, !dbg !32
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "prog.go", directory: "/src/tp_btf_fork")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !{i32 7, !"Dwarf Version", i32 4}
!10 = distinct !DISubprogram(name: "main.tp_btf_fork", linkageName: "tp_btf_fork", scope: !1, file: !1, line: 20, type: !11, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !18)
!11 = !DISubroutineType(types: !12)
!12 = !{!13, !14}
!13 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!14 = !DIBasicType(name: "unsafe.Pointer", size: 64, encoding: DW_ATE_address)
!18 = !{!19}
!19 = !DILocalVariable(name: "ctx", arg: 1, scope: !10, file: !1, line: 20, type: !14)
!20 = !DILocalVariable(name: "args", scope: !10, file: !1, line: 21, type: !21)
!21 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !22, size: 64, align: 64, dwarfAddressSpace: 0)
!22 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.forkArgs", baseType: !23)
!23 = !DICompositeType(tag: DW_TAG_structure_type, size: 128, align: 64, elements: !24)
!24 = !{!25, !26}
!25 = !DIDerivedType(tag: DW_TAG_member, name: "Parent", baseType: !40, size: 64, align: 64)
!26 = !DIDerivedType(tag: DW_TAG_member, name: "Child", baseType: !40, size: 64, align: 64, offset: 64)
!30 = !DILocation(line: 21, column: 2, scope: !10)
!31 = !DILocation(line: 22, column: 10, scope: !10)
!32 = !DILocation(line: 23, column: 20, scope: !10)
!40 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !41, size: 64, align: 64, dwarfAddressSpace: 0)
!41 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.bpfCoreTaskStruct", baseType: !42)
!42 = !DICompositeType(tag: DW_TAG_structure_type, size: 64, align: 32, elements: !43)
!43 = !{!44, !45}
!44 = !DIDerivedType(tag: DW_TAG_member, name: "Pid", baseType: !13, size: 32, align: 32)
!45 = !DIDerivedType(tag: DW_TAG_member, name: "Tgid", baseType: !13, size: 32, align: 32, offset: 32)
