; tbpf: uprobe_getenv=uprobe//lib/x86_64-linux-gnu/libc.so.6:getenv
; Fuzz finding (llvm-reduce'd): typedef main.ptRegs is its own base type. tbpf-core hung in
; LLVM's BPF passes during optimisation; now input_checks.c rejects the looping type chain.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

define i32 @uprobe_getenv() !dbg !5 {
entry:
  ret i32 0
}

!llvm.dbg.cu = !{!0, !3}
!llvm.module.flags = !{!4}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2)
!1 = !DIFile(filename: "<unknown>", directory: "")
!2 = !{}
!3 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2)
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "main.uprobe_getenv", linkageName: "uprobe_getenv", scope: !6, file: !6, line: 57, type: !7, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !3, retainedNodes: !8)
!6 = !DIFile(filename: "prog.go", directory: "/src/uprobe_getenv")
!7 = !DISubroutineType(types: !2)
!8 = !{!9}
!9 = !DILocalVariable(name: "regs", scope: !5, file: !6, line: 58, type: !10)
!10 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !11, size: 64, align: 64, dwarfAddressSpace: 0)
!11 = distinct !DIDerivedType(tag: DW_TAG_typedef, name: "main.ptRegs", baseType: !11)
