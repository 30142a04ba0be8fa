# Turns the file IN into a C++ source defining
# `std::string_view retort::detail::<NAME>()` that returns its text.
file(READ "${IN}" content)
string(FIND "${content}" ")retort_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )retort_embed\"")
endif()
file(WRITE "${OUT}.tmp" "// generated from ${IN} by cmake/EmbedFile.cmake; do not edit\n#include <string_view>\nnamespace retort::detail {\nstd::string_view ${NAME}() {\n  return std::string_view{R\"retort_embed(${content})retort_embed\"};\n}\n}  // namespace retort::detail\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
