# Shared by the tests/cmake drivers (cmake -P scripts). Each driver gets, with -D:
#   WORK         scratch directory of this test (emptied first)
#   CONSUMER     the consumer project under tests/cmake/consumers/
#   GENERATOR, MAKE_PROGRAM, C_COMPILER   the parent build's, so consumers build the same way
#   PREFIX       where the cmake.install fixture installed TinyBPF
#   REPO         TinyBPF's source tree (for the add_subdirectory route)
#   FIXTURES     tests/fixtures (TinyGo IR corpus)
#   FAKE_TOOLS   tests/cmake/fake-tools
#   CORE         optional: TINYBPF_CORE_EXECUTABLE to hand down (a stand-in tbpf-core)
#   ARGS         optional: extra configure arguments, separated by |
#   COPY         optional: fixture names (|-separated) copied to <source>/progs/<name>,
#                in which case the consumer is copied to WORK/src and configured from there
cmake_minimum_required(VERSION 3.20)

foreach(var WORK GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "test driver: -D${var}=... missing")
  endif()
endforeach()

function(tbpf_fail)
  string(JOIN "" msg ${ARGN})
  message(FATAL_ERROR "TEST FAILED: ${msg}")
endfunction()

# Copies the consumer (and the fixtures it builds) to WORK/src when COPY is given, so that
# the test may touch and add files without changing the repository. Sets TBPF_SOURCE.
function(tbpf_prepare_source)
  if(NOT COPY)
    set(TBPF_SOURCE "${CONSUMER}" PARENT_SCOPE)
    return()
  endif()
  set(src "${WORK}/src")
  file(COPY "${CONSUMER}/" DESTINATION "${src}")
  string(REPLACE "|" ";" names "${COPY}")
  foreach(n IN LISTS names)
    file(GLOB files "${FIXTURES}/${n}/*")
    file(COPY ${files} DESTINATION "${src}/progs/${n}"
      FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endforeach()
  set(TBPF_SOURCE "${src}" PARENT_SCOPE)
endfunction()

# tbpf_run(<out-var> <rc-var> COMMAND...): runs, echoes the command, captures stdout+stderr.
function(tbpf_run out_var rc_var)
  list(JOIN ARGN " " shown)
  message(STATUS "$ ${shown}")
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${rc_var} "${rc}" PARENT_SCOPE)
endfunction()

# Configure arguments every consumer gets.
function(tbpf_configure_args out_var)
  set(args -G "${GENERATOR}")
  if(MAKE_PROGRAM)
    list(APPEND args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
  endif()
  if(C_COMPILER)
    list(APPEND args "-DCMAKE_C_COMPILER=${C_COMPILER}")
  endif()
  if(PREFIX)
    list(APPEND args "-DCMAKE_PREFIX_PATH=${PREFIX}")
  endif()
  list(APPEND args "-DTINYBPF_FIXTURES=${FIXTURES}" "-DTINYBPF_SOURCE_DIR=${REPO}"
    "-DTINYBPF_FAKE_TOOLS=${FAKE_TOOLS}")
  if(CORE)
    list(APPEND args "-DTINYBPF_CORE_EXECUTABLE=${CORE}")
  endif()
  if(ARGS)
    string(REPLACE "|" ";" extra "${ARGS}")
    list(APPEND args ${extra})
  endif()
  set(${out_var} "${args}" PARENT_SCOPE)
endfunction()

# Configures SOURCE into BUILD; fails the test unless that works.
function(tbpf_configure source build)
  tbpf_configure_args(args)
  tbpf_run(out rc "${CMAKE_COMMAND}" -S "${source}" -B "${build}" ${args} ${ARGN})
  if(NOT rc EQUAL 0)
    tbpf_fail("configuring ${source} failed (${rc}):\n${out}")
  endif()
  message("${out}")
endfunction()

# Builds BUILD with the generator's tool, verbosely; fails the test on error.
# <out-var> receives the build output.
function(tbpf_build out_var build)
  if(GENERATOR MATCHES "Ninja")
    tbpf_run(out rc "${MAKE_PROGRAM}" -C "${build}" -v ${ARGN})
  else()
    tbpf_run(out rc "${CMAKE_COMMAND}" --build "${build}" -- VERBOSE=1 ${ARGN})
  endif()
  if(NOT rc EQUAL 0)
    tbpf_fail("building ${build} failed (${rc}):\n${out}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# The outputs a consumer lists in <build>/tinybpf-outputs.txt (written with file(GENERATE)
# from the TINYBPF_OBJECT/TINYBPF_SKELETON target properties), one "name|object|skeleton"
# per line. Sets <prefix>_NAMES and <prefix>_<name>_OBJECT/_SKELETON.
function(tbpf_read_outputs prefix build)
  file(STRINGS "${build}/tinybpf-outputs.txt" lines)
  set(names "")
  foreach(l IN LISTS lines)
    string(REPLACE "|" ";" f "${l}")
    list(GET f 0 n)
    list(GET f 1 o)
    list(GET f 2 s)
    list(APPEND names ${n})
    set(${prefix}_${n}_OBJECT "${o}" PARENT_SCOPE)
    set(${prefix}_${n}_SKELETON "${s}" PARENT_SCOPE)
  endforeach()
  set(${prefix}_NAMES "${names}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
