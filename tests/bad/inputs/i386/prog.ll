; A 32-bit host: TinyGo would have laid out pointers as 4 bytes.
target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-linux-gnu"

define i32 @xdp_port_drop(ptr %ctx) {
  ret i32 2
}
