# TinyBPF.cmake: build eBPF programs written in Go (TinyGo) into BPF objects and libbpf skeletons.
#
#   add_tinybpf_program(<name>
#     SOURCES <pkgdir | file.go... | file.ll... | file.bc... | file.c...>...
#     SECTION <FN=SEC>... | <SEC>
#     [CPU <v1|v2|v3|v4|generic|probe>]       # llc -mcpu, default v3
#     [OUTPUT_DIR <dir>]                      # default ${CMAKE_CURRENT_BINARY_DIR}/tinybpf/<name>
#     [PANIC_RETURN <n>]                      # value the programs return when a Go panic path
#                                             # fires (tbpf-core --panic-return; its default is 0)
#     [GO_PACKAGE <name> GO_OUTPUT_DIR <dir>] # Go (cilium/ebpf) bindings <name>_bpf.go + a copy
#                                            # of the object in <dir> (go:embed stays in its package)
#     [LIBBPF_VERSION <X.Y[.Z] | ANY>]         # the libbpf that will load the object; default
#                                             # TINYBPF_TARGET_LIBBPF_VERSION, else the libbpf
#                                             # pkg-config finds (see "libbpf version" below)
#     [C_OPTIONS <opt>...]                    # extra clang options for the C modules (-I, -D;
#                                             # relative paths: from CMAKE_CURRENT_SOURCE_DIR)
#     [LICENSE <string>]                      # the object's license (tbpf-core --license;
#                                             # default GPL)
#     [TYPES <GoType>...]                     # Go types kept in the object's BTF although no
#                                             # map or global has them (a ring buffer record):
#                                             # Go bindings get them (bpf2go's -type), and
#                                             # `bpftool btf dump file <obj> format c` shows them
#     [VERIFY]                                # load the programs with tbpf-verify after each build:
#                                             # a verifier rejection fails the build with the Go
#                                             # line and a hint; only when CMake runs as root
#   )
#
# Creates
#   <name>        custom target (in ALL) building <OUTPUT_DIR>/<name>.bpf.o and <name>.skel.h
#   <name>_skel   INTERFACE library: include dir with <name>.skel.h, links libbpf, depends on <name>
# Properties on <name>: TINYBPF_OBJECT, TINYBPF_SKELETON, TINYBPF_SKELETON_DIR, TINYBPF_SECTIONS,
#   TINYBPF_CPU, TINYBPF_LIBBPF_VERSION, TINYBPF_SOURCES, TINYBPF_GO_PACKAGE, TINYBPF_GO_OUTPUT_DIR
#   (e.g. $<TARGET_PROPERTY:xdp_drop,TINYBPF_OBJECT>).
#
# SOURCES. Each entry is one of
#   - a directory: a TinyGo package (compiled by `tinygo build -gc=none -scheduler=none
#     -panic=trap -opt=1`), with a depfile listing its .go files, its directory and go.mod;
#   - .go files: they name their package (the directory they are in); Go compiles whole packages;
#   - .ll/.bc files: TinyGo's LLVM IR, used as is (no TinyGo needed);
#   - .c files: BPF C modules (libbpf style, SEC() and all), compiled by clang of tbpf-core's
#     LLVM (`clang -target bpf -O2 -g -emit-llvm`, with libbpf's headers, __TARGET_ARCH_<arch>
#     and C_OPTIONS) and linked in as they are, for what Go cannot write: the `.struct_ops`
#     map of a struct_ops program whose functions are in Go (the map's function pointers name
#     the Go functions: `extern int fn(void *ctx);` ... `.init = (void *)fn`), the maps of
#     <bpf/usdt.bpf.h>, or C functions that Go calls (a Go function without a body, named
#     with the C name by //export or //go:linkname). A C module needs no SECTION entry;
#     its programs carry their own SEC(). It must not define a license: tbpf-core writes the
#     object's (LICENSE). It must not sit in a Go package's directory (Go refuses .c files
#     beside .go files without cgo): put it in a directory of its own, e.g. bpf/c/.
# Every package or IR file is one module: `tbpf-core transform` turns each into a BPF module,
# `llvm-link` joins them with the C modules when there are several (and with C modules,
# `tbpf-core check-linked` checks that each C function Go calls is defined there, with the
# type Go calls it with), `llc` compiles, `bpftool gen object` links
# (drops DWARF, dedups BTF) and `bpftool gen skeleton ... name <name>` writes the skeleton.
#
# SECTION. `FN=SEC` puts the exported Go function FN (//export FN) into ELF section SEC
# (tracepoint/syscalls/sys_enter_openat, xdp, tc, ...). A bare `SEC` is accepted when SECTION
# has exactly one entry and the inputs export exactly one function (found in the package's
# `//export` lines or in the .ll's definitions); with .bc inputs write FN=SEC. With several
# modules each FN goes to the module that exports it. Functions are checked at configure time
# for Go packages and .ll files, and by tbpf-core at build time in every case.
#
# libbpf version. A section name that the libbpf loading the object does not know yet
# (tcx/ingress before libbpf 1.3, kprobe.session before 1.5, ...) fails the build
# (tbpf-core --libbpf-version) instead of the load ("missing BPF prog type"), saying which
# older spelling to use. The libbpf is, in order: LIBBPF_VERSION; the variable
# TINYBPF_TARGET_LIBBPF_VERSION (set it when you link a libbpf of your own, e.g. a vendored
# submodule); the version pkg-config reports for the libbpf the skeletons link (none when the
# project defines TinyBPF::libbpf itself: then set TINYBPF_TARGET_LIBBPF_VERSION). ANY turns
# the check off (e.g. for objects only loaded by cilium/ebpf); so does a libbpf 0.x.
#
# Tools (cache variables; found on first use, errors say how to install what is missing):
#   tbpf-core          target TinyBPF::tbpf-core (this project's, or the installed package's);
#                      TINYBPF_CORE_EXECUTABLE overrides it
#   TINYBPF_LLC, TINYBPF_LLVM_LINK   same LLVM major version as tbpf-core
#   TINYBPF_CLANG      the same, only when SOURCES hold C modules
#   TINYBPF_BPFTOOL    bpftool with `gen object` and `gen skeleton`
#   libbpf             pkg-config module libbpf -> imported target TinyBPF::libbpf
#   TINYGO_EXECUTABLE  only when a program has Go SOURCES
#
#   tinybpf_find_tinygo(<var>)  sets <var> TRUE if TinyGo is installed and usable with this
#                      tbpf-core, else FALSE with the reason in <var>_REASON (to choose
#                      between Go SOURCES and committed IR, as examples/ does)
#
#   tinybpf_kernel_types(OUTPUT <file.go> PACKAGE <name> TYPES <TYPE[.FIELD,...]>...
#                        [BTF <file>] [NO_STUB])
#                      Go declarations of kernel types from BTF (tbpf-gen-types, see
#                      tool/gentypes/README.md) as a build step; details at the function
#
# Intermediate files go to ${CMAKE_CURRENT_BINARY_DIR}/tinybpf/<name>.dir/. Every output is
# written to a temporary file and renamed, so a failed step leaves no output behind.
# Outputs do not depend on the build directory's path: no build path reaches the object or
# the skeleton. (The BTF line info does name the Go source files, with the paths TinyGo saw:
# for committed IR those are the paths where it was generated, for Go SOURCES the package's
# directory in your source tree.)

include_guard(GLOBAL)

if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "TinyBPF needs CMake 3.20 or newer (DEPFILE with Ninja, policy CMP0116); "
                      "this is CMake ${CMAKE_VERSION}.")
endif()

# Functions record the policies in effect where they are defined.
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.31)

