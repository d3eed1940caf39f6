; A big-endian 64-bit host.
target datalayout = "E-m:e-i8:8:32-i16:16:32-i64:64-n32:64-S128"
target triple = "mips64-unknown-linux-gnu"

define i32 @xdp_port_drop(ptr %ctx) {
  ret i32 2
}
