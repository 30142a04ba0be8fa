# Warnings are applied per target and PRIVATE, so they never leak into
# consumers; -Werror comes from CMAKE_COMPILE_WARNING_AS_ERROR (CI sets it).
function(retort_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                           -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
                           -Woverloaded-virtual)
  endif()
endfunction()
