; Hand-written stand-in for a BPF C module (clang -target bpf -emit-llvm) that defines the C
; functions go_calls_c calls; lit.c-functions links it with llvm-link. The mismatch variant
; (sed-made in the test) gives count_task_release a second parameter.
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

define hidden void @count_rcu_unlock() {
  ret void
}

define hidden void @count_task_release(ptr %p) {
  ret void
}
