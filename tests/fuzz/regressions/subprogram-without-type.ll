; tbpf: sched_fork=tracepoint/sched/sched_process_fork
; Found by a sweep that nulled each metadata reference of the seeds in turn (reduced by
; hand): a function's DISubprogram without `type:`. The LLVM verifier accepts it; LLVM's
; BPFAbstractMemberAccess, run by tbpf-core's optimisation, dereferenced it (SEGV). Now
; input_checks.c rejects it.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

define i32 @sched_fork(ptr %ctx) !dbg !7 {
entry:
  call fastcc void @main.fillForkEvent(), !dbg !10
  ret i32 0, !dbg !10
}

define internal fastcc void @main.fillForkEvent() !dbg !5 {
entry:
  ret void
}

!llvm.dbg.cu = !{!0, !3}
!llvm.module.flags = !{!4}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2)
!1 = !DIFile(filename: "<unknown>", directory: "")
!2 = !{}
!3 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2)
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "main.fillForkEvent", linkageName: "main.fillForkEvent", scope: !6, file: !6, line: 60, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !2)
!6 = !DIFile(filename: "prog.go", directory: "/src/heap_escape")
!7 = distinct !DISubprogram(name: "main.sched_fork", linkageName: "sched_fork", scope: !6, file: !6, line: 70, type: !8, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !2)
!8 = !DISubroutineType(types: !9)
!9 = !{null}
!10 = !DILocation(line: 71, column: 2, scope: !7)
