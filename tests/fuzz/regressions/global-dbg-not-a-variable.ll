; tbpf: locked_count=xdp
; Fuzz finding (the IR-aware mutator; one edit kept): a global whose !dbg attachment is a
; type, not a global variable expression. LLVM's verifier crashed on it (SEGV inside
; LLVMVerifyModule); input_checks.c now checks attachments before running the verifier.
; ModuleID = 'tests/fixtures/idioms/spinlock_value/prog.ll'
source_filename = "main"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

@main.stats = hidden global { ptr, ptr, ptr, ptr } zeroinitializer, align 8, !dbg !24

; Function Attrs: allockind("alloc,zeroed") allocsize(0)
declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

; Function Attrs: cold noreturn nounwind memory(inaccessiblemem: write)
declare void @llvm.trap() #1

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @locked_count(ptr nocapture readonly %ctx) local_unnamed_addr #2 !dbg !41 {
entry:
    #dbg_value(ptr %ctx, !46, !DIExpression(), !62)
    #dbg_value(ptr %ctx, !46, !DIExpression(), !63)
    #dbg_value(ptr %ctx, !47, !DIExpression(), !64)
    #dbg_value(ptr %ctx, !47, !DIExpression(), !65)
    #dbg_value(ptr %ctx, !47, !DIExpression(), !66)
  %0 = icmp eq ptr %ctx, null, !dbg !67
  br i1 %0, label %deref.throw1, label %deref.next2, !dbg !67

deref.next2:                                      ; preds = %entry
  %1 = getelementptr inbounds i8, ptr %ctx, i64 4, !dbg !68
  %2 = load i32, ptr %1, align 4, !dbg !68
  %3 = load i32, ptr %ctx, align 4, !dbg !67
    #dbg_value(!DIArgList(i32 %2, i32 %3), !58, !DIExpression(DW_OP_LLVM_arg, 0, DW_OP_LLVM_arg, 1, DW_OP_minus, DW_OP_LLVM_convert, 32, DW_ATE_unsigned, DW_OP_LLVM_convert, 64, DW_ATE_unsigned, DW_OP_stack_value), !69)
  %zero = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #4, !dbg !70
  %4 = call ptr @main.bpfMapLookupElem(ptr nonnull @main.stats, ptr nonnull %zero, ptr undef) #4, !dbg !71
    #dbg_value(ptr %4, !59, !DIExpression(), !72)
    #dbg_value(ptr %4, !59, !DIExpression(), !73)
  %5 = icmp eq ptr %4, null, !dbg !74
  br i1 %5, label %common.ret, label %if.done, !dbg !75

common.ret:                                       ; preds = %if.done, %deref.next2
  ret i32 2, !dbg !75

if.done:                                          ; preds = %deref.next2
    #dbg_value(ptr %4, !59, !DIExpression(), !76)
  %6 = call i64 @main.bpfSpinLock(ptr nonnull %4, ptr undef) #4, !dbg !77
    #dbg_value(ptr %4, !59, !DIExpression(), !78)
  %7 = getelementptr inbounds i8, ptr %4, i64 8, !dbg !79
  %8 = load i64, ptr %7, align 8, !dbg !79
  %9 = add i64 %8, 1, !dbg !78
  store i64 %9, ptr %7, align 8, !dbg !79
    #dbg_value(i64 %9, !60, !DIExpression(), !79)
    #dbg_value(ptr %4, !59, !DIExpression(), !80)
    #dbg_value(!DIArgList(i32 %2, i32 %3), !58, !DIExpression(DW_OP_LLVM_arg, 0, DW_OP_LLVM_arg, 1, DW_OP_minus, DW_OP_LLVM_convert, 32, DW_ATE_unsigned, DW_OP_LLVM_convert, 64, DW_ATE_unsigned, DW_OP_stack_value), !81)
  %10 = getelementptr inbounds i8, ptr %4, i64 16, !dbg !82
  %11 = load i64, ptr %10, align 8, !dbg !82
  %12 = sub i32 %2, %3, !dbg !83
    #dbg_value(i32 %12, !58, !DIExpression(DW_OP_LLVM_convert, 32, DW_ATE_unsigned, DW_OP_LLVM_convert, 64, DW_ATE_unsigned, DW_OP_stack_value), !69)
  %13 = zext i32 %12 to i64, !dbg !84
    #dbg_value(i64 %13, !58, !DIExpression(), !69)
  %14 = add i64 %11, %13, !dbg !80
  store i64 %14, ptr %10, align 8, !dbg !82
    #dbg_value(i64 %14, !61, !DIExpression(), !82)
    #dbg_value(ptr %4, !59, !DIExpression(), !85)
  %15 = call i64 @main.bpfSpinUnlock(ptr nonnull %4, ptr undef) #4, !dbg !86
  br label %common.ret, !dbg !87

