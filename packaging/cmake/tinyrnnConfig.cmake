# tinyrnn @VERSION@: find_package(tinyrnn 0.1) gives the imported target
# tinyrnn::tinyrnn (the headers and libtinyrnn.a).
#
# The archive is picked from the toolchain (tinyrnnTarget.cmake: -mcpu,
# -march, -mfloat-abi, -mabi, CMAKE_SYSTEM_PROCESSOR; the host archive for a
# native build). Set TINYRNN_TARGET to one of the names in lib/ to choose it
# yourself. TINYRNN_TARGET is set to the archive used.
cmake_policy(PUSH)
cmake_policy(VERSION 3.13)
get_filename_component(_tinyrnn_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
include("${CMAKE_CURRENT_LIST_DIR}/tinyrnnTarget.cmake")

file(GLOB _tinyrnn_choices RELATIVE "${_tinyrnn_root}/lib" "${_tinyrnn_root}/lib/*/libtinyrnn.a")
string(REPLACE "/libtinyrnn.a" "" _tinyrnn_choices "${_tinyrnn_choices}")
string(REPLACE ";" "\n    " _tinyrnn_list "${_tinyrnn_choices}")

if(NOT TINYRNN_TARGET)
  tinyrnn_infer_target(_tinyrnn_target "${_tinyrnn_root}/lib")
  if(_tinyrnn_target STREQUAL "")
    set(tinyrnn_FOUND FALSE)
    set(tinyrnn_NOT_FOUND_MESSAGE "tinyrnn: cannot tell which archive fits this toolchain (${_tinyrnn_target_WHY}). Set TINYRNN_TARGET to one of:\n    ${_tinyrnn_list}")
    cmake_policy(POP)
    return()
  endif()
  set(TINYRNN_TARGET "${_tinyrnn_target}" CACHE STRING "tinyrnn archive (folder of ${_tinyrnn_root}/lib)")
elseif(NOT EXISTS "${_tinyrnn_root}/lib/${TINYRNN_TARGET}/libtinyrnn.a")
  set(tinyrnn_FOUND FALSE)
  set(tinyrnn_NOT_FOUND_MESSAGE "tinyrnn: no archive named TINYRNN_TARGET=${TINYRNN_TARGET}. Choices:\n    ${_tinyrnn_list}")
  cmake_policy(POP)
  return()
endif()

if(NOT TARGET tinyrnn::tinyrnn)
  add_library(tinyrnn::tinyrnn STATIC IMPORTED)
  set_target_properties(tinyrnn::tinyrnn PROPERTIES
    IMPORTED_LOCATION "${_tinyrnn_root}/lib/${TINYRNN_TARGET}/libtinyrnn.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_tinyrnn_root}/include")
endif()
message(STATUS "tinyrnn @VERSION@: ${TINYRNN_TARGET}")
set(tinyrnn_FOUND TRUE)
cmake_policy(POP)
