; tbpf: count_by_parity=tracepoint/syscalls/sys_enter_getpid
; Fuzz finding (the IR-aware mutator; two of its edits kept): the map_in_map seed with the
; map struct's member Type given a tuple (!9) as its base type, and the compile unit no
; longer listing the global, so the LLVM verifier never looks at it. maps.c read the tuple
; with LLVMDITypeGetName (SEGV). Now input_checks.c rejects debug-info operands of the
; wrong kind.
; ModuleID = 'tests/fixtures/idioms/map_in_map/prog.ll'
source_filename = "main"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

@main.outer = hidden global { ptr, ptr, ptr, [2 x ptr] } { ptr null, ptr null, ptr null, [2 x ptr] [ptr @main.countersEven, ptr @main.countersOdd] }, align 8, !dbg !0
@main.countersEven = hidden global { ptr, ptr, ptr, ptr } zeroinitializer, align 8, !dbg !34
@main.countersOdd = hidden global { ptr, ptr, ptr, ptr } zeroinitializer, align 8, !dbg !36

; Function Attrs: allockind("alloc,zeroed") allocsize(0)
declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @count_by_parity(ptr nocapture readnone %ctx) local_unnamed_addr #1 !dbg !46 {
entry:
    #dbg_value(ptr %ctx, !51, !DIExpression(), !55)
  %slot = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #3, !dbg !56
  %0 = call i64 @main.bpfGetCurrentPidTgid(ptr undef) #3, !dbg !57
  %1 = lshr i64 %0, 32, !dbg !58
  %2 = trunc nuw i64 %1 to i32, !dbg !59
  %3 = and i32 %2, 1, !dbg !60
  store i32 %3, ptr %slot, align 4, !dbg !56
    #dbg_value(i32 %3, !52, !DIExpression(), !56)
  %4 = call ptr @main.bpfMapLookupElem(ptr nonnull @main.outer, ptr nonnull %slot, ptr undef) #3, !dbg !61
    #dbg_value(ptr %4, !53, !DIExpression(), !62)
    #dbg_value(ptr %4, !53, !DIExpression(), !63)
  %5 = icmp eq ptr %4, null, !dbg !64
  br i1 %5, label %common.ret, label %if.done, !dbg !65

common.ret:                                       ; preds = %if.then1, %if.done, %entry
  ret i32 0, !dbg !65

if.done:                                          ; preds = %entry
  %zero = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #3, !dbg !66
    #dbg_value(ptr %4, !53, !DIExpression(), !67)
  %6 = call ptr @main.bpfMapLookupElem(ptr nonnull %4, ptr nonnull %zero, ptr undef) #3, !dbg !68
    #dbg_value(ptr %6, !54, !DIExpression(), !69)
    #dbg_value(ptr %6, !54, !DIExpression(), !70)
  %.not = icmp eq ptr %6, null, !dbg !71
  br i1 %.not, label %common.ret, label %if.then1, !dbg !65

if.then1:                                         ; preds = %if.done
    #dbg_value(ptr %6, !54, !DIExpression(), !72)
    #dbg_value(ptr %6, !73, !DIExpression(), !80)
    #dbg_value(i64 1, !79, !DIExpression(), !80)
  %7 = atomicrmw add ptr %6, i64 1 syncscope("singlethread") seq_cst, align 8, !dbg !80
  br label %common.ret, !dbg !65
}

declare i64 @main.bpfGetCurrentPidTgid(ptr) local_unnamed_addr #2

declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr) local_unnamed_addr #2

attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #1 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #2 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #3 = { nounwind }