# Version of the LLVM tbpf-core was built with: from the installed package's config file,
# or from the top-level project's find_package(LLVM).
if(DEFINED TinyBPF_LLVM_VERSION_MAJOR)
  set_property(GLOBAL PROPERTY TINYBPF_LLVM_VERSION_MAJOR "${TinyBPF_LLVM_VERSION_MAJOR}")
  set_property(GLOBAL PROPERTY TINYBPF_LLVM_TOOLS_HINT "${TinyBPF_LLVM_TOOLS_DIR}")
elseif(DEFINED LLVM_VERSION_MAJOR)
  set_property(GLOBAL PROPERTY TINYBPF_LLVM_VERSION_MAJOR "${LLVM_VERSION_MAJOR}")
  set_property(GLOBAL PROPERTY TINYBPF_LLVM_TOOLS_HINT "${LLVM_TOOLS_BINARY_DIR}")
endif()

set(_TINYBPF_CPUS v1 v2 v3 v4 generic probe)
set(_TINYBPF_KEYWORDS SOURCES SECTION CPU OUTPUT_DIR GO_PACKAGE GO_OUTPUT_DIR PANIC_RETURN
  LIBBPF_VERSION LICENSE C_OPTIONS TYPES VERIFY)

# ---------------------------------------------------------------------------------------
# Tool discovery
# ---------------------------------------------------------------------------------------

# tbpf-core: command (for COMMAND) and dependency (for DEPENDS).
function(_tinybpf_core fn out_cmd out_dep)
  if(TINYBPF_CORE_EXECUTABLE)
    if(NOT EXISTS "${TINYBPF_CORE_EXECUTABLE}")
      message(FATAL_ERROR "${fn}: TINYBPF_CORE_EXECUTABLE=${TINYBPF_CORE_EXECUTABLE} does not exist.")
    endif()
    set(${out_cmd} "${TINYBPF_CORE_EXECUTABLE}" PARENT_SCOPE)
    set(${out_dep} "${TINYBPF_CORE_EXECUTABLE}" PARENT_SCOPE)
  elseif(TARGET TinyBPF::tbpf-core)
    set(${out_cmd} "$<TARGET_FILE:TinyBPF::tbpf-core>" PARENT_SCOPE)
    set(${out_dep} TinyBPF::tbpf-core PARENT_SCOPE)
  else()
    message(FATAL_ERROR "${fn}: tbpf-core is not available: no target TinyBPF::tbpf-core. Use "
      "find_package(TinyBPF) (installed package) or add_subdirectory() of the TinyBPF source tree "
      "before add_tinybpf_program(), or set TINYBPF_CORE_EXECUTABLE to a tbpf-core binary.")
  endif()
endfunction()

