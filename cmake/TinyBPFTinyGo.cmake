# The TinyGo step of add_tinybpf_program(), run by Ninja as
#   cmake -DTINYGO=... -DPACKAGE_DIR=... -DOUTPUT=x.ll -DDEPFILE=x.ll.d -P TinyBPFTinyGo.cmake
#
# 1. tinygo build -gc=none -scheduler=none -panic=trap -opt=1 -o <tmp>.ll .   (in PACKAGE_DIR)
# 2. DEPFILE: every source file of every non-standard package the build used, each such
#    package's directory (so adding or removing a file rebuilds) and its go.mod/go.sum,
#    from `tinygo list -deps -json .`; if that cannot be read, the package's own *.go, go.mod
#    and go.sum. Standard-library packages live in TinyGo's GOROOT cache: they change only
#    with TinyGo itself, which the build edge depends on directly.
# 3. the .ll is renamed into place last, so OUTPUT only appears together with its DEPFILE.
cmake_minimum_required(VERSION 3.20)

foreach(var TINYGO PACKAGE_DIR OUTPUT DEPFILE)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "TinyBPFTinyGo.cmake: -D${var}=... is required")
  endif()
endforeach()

get_filename_component(out_dir "${OUTPUT}" DIRECTORY)
get_filename_component(out_name "${OUTPUT}" NAME)
file(MAKE_DIRECTORY "${out_dir}")
string(RANDOM LENGTH 8 ALPHABET 0123456789abcdef tag)
set(tmp "${out_dir}/.tmp${tag}.${out_name}")

execute_process(
  COMMAND "${TINYGO}" build -gc=none -scheduler=none -panic=trap -opt=1 -o "${tmp}" .
  WORKING_DIRECTORY "${PACKAGE_DIR}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT EXISTS "${tmp}")
  file(REMOVE "${tmp}")
  message(FATAL_ERROR "tinygo build failed in ${PACKAGE_DIR} (${rc})")
endif()

# --- dependencies -----------------------------------------------------------------
set(deps "")
execute_process(
  COMMAND "${TINYGO}" list -deps -json .
  WORKING_DIRECTORY "${PACKAGE_DIR}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE list_err)
set(parsed FALSE)
if(rc EQUAL 0)
  # `list -json` prints one JSON object per package, back to back. Strings cannot hold a
  # raw newline, and nested objects close indented, so "}" NEWLINE "{" only occurs between
  # two top-level objects (in the tab-indented form and in one-object-per-line form alike).
  string(STRIP "${json}" json)
  string(REGEX REPLACE "}[\r\n]+{" "},{" json "${json}")
  set(json "[${json}]")
  string(JSON n ERROR_VARIABLE jerr LENGTH "${json}")
  if(NOT jerr AND n GREATER 0)
    set(parsed TRUE)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON std ERROR_VARIABLE e GET "${json}" ${i} Standard)
      if(NOT e AND std)
        continue()
      endif()
      string(JSON dir ERROR_VARIABLE e GET "${json}" ${i} Dir)
      if(e)
        continue()
      endif()
      list(APPEND deps "${dir}")
      foreach(key GoFiles CgoFiles CFiles CXXFiles HFiles SFiles EmbedFiles)
        string(JSON type ERROR_VARIABLE e TYPE "${json}" ${i} ${key})
        if(e OR NOT type STREQUAL "ARRAY")
          continue()
        endif()
        string(JSON m LENGTH "${json}" ${i} ${key})
        if(m GREATER 0)
          math(EXPR mlast "${m} - 1")
          foreach(j RANGE ${mlast})
            string(JSON f GET "${json}" ${i} ${key} ${j})
            list(APPEND deps "${dir}/${f}")
          endforeach()
        endif()
      endforeach()
      string(JSON gomod ERROR_VARIABLE e GET "${json}" ${i} Module GoMod)
      if(e OR gomod STREQUAL "")
        set(gomod "${dir}/go.mod")
      endif()
      foreach(f "${gomod}")
        get_filename_component(moddir "${f}" DIRECTORY)
        foreach(g "${moddir}/go.mod" "${moddir}/go.sum")
          if(EXISTS "${g}")
            list(APPEND deps "${g}")
          endif()
        endforeach()
      endforeach()
    endforeach()
  endif()
endif()
if(NOT parsed)
  message(STATUS "tinybpf: could not read `tinygo list -deps -json` in ${PACKAGE_DIR}; "
                 "tracking the package directory's own files only")
  file(GLOB gofiles LIST_DIRECTORIES false "${PACKAGE_DIR}/*.go")
  list(APPEND deps "${PACKAGE_DIR}" ${gofiles})
  foreach(g "${PACKAGE_DIR}/go.mod" "${PACKAGE_DIR}/go.sum")
    if(EXISTS "${g}")
      list(APPEND deps "${g}")
    endif()
  endforeach()
endif()
list(REMOVE_DUPLICATES deps)

# Make-style depfile; escape what Ninja's depfile parser treats specially.
function(_tinybpf_depfile_escape var path)
  string(REPLACE "\\" "\\\\" path "${path}")
  string(REPLACE " " "\\ " path "${path}")
  string(REPLACE "#" "\\#" path "${path}")
  string(REPLACE "$" "$$" path "${path}")
  set(${var} "${path}" PARENT_SCOPE)
endfunction()
_tinybpf_depfile_escape(text "${OUTPUT}")
string(APPEND text ":")
foreach(d IN LISTS deps)
  _tinybpf_depfile_escape(e "${d}")
  string(APPEND text " \\\n  ${e}")
endforeach()
string(APPEND text "\n")
file(WRITE "${DEPFILE}.tmp${tag}" "${text}")
file(RENAME "${DEPFILE}.tmp${tag}" "${DEPFILE}")
file(RENAME "${tmp}" "${OUTPUT}")
