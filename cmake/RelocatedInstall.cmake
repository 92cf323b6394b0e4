# ctest: copy the staged install to another directory (the original stays where it is), configure the
# find_package consumer against the copy, build test_abi and run it. Proves that the CMake package is
# relocatable and that the program picks the library of the copy.
# Inputs: STAGE, WORK, SOURCE (the consumer project), GENERATOR, MAKE_PROGRAM, C_COMPILER.
foreach(_var IN ITEMS STAGE WORK SOURCE GENERATOR C_COMPILER)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "RelocatedInstall.cmake: ${_var} is not set")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    string(REPLACE ";" " " _cmd "${ARGN}")
    message(FATAL_ERROR "failed (${_rc}): ${_cmd}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
# cmake -E copy_directory keeps the SONAME symlinks as links.
run("${CMAKE_COMMAND}" -E copy_directory "${STAGE}" "${WORK}/moved-prefix")
set(_opts -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${WORK}/moved-prefix" "-DCMAKE_C_COMPILER=${C_COMPILER}")
if(MAKE_PROGRAM)
  list(APPEND _opts "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
run("${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}/build" ${_opts})
run("${CMAKE_COMMAND}" --build "${WORK}/build" --target test_abi)

# The cache must point at the copy, not at the original stage.
file(STRINGS "${WORK}/build/CMakeCache.txt" _dir REGEX "^brainpystate_DIR:")
if(NOT _dir MATCHES "moved-prefix")
  message(FATAL_ERROR "find_package found ${_dir}, not the moved copy")
endif()
run("${WORK}/build/test_abi")
message(STATUS "relocated install works: ${_dir}")
