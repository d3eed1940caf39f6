; tbpf: xdp_port_drop=xdp
; Fuzz finding (the IR-aware mutator; one edit kept): a location that is its own inlinedAt.
; LLVM's verifier (run by LLVM's IR reader for modules with debug info, and by our input
; check) follows the chain forever: tbpf-core hung. Now tbpf-core turns the reader's
; verification off and input_checks.c rejects the loop before running the verifier.
; ModuleID = 'tests/fixtures/xdp_port_drop/prog.ll'
source_filename = "main"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

%main.bpfMapDef = type { i32, i32, i32, i32, i32 }

@main.blockedPorts = hidden global %main.bpfMapDef { i32 1, i32 2, i32 1, i32 64, i32 0 }, align 4, !dbg !0
@main.dropCount = hidden global %main.bpfMapDef { i32 2, i32 4, i32 8, i32 1, i32 0 }, align 4, !dbg !12

; Function Attrs: allockind("alloc,zeroed") allocsize(0)
declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

; Function Attrs: cold noreturn nounwind memory(inaccessiblemem: write)
declare void @llvm.trap() #1

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 1, 3) i32 @xdp_port_drop(ptr nocapture readonly %ctx) local_unnamed_addr #2 !dbg !23 {
entry:
    #dbg_value(ptr %ctx, !28, !DIExpression(), !69)
    #dbg_value(ptr %ctx, !28, !DIExpression(), !70)
    #dbg_value(ptr %ctx, !29, !DIExpression(), !71)
    #dbg_value(ptr %ctx, !29, !DIExpression(), !72)
  %0 = icmp eq ptr %ctx, null, !dbg !73
  br i1 %0, label %deref.throw, label %deref.next, !dbg !73

deref.next:                                       ; preds = %entry
  %1 = load i32, ptr %ctx, align 4, !dbg !73
  %2 = zext i32 %1 to i64, !dbg !74
    #dbg_value(i64 %2, !40, !DIExpression(), !75)
    #dbg_value(ptr %ctx, !29, !DIExpression(), !76)
  %3 = getelementptr inbounds i8, ptr %ctx, i64 4, !dbg !77
  %4 = load i32, ptr %3, align 4, !dbg !77
  %5 = zext i32 %4 to i64, !dbg !78
    #dbg_value(i64 %5, !42, !DIExpression(), !79)
    #dbg_value(i64 %2, !40, !DIExpression(), !80)
  %6 = add nuw nsw i64 %2, 34, !dbg !81
    #dbg_value(i64 %5, !42, !DIExpression(), !82)
  %7 = icmp ugt i64 %6, %5, !dbg !83
  br i1 %7, label %common.ret, label %if.done, !dbg !84

common.ret:                                       ; preds = %if.then13, %if.done12, %if.done10, %if.done8, %if.done6, %if.done4, %if.done2, %cond.false, %if.done, %deref.next
  %common.ret.op = phi i32 [ 2, %deref.next ], [ 2, %cond.false ], [ 2, %if.done ], [ 2, %if.done2 ], [ 2, %if.done4 ], [ 2, %if.done6 ], [ 2, %if.done8 ], [ 2, %if.done10 ], [ 1, %if.then13 ], [ 1, %if.done12 ]
  ret i32 %common.ret.op, !dbg !84

if.done:                                          ; preds = %deref.next
    #dbg_value(i64 %2, !40, !DIExpression(), !85)
  %8 = inttoptr i64 %2 to ptr, !dbg !86
    #dbg_value(ptr %8, !43, !DIExpression(), !87)
    #dbg_value(ptr %8, !43, !DIExpression(), !88)
  %9 = getelementptr inbounds i8, ptr %8, i64 12, !dbg !89
  %10 = load i8, ptr %9, align 1, !dbg !89
  %.not = icmp eq i8 %10, 8, !dbg !90
  br i1 %.not, label %cond.false, label %common.ret, !dbg !84

