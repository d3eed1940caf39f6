; tbpf: rename_paths=tracepoint/syscalls/sys_enter_renameat2
; Fuzz finding (llvm-reduce'd): a direct call with 2 arguments of a function declared with
; 4 parameters (valid IR with opaque pointers: the call names its own type).
; helper_calls.c read the declaration's parameter count of arguments from the call (SEGV
; in LLVMIsUndef); now input_checks.c rejects the call at its line.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-musleabihf"

define i32 @rename_paths() {
entry:
  %0 = call i64 @main.bpfProbeReadUserStr(ptr null, i3 0)
  ret i32 0
}

declare i64 @main.bpfProbeReadUserStr(ptr, i32, ptr, ptr)
