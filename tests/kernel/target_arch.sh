#!/bin/sh
# Prints the <arch> of libbpf's __TARGET_ARCH_<arch> for this machine (bpf_tracing.h and
# usdt.bpf.h read pt_regs in its layout): for BPF C of probes in processes of this machine.
case $(uname -m) in
  x86_64) echo x86 ;;
  aarch64) echo arm64 ;;
  s390x) echo s390 ;;
  ppc64le) echo powerpc ;;
  riscv64) echo riscv ;;
  loongarch64) echo loongarch ;;
  *) uname -m ;;
esac
