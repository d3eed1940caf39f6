; Parses, but is not valid IR (an instruction used before its definition). The module
; carries the "Debug Info Version" flag, with which LLVM's reader would run the verifier
; itself and abort ("Broken module found"); tbpf-core turns that step off, and its input
; check reports the verifier's first finding as an ordinary error.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @xdp_port_drop(ptr %ctx) {
entry:
  %a = add i32 %b, 1
  %b = add i32 1, 2
  ret i32 %a
}

!llvm.module.flags = !{!0}
!0 = !{i32 2, !"Debug Info Version", i32 3}
