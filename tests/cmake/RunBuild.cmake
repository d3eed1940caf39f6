# Configure, build and (with RUN) run a consumer's loader, which checks the kernel's
# result itself. A loader that cannot run here (not root) prints TINYBPF-SKIP.
#   -DRUN=<program in the build directory>   optional
include(${CMAKE_CURRENT_LIST_DIR}/Common.cmake)

tbpf_prepare_source()
set(build "${WORK}/build")
tbpf_configure("${TBPF_SOURCE}" "${build}")
tbpf_build(out "${build}")
message("${out}")

tbpf_read_outputs(P "${build}")
foreach(n IN LISTS P_NAMES)
  foreach(kind OBJECT SKELETON)
    if(NOT EXISTS "${P_${n}_${kind}}")
      tbpf_fail("program ${n}: ${kind} ${P_${n}_${kind}} was not built")
    endif()
  endforeach()
endforeach()

if(RUN)
  tbpf_run(out rc "${build}/${RUN}")
  message("${out}")
  if(rc EQUAL 77)
    message("TINYBPF-SKIP: ${RUN} cannot load BPF programs here (needs root)")
  elseif(NOT rc EQUAL 0)
    tbpf_fail("${RUN} exited with ${rc}")
  endif()
endif()
