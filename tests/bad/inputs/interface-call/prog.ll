; Hand-written in the shape TinyGo's interface lowering gives a Go interface method call
; (see TinyGo transform/testdata/interface.out.ll): `var policy verdicter = pass{}` and
; `return policy.Verdict()` become a load of the interface's {typecode, value} and a call
; of the generated "interface:{...}.Verdict$invoke", which compares the type code with
; each implementing type's descriptor and calls that type's method.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@"reflect/types.type:basic:int" = linkonce_odr constant { i8, ptr } { i8 2, ptr null }, align 8
@"reflect/types.type:named:main.pass" = linkonce_odr constant { i8, ptr, ptr } { i8 34, ptr null, ptr @"reflect/types.type:basic:int" }, align 8
@main.policy = internal global { ptr, ptr } { ptr @"reflect/types.type:named:main.pass", ptr null }, align 8, !dbg !30

define i32 @xdp_iface(ptr %ctx, ptr %context) !dbg !10 {
entry:
  %typecode = load ptr, ptr @main.policy, align 8, !dbg !14
  %vp = getelementptr inbounds i8, ptr @main.policy, i64 8, !dbg !14
  %value = load ptr, ptr %vp, align 8, !dbg !14
  %v = call i32 @"interface:{Verdict:func:{}{basic:int32}}.Verdict$invoke"(ptr %value, ptr %typecode, ptr undef), !dbg !15
  ret i32 %v, !dbg !15
}

define internal i32 @"(main.pass).Verdict"(i64 %r, ptr %context) {
  ret i32 2
}

define internal i32 @"(main.pass).Verdict$invoke"(ptr %receiverPtr, ptr %context) {
  %r = ptrtoint ptr %receiverPtr to i64
  %v = call i32 @"(main.pass).Verdict"(i64 %r, ptr undef)
  ret i32 %v
}

define internal i32 @"interface:{Verdict:func:{}{basic:int32}}.Verdict$invoke"(ptr %receiver, ptr %actualType, ptr %context) #0 {
entry:
  %match = icmp eq ptr %actualType, @"reflect/types.type:named:main.pass"
  br i1 %match, label %"named:main.pass", label %"named:main.pass.next"

"named:main.pass":
  %0 = call i32 @"(main.pass).Verdict$invoke"(ptr %receiver, ptr undef)
  ret i32 %0

"named:main.pass.next":
  call void @runtime.nilPanic(ptr undef)
  unreachable
}

define internal void @runtime.nilPanic(ptr %context) {
  call void @llvm.trap()
  unreachable
}

declare void @llvm.trap()

attributes #0 = { "tinygo-invoke"="reflect/methods.Verdict() int32" "tinygo-methods"="reflect/methods.Verdict() int32" }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!4}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2)
!1 = !DIFile(filename: "prog.go", directory: "/src/iface")
!2 = !{!30}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!10 = distinct !DISubprogram(name: "main.xdp_iface", linkageName: "xdp_iface", scope: !1, file: !1, line: 27, type: !11, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!11 = !DISubroutineType(types: !12)
!12 = !{!13}
!13 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!14 = !DILocation(line: 28, column: 9, scope: !10)
!15 = !DILocation(line: 28, column: 23, scope: !10)
!30 = !DIGlobalVariableExpression(var: !31, expr: !DIExpression())
!31 = distinct !DIGlobalVariable(name: "main.policy", linkageName: "main.policy", scope: !1, file: !1, line: 24, type: !32, isLocal: true, isDefinition: true)
!32 = !DICompositeType(tag: DW_TAG_structure_type, name: "main.verdicter", size: 128, elements: !33)
!33 = !{!34, !35}
!34 = !DIDerivedType(tag: DW_TAG_member, name: "typecode", baseType: !36, size: 64)
!35 = !DIDerivedType(tag: DW_TAG_member, name: "value", baseType: !36, size: 64, offset: 64)
!36 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "unsafe.Pointer", baseType: null, size: 64)