!llvm.dbg.cu = !{!38, !41}
!llvm.ident = !{!43, !43, !43, !43, !43, !43, !43, !43, !43, !43, !43, !43, !43, !43, !43}
!llvm.module.flags = !{!44, !45}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "main.outer", linkageName: "main.outer", scope: !2, file: !2, line: 27, type: !3, isLocal: false, isDefinition: true, align: 64)
!2 = !DIFile(filename: "prog.go", directory: "/src/idioms/map_in_map")
!3 = !DICompositeType(tag: DW_TAG_structure_type, size: 320, align: 64, elements: !4)
!4 = !{!5, !11, !16, !19}
!5 = !DIDerivedType(tag: DW_TAG_member, name: "Type", baseType: !9, size: 64, align: 64)
!6 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !7, size: 64, align: 64, dwarfAddressSpace: 0)
!7 = !DICompositeType(tag: DW_TAG_array_type, baseType: !8, size: 384, align: 32, elements: !9)
!8 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!9 = !{!10}
!10 = !DISubrange(count: 12, lowerBound: 0)
!11 = !DIDerivedType(tag: DW_TAG_member, name: "MaxEntries", baseType: !12, size: 64, align: 64, offset: 64)
!12 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !13, size: 64, align: 64, dwarfAddressSpace: 0)
!13 = !DICompositeType(tag: DW_TAG_array_type, baseType: !8, size: 64, align: 32, elements: !14)
!14 = !{!15}
!15 = !DISubrange(count: 2, lowerBound: 0)
!16 = !DIDerivedType(tag: DW_TAG_member, name: "Key", baseType: !17, size: 64, align: 64, offset: 128)
!17 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !18, size: 64, align: 64, dwarfAddressSpace: 0)
!18 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!19 = !DIDerivedType(tag: DW_TAG_member, name: "Values", baseType: !20, size: 128, align: 64, offset: 192)
!20 = !DICompositeType(tag: DW_TAG_array_type, baseType: !21, size: 128, align: 64, elements: !14)
!21 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !22, size: 64, align: 64, dwarfAddressSpace: 0)
!22 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.counterMap", baseType: !23)
!23 = !DICompositeType(tag: DW_TAG_structure_type, size: 256, align: 64, elements: !24)
!24 = !{!25, !26, !16, !31}
!25 = !DIDerivedType(tag: DW_TAG_member, name: "Type", baseType: !12, size: 64, align: 64)
!26 = !DIDerivedType(tag: DW_TAG_member, name: "MaxEntries", baseType: !27, size: 64, align: 64, offset: 64)
!27 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !28, size: 64, align: 64, dwarfAddressSpace: 0)
!28 = !DICompositeType(tag: DW_TAG_array_type, baseType: !8, size: 32, align: 32, elements: !29)
!29 = !{!30}
!30 = !DISubrange(count: 1, lowerBound: 0)
!31 = !DIDerivedType(tag: DW_TAG_member, name: "Value", baseType: !32, size: 64, align: 64, offset: 192)
!32 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !33, size: 64, align: 64, dwarfAddressSpace: 0)
!33 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
!34 = !DIGlobalVariableExpression(var: !35, expr: !DIExpression())
!35 = distinct !DIGlobalVariable(name: "main.countersEven", linkageName: "main.countersEven", scope: !2, file: !2, line: 23, type: !22, isLocal: false, isDefinition: true, align: 64)
!36 = !DIGlobalVariableExpression(var: !37, expr: !DIExpression())
!37 = distinct !DIGlobalVariable(name: "main.countersOdd", linkageName: "main.countersOdd", scope: !2, file: !2, line: 24, type: !22, isLocal: false, isDefinition: true, align: 64)
!38 = distinct !DICompileUnit(language: DW_LANG_C99, file: !39, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !40)
!39 = !DIFile(filename: "<unknown>", directory: "")
!40 = !{}
!41 = distinct !DICompileUnit(language: DW_LANG_C99, file: !39, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: null)
!42 = !{!0, !34, !36}
!43 = !{!"TinyGo version 0.40.1"}
!44 = !{i32 2, !"Debug Info Version", i32 3}
!45 = !{i32 7, !"Dwarf Version", i32 4}
!46 = distinct !DISubprogram(name: "main.count_by_parity", linkageName: "count_by_parity", scope: !2, file: !2, line: 41, type: !47, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !41, retainedNodes: !50)
!47 = !DISubroutineType(types: !48)
!48 = !{!49}
!49 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "unsafe.Pointer", baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!50 = !{!51, !52, !53, !54}
!51 = !DILocalVariable(name: "ctx", arg: 1, scope: !46, file: !2, line: 41, type: !49)
!52 = !DILocalVariable(name: "slot", scope: !46, file: !2, line: 42, type: !18)
!53 = !DILocalVariable(name: "inner", scope: !46, file: !2, line: 43, type: !49)
!54 = !DILocalVariable(name: "v", scope: !46, file: !2, line: 48, type: !32)
!55 = !DILocation(line: 41, column: 6, scope: !46)
!56 = !DILocation(line: 42, column: 2, scope: !46)
!57 = !DILocation(line: 42, column: 37, scope: !46)
!58 = !DILocation(line: 42, column: 39, scope: !46)
!59 = !DILocation(line: 42, column: 16, scope: !46)
!60 = !DILocation(line: 42, column: 45, scope: !46)
!61 = !DILocation(line: 43, column: 27, scope: !46)
!62 = !DILocation(line: 43, column: 2, scope: !46)
!63 = !DILocation(line: 44, column: 5, scope: !46)
!64 = !DILocation(line: 44, column: 11, scope: !46)
!65 = !DILocation(line: 0, scope: !46)
!66 = !DILocation(line: 47, column: 6, scope: !46)
!67 = !DILocation(line: 48, column: 37, scope: !46)
!68 = !DILocation(line: 48, column: 36, scope: !46)
!69 = !DILocation(line: 48, column: 5, scope: !46)
!70 = !DILocation(line: 48, column: 69, scope: !46)
!71 = !DILocation(line: 48, column: 71, scope: !46)
!72 = !DILocation(line: 49, column: 20, scope: !46)
!73 = !DILocalVariable(name: "addr", arg: 1, scope: !74, file: !75, line: 138, type: !32)
!74 = distinct !DISubprogram(name: "sync/atomic.AddUint64", linkageName: "sync/atomic.AddUint64", scope: !75, file: !75, line: 138, type: !76, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !38, retainedNodes: !78)
!75 = !DIFile(filename: "doc.go", directory: "/usr/lib/go-1.23/src/sync/atomic")
!76 = !DISubroutineType(types: !77)
!77 = !{!32, !33}
!78 = !{!73, !79}
!79 = !DILocalVariable(name: "delta", arg: 2, scope: !74, file: !75, line: 138, type: !33)
!80 = !DILocation(line: 138, column: 6, scope: !74, inlinedAt: !81)
!81 = distinct !DILocation(line: 49, column: 19, scope: !46)
