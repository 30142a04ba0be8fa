# retort_add_migrations(<target> <dir> [NO_SQL])
#
# Builds the migrations in <dir> (usually `versions`, relative to the
# current source folder) into <target>, an application that links
# retort::retort, so that
#
#   retort::upgrade(retort::find_config(std::nullopt), "heads");
#
# at start-up runs them with no compiler, and no migration files, on the
# production machine:
#
#   find_package(retort REQUIRED)         # or add_subdirectory(retort)
#   add_executable(my_app main.cpp)
#   target_link_libraries(my_app PRIVATE retort::retort)
#   retort_add_migrations(my_app versions)
#
# Each `<dir>/*.cpp` code migration is compiled as its own translation unit
# (a generated wrapper that #includes it, so compiler messages name the real
# file) with RETORT_MIGRATION_BUILTIN defined, and registers itself with
# retort before main() together with its exact text. Each `<dir>/*.sql`
# migration is built in as text (NO_SQL leaves them to be read from disk).
# The folder is globbed with CONFIGURE_DEPENDS: adding or removing a file
# re-runs CMake, and editing one regenerates its wrapper.
#
# At run time (see retort::Project): a revision that is both on disk and
# built in uses the built-in copy and the file must be byte-identical to it
# (otherwise start-up fails naming the file, "differs from the built-in
# copy"); a built-in revision not on disk is taken from the built-in text.
#
# <target> must be an executable, a shared or module library, or an OBJECT
# library, created in the same folder as this call: the registrations are
# static initialisers in the target's own objects, which a static library
# would let the linker drop. The function links <target> to retort::retort
# (PRIVATE; use the keyword form of target_link_libraries for <target>).

include_guard(GLOBAL)

set(_RETORT_EMBED_MIGRATION_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/RetortEmbedMigration.cmake"
    CACHE INTERNAL "the cmake -P script retort_add_migrations runs")

function(retort_add_migrations target dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "NO_SQL" "" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "retort_add_migrations: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "retort_add_migrations: ${target} is not a target")
  endif()
  if(NOT TARGET retort::retort)
    message(FATAL_ERROR "retort_add_migrations: retort::retort is not defined; "
                        "call find_package(retort) first")
  endif()
  get_target_property(type ${target} TYPE)
  if(NOT type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
    message(FATAL_ERROR
      "retort_add_migrations: ${target} is a ${type}; built-in migrations register "
      "themselves from static initialisers, which the linker drops from a static "
      "library. Use an executable, a shared library or an OBJECT library.")
  endif()
  get_target_property(target_dir ${target} SOURCE_DIR)
  if(NOT target_dir STREQUAL CMAKE_CURRENT_SOURCE_DIR)
    message(FATAL_ERROR "retort_add_migrations: call it in ${target_dir}, where ${target} "
                        "is created (generated sources belong to the folder that makes them)")
  endif()

  get_filename_component(abs_dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${abs_dir}")
    message(FATAL_ERROR "retort_add_migrations: ${abs_dir} is not a folder")
  endif()
  set(globs "${abs_dir}/*.cpp")
  if(NOT arg_NO_SQL)
    list(APPEND globs "${abs_dir}/*.sql")
  endif()
  file(GLOB files LIST_DIRECTORIES false CONFIGURE_DEPENDS ${globs})
  list(SORT files)

  # One folder of wrappers per (target, migration folder).
  string(MD5 dir_hash "${abs_dir}")
  string(SUBSTRING "${dir_hash}" 0 8 dir_hash)
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/retort_migrations/${target}-${dir_hash}")
  file(MAKE_DIRECTORY "${out_dir}")

  set(wrappers "")
  foreach(file IN LISTS files)
    get_filename_component(name "${file}" NAME)
    set(wrapper "${out_dir}/${name}.builtin.cpp")
    add_custom_command(
      OUTPUT "${wrapper}"
      COMMAND "${CMAKE_COMMAND}" "-DSOURCE=${file}" "-DOUTPUT=${wrapper}" "-DNAME=${name}"
              -P "${_RETORT_EMBED_MIGRATION_SCRIPT}"
      DEPENDS "${file}" "${_RETORT_EMBED_MIGRATION_SCRIPT}"
      COMMENT "retort: building in migration ${name}"
      VERBATIM)
    list(APPEND wrappers "${wrapper}")
  endforeach()
  if(wrappers)
    target_sources(${target} PRIVATE ${wrappers})
    source_group("retort migrations" FILES ${wrappers})
  endif()
  # The migration files themselves, for IDEs; compiled only through the
  # wrappers.
  if(files)
    target_sources(${target} PRIVATE ${files})
    set_source_files_properties(${files} PROPERTIES HEADER_FILE_ONLY TRUE)
  endif()
  target_link_libraries(${target} PRIVATE retort::retort)
  set_property(TARGET ${target} APPEND PROPERTY RETORT_MIGRATION_FILES ${files})
endfunction()