deref.throw1:                                     ; preds = %entry
    #dbg_value(ptr poison, !88, !DIExpression(), !102)
    #dbg_value(ptr poison, !101, !DIExpression(DW_OP_LLVM_fragment, 0, 64), !102)
    #dbg_value(i64 23, !101, !DIExpression(DW_OP_LLVM_fragment, 64, 64), !102)
  call void @llvm.trap(), !dbg !107
  unreachable, !dbg !108
}

declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr) local_unnamed_addr #3

declare i64 @main.bpfSpinLock(ptr, ptr) local_unnamed_addr #3

declare i64 @main.bpfSpinUnlock(ptr, ptr) local_unnamed_addr #3

attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #1 = { cold noreturn nounwind memory(inaccessiblemem: write) }
attributes #2 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #3 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #4 = { nounwind }

!llvm.dbg.cu = !{!33, !36}
!llvm.ident = !{!38, !38, !38, !38, !38, !38, !38, !38, !38, !38, !38, !38, !38, !38, !38}
!llvm.module.flags = !{!39, !40}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "main.stats", linkageName: "main.stats", scope: !2, file: !2, line: 30, type: !3, isLocal: false, isDefinition: true, align: 64)
!2 = !DIFile(filename: "prog.go", directory: "/src/idioms/spinlock_value")
!3 = !DICompositeType(tag: DW_TAG_structure_type, size: 256, align: 64, elements: !4)
!4 = !{!5, !11, !16, !19}
!5 = !DIDerivedType(tag: DW_TAG_member, name: "Type", baseType: !6, size: 64, align: 64)
!6 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !7, size: 64, align: 64, dwarfAddressSpace: 0)
!7 = !DICompositeType(tag: DW_TAG_array_type, baseType: !8, size: 64, align: 32, elements: !9)
!8 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!9 = !{!10}
!10 = !DISubrange(count: 2, lowerBound: 0)
!11 = !DIDerivedType(tag: DW_TAG_member, name: "MaxEntries", baseType: !12, size: 64, align: 64, offset: 64)
!12 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !13, size: 64, align: 64, dwarfAddressSpace: 0)
!13 = !DICompositeType(tag: DW_TAG_array_type, baseType: !8, size: 32, align: 32, elements: !14)
!14 = !{!15}
!15 = !DISubrange(count: 1, lowerBound: 0)
!16 = !DIDerivedType(tag: DW_TAG_member, name: "Key", baseType: !17, size: 64, align: 64, offset: 128)
!17 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !18, size: 64, align: 64, dwarfAddressSpace: 0)
!18 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!19 = !DIDerivedType(tag: DW_TAG_member, name: "Value", baseType: !20, size: 64, align: 64, offset: 192)
!20 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !21, size: 64, align: 64, dwarfAddressSpace: 0)
!21 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.lockedStats", baseType: !22)
!22 = !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 64, elements: !23)
!23 = !{!24, !29, !30, !32}
!24 = !DIDerivedType(tag: DW_TAG_member, name: "Lock", baseType: !25, size: 32, align: 32)
!25 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.bpf_spin_lock", baseType: !26)
!26 = !DICompositeType(tag: DW_TAG_structure_type, size: 32, align: 32, elements: !27)
!27 = !{!28}
!28 = !DIDerivedType(tag: DW_TAG_member, name: "Val", baseType: !18, size: 32, align: 32)
!29 = !DIDerivedType(tag: DW_TAG_member, name: "_", baseType: !18, size: 32, align: 32, offset: 32)
!30 = !DIDerivedType(tag: DW_TAG_member, name: "Packets", baseType: !31, size: 64, align: 64, offset: 64)
!31 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
!32 = !DIDerivedType(tag: DW_TAG_member, name: "Bytes", baseType: !31, size: 64, align: 64, offset: 128)
!33 = distinct !DICompileUnit(language: DW_LANG_C99, file: !34, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !35)
!34 = !DIFile(filename: "<unknown>", directory: "")
!35 = !{!0}
!36 = distinct !DICompileUnit(language: DW_LANG_C99, file: !34, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !37)
!37 = !{}
!38 = !{!"TinyGo version 0.40.1"}
!39 = !{i32 2, !"Debug Info Version", i32 3}
!40 = !{i32 7, !"Dwarf Version", i32 4}
!41 = distinct !DISubprogram(name: "main.locked_count", linkageName: "locked_count", scope: !2, file: !2, line: 47, type: !42, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !33, retainedNodes: !45)
!42 = !DISubroutineType(types: !43)
!43 = !{!44}
!44 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "unsafe.Pointer", baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!45 = !{!46, !47, !58, !59, !60, !61}
!46 = !DILocalVariable(name: "ctx", arg: 1, scope: !41, file: !2, line: 47, type: !44)
!47 = !DILocalVariable(name: "md", scope: !41, file: !2, line: 48, type: !48)
!48 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !49, size: 64, align: 64, dwarfAddressSpace: 0)
!49 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.xdpMd", baseType: !50)
!50 = !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 32, elements: !51)
!51 = !{!52, !53, !54, !55, !56, !57}
!52 = !DIDerivedType(tag: DW_TAG_member, name: "Data", baseType: !18, size: 32, align: 32)
!53 = !DIDerivedType(tag: DW_TAG_member, name: "DataEnd", baseType: !18, size: 32, align: 32, offset: 32)
!54 = !DIDerivedType(tag: DW_TAG_member, name: "DataMeta", baseType: !18, size: 32, align: 32, offset: 64)
!55 = !DIDerivedType(tag: DW_TAG_member, name: "IngressIfindex", baseType: !18, size: 32, align: 32, offset: 96)
!56 = !DIDerivedType(tag: DW_TAG_member, name: "RxQueueIndex", baseType: !18, size: 32, align: 32, offset: 128)
!57 = !DIDerivedType(tag: DW_TAG_member, name: "EgressIfindex", baseType: !18, size: 32, align: 32, offset: 160)
!58 = !DILocalVariable(name: "size", scope: !41, file: !2, line: 49, type: !31)
!59 = !DILocalVariable(name: "s", scope: !41, file: !2, line: 51, type: !20)
!60 = !DILocalVariable(name: "Packets", scope: !41, file: !2, line: 25, type: !31)
!61 = !DILocalVariable(name: "Bytes", scope: !41, file: !2, line: 26, type: !31)
!62 = !DILocation(line: 47, column: 6, scope: !41)
!63 = !DILocation(line: 48, column: 17, scope: !41)
!64 = !DILocation(line: 48, column: 2, scope: !41)
!65 = !DILocation(line: 49, column: 17, scope: !41)
!66 = !DILocation(line: 49, column: 30, scope: !41)
!67 = !DILocation(line: 49, column: 33, scope: !41)
!68 = !DILocation(line: 49, column: 20, scope: !41)
!69 = !DILocation(line: 49, column: 2, scope: !41)
!70 = !DILocation(line: 50, column: 6, scope: !41)
!71 = !DILocation(line: 51, column: 38, scope: !41)
!72 = !DILocation(line: 51, column: 2, scope: !41)
!73 = !DILocation(line: 52, column: 5, scope: !41)
!74 = !DILocation(line: 52, column: 7, scope: !41)
!75 = !DILocation(line: 0, scope: !41)
!76 = !DILocation(line: 55, column: 30, scope: !41)
!77 = !DILocation(line: 55, column: 13, scope: !41)
!78 = !DILocation(line: 56, column: 2, scope: !41)
!79 = !DILocation(line: 56, column: 4, scope: !41)
!80 = !DILocation(line: 57, column: 2, scope: !41)
!81 = !DILocation(line: 57, column: 13, scope: !41)
!82 = !DILocation(line: 57, column: 4, scope: !41)
!83 = !DILocation(line: 49, column: 28, scope: !41)
!84 = !DILocation(line: 49, column: 16, scope: !41)
!85 = !DILocation(line: 58, column: 32, scope: !41)
!86 = !DILocation(line: 58, column: 15, scope: !41)
!87 = !DILocation(line: 59, column: 2, scope: !41)
!88 = !DILocalVariable(name: "addr", arg: 1, scope: !89, file: !90, line: 91, type: !44)
!89 = distinct !DISubprogram(name: "runtime.runtimePanicAt", linkageName: "runtime.runtimePanicAt", scope: !90, file: !90, line: 91, type: !91, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !36, retainedNodes: !100)
!90 = !DIFile(filename: "panic.go", directory: "/usr/local/lib/tinygo/src/runtime")
!91 = !DISubroutineType(types: !92)
!92 = !{!44, !93}
!93 = !DICompositeType(tag: DW_TAG_structure_type, name: "string", size: 128, align: 64, elements: !94)
!94 = !{!95, !98}
!95 = !DIDerivedType(tag: DW_TAG_member, name: "ptr", baseType: !96, size: 64, align: 64)
!96 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !97, size: 64, align: 64, dwarfAddressSpace: 0)
!97 = !DIBasicType(name: "uint8", size: 8, encoding: DW_ATE_unsigned)
!98 = !DIDerivedType(tag: DW_TAG_member, name: "len", baseType: !99, size: 64, align: 64, offset: 64)
!99 = !DIBasicType(name: "uintptr", size: 64, encoding: DW_ATE_unsigned)
!100 = !{!88, !101}
!101 = !DILocalVariable(name: "msg", arg: 2, scope: !89, file: !90, line: 91, type: !93)
!102 = !DILocation(line: 91, column: 6, scope: !89, inlinedAt: !103)
!103 = distinct !DILocation(line: 184, column: 16, scope: !104, inlinedAt: !106)
!104 = distinct !DISubprogram(name: "runtime.nilPanic", linkageName: "runtime.nilPanic", scope: !90, file: !90, line: 183, type: !105, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !36)
!105 = !DISubroutineType(types: !37)
!106 = distinct !DILocation(line: 49, column: 33, scope: !41)
!107 = !DILocation(line: 93, column: 7, scope: !89, inlinedAt: !103)
!108 = !DILocation(line: 0, scope: !89, inlinedAt: !103)
