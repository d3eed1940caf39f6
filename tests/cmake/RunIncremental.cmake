# The monorepo consumer (consumers/monorepo, >= 6 programs) under Ninja:
#   - the first build builds every program's object and skeleton;
#   - a second build reports "ninja: no work to do.";
#   - touching (or adding) one program's input re-runs exactly that program's chain (and
#     the C code that includes its skeleton), nothing else, and then nothing is left to do;
#     so does touching a header that a program's BPF C module includes.
# The commands Ninja ran (ninja -v) are classified as <step>:<program> and compared.
include(${CMAKE_CURRENT_LIST_DIR}/Common.cmake)

if(NOT GENERATOR MATCHES "Ninja")
  tbpf_fail("this test needs the Ninja generator")
endif()

tbpf_prepare_source()
set(src "${TBPF_SOURCE}")
set(build "${WORK}/build")
tbpf_configure("${src}" "${build}" "-DTINYGO_EXECUTABLE=${FAKE_TOOLS}/tinygo")

# <step>:<program> for each command in a `ninja -v` log, sorted.
function(steps_of out_var log)
  string(REPLACE "\r" "" log "${log}")
  string(REPLACE ";" "\\;" log "${log}")
  string(REPLACE "\n" ";" lines "${log}")
  set(steps "")
  foreach(l IN LISTS lines)
    if(NOT l MATCHES "^\\[[0-9]+/[0-9]+\\] (.*)$")
      continue()
    endif()
    set(cmd "${CMAKE_MATCH_1}")
    set(prog "?")
    if(cmd MATCHES "/tinybpf/([A-Za-z0-9_]+)(\\.dir)?/")
      set(prog "${CMAKE_MATCH_1}")
    endif()
    if(cmd MATCHES "TinyBPFTinyGo\\.cmake")
      set(step tinygo)
    elseif(cmd MATCHES "tinybpf-step\\.sh .* transform ")
      set(step transform)
    elseif(cmd MATCHES "tinybpf-step\\.sh .* -target bpf ")
      set(step clang)
    elseif(cmd MATCHES "tinybpf-step\\.sh .*llvm-link")
      set(step llvm-link)
    elseif(cmd MATCHES "tinybpf-step\\.sh .*-march=bpf")
      set(step llc)
    elseif(cmd MATCHES "tinybpf-step\\.sh .* gen object ")
      set(step object)
    elseif(cmd MATCHES "tinybpf-step\\.sh .* gen skeleton ")
      set(step skeleton)
    elseif(cmd MATCHES "llvm-as.* -o ([^ ]*/)?([A-Za-z0-9_]+)\\.bc")
      set(step llvm-as)
      set(prog "${CMAKE_MATCH_2}")
    elseif(cmd MATCHES " -o show( |$)")
      set(step link)
      set(prog show)
    elseif(cmd MATCHES "show\\.c")
      set(step compile)
      set(prog show)
    else()
      set(step "other[${cmd}]")
    endif()
    list(APPEND steps "${step}:${prog}")
  endforeach()
  list(SORT steps)
  set(${out_var} "${steps}" PARENT_SCOPE)
endfunction()

# Build, and compare the steps run with the expected ones (a ;-list, any order).
function(expect_steps what)
  tbpf_build(out "${build}")
  steps_of(got "${out}")
  set(want ${ARGN})
  list(SORT want)
  if(NOT got STREQUAL want)
    list(JOIN want "\n  " w)
    list(JOIN got "\n  " g)
    tbpf_fail("${what}: Ninja ran other commands than expected.\nexpected:\n  ${w}\nran:\n  ${g}\n"
              "ninja output:\n${out}")
  endif()
  message(STATUS "${what}: ran exactly ${want}")
endfunction()

function(expect_no_work what)
  tbpf_build(out "${build}")
  if(NOT out MATCHES "ninja: no work to do\\.")
    tbpf_fail("${what}: expected \"ninja: no work to do.\", got:\n${out}")
  endif()
  message(STATUS "${what}: ninja: no work to do.")
endfunction()

function(chain prog)
  set(c transform:${prog} llc:${prog} object:${prog} skeleton:${prog})
  set(chain ${c} PARENT_SCOPE)
