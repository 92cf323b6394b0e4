# ctest fixture: install the build tree into a fresh PREFIX (the tests run against that tree).
# Inputs: BUILD_DIR, PREFIX.
if(NOT BUILD_DIR OR NOT PREFIX)
  message(FATAL_ERROR "StageInstall.cmake needs BUILD_DIR and PREFIX")
endif()
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${_rc})")
endif()
message(STATUS "Installed into ${PREFIX}")
