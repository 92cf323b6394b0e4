# cmake -P script run by the brainpystate_library target: build the shipping .so with
# tools/build-release.sh and copy it to DEST when it changed (so dependents relink only then).
# Inputs: BASH, SCRIPT, SWIFT, CPU, SCRATCH, DEST.
foreach(_var IN ITEMS BASH SCRIPT SWIFT CPU SCRATCH DEST)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "BuildSwiftLibrary.cmake: ${_var} is not set")
  endif()
endforeach()
# stderr (the build log) passes through; stdout is the path of the built library.
execute_process(
  COMMAND "${BASH}" "${SCRIPT}" --cpu "${CPU}" --scratch "${SCRATCH}" --swift "${SWIFT}"
  OUTPUT_VARIABLE _lib
  OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "tools/build-release.sh failed (${_rc})")
endif()
if(NOT EXISTS "${_lib}")
  message(FATAL_ERROR "tools/build-release.sh printed '${_lib}', which does not exist")
endif()
file(COPY_FILE "${_lib}" "${DEST}" ONLY_IF_DIFFERENT)