cond.false:                                       ; preds = %if.done
    #dbg_value(ptr %8, !43, !DIExpression(), !91)
  %11 = getelementptr inbounds i8, ptr %8, i64 13, !dbg !92
  %12 = load i8, ptr %11, align 1, !dbg !92
  %.not6 = icmp eq i8 %12, 0, !dbg !93
  br i1 %.not6, label %if.done2, label %common.ret, !dbg !84

if.done2:                                         ; preds = %cond.false
    #dbg_value(ptr %8, !43, !DIExpression(), !94)
  %13 = getelementptr inbounds i8, ptr %8, i64 14, !dbg !95
  %14 = load i8, ptr %13, align 1, !dbg !95
    #dbg_value(i8 %14, !49, !DIExpression(), !96)
    #dbg_value(i8 %14, !49, !DIExpression(), !97)
  %.mask = and i8 %14, -16, !dbg !98
  %.not7 = icmp eq i8 %.mask, 64, !dbg !98
  br i1 %.not7, label %if.done4, label %common.ret, !dbg !84

if.done4:                                         ; preds = %if.done2
    #dbg_value(i8 %14, !49, !DIExpression(), !99)
  %15 = shl i8 %14, 2, !dbg !100
  %16 = zext nneg i8 %15 to i64, !dbg !100
    #dbg_value(i64 %16, !50, !DIExpression(), !101)
    #dbg_value(i64 %16, !50, !DIExpression(), !102)
  %17 = icmp ult i8 %15, 20, !dbg !103
  br i1 %17, label %common.ret, label %if.done6, !dbg !84

if.done6:                                         ; preds = %if.done4
    #dbg_value(ptr %8, !43, !DIExpression(), !104)
  %18 = getelementptr inbounds i8, ptr %8, i64 23, !dbg !105
  %19 = load i8, ptr %18, align 1, !dbg !105
  %.not8 = icmp eq i8 %19, 17, !dbg !106
  br i1 %.not8, label %if.done8, label %common.ret, !dbg !84

if.done8:                                         ; preds = %if.done6
    #dbg_value(i64 %2, !40, !DIExpression(), !107)
  %20 = add nuw nsw i64 %2, 14, !dbg !108
    #dbg_value(i64 %16, !50, !DIExpression(), !109)
  %21 = add nuw nsw i64 %20, %16, !dbg !110
    #dbg_value(i64 %21, !51, !DIExpression(), !111)
    #dbg_value(i64 %21, !51, !DIExpression(), !112)
  %22 = add nuw nsw i64 %21, 8, !dbg !113
    #dbg_value(i64 %5, !42, !DIExpression(), !114)
  %23 = icmp ugt i64 %22, %5, !dbg !115
  br i1 %23, label %common.ret, label %if.done10, !dbg !84

