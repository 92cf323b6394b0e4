# Included from the install script (cmake_install.cmake): writes lib/pkgconfig/brainpystate.pc for the
# prefix being installed to. Inputs: BPS_PC_TEMPLATE, BPS_PC_VERSION, BPS_PC_DESCRIPTION, BPS_PC_LIBDIR,
# BPS_PC_INCLUDEDIR (relative to the prefix, or absolute), and the install script's CMAKE_INSTALL_PREFIX.
set(BPS_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
foreach(_dir IN ITEMS LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${BPS_PC_${_dir}}")
    set(BPS_PC_FULL_${_dir} "${BPS_PC_${_dir}}")
  else()
    set(BPS_PC_FULL_${_dir} "${CMAKE_INSTALL_PREFIX}/${BPS_PC_${_dir}}")
  endif()
endforeach()
# Written below DESTDIR (staged installs), naming the final directories.
set(_bps_pc "$ENV{DESTDIR}${BPS_PC_FULL_LIBDIR}/pkgconfig/brainpystate.pc")
configure_file("${BPS_PC_TEMPLATE}" "${_bps_pc}" @ONLY)
message(STATUS "Installing: ${_bps_pc}")
list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${_bps_pc}")