# Major version reported by `<tool> --version` ("LLVM version 19.1.7", "clang version
# 19.1.7"), or "" if unknown.
function(_tinybpf_llvm_tool_major tool out)
  execute_process(COMMAND "${tool}" --version OUTPUT_VARIABLE v ERROR_VARIABLE v RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND v MATCHES "(LLVM|clang) version ([0-9]+)\\.")
    set(${out} "${CMAKE_MATCH_2}" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# TINYBPF_<TOOL> (TINYBPF_LLC, TINYBPF_LLVM_LINK, TINYBPF_CLANG): <tool> of tbpf-core's LLVM
# major version, whose bitcode it reads or which reads its bitcode. PACKAGE: the Debian
# package that has it, without the version.
function(_tinybpf_find_llvm_program fn tool package)
  string(TOUPPER "TINYBPF_${tool}" var)
  string(REPLACE "-" "_" var "${var}")
  get_property(major GLOBAL PROPERTY TINYBPF_LLVM_VERSION_MAJOR)
  get_property(hint GLOBAL PROPERTY TINYBPF_LLVM_TOOLS_HINT)
  if(NOT ${var})
    unset(${var} CACHE)
    if(major)
      find_program(${var} NAMES ${tool}-${major} ${tool}
        HINTS ${hint} /usr/lib/llvm-${major}/bin /usr/local/opt/llvm@${major}/bin
        DOC "${tool} of LLVM ${major} (the LLVM tbpf-core was built with)")
    else()
      find_program(${var} NAMES ${tool} DOC "${tool} of the LLVM tbpf-core was built with")
    endif()
  endif()
  if(NOT ${var})
    if(major)
      string(REPLACE "llvm" "LLVM" what "${package}")
      set(how "Install ${what} ${major} (Debian/Ubuntu: apt install ${package}-${major}) or pass -D${var}=/path/to/${tool}-${major}")
    else()
      set(how "Install LLVM or pass -D${var}=/path/to/${tool}")
    endif()
    message(FATAL_ERROR "${fn}: ${tool} not found. tbpf-core writes LLVM ${major} bitcode, which "
      "needs ${tool} of the same LLVM major version. ${how}.")
  endif()
  _tinybpf_llvm_tool_major("${${var}}" found)
  if(major AND NOT found STREQUAL major)
    message(FATAL_ERROR "${fn}: ${var}=${${var}} is LLVM ${found}, but tbpf-core was built with "
      "LLVM ${major} and its bitcode needs ${tool} of that version. Pass -D${var}=/path/to/${tool}-${major} "
      "(Debian/Ubuntu: apt install ${package}-${major}).")
  endif()
endfunction()

# TINYBPF_LLC / TINYBPF_LLVM_LINK.
function(_tinybpf_find_llvm_tools fn)
  get_property(done GLOBAL PROPERTY _TINYBPF_LLVM_TOOLS_OK)
  if(NOT done)
    _tinybpf_find_llvm_program("${fn}" llc llvm)
    _tinybpf_find_llvm_program("${fn}" llvm-link llvm)
    set_property(GLOBAL PROPERTY _TINYBPF_LLVM_TOOLS_OK TRUE)
  endif()
endfunction()

# TINYBPF_CLANG, for C modules in SOURCES (their bitcode is linked with tbpf-core's).
function(_tinybpf_find_clang fn)
  get_property(done GLOBAL PROPERTY _TINYBPF_CLANG_OK)
  if(NOT done)
    _tinybpf_find_llvm_program("${fn}" clang clang)
    set_property(GLOBAL PROPERTY _TINYBPF_CLANG_OK TRUE)
  endif()
endfunction()

# clang options for C modules, as libbpf-bootstrap compiles BPF C: -g for BTF, the
# architecture for <bpf/bpf_tracing.h>'s PT_REGS macros, and C_OPTIONS (with relative paths
# made absolute, so that the depfile names headers where the build finds them), then
# libbpf's headers (those of TinyBPF::libbpf) and, last, the multiarch directory holding
# <asm/types.h>, which -target bpf does not search. Build paths are mapped away from the
# debug info (BTF names the files) so objects stay the same across build directories.
function(_tinybpf_c_flags out options)
  set(flags -target bpf -O2 -g -emit-llvm "-ffile-prefix-map=${CMAKE_BINARY_DIR}/=")
  # processor regex | libbpf's __TARGET_ARCH | Debian multiarch triplet
  set(arches "^(x86_64|amd64)$|x86|x86_64-linux-gnu" "^i.86$|x86|i386-linux-gnu"
    "^(aarch64|arm64)|arm64|aarch64-linux-gnu" "^arm|arm|arm-linux-gnueabihf"
    "^riscv64|riscv|riscv64-linux-gnu" "^s390|s390|s390x-linux-gnu"
    "^(ppc64le|powerpc64le)|powerpc|powerpc64le-linux-gnu"
    "^loongarch64|loongarch|loongarch64-linux-gnu")
  string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" cpu)
  set(multiarch "${CMAKE_LIBRARY_ARCHITECTURE}")
  set(arch "")
  foreach(entry IN LISTS arches)
    string(REGEX MATCH "^(.*)\\|([a-z0-9]+)\\|([a-z0-9_-]+)$" _ "${entry}")
    set(cpu_re "${CMAKE_MATCH_1}")
    set(entry_arch "${CMAKE_MATCH_2}")
    set(entry_triplet "${CMAKE_MATCH_3}")
    if(NOT arch AND cpu MATCHES "${cpu_re}")
      set(arch "${entry_arch}")
      set(guess "${entry_triplet}")
    endif()
  endforeach()
  if(arch)
    list(APPEND flags -D__TARGET_ARCH_${arch})
  endif()

  set(path_next FALSE)
  foreach(o IN LISTS options)
    if(path_next)
      if(NOT IS_ABSOLUTE "${o}" AND NOT o MATCHES "^\\$<")
        set(o "${CMAKE_CURRENT_SOURCE_DIR}/${o}")
      endif()
      set(path_next FALSE)
    elseif(o MATCHES "^-(I|isystem|iquote|idirafter|include|imacros)$")
      set(path_next TRUE)
    elseif(o MATCHES "^(-I|-isystem|-iquote|-idirafter)(.+)$")
      set(opt "${CMAKE_MATCH_1}")
      set(dir "${CMAKE_MATCH_2}")
      if(NOT IS_ABSOLUTE "${dir}" AND NOT dir MATCHES "^\\$<")
        set(o "${opt}${CMAKE_CURRENT_SOURCE_DIR}/${dir}")
      endif()
    endif()
    list(APPEND flags "${o}")
  endforeach()

  # libbpf's headers: TinyBPF::libbpf's include directories (pkg-config's, or the project's
  # own target), but not /usr/include, which would come before clang's own headers.
  set(inc "$<FILTER:$<TARGET_PROPERTY:TinyBPF::libbpf,INTERFACE_INCLUDE_DIRECTORIES>,EXCLUDE,^/usr/include/?$>")
  list(APPEND flags "$<$<BOOL:${inc}>:-I$<JOIN:${inc},$<SEMICOLON>-I>>")

  if(NOT multiarch)  # a project without the C language enabled
    set(multiarch "${guess}")
  endif()
  if(multiarch AND EXISTS "/usr/include/${multiarch}/asm")
    list(APPEND flags -idirafter "/usr/include/${multiarch}")
  endif()
  set(${out} ${flags} PARENT_SCOPE)
endfunction()

function(_tinybpf_find_bpftool fn)
  get_property(done GLOBAL PROPERTY _TINYBPF_BPFTOOL_OK)
  if(done)
    return()
  endif()
  find_program(TINYBPF_BPFTOOL NAMES bpftool PATHS /usr/sbin /usr/local/sbin /sbin
    DOC "bpftool with `gen object` and `gen skeleton`")
  if(NOT TINYBPF_BPFTOOL)
    message(FATAL_ERROR "${fn}: bpftool not found; it writes the skeletons. Install it "
      "(Debian: apt install bpftool; Ubuntu: apt install linux-tools-common linux-tools-$(uname -r); "
      "Fedora: dnf install bpftool) or pass -DTINYBPF_BPFTOOL=/path/to/bpftool.")
  endif()
  execute_process(COMMAND "${TINYBPF_BPFTOOL}" gen help OUTPUT_VARIABLE help ERROR_VARIABLE help
    RESULT_VARIABLE rc)
  if(NOT help MATCHES "gen skeleton" OR NOT help MATCHES "gen object")
    message(FATAL_ERROR "${fn}: ${TINYBPF_BPFTOOL} does not support `gen object` and `gen skeleton` "
      "(bpftool 5.13 or newer needed; `bpftool gen help` says:\n${help}). Install a newer bpftool "
      "or pass -DTINYBPF_BPFTOOL=/path/to/bpftool.")
  endif()
  set_property(GLOBAL PROPERTY _TINYBPF_BPFTOOL_OK TRUE)
endfunction()

# Imported target TinyBPF::libbpf (pkg-config module libbpf).
function(_tinybpf_find_libbpf fn)
  if(TARGET TinyBPF::libbpf)
    return()
  endif()
  find_package(PkgConfig QUIET)
  if(NOT PKG_CONFIG_FOUND)
    message(FATAL_ERROR "${fn}: pkg-config not found; it locates libbpf for the skeletons. "
      "Install pkg-config and libbpf (Debian/Ubuntu: apt install pkg-config libbpf-dev).")
  endif()
  pkg_check_modules(TINYBPF_LIBBPF QUIET IMPORTED_TARGET GLOBAL libbpf)
  if(NOT TINYBPF_LIBBPF_FOUND)
    message(FATAL_ERROR "${fn}: libbpf not found by pkg-config (module libbpf). Install it "
      "(Debian/Ubuntu: apt install libbpf-dev; Fedora: dnf install libbpf-devel) or add its "
      "lib/pkgconfig directory to PKG_CONFIG_PATH.")
  endif()
  add_library(TinyBPF::libbpf ALIAS PkgConfig::TINYBPF_LIBBPF)
  set_property(GLOBAL PROPERTY _TINYBPF_LIBBPF_FOUND_VERSION "${TINYBPF_LIBBPF_VERSION}")
endfunction()

# The libbpf version the programs' section names are checked against (see "libbpf version"
# at the top), or "" for none.
function(_tinybpf_target_libbpf fn explicit out)
  set(version_re "^[0-9][0-9]?\\.[0-9][0-9]?(\\.[0-9]+)?")
  if(NOT "${explicit}" STREQUAL "")
    set(v "${explicit}")
    set(from "LIBBPF_VERSION")
  elseif(NOT "${TINYBPF_TARGET_LIBBPF_VERSION}" STREQUAL "")
    set(v "${TINYBPF_TARGET_LIBBPF_VERSION}")
    set(from "TINYBPF_TARGET_LIBBPF_VERSION")
  else()
    # pkg-config's version as MAJOR.MINOR[.PATCH], whatever follows ("1.5.0+git" -> 1.5.0)
    get_property(found GLOBAL PROPERTY _TINYBPF_LIBBPF_FOUND_VERSION)
    string(REGEX MATCH "${version_re}" v "${found}")
    get_property(told GLOBAL PROPERTY _TINYBPF_LIBBPF_VERSION_UNKNOWN_TOLD)
    if("${v}" STREQUAL "" AND NOT told)
      if("${found}" STREQUAL "")
        set(why "the version of TinyBPF::libbpf is not known (the project defines it)")
      else()
        set(why "pkg-config's libbpf version '${found}' is not MAJOR.MINOR")
      endif()
      message(STATUS "TinyBPF: ${why}, so section names are not checked against the libbpf "
        "that loads the programs; set TINYBPF_TARGET_LIBBPF_VERSION to its version")
      set_property(GLOBAL PROPERTY _TINYBPF_LIBBPF_VERSION_UNKNOWN_TOLD TRUE)
    endif()
  endif()
  if("${v}" STREQUAL "ANY")
    set(v "")
  elseif(NOT "${v}" STREQUAL "" AND NOT "${v}" MATCHES "${version_re}$")
    message(FATAL_ERROR "${fn}: ${from} is '${v}'; it wants a libbpf version MAJOR.MINOR[.PATCH] "
      "(e.g. 1.1 or 1.4.6) or ANY.")
  endif()
  set(${out} "${v}" PARENT_SCOPE)
endfunction()

# TinyGo: sets <out_ok> to TRUE/FALSE and <out_reason> to what is wrong.
function(_tinybpf_check_tinygo out_ok out_reason)
  get_property(state GLOBAL PROPERTY _TINYBPF_TINYGO_STATE)
  get_property(reason GLOBAL PROPERTY _TINYBPF_TINYGO_REASON)
  get_property(checked_path GLOBAL PROPERTY _TINYBPF_TINYGO_PATH)
  if(state AND "${checked_path}" STREQUAL "${TINYGO_EXECUTABLE}")
    set(${out_ok} ${state} PARENT_SCOPE)
    set(${out_reason} "${reason}" PARENT_SCOPE)
    return()
  endif()
  if(NOT DEFINED TINYGO_EXECUTABLE OR NOT TINYGO_EXECUTABLE)
    find_program(TINYGO_EXECUTABLE NAMES tinygo
      DOC "TinyGo compiler (only needed for programs with Go SOURCES)")
  endif()
  set(state FALSE)
  if(NOT TINYGO_EXECUTABLE)
    set(reason "TinyGo was not found (TINYGO_EXECUTABLE=${TINYGO_EXECUTABLE})")
  elseif(NOT EXISTS "${TINYGO_EXECUTABLE}" OR IS_DIRECTORY "${TINYGO_EXECUTABLE}")
    set(reason "TINYGO_EXECUTABLE=${TINYGO_EXECUTABLE} does not exist")
  else()
    execute_process(COMMAND "${TINYGO_EXECUTABLE}" version OUTPUT_VARIABLE v ERROR_VARIABLE e
      RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
    get_property(major GLOBAL PROPERTY TINYBPF_LLVM_VERSION_MAJOR)
    if(NOT rc EQUAL 0)
      set(reason "`${TINYGO_EXECUTABLE} version` failed (${rc}): ${e} (TinyGo needs a supported `go` on PATH)")
    elseif(major AND v MATCHES "LLVM version ([0-9]+)\\." AND CMAKE_MATCH_1 GREATER major)
      set(reason "${v}: its IR is LLVM ${CMAKE_MATCH_1}, newer than the LLVM ${major} tbpf-core "
        "and llc were built with (TinyGo 0.40 release binaries use LLVM 20). Build TinyBPF against "
        "LLVM ${CMAKE_MATCH_1} or newer (-DTINYBPF_LLVM_VERSION=${CMAKE_MATCH_1}), or use a TinyGo "
        "built with LLVM ${major} or older")
    else()
      set(state TRUE)
      set(reason "${v}")
    endif()
  endif()
  set_property(GLOBAL PROPERTY _TINYBPF_TINYGO_STATE ${state})
  set_property(GLOBAL PROPERTY _TINYBPF_TINYGO_REASON "${reason}")
  set_property(GLOBAL PROPERTY _TINYBPF_TINYGO_PATH "${TINYGO_EXECUTABLE}")
  set(${out_ok} ${state} PARENT_SCOPE)
  set(${out_reason} "${reason}" PARENT_SCOPE)
endfunction()

# tinybpf_find_tinygo(<var>): <var> is TRUE when TinyGo is installed and usable with this
# tbpf-core; otherwise FALSE and <var>_REASON says why. Lets a project choose between Go
# SOURCES and committed IR.
function(tinybpf_find_tinygo var)
  _tinybpf_check_tinygo(ok reason)
  set(${var} ${ok} PARENT_SCOPE)
  set(${var}_REASON "${reason}" PARENT_SCOPE)
endfunction()

# ---------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------

# Exported entry points of a TinyGo package directory: its `//export NAME` lines.
function(_tinybpf_go_exports dir out)
  file(GLOB gofiles LIST_DIRECTORIES false "${dir}/*.go")
  set(names "")
  foreach(f IN LISTS gofiles)
    if(f MATCHES "_test\\.go$")
      continue()
    endif()
    file(STRINGS "${f}" lines REGEX "^//(go:)?export[ \t]+[A-Za-z_]")
    foreach(l IN LISTS lines)
      if(l MATCHES "^//(go:)?export[ \t]+([A-Za-z_][A-Za-z0-9_]*)")
        list(APPEND names "${CMAKE_MATCH_2}")
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES names)
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# Exported entry points of TinyGo textual IR: externally visible definitions whose name is a
# C identifier, minus TinyGo's runtime (`main`, `tinygo_*`).
function(_tinybpf_ll_exports file out)
  file(READ "${file}" text)
  string(REGEX MATCHALL "\ndefine [^\n@]*@[A-Za-z_][A-Za-z0-9_.$]*\\(" defs "${text}")
  set(names "")
  foreach(d IN LISTS defs)
    if(d MATCHES "^\ndefine (internal|private) ")
      continue()
    endif()
    if(NOT d MATCHES "@([A-Za-z_][A-Za-z0-9_]*)\\($")
      continue()   # a name with dots (Go's own functions) or quotes
    endif()
    set(n "${CMAKE_MATCH_1}")
    if(NOT n STREQUAL "main" AND NOT n MATCHES "^tinygo_")
      list(APPEND names "${n}")
    endif()
  endforeach()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# ---------------------------------------------------------------------------------------
# add_tinybpf_program
# ---------------------------------------------------------------------------------------

# Go refuses a package whose directory holds C, C++ or Objective-C files unless it uses cgo
# (TinyGo stops with go list's "C source files not allowed when not using cgo or SWIG"):
# said at configure time, with the way out. A file that a //go:build ignore (or !tinygo) line
# leaves out is fine.
function(_tinybpf_check_no_c_in_go_package fn dir)
  file(GLOB foreign LIST_DIRECTORIES false "${dir}/*.c" "${dir}/*.cc" "${dir}/*.cpp"
       "${dir}/*.cxx" "${dir}/*.m")
  set(names "")
  foreach(f IN LISTS foreign)
    file(STRINGS "${f}" constraint REGEX "^//go:build .*(ignore|!tinygo)" LIMIT_COUNT 1)
    if(NOT constraint)
      get_filename_component(n "${f}" NAME)
      list(APPEND names "${n}")
    endif()
  endforeach()
  if(names)
    list(JOIN names ", " names)
    message(FATAL_ERROR "${fn}: the Go package directory ${dir} holds ${names}, and Go refuses "
      "C files beside a package's .go files without cgo (TinyGo would stop with \"C source "
      "files not allowed when not using cgo or SWIG\"). Move them to a directory of their own, "
      "e.g. ${dir}/c/; a BPF C module goes in SOURCES from there.")
  endif()
endfunction()

function(add_tinybpf_program name)
  set(fn "add_tinybpf_program(${name})")
  if(name IN_LIST _TINYBPF_KEYWORDS OR NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "${fn}: the first argument is the program's name and must be a C "
      "identifier (the skeleton's API is <name>__open_and_load()), e.g. "
      "add_tinybpf_program(xdp_drop SOURCES bpf/ SECTION xdp_drop=xdp).")
  endif()

  cmake_parse_arguments(PARSE_ARGV 1 ARG "VERIFY"
    "CPU;OUTPUT_DIR;GO_PACKAGE;GO_OUTPUT_DIR;PANIC_RETURN;LIBBPF_VERSION;LICENSE" "SOURCES;SECTION;C_OPTIONS;TYPES")
  # A misspelt keyword after SOURCES or SECTION ends up in that list: an upper-case word
  # there is not a file or section name but an unknown keyword (and what follows, its values).
  foreach(list_kw SOURCES SECTION C_OPTIONS)
    set(i 0)
    set(prev "")
    foreach(v IN LISTS ARG_${list_kw})
      if(v MATCHES "^[A-Z][A-Z0-9_]+$" AND NOT EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${v}"
         AND NOT prev MATCHES "^-(D|U|I|isystem|iquote|idirafter|include|imacros)$")
        list(SUBLIST ARG_${list_kw} ${i} -1 tail)
        list(SUBLIST ARG_${list_kw} 0 ${i} ARG_${list_kw})
        list(APPEND ARG_UNPARSED_ARGUMENTS ${tail})
        break()
      endif()
      set(prev "${v}")
      math(EXPR i "${i} + 1")
    endforeach()
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    list(JOIN ARG_UNPARSED_ARGUMENTS " " bad)
    list(JOIN _TINYBPF_KEYWORDS ", " kw)
    message(FATAL_ERROR "${fn}: unknown argument(s): ${bad}. Valid keywords: ${kw}.")
  endif()
  if(ARG_KEYWORDS_MISSING_VALUES)
    list(JOIN ARG_KEYWORDS_MISSING_VALUES ", " kw)
    message(FATAL_ERROR "${fn}: ${kw} given without a value.")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "${fn}: missing SOURCES: give a TinyGo package directory, .go files, "
      "or TinyGo IR (.ll/.bc), and BPF C modules (.c) if any, e.g. SOURCES bpf/ or SOURCES prog.ll.")
  endif()
  set(only_c TRUE)
  foreach(src IN LISTS ARG_SOURCES)
    if(NOT src MATCHES "\\.c$")
      set(only_c FALSE)
    endif()
  endforeach()
  if(only_c)
    message(FATAL_ERROR "${fn}: SOURCES hold only C modules; TinyBPF builds Go programs (a C "
      "module only joins them). Give the Go package, .go files or TinyGo IR as well, or compile "
      "C-only BPF programs with clang -target bpf directly.")
  endif()
  if(NOT ARG_SECTION)
    message(FATAL_ERROR "${fn}: missing SECTION: give FN=SEC for each entry point "
      "(the //export'ed Go function and its ELF section), e.g. SECTION xdp_drop=xdp.")
  endif()

  # One program per name, project-wide.
  get_property(known GLOBAL PROPERTY TINYBPF_PROGRAMS)
  if(name IN_LIST known)
    get_property(where GLOBAL PROPERTY _TINYBPF_PROGRAM_DIR_${name})
    message(FATAL_ERROR "${fn}: a TinyBPF program named ${name} already exists (defined in "
      "${where}). Program names are target names and skeleton names: pick another.")
  endif()
  foreach(t ${name} ${name}_skel)
    if(TARGET ${t})
      message(FATAL_ERROR "${fn}: a target named ${t} already exists; the program needs the "
        "target names ${name} and ${name}_skel. Pick another program name.")
    endif()
  endforeach()

  if(NOT DEFINED ARG_CPU)
    set(ARG_CPU v3)
  elseif(NOT ARG_CPU IN_LIST _TINYBPF_CPUS)
    list(JOIN _TINYBPF_CPUS ", " cpus)
    message(FATAL_ERROR "${fn}: CPU ${ARG_CPU} is not one of ${cpus}.")
  endif()
  if(DEFINED ARG_PANIC_RETURN AND NOT ARG_PANIC_RETURN MATCHES "^-?[0-9]+$")
    message(FATAL_ERROR "${fn}: PANIC_RETURN must be an integer, got '${ARG_PANIC_RETURN}'.")
  endif()
  if(NOT DEFINED ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/tinybpf/${name}")
  else()
    get_filename_component(ARG_OUTPUT_DIR "${ARG_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  if(DEFINED ARG_GO_OUTPUT_DIR)
    get_filename_component(ARG_GO_OUTPUT_DIR "${ARG_GO_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()

  # --- classify SOURCES into modules: one per Go package directory or IR file ---------
  set(nmod 0)
  set(go_dirs "")
  set(ir_files "")
  set(c_files "")
  set(explicit_deps "")
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(path "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_source_file_property(generated "${path}" GENERATED)
    if(IS_DIRECTORY "${path}")
      set(kind go)
      set(dir "${path}")
    elseif(NOT EXISTS "${path}" AND NOT generated)
      message(FATAL_ERROR "${fn}: source '${src}' not found (looked for ${path}).")
    elseif(path MATCHES "\\.go$")
      set(kind go)
      get_filename_component(dir "${path}" DIRECTORY)
      list(APPEND explicit_deps "${path}")
    elseif(path MATCHES "\\.(ll|bc)$")
      set(kind ${CMAKE_MATCH_1})
    elseif(path MATCHES "\\.c$")
      if(path IN_LIST c_files)
        message(FATAL_ERROR "${fn}: source '${src}' is listed twice.")
      endif()
      list(APPEND c_files "${path}")
      if(EXISTS "${path}")
        file(STRINGS "${path}" license_lines REGEX "SEC\\(\"license\"\\)")
        if(license_lines)
          message(FATAL_ERROR "${fn}: C module '${src}' defines a license (SEC(\"license\")), but "
            "the object's license is tbpf-core's, and libbpf would read only the first of the two. "
            "Remove it from the C module and give it to the program: LICENSE \"Dual BSD/GPL\" "
            "(default GPL).")
        endif()
      endif()
      continue()
    else()
      message(FATAL_ERROR "${fn}: source '${src}' is neither a TinyGo package directory, a .go "
        "file, TinyGo IR (.ll/.bc) nor a BPF C module (.c).")
    endif()
    if(kind STREQUAL "go")
      if(dir IN_LIST go_dirs)
        continue()
      endif()
      file(GLOB gofiles LIST_DIRECTORIES false "${dir}/*.go")
      if(NOT gofiles)
        message(FATAL_ERROR "${fn}: source '${src}' is a directory without .go files; SOURCES "
          "takes a TinyGo package directory, .go files or TinyGo IR (.ll/.bc).")
      endif()
      _tinybpf_check_no_c_in_go_package("${fn}" "${dir}")
      list(APPEND go_dirs "${dir}")
      set(path "${dir}")
    elseif(path IN_LIST ir_files)
      message(FATAL_ERROR "${fn}: source '${src}' is listed twice.")
    else()
      list(APPEND ir_files "${path}")
    endif()
    math(EXPR nmod "${nmod} + 1")
    set(mod_${nmod}_kind ${kind})
    set(mod_${nmod}_path "${path}")
    set(mod_${nmod}_known TRUE)
    if(kind STREQUAL "go")
      _tinybpf_go_exports("${path}" exports)
    elseif(kind STREQUAL "ll" AND EXISTS "${path}")
      _tinybpf_ll_exports("${path}" exports)
    else()
      set(exports "")
      set(mod_${nmod}_known FALSE)   # .bc, or IR generated at build time
    endif()
    set(mod_${nmod}_exports "${exports}")
    set(mod_${nmod}_sections "")
  endforeach()
  if(c_files)
    _tinybpf_find_clang("${fn}")
  elseif(ARG_C_OPTIONS)
    message(FATAL_ERROR "${fn}: C_OPTIONS given, but SOURCES hold no C module (.c).")
  endif()

  # --- TinyGo, only when there is Go ---------------------------------------------------
  if(go_dirs)
    _tinybpf_check_tinygo(tinygo_ok tinygo_reason)
    if(NOT tinygo_ok)
      list(JOIN go_dirs ", " dirs)
      message(FATAL_ERROR "${fn}: SOURCES hold Go (${dirs}) but ${tinygo_reason}.\n"
        "Either install TinyGo (https://tinygo.org/getting-started/install/linux/ ; it needs Go 1.19-1.25 "
        "on PATH) and re-run CMake, passing -DTINYGO_EXECUTABLE=/path/to/tinygo if it is not on PATH, "
        "or give TinyGo's IR in SOURCES instead of Go: prog.ll made by "
        "`tinygo build -gc=none -scheduler=none -panic=trap -opt=1 -o prog.ll .` in the package directory.")
    endif()
  endif()

  # --- SECTION: FN=SEC entries, assigned to modules ---------------------------------------
  set(all_known TRUE)
  set(all_exports "")
  foreach(i RANGE 1 ${nmod})
    list(APPEND all_exports ${mod_${i}_exports})
    if(NOT mod_${i}_known)
      set(all_known FALSE)
    endif()
  endforeach()
  list(REMOVE_DUPLICATES all_exports)
  list(JOIN all_exports ", " exported_text)
  if(NOT exported_text)
    set(exported_text "(none found)")
  endif()

  list(LENGTH ARG_SECTION nsec)
  set(sections "")
  set(fns "")
  foreach(entry IN LISTS ARG_SECTION)
    string(FIND "${entry}" "=" eq)
    if(eq EQUAL -1)
      if(nsec GREATER 1)
        message(FATAL_ERROR "${fn}: SECTION '${entry}' has no function: with several entry "
          "points write FN=SEC for each (e.g. SECTION enter=tracepoint/syscalls/sys_enter_openat "
          "exit=tracepoint/syscalls/sys_exit_openat).")
      endif()
      list(LENGTH all_exports nexp)
      if(NOT all_known)
        message(FATAL_ERROR "${fn}: SECTION '${entry}' has no function, and the entry point "
          "cannot be found before the build for .bc or generated inputs: write FN=SEC.")
      elseif(NOT nexp EQUAL 1)
        message(FATAL_ERROR "${fn}: SECTION '${entry}' has no function, but the program exports "
          "${nexp} functions (${exported_text}): write FN=SEC.")
      endif()
      set(f "${all_exports}")
      set(s "${entry}")
    else()
      string(SUBSTRING "${entry}" 0 ${eq} f)
      math(EXPR eq1 "${eq} + 1")
      string(SUBSTRING "${entry}" ${eq1} -1 s)
    endif()
    if(NOT f MATCHES "^[A-Za-z_][A-Za-z0-9_]*$" OR s STREQUAL "")
      message(FATAL_ERROR "${fn}: SECTION '${entry}' is not FN=SEC with FN a function name and "
        "SEC an ELF section name (e.g. xdp_drop=xdp).")
    endif()
    if(f IN_LIST fns)
      message(FATAL_ERROR "${fn}: SECTION names function ${f} twice.")
    endif()
    list(APPEND fns "${f}")
    list(APPEND sections "${f}=${s}")

    # Which module exports f?
    set(owner "")
    set(unknown "")
    foreach(i RANGE 1 ${nmod})
      if(f IN_LIST mod_${i}_exports)
        if(owner)
          message(FATAL_ERROR "${fn}: function ${f} is exported by two inputs: "
            "${mod_${owner}_path} and ${mod_${i}_path}.")
        endif()
        set(owner ${i})
      elseif(NOT mod_${i}_known)
        list(APPEND unknown ${i})
      endif()
    endforeach()
    if(NOT owner)
      list(LENGTH unknown nunknown)
      if(nunknown EQUAL 1)
        set(owner ${unknown})
      elseif(nunknown GREATER 1)
        message(FATAL_ERROR "${fn}: SECTION ${f}=${s}: several inputs are .bc or generated IR, and "
          "none of the others exports ${f}; it cannot be told which module defines it. Give "
          "those modules as .ll, or build them as separate programs.")
      else()
        if(c_files)
          set(c_note " Functions of the C modules take their section from SEC() in C, not SECTION.")
        else()
          set(c_note "")
        endif()
        message(FATAL_ERROR "${fn}: SECTION ${f}=${s} names function ${f}, which the program "
          "does not export. Exported functions: ${exported_text}. (A Go entry point is a function "
          "with an `//export ${f}` line.)${c_note}")
      endif()
    endif()
    list(APPEND mod_${owner}_sections "${f}=${s}")
  endforeach()
  foreach(i RANGE 1 ${nmod})
    if(NOT mod_${i}_sections)
      message(FATAL_ERROR "${fn}: input ${mod_${i}_path} contains none of the SECTION entry "
        "points (it exports: ${mod_${i}_exports}). Every input module needs at least one; "
        "add FN=SEC for it or remove it from SOURCES.")
    endif()
  endforeach()

  # --- tools ----------------------------------------------------------------------------
  _tinybpf_core("${fn}" core_cmd core_dep)
  _tinybpf_find_llvm_tools("${fn}")
  _tinybpf_find_bpftool("${fn}")
  _tinybpf_find_libbpf("${fn}")
  set(step sh "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/tinybpf-step.sh")
  set(step_dep "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/tinybpf-step.sh")

  # --- build edges ----------------------------------------------------------------------
  set(work "${CMAKE_CURRENT_BINARY_DIR}/tinybpf/${name}.dir")
  file(MAKE_DIRECTORY "${work}" "${ARG_OUTPUT_DIR}")
  set(object "${ARG_OUTPUT_DIR}/${name}.bpf.o")
  set(skeleton "${ARG_OUTPUT_DIR}/${name}.skel.h")
  set(core_extra --cpu ${ARG_CPU})
  if(DEFINED ARG_PANIC_RETURN)
    list(APPEND core_extra --panic-return ${ARG_PANIC_RETURN})
  endif()
  _tinybpf_target_libbpf("${fn}" "${ARG_LIBBPF_VERSION}" libbpf_target)
  if(libbpf_target)
    list(APPEND core_extra --libbpf-version ${libbpf_target})
  endif()
  if(c_files)
    list(APPEND core_extra --linked-with-c)
  endif()
  if(DEFINED ARG_LICENSE)
    list(APPEND core_extra --license "${ARG_LICENSE}")
  endif()
  # A type is in one of the Go modules, not necessarily all: with several, tbpf-core keeps
  # it where it is, and check-linked (below) reports a type that none of them kept.
  foreach(type IN LISTS ARG_TYPES)
    if(NOT type MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
      message(FATAL_ERROR "${fn}: TYPES '${type}' is not a Go type name; give the name "
        "as declared in the Go package (type openEvent struct {...}: TYPES openEvent).")
    endif()
    if(nmod GREATER 1)
      list(APPEND core_extra --keep-type-if-present "${type}")
    else()
      list(APPEND core_extra --keep-type "${type}")
    endif()
  endforeach()

  set(bpf_modules "")
  foreach(i RANGE 1 ${nmod})
    get_filename_component(base "${mod_${i}_path}" NAME_WE)
    set(stem "${i}-${base}")
    set(ir "${mod_${i}_path}")
    if(mod_${i}_kind STREQUAL "go")
      set(ir "${work}/${stem}.tinygo.ll")
      set(deps "${TINYGO_EXECUTABLE}" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/TinyBPFTinyGo.cmake")
      foreach(d IN LISTS explicit_deps)
        get_filename_component(ddir "${d}" DIRECTORY)
        if(ddir STREQUAL mod_${i}_path)
          list(APPEND deps "${d}")
        endif()
      endforeach()
      file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${mod_${i}_path}")
      add_custom_command(OUTPUT "${ir}"
        COMMAND "${CMAKE_COMMAND}" "-DTINYGO=${TINYGO_EXECUTABLE}" "-DPACKAGE_DIR=${mod_${i}_path}"
                "-DOUTPUT=${ir}" "-DDEPFILE=${ir}.d"
                -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/TinyBPFTinyGo.cmake"
        DEPENDS ${deps}
        DEPFILE "${ir}.d"
        COMMENT "TinyBPF ${name}: tinygo build ${rel}"
        VERBATIM)
    endif()
    set(bc "${work}/${stem}.bpf.bc")
    set(section_args "")
    foreach(s IN LISTS mod_${i}_sections)
      list(APPEND section_args --section "${s}")
    endforeach()
    get_filename_component(irname "${ir}" NAME)
    add_custom_command(OUTPUT "${bc}"
      COMMAND ${step} "${bc}" arg ${core_cmd} transform "${ir}" -o @TMP@ ${section_args} ${core_extra}
      DEPENDS "${ir}" ${core_dep} ${step_dep}
      COMMENT "TinyBPF ${name}: tbpf-core transform ${irname}"
      VERBATIM)
    list(APPEND bpf_modules "${bc}")
  endforeach()

  set(nc 0)
  if(c_files)
    _tinybpf_c_flags(c_flags "${ARG_C_OPTIONS}")
  endif()
  foreach(c IN LISTS c_files)
    math(EXPR nc "${nc} + 1")
    get_filename_component(base "${c}" NAME_WE)
    set(bc "${work}/c${nc}-${base}.bpf.bc")
    file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${c}")
    # -MT: the depfile names the output, not the temporary file clang writes.
    add_custom_command(OUTPUT "${bc}"
      COMMAND ${step} "${bc}" arg "${TINYBPF_CLANG}" -mcpu=${ARG_CPU} ${c_flags}
              -MD -MF "${bc}.d" -MT "${bc}" -c "${c}" -o @TMP@
      DEPENDS "${c}" ${step_dep}
      DEPFILE "${bc}.d"
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      COMMENT "TinyBPF ${name}: clang -target bpf ${rel}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    list(APPEND bpf_modules "${bc}")
  endforeach()

  list(LENGTH bpf_modules nlink)
  if(nlink GREATER 1)
    set(linked "${work}/${name}.linked.bc")
    add_custom_command(OUTPUT "${linked}"
      COMMAND ${step} "${linked}" arg "${TINYBPF_LLVM_LINK}" -o @TMP@ ${bpf_modules}
      DEPENDS ${bpf_modules} ${step_dep}
      COMMENT "TinyBPF ${name}: llvm-link ${nlink} modules"
      VERBATIM)
  else()
    set(linked "${bpf_modules}")
  endif()

  # With C modules, Go may call their functions: check-linked makes sure each is defined, with
  # the type Go calls it with, before llc (libbpf would fail later, and less clearly); with
  # several Go modules, that each of TYPES was kept by one of them.
  set(check_linked "")
  set(check_linked_dep "")
  if(c_files OR (DEFINED ARG_TYPES AND nmod GREATER 1))
    set(check_linked COMMAND ${core_cmd} check-linked "${linked}")
    foreach(type IN LISTS ARG_TYPES)
      list(APPEND check_linked --keep-type "${type}")
    endforeach()
    set(check_linked_dep ${core_dep})
  endif()
  set(llc_obj "${work}/${name}.llc.o")
  add_custom_command(OUTPUT "${llc_obj}"
    ${check_linked}
    COMMAND ${step} "${llc_obj}" arg "${TINYBPF_LLC}" -march=bpf -mcpu=${ARG_CPU} -O2
            -filetype=obj -o @TMP@ "${linked}"
    DEPENDS "${linked}" ${step_dep} ${check_linked_dep}
    COMMENT "TinyBPF ${name}: llc -march=bpf -mcpu=${ARG_CPU}"
    VERBATIM)

  add_custom_command(OUTPUT "${object}"
    COMMAND ${step} "${object}" arg "${TINYBPF_BPFTOOL}" gen object @TMP@ "${llc_obj}"
    DEPENDS "${llc_obj}" ${step_dep}
    COMMENT "TinyBPF ${name}: bpftool gen object ${name}.bpf.o"
    VERBATIM)

  add_custom_command(OUTPUT "${skeleton}"
    COMMAND ${step} "${skeleton}" stdout "${TINYBPF_BPFTOOL}" gen skeleton "${object}" name ${name}
    DEPENDS "${object}" ${step_dep}
    COMMENT "TinyBPF ${name}: bpftool gen skeleton ${name}.skel.h"
    VERBATIM)

  # --- Go bindings: <name>_bpf.go and the object it embeds, in the Go package's directory --
  set(outputs "${object}" "${skeleton}")
  if(DEFINED ARG_GO_PACKAGE OR DEFINED ARG_GO_OUTPUT_DIR)
    if(NOT DEFINED ARG_GO_PACKAGE OR NOT DEFINED ARG_GO_OUTPUT_DIR)
      message(FATAL_ERROR "${fn}: GO_PACKAGE and GO_OUTPUT_DIR go together: the Go file "
        "and the object it embeds are written into GO_OUTPUT_DIR, in package GO_PACKAGE.")
    endif()
    if(NOT ARG_GO_PACKAGE MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
      message(FATAL_ERROR "${fn}: GO_PACKAGE '${ARG_GO_PACKAGE}' is not a Go package name.")
    endif()
    if(TINYBPF_GEN_GO_EXECUTABLE)
      set(gen_go "${TINYBPF_GEN_GO_EXECUTABLE}")
      set(gen_go_dep "${TINYBPF_GEN_GO_EXECUTABLE}")
    elseif(TARGET TinyBPF::tbpf-gen-go)
      set(gen_go "$<TARGET_FILE:TinyBPF::tbpf-gen-go>")
      set(gen_go_dep TinyBPF::tbpf-gen-go)
    else()
      message(FATAL_ERROR "${fn}: GO_PACKAGE needs tbpf-gen-go, which this TinyBPF was built "
        "without (it needs libbpf through pkg-config: apt-get install pkg-config libbpf-dev, then "
        "rebuild TinyBPF), or set TINYBPF_GEN_GO_EXECUTABLE.")
    endif()
    set(gen_go_types "")
    foreach(type IN LISTS ARG_TYPES)
      list(APPEND gen_go_types --type "${type}")
    endforeach()
    set(go_obj "${ARG_GO_OUTPUT_DIR}/${name}.bpf.o")
    set(go_src "${ARG_GO_OUTPUT_DIR}/${name}_bpf.go")
    add_custom_command(OUTPUT "${go_obj}" "${go_src}"
      COMMAND ${step} "${go_obj}" arg "${CMAKE_COMMAND}" -E copy "${object}" @TMP@
      COMMAND "${gen_go}" "${object}" --package "${ARG_GO_PACKAGE}" --embed "${name}.bpf.o" ${gen_go_types}
              -o "${go_src}"
      DEPENDS "${object}" ${gen_go_dep} ${step_dep}
      COMMENT "TinyBPF ${name}: Go bindings ${name}_bpf.go"
      VERBATIM)
    list(APPEND outputs "${go_obj}" "${go_src}")
  endif()

  # --- VERIFY: tbpf-verify loads each program (issue 7) ----------------------------------
  # Loading needs root (CAP_BPF), decided when CMake runs; the stamp appears only after all
  # programs loaded, so a rejected object is checked again on the next build. Run where
  # loading is refused anyway (a container), tbpf-verify notes it and succeeds.
  if(ARG_VERIFY)
    execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(NOT uid STREQUAL "0")
      message(STATUS "${fn}: VERIFY skipped: loading BPF programs needs root (CMake runs as uid ${uid})")
    else()
      if(TINYBPF_VERIFY_EXECUTABLE)
        set(verify "${TINYBPF_VERIFY_EXECUTABLE}")
        set(verify_dep "${TINYBPF_VERIFY_EXECUTABLE}")
      elseif(TARGET TinyBPF::tbpf-verify)
        set(verify "$<TARGET_FILE:TinyBPF::tbpf-verify>")
        set(verify_dep TinyBPF::tbpf-verify)
      else()
        message(FATAL_ERROR "${fn}: VERIFY needs tbpf-verify, which this TinyBPF was built without "
          "(it needs libbpf and libelf through pkg-config: apt-get install pkg-config libbpf-dev "
          "libelf-dev, then rebuild TinyBPF), or set TINYBPF_VERIFY_EXECUTABLE.")
      endif()
      # Go files are looked up here when the object names paths TinyGo saw elsewhere.
      set(src_dir "${mod_1_path}")
      if(NOT mod_1_kind STREQUAL "go")
        get_filename_component(src_dir "${mod_1_path}" DIRECTORY)
      endif()
      set(stamp "${work}/${name}.verified")
      add_custom_command(OUTPUT "${stamp}"
        COMMAND "${verify}" "${object}" --skip-if-unprivileged --source-dir "${src_dir}"
        COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
        DEPENDS "${object}" ${verify_dep}
        COMMENT "TinyBPF ${name}: tbpf-verify ${name}.bpf.o"
        VERBATIM)
      list(APPEND outputs "${stamp}")
    endif()
  endif()

  # --- targets --------------------------------------------------------------------------
  add_custom_target(${name} ALL DEPENDS ${outputs})
  set_target_properties(${name} PROPERTIES
    TINYBPF_OBJECT "${object}"
    TINYBPF_SKELETON "${skeleton}"
    TINYBPF_SKELETON_DIR "${ARG_OUTPUT_DIR}"
    TINYBPF_SECTIONS "${sections}"
    TINYBPF_CPU "${ARG_CPU}"
    TINYBPF_LIBBPF_VERSION "${libbpf_target}"
    TINYBPF_SOURCES "${ARG_SOURCES}"
    TINYBPF_GO_PACKAGE "${ARG_GO_PACKAGE}"
    TINYBPF_GO_OUTPUT_DIR "${ARG_GO_OUTPUT_DIR}")

  add_library(${name}_skel INTERFACE)
  target_include_directories(${name}_skel INTERFACE "${ARG_OUTPUT_DIR}")
  target_link_libraries(${name}_skel INTERFACE TinyBPF::libbpf)
  add_dependencies(${name}_skel ${name})
  set_target_properties(${name}_skel PROPERTIES
    TINYBPF_PROGRAM ${name}
    TINYBPF_SKELETON "${skeleton}")

  set_property(GLOBAL APPEND PROPERTY TINYBPF_PROGRAMS ${name})
  set_property(GLOBAL PROPERTY _TINYBPF_PROGRAM_DIR_${name} "${CMAKE_CURRENT_SOURCE_DIR}")
endfunction()

# ---------------------------------------------------------------------------------------
# tinybpf_kernel_types: Go declarations of kernel types from BTF
# ---------------------------------------------------------------------------------------
#
#   tinybpf_kernel_types(OUTPUT <file.go> PACKAGE <name> TYPES <TYPE[.FIELD,...]>...
#                        [BTF <file>]       # default /sys/kernel/btf/vmlinux
#                        [NO_STUB])         # no <file>_stub.go (//go:build !tinygo)
#
# A build step running `tbpf-gen-types [--btf <file>] <TYPES>... -o <file.go> --package <name>`:
# <file.go> (//go:build tinygo) and <file>_stub.go hold the types in tbpf-core's CO-RE
# convention (struct task_struct -> bpfCoreTaskStruct, real_parent -> RealParent). A relative
# OUTPUT is relative to CMAKE_CURRENT_SOURCE_DIR, since TinyGo compiles the package where it
# is. List <file.go> in the program's SOURCES with the package's other files, e.g.
#   tinybpf_kernel_types(OUTPUT bpf/kernel_types.go PACKAGE main
#                        TYPES task_struct.pid,tgid,real_parent nsproxy.uts_ns)
#   add_tinybpf_program(tasks SOURCES bpf/prog.go bpf/kernel_types.go SECTION ...)
# so the TinyGo step depends on it: editing TYPES (or a new BTF) regenerates the file and
# rebuilds the programs that list it, and only those; a regenerated file that did not change
# is left untouched, so nothing downstream rebuilds. The step depends on the BTF file and the
# tool. TINYBPF_GEN_TYPES_EXECUTABLE overrides the tool (default: target TinyBPF::tbpf-gen-types).
function(tinybpf_kernel_types)
  set(fn "tinybpf_kernel_types()")
  cmake_parse_arguments(PARSE_ARGV 0 ARG "NO_STUB" "OUTPUT;PACKAGE;BTF" "TYPES")
  # A misspelt keyword after TYPES ends up in TYPES: an all-upper-case word there is taken for
  # one (kernel type names are lower case), as add_tinybpf_program() does for SOURCES.
  set(i 0)
  foreach(v IN LISTS ARG_TYPES)
    if(v MATCHES "^[A-Z][A-Z0-9_]+$")
      list(SUBLIST ARG_TYPES ${i} -1 tail)
      list(SUBLIST ARG_TYPES 0 ${i} ARG_TYPES)
      list(APPEND ARG_UNPARSED_ARGUMENTS ${tail})
      break()
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    list(JOIN ARG_UNPARSED_ARGUMENTS " " bad)
    message(FATAL_ERROR "${fn}: unknown argument(s): ${bad}. Valid keywords: OUTPUT, PACKAGE, "
      "TYPES, BTF, NO_STUB.")
  endif()
  foreach(kw OUTPUT PACKAGE TYPES)
    if(NOT ARG_${kw})
      message(FATAL_ERROR "${fn}: missing ${kw}, e.g. tinybpf_kernel_types(OUTPUT bpf/kernel_types.go "
        "PACKAGE main TYPES task_struct.pid,tgid,real_parent).")
    endif()
  endforeach()
  if(NOT ARG_OUTPUT MATCHES "\\.go$")
    message(FATAL_ERROR "${fn}: OUTPUT ${ARG_OUTPUT} must be a .go file.")
  endif()

  if(TINYBPF_GEN_TYPES_EXECUTABLE)
    if(NOT EXISTS "${TINYBPF_GEN_TYPES_EXECUTABLE}")
      message(FATAL_ERROR "${fn}: TINYBPF_GEN_TYPES_EXECUTABLE=${TINYBPF_GEN_TYPES_EXECUTABLE} does not exist.")
    endif()
    set(tool "${TINYBPF_GEN_TYPES_EXECUTABLE}")
    set(tool_dep "${TINYBPF_GEN_TYPES_EXECUTABLE}")
  elseif(TARGET TinyBPF::tbpf-gen-types)
    set(tool "$<TARGET_FILE:TinyBPF::tbpf-gen-types>")
    set(tool_dep TinyBPF::tbpf-gen-types)
  else()
    message(FATAL_ERROR "${fn}: tbpf-gen-types is not available: no target TinyBPF::tbpf-gen-types "
      "(it is built with libbpf: install pkg-config and libbpf-dev). Use find_package(TinyBPF) or "
      "add_subdirectory() of the TinyBPF source tree first, or set TINYBPF_GEN_TYPES_EXECUTABLE.")
  endif()

  set(btf_args "")
  if(ARG_BTF)
    get_filename_component(btf "${ARG_BTF}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_source_file_property(generated "${btf}" GENERATED)
    if(NOT EXISTS "${btf}" AND NOT generated)
      message(FATAL_ERROR "${fn}: BTF file ${ARG_BTF} not found (looked for ${btf}).")
    endif()
    set(btf_args --btf "${ARG_BTF}")   # as given: the generated header names it
  else()
    set(btf /sys/kernel/btf/vmlinux)
    if(NOT EXISTS "${btf}")
      message(FATAL_ERROR "${fn}: no kernel BTF at /sys/kernel/btf/vmlinux. Kernels built with "
        "CONFIG_DEBUG_INFO_BTF=y publish their types there; on a kernel without it, pass a BTF file "
        "with BTF <file>: the kernel's vmlinux (an ELF file with a .BTF section) or raw BTF (for "
        "example from btfhub, or `pahole --btf_encode_detached`).")
    endif()
  endif()

  get_filename_component(out "${ARG_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(outputs "${out}")
  set(stub_args "")
  if(ARG_NO_STUB)
    set(stub_args --no-stub)
  else()
    string(REGEX REPLACE "\\.go$" "_stub.go" stub "${out}")
    list(APPEND outputs "${stub}")
  endif()
  get_filename_component(outname "${out}" NAME)
  list(JOIN ARG_TYPES " " types_text)
  add_custom_command(OUTPUT ${outputs}
    COMMAND "${tool}" ${btf_args} ${ARG_TYPES} -o "${out}" --package "${ARG_PACKAGE}" ${stub_args}
    DEPENDS "${btf}" ${tool_dep}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "TinyBPF: tbpf-gen-types ${outname} (${types_text})"
    VERBATIM)
  set_source_files_properties(${outputs} PROPERTIES GENERATED TRUE)
endfunction()

cmake_policy(POP)