if.done10:                                        ; preds = %if.done8
    #dbg_value(i64 %21, !51, !DIExpression(), !116)
    #dbg_value(i64 %21, !52, !DIExpression(), !117)
  %port = call align 2 dereferenceable(2) ptr @runtime.alloc(i64 2, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #4, !dbg !118
    #dbg_value(i64 %21, !52, !DIExpression(), !119)
  %24 = inttoptr i64 %21 to ptr, !dbg !120
    #dbg_value(ptr %24, !52, !DIExpression(), !119)
  %25 = getelementptr inbounds i8, ptr %24, i64 2, !dbg !121
  %.unpack = load i8, ptr %25, align 1, !dbg !121
  %.elt9 = getelementptr inbounds i8, ptr %24, i64 3, !dbg !121
  %.unpack10 = load i8, ptr %.elt9, align 1, !dbg !121
    #dbg_value([2 x i8] poison, !122, !DIExpression(), !127)
  %26 = zext i8 %.unpack to i16, !dbg !129
  %27 = shl nuw i16 %26, 8, !dbg !130
  %28 = zext i8 %.unpack10 to i16, !dbg !131
  %29 = or disjoint i16 %27, %28, !dbg !132
  store i16 %29, ptr %port, align 2, !dbg !118
    #dbg_value(i16 %29, !64, !DIExpression(), !118)
  %30 = call ptr @main.bpfMapLookupElem(ptr nonnull @main.blockedPorts, ptr nonnull %port, ptr undef) #4, !dbg !133
  %31 = icmp eq ptr %30, null, !dbg !134
  br i1 %31, label %common.ret, label %if.done12, !dbg !84

if.done12:                                        ; preds = %if.done10
  %zero = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #4, !dbg !135
  %32 = call ptr @main.bpfMapLookupElem(ptr nonnull @main.dropCount, ptr nonnull %zero, ptr undef) #4, !dbg !136
    #dbg_value(ptr %32, !66, !DIExpression(), !137)
    #dbg_value(ptr %32, !66, !DIExpression(), !138)
  %.not11 = icmp eq ptr %32, null, !dbg !139
  br i1 %.not11, label %common.ret, label %if.then13, !dbg !84

if.then13:                                        ; preds = %if.done12
    #dbg_value(ptr %32, !66, !DIExpression(), !140)
    #dbg_value(ptr %32, !141, !DIExpression(), !148)
    #dbg_value(i64 1, !147, !DIExpression(), !148)
  %33 = atomicrmw add ptr %32, i64 1 syncscope("singlethread") seq_cst, align 8, !dbg !148
  br label %common.ret, !dbg !84

deref.throw:                                      ; preds = %entry
    #dbg_value(ptr poison, !150, !DIExpression(), !163)
    #dbg_value(ptr poison, !162, !DIExpression(DW_OP_LLVM_fragment, 0, 64), !163)
    #dbg_value(i64 23, !162, !DIExpression(DW_OP_LLVM_fragment, 64, 64), !163)
  call void @llvm.trap(), !dbg !168
  unreachable, !dbg !169
}

declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr) local_unnamed_addr #3

attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #1 = { cold noreturn nounwind memory(inaccessiblemem: write) }
attributes #2 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #3 = { "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" }
attributes #4 = { nounwind }

