; tbpf: task_tgid=syscall
; Found by a sweep that set each size in the seeds' debug info to extremes: the CO-RE
; struct's member Pid claims 2^64-1 bits, so the members after it overlap it and are
; skipped; core.c leaked their kernel names (LeakSanitizer). Fixed in core.c.
; ModuleID = 'tests/fixtures/idioms/kfunc_decl/prog.ll'
source_filename = "main"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

; Function Attrs: nounwind uwtable(sync)
define i32 @task_tgid(ptr nocapture readnone %ctx) local_unnamed_addr #0 !dbg !5 {
entry:
    #dbg_value(ptr %ctx, !11, !DIExpression(), !22)
  %0 = call i64 @main.bpfGetCurrentPidTgid(ptr undef) #2, !dbg !23
  %1 = trunc i64 %0 to i32, !dbg !24
    #dbg_value(i32 %1, !12, !DIExpression(), !25)
  call void @main.bpfRcuReadLock(ptr undef) #2, !dbg !26
    #dbg_value(i32 %1, !12, !DIExpression(), !27)
  %2 = call ptr @bpf_task_from_pid(i32 %1, ptr undef) #2, !dbg !28
    #dbg_value(ptr %2, !14, !DIExpression(), !29)
    #dbg_value(ptr %2, !14, !DIExpression(), !30)
  %3 = icmp eq ptr %2, null, !dbg !31
  br i1 %3, label %if.then, label %deref.next, !dbg !32

common.ret:                                       ; preds = %deref.next, %if.then
  %common.ret.op = phi i32 [ -1, %if.then ], [ %5, %deref.next ]
  ret i32 %common.ret.op, !dbg !32

if.then:                                          ; preds = %entry
  call void @bpf_rcu_read_unlock() #2, !dbg !33
  br label %common.ret, !dbg !34

deref.next:                                       ; preds = %entry
    #dbg_value(ptr %2, !14, !DIExpression(), !35)
  %4 = getelementptr inbounds i8, ptr %2, i64 4, !dbg !36
  %5 = load i32, ptr %4, align 4, !dbg !36
    #dbg_value(i32 %5, !21, !DIExpression(), !37)
    #dbg_value(ptr %2, !14, !DIExpression(), !38)
  call void @bpf_task_release(ptr nonnull %2, ptr undef) #2, !dbg !39
  call void @bpf_rcu_read_unlock() #2, !dbg !40
    #dbg_value(i32 %5, !21, !DIExpression(), !41)
  br label %common.ret, !dbg !42
}

declare i64 @main.bpfGetCurrentPidTgid(ptr) local_unnamed_addr #1

declare void @main.bpfRcuReadLock(ptr) local_unnamed_addr #1

declare ptr @bpf_task_from_pid(i32, ptr) local_unnamed_addr #1

declare void @bpf_rcu_read_unlock() local_unnamed_addr #1

declare void @bpf_task_release(ptr dereferenceable_or_null(8), ptr) local_unnamed_addr #1

attributes #0 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #1 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #2 = { nounwind }

!llvm.dbg.cu = !{!0}
!llvm.ident = !{!2, !2, !2, !2, !2, !2, !2, !2, !2, !2, !2, !2, !2, !2, !2}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "<unknown>", directory: "")
!2 = !{!"TinyGo version 0.40.1"}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 4}
!5 = distinct !DISubprogram(name: "main.task_tgid", linkageName: "task_tgid", scope: !6, file: !6, line: 38, type: !7, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !10)
!6 = !DIFile(filename: "prog.go", directory: "/src/idioms/kfunc_decl")
!7 = !DISubroutineType(types: !8)
!8 = !{!9}
!9 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "unsafe.Pointer", baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!10 = !{!11, !12, !14, !21}
!11 = !DILocalVariable(name: "ctx", arg: 1, scope: !5, file: !6, line: 38, type: !9)
!12 = !DILocalVariable(name: "pid", scope: !5, file: !6, line: 39, type: !13)
!13 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!14 = !DILocalVariable(name: "task", scope: !5, file: !6, line: 41, type: !15)
!15 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !16, size: 64, align: 64, dwarfAddressSpace: 0)
!16 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.bpfCoreTaskStruct", baseType: !17)
!17 = !DICompositeType(tag: DW_TAG_structure_type, size: 64, align: 32, elements: !18)
!18 = !{!19, !20}
!19 = !DIDerivedType(tag: DW_TAG_member, name: "Pid", baseType: !13, size: 18446744073709551615, align: 32)
!20 = !DIDerivedType(tag: DW_TAG_member, name: "Tgid", baseType: !13, size: 32, align: 32, offset: 32)
!21 = !DILocalVariable(name: "tgid", scope: !5, file: !6, line: 46, type: !13)
!22 = !DILocation(line: 38, column: 6, scope: !5)
!23 = !DILocation(line: 39, column: 42, scope: !5)
!24 = !DILocation(line: 39, column: 21, scope: !5)
!25 = !DILocation(line: 39, column: 2, scope: !5)
!26 = !DILocation(line: 40, column: 16, scope: !5)
!27 = !DILocation(line: 41, column: 24, scope: !5)
!28 = !DILocation(line: 41, column: 23, scope: !5)
!29 = !DILocation(line: 41, column: 2, scope: !5)
!30 = !DILocation(line: 42, column: 5, scope: !5)
!31 = !DILocation(line: 42, column: 10, scope: !5)
!32 = !DILocation(line: 0, scope: !5)
!33 = !DILocation(line: 43, column: 18, scope: !5)
!34 = !DILocation(line: 44, column: 3, scope: !5)
!35 = !DILocation(line: 46, column: 10, scope: !5)
!36 = !DILocation(line: 46, column: 15, scope: !5)
!37 = !DILocation(line: 46, column: 2, scope: !5)
!38 = !DILocation(line: 47, column: 16, scope: !5)
!39 = !DILocation(line: 47, column: 15, scope: !5)
!40 = !DILocation(line: 48, column: 17, scope: !5)
!41 = !DILocation(line: 49, column: 9, scope: !5)
!42 = !DILocation(line: 49, column: 2, scope: !5)