endfunction()

# Ninja compares modification times: make sure a touch lands after the last build's outputs.
function(touch_later file)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
  file(TOUCH "${file}")
endfunction()

# 1. first build: everything
tbpf_build(out "${build}")
message("${out}")
tbpf_read_outputs(P "${build}")
list(LENGTH P_NAMES n)
if(n LESS 6)
  tbpf_fail("the monorepo should have at least 6 programs, it lists ${n}")
endif()
foreach(p IN LISTS P_NAMES)
  foreach(kind OBJECT SKELETON)
    if(NOT EXISTS "${P_${p}_${kind}}")
      tbpf_fail("first build: ${p}'s ${kind} ${P_${p}_${kind}} is missing")
    endif()
  endforeach()
endforeach()
message(STATUS "first build: ${n} programs built: ${P_NAMES}")

# 2. nothing changed: nothing to do
expect_no_work("second build")

# 3. one IR program's input
touch_later("${src}/progs/socket_len_filter/prog.ll")
chain(socket_len_filter)
expect_steps("touch socket_len_filter/prog.ll" ${chain})

# 4. the program whose skeleton show.c includes: its chain, then show.c and the link
touch_later("${src}/progs/xdp_port_drop/prog.ll")
chain(xdp_port_drop)
expect_steps("touch xdp_port_drop/prog.ll" ${chain} compile:show link:show)

# 5. a Go package (built by the fake tinygo): a .go file, go.mod, a new file in the package
chain(go_proto_count)
touch_later("${src}/progs/xdp_proto_count/prog.go")
expect_steps("touch xdp_proto_count/prog.go" tinygo:go_proto_count ${chain})
touch_later("${src}/progs/xdp_proto_count/go.mod")
expect_steps("touch xdp_proto_count/go.mod" tinygo:go_proto_count ${chain})
execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
file(WRITE "${src}/progs/xdp_proto_count/extra.go" "//go:build tinygo\n\npackage main\n")
expect_steps("add xdp_proto_count/extra.go" tinygo:go_proto_count ${chain})

# 6. an input that is itself generated (.bc from the consumer's own llvm-as step)
touch_later("${src}/progs/many_maps/prog.ll")
chain(many_maps)
expect_steps("touch many_maps/prog.ll (-> generated .bc)" llvm-as:many_maps ${chain})

# 7. one module of a two-module program: that module's transform, then link and the rest
touch_later("${src}/progs/lpm_allow/prog.ll")
expect_steps("touch lpm_allow/prog.ll (module 1 of 2)"
  transform:two_modules llvm-link:two_modules llc:two_modules object:two_modules skeleton:two_modules)

# 8. the header two C modules include (clang's depfile; gen_c's finds it through -Ic):
#    those modules, then link and the rest; the programs' Go modules are not transformed again
if(C_MODULES)
  touch_later("${src}/c/extra.h")
  expect_steps("touch c/extra.h (included by with_c's and gen_c's C modules)"
    clang:with_c llvm-link:with_c llc:with_c object:with_c skeleton:with_c
    clang:gen_c llvm-link:gen_c llc:gen_c object:gen_c skeleton:gen_c)
else()
  message(STATUS "C modules: not tested (no clang of tbpf-core's LLVM)")
endif()

# 9. and nothing left
expect_no_work("final build")

# 10. a Go compile error fails the build with its message and leaves no temporary file
touch_later("${src}/progs/xdp_proto_count/prog.go")
file(APPEND "${src}/progs/xdp_proto_count/prog.go" "\nvar _ = FAKE_COMPILE_ERROR\n")
tbpf_run(out rc "${MAKE_PROGRAM}" -C "${build}")
if(rc EQUAL 0 OR NOT out MATCHES "prog\\.go:[0-9]+:[0-9]+: undefined: FAKE_COMPILE_ERROR")
  tbpf_fail("a Go compile error should fail the build with TinyGo's message, got (${rc}):\n${out}")
endif()
file(GLOB leftovers "${build}/tinybpf/go_proto_count.dir/.tmp*")
if(leftovers)
  tbpf_fail("a failed tinygo step left temporary files: ${leftovers}")
endif()
message(STATUS "Go compile error reported: ok")