!llvm.dbg.cu = !{!14, !17, !19}
!llvm.ident = !{!20, !20, !20, !20, !20, !20, !20, !20, !20, !20, !20, !20, !20, !20, !20}
!llvm.module.flags = !{!21, !22}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "main.blockedPorts", linkageName: "main.blockedPorts", scope: !2, file: !2, line: 38, type: !3, isLocal: false, isDefinition: true, align: 32)
!2 = !DIFile(filename: "prog.go", directory: "/src/xdp_port_drop")
!3 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.bpfMapDef", baseType: !4)
!4 = !DICompositeType(tag: DW_TAG_structure_type, size: 160, align: 32, elements: !5)
!5 = !{!6, !8, !9, !10, !11}
!6 = !DIDerivedType(tag: DW_TAG_member, name: "Type", baseType: !7, size: 32, align: 32)
!7 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!8 = !DIDerivedType(tag: DW_TAG_member, name: "KeySize", baseType: !7, size: 32, align: 32, offset: 32)
!9 = !DIDerivedType(tag: DW_TAG_member, name: "ValueSize", baseType: !7, size: 32, align: 32, offset: 64)
!10 = !DIDerivedType(tag: DW_TAG_member, name: "MaxEntries", baseType: !7, size: 32, align: 32, offset: 96)
!11 = !DIDerivedType(tag: DW_TAG_member, name: "MapFlags", baseType: !7, size: 32, align: 32, offset: 128)
!12 = !DIGlobalVariableExpression(var: !13, expr: !DIExpression())
!13 = distinct !DIGlobalVariable(name: "main.dropCount", linkageName: "main.dropCount", scope: !2, file: !2, line: 41, type: !3, isLocal: false, isDefinition: true, align: 32)
!14 = distinct !DICompileUnit(language: DW_LANG_C99, file: !15, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !16)
!15 = !DIFile(filename: "<unknown>", directory: "")
!16 = !{}
!17 = distinct !DICompileUnit(language: DW_LANG_C99, file: !15, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !18)
!18 = !{!0, !12}
!19 = distinct !DICompileUnit(language: DW_LANG_C99, file: !15, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !16)
!20 = !{!"TinyGo version 0.40.1"}
!21 = !{i32 2, !"Debug Info Version", i32 3}
!22 = !{i32 7, !"Dwarf Version", i32 4}
!23 = distinct !DISubprogram(name: "main.xdp_port_drop", linkageName: "xdp_port_drop", scope: !2, file: !2, line: 49, type: !24, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !17, retainedNodes: !27)
!24 = !DISubroutineType(types: !25)
!25 = !{!26}
!26 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "unsafe.Pointer", baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!27 = !{!28, !29, !40, !42, !43, !49, !50, !51, !52, !64, !66}
!28 = !DILocalVariable(name: "ctx", arg: 1, scope: !23, file: !2, line: 49, type: !26)
!29 = !DILocalVariable(name: "md", scope: !23, file: !2, line: 50, type: !30)
!30 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !31, size: 64, align: 64, dwarfAddressSpace: 0)
!31 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.xdpMd", baseType: !32)
!32 = !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 32, elements: !33)
!33 = !{!34, !35, !36, !37, !38, !39}
!34 = !DIDerivedType(tag: DW_TAG_member, name: "Data", baseType: !7, size: 32, align: 32)
!35 = !DIDerivedType(tag: DW_TAG_member, name: "DataEnd", baseType: !7, size: 32, align: 32, offset: 32)
!36 = !DIDerivedType(tag: DW_TAG_member, name: "DataMeta", baseType: !7, size: 32, align: 32, offset: 64)
!37 = !DIDerivedType(tag: DW_TAG_member, name: "IngressIfindex", baseType: !7, size: 32, align: 32, offset: 96)
!38 = !DIDerivedType(tag: DW_TAG_member, name: "RxQueueIndex", baseType: !7, size: 32, align: 32, offset: 128)
!39 = !DIDerivedType(tag: DW_TAG_member, name: "EgressIfindex", baseType: !7, size: 32, align: 32, offset: 160)
!40 = !DILocalVariable(name: "data", scope: !23, file: !2, line: 51, type: !41)
!41 = !DIBasicType(name: "uintptr", size: 64, encoding: DW_ATE_unsigned)
!42 = !DILocalVariable(name: "end", scope: !23, file: !2, line: 52, type: !41)
!43 = !DILocalVariable(name: "pkt", scope: !23, file: !2, line: 58, type: !44)
!44 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !45, size: 64, align: 64, dwarfAddressSpace: 0)
!45 = !DICompositeType(tag: DW_TAG_array_type, baseType: !46, size: 272, align: 8, elements: !47)
!46 = !DIBasicType(name: "byte", size: 8, encoding: DW_ATE_unsigned)
!47 = !{!48}
!48 = !DISubrange(count: 34, lowerBound: 0)
!49 = !DILocalVariable(name: "verIhl", scope: !23, file: !2, line: 62, type: !46)
!50 = !DILocalVariable(name: "ihl", scope: !23, file: !2, line: 66, type: !41)
!51 = !DILocalVariable(name: "l4", scope: !23, file: !2, line: 74, type: !41)
!52 = !DILocalVariable(name: "udp", scope: !23, file: !2, line: 78, type: !53)
!53 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !54, size: 64, align: 64, dwarfAddressSpace: 0)
!54 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.udpHdr", baseType: !55)
!55 = !DICompositeType(tag: DW_TAG_structure_type, size: 64, align: 8, elements: !56)
!56 = !{!57, !61, !62, !63}
!57 = !DIDerivedType(tag: DW_TAG_member, name: "Source", baseType: !58, size: 16, align: 8)
!58 = !DICompositeType(tag: DW_TAG_array_type, baseType: !46, size: 16, align: 8, elements: !59)
!59 = !{!60}
!60 = !DISubrange(count: 2, lowerBound: 0)
!61 = !DIDerivedType(tag: DW_TAG_member, name: "Dest", baseType: !58, size: 16, align: 8, offset: 16)
!62 = !DIDerivedType(tag: DW_TAG_member, name: "Len", baseType: !58, size: 16, align: 8, offset: 32)
!63 = !DIDerivedType(tag: DW_TAG_member, name: "Check", baseType: !58, size: 16, align: 8, offset: 48)
!64 = !DILocalVariable(name: "port", scope: !23, file: !2, line: 80, type: !65)
!65 = !DIBasicType(name: "uint16", size: 16, encoding: DW_ATE_unsigned)
!66 = !DILocalVariable(name: "cnt", scope: !23, file: !2, line: 86, type: !67)
!67 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !68, size: 64, align: 64, dwarfAddressSpace: 0)
!68 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
!69 = !DILocation(line: 49, column: 6, scope: !23)
!70 = !DILocation(line: 50, column: 17, scope: !23)
!71 = !DILocation(line: 50, column: 2, scope: !23)
!72 = !DILocation(line: 51, column: 18, scope: !23)
!73 = !DILocation(line: 51, column: 21, scope: !23)
!74 = !DILocation(line: 51, column: 17, scope: !23)
!75 = !DILocation(line: 51, column: 2, scope: !23)
!76 = !DILocation(line: 52, column: 17, scope: !23)
!77 = !DILocation(line: 52, column: 20, scope: !23)
!78 = !DILocation(line: 52, column: 16, scope: !23)
!79 = !DILocation(line: 52, column: 2, scope: !23)
!80 = !DILocation(line: 55, column: 5, scope: !23)
!81 = !DILocation(line: 55, column: 12, scope: !23)
!82 = !DILocation(line: 55, column: 18, scope: !23)
!83 = !DILocation(line: 55, column: 16, scope: !23)
!84 = !DILocation(line: 0, scope: !23)
!85 = !DILocation(line: 58, column: 36, scope: !23)
!86 = !DILocation(line: 58, column: 35, scope: !23)
!87 = !DILocation(line: 58, column: 2, scope: !23)
!88 = !DILocation(line: 59, column: 5, scope: !23)
!89 = !DILocation(line: 59, column: 8, scope: !23)
!90 = !DILocation(line: 59, column: 13, scope: !23)
!91 = !DILocation(line: 59, column: 24, scope: !23)
!92 = !DILocation(line: 59, column: 27, scope: !23)
!93 = !DILocation(line: 59, column: 32, scope: !23)
!94 = !DILocation(line: 62, column: 12, scope: !23)
!95 = !DILocation(line: 62, column: 15, scope: !23)
!96 = !DILocation(line: 62, column: 2, scope: !23)
!97 = !DILocation(line: 63, column: 5, scope: !23)
!98 = !DILocation(line: 63, column: 15, scope: !23)
!99 = !DILocation(line: 66, column: 17, scope: !23)
!100 = !DILocation(line: 66, column: 30, scope: !23)
!101 = !DILocation(line: 66, column: 2, scope: !23)
!102 = !DILocation(line: 67, column: 5, scope: !23)
!103 = !DILocation(line: 67, column: 9, scope: !23)
!104 = !DILocation(line: 70, column: 5, scope: !23)
!105 = !DILocation(line: 70, column: 8, scope: !23)
!106 = !DILocation(line: 70, column: 15, scope: !23)
!107 = !DILocation(line: 74, column: 8, scope: !23)
!108 = !DILocation(line: 74, column: 13, scope: !23)
!109 = !DILocation(line: 74, column: 20, scope: !23)
!110 = !DILocation(line: 74, column: 18, scope: !23)
!111 = !DILocation(line: 74, column: 2, scope: !23)
!112 = !DILocation(line: 75, column: 5, scope: !23)
!113 = !DILocation(line: 75, column: 7, scope: !23)
!114 = !DILocation(line: 75, column: 12, scope: !23)
!115 = !DILocation(line: 75, column: 10, scope: !23)
!116 = !DILocation(line: 78, column: 34, scope: !23)
!117 = !DILocation(line: 78, column: 2, scope: !23)
!118 = !DILocation(line: 80, column: 2, scope: !23)
!119 = !DILocation(line: 80, column: 15, scope: !23)
!120 = !DILocation(line: 78, column: 33, scope: !23)
!121 = !DILocation(line: 80, column: 19, scope: !23)
!122 = !DILocalVariable(name: "b", arg: 1, scope: !123, file: !2, line: 46, type: !58)
!123 = distinct !DISubprogram(name: "main.be16", linkageName: "main.be16", scope: !2, file: !2, line: 46, type: !124, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !17, retainedNodes: !126)
!124 = !DISubroutineType(types: !125)
!125 = !{!58}
!126 = !{!122}
!127 = !DILocation(line: 46, column: 6, scope: !123, inlinedAt: !128)
!128 = distinct !DILocation(line: 80, column: 14, scope: !23)
!129 = !DILocation(line: 46, column: 44, scope: !123, inlinedAt: !129)
!130 = !DILocation(line: 46, column: 50, scope: !123, inlinedAt: !128)
!131 = !DILocation(line: 46, column: 62, scope: !123, inlinedAt: !128)
!132 = !DILocation(line: 46, column: 54, scope: !123, inlinedAt: !128)
!133 = !DILocation(line: 81, column: 21, scope: !23)
!134 = !DILocation(line: 81, column: 76, scope: !23)
!135 = !DILocation(line: 85, column: 6, scope: !23)
!136 = !DILocation(line: 86, column: 38, scope: !23)
!137 = !DILocation(line: 86, column: 5, scope: !23)
!138 = !DILocation(line: 86, column: 92, scope: !23)
!139 = !DILocation(line: 86, column: 96, scope: !23)
!140 = !DILocation(line: 87, column: 20, scope: !23)
!141 = !DILocalVariable(name: "addr", arg: 1, scope: !142, file: !143, line: 138, type: !67)
!142 = distinct !DISubprogram(name: "sync/atomic.AddUint64", linkageName: "sync/atomic.AddUint64", scope: !143, file: !143, line: 138, type: !144, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !14, retainedNodes: !146)
!143 = !DIFile(filename: "doc.go", directory: "/usr/lib/go-1.23/src/sync/atomic")
!144 = !DISubroutineType(types: !145)
!145 = !{!67, !68}
!146 = !{!141, !147}
!147 = !DILocalVariable(name: "delta", arg: 2, scope: !142, file: !143, line: 138, type: !68)
!148 = !DILocation(line: 138, column: 6, scope: !142, inlinedAt: !149)
!149 = distinct !DILocation(line: 87, column: 19, scope: !23)
!150 = !DILocalVariable(name: "addr", arg: 1, scope: !151, file: !152, line: 91, type: !26)
!151 = distinct !DISubprogram(name: "runtime.runtimePanicAt", linkageName: "runtime.runtimePanicAt", scope: !152, file: !152, line: 91, type: !153, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !19, retainedNodes: !161)
!152 = !DIFile(filename: "panic.go", directory: "/usr/local/lib/tinygo/src/runtime")
!153 = !DISubroutineType(types: !154)
!154 = !{!26, !155}
!155 = !DICompositeType(tag: DW_TAG_structure_type, name: "string", size: 128, align: 64, elements: !156)
!156 = !{!157, !160}
!157 = !DIDerivedType(tag: DW_TAG_member, name: "ptr", baseType: !158, size: 64, align: 64)
!158 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !159, size: 64, align: 64, dwarfAddressSpace: 0)
!159 = !DIBasicType(name: "uint8", size: 8, encoding: DW_ATE_unsigned)
!160 = !DIDerivedType(tag: DW_TAG_member, name: "len", baseType: !41, size: 64, align: 64, offset: 64)
!161 = !{!150, !162}
!162 = !DILocalVariable(name: "msg", arg: 2, scope: !151, file: !152, line: 91, type: !155)
!163 = !DILocation(line: 91, column: 6, scope: !151, inlinedAt: !164)
!164 = distinct !DILocation(line: 184, column: 16, scope: !165, inlinedAt: !167)
!165 = distinct !DISubprogram(name: "runtime.nilPanic", linkageName: "runtime.nilPanic", scope: !152, file: !152, line: 183, type: !166, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !19)
!166 = !DISubroutineType(types: !16)
!167 = distinct !DILocation(line: 51, column: 21, scope: !23)
!168 = !DILocation(line: 93, column: 7, scope: !151, inlinedAt: !164)
!169 = !DILocation(line: 0, scope: !151, inlinedAt: !164)
