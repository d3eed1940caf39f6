# cmake -DIN=<template> -DOUT=<header> -DNAME=<name shown in messages> -P embed_template.cmake
# Writes a C header with the template's bytes (tbpf-gen-go's built-in default template).
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUT}.tmp"
  "/* ${NAME}, embedded by tool/gogen/embed_template.cmake; do not edit. */\n"
  "#define GOGEN_DEFAULT_TEMPLATE_NAME \"${NAME}\"\n"
  "static const char gogen_default_template[] = {\n  ${bytes}0x00};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
