# tinyrnn @VERSION@: find_package(tinyrnn) gives the imported target tinyrnn::tinyrnn.
# Set TINYRNN_TARGET to the Rust target of your MCU (thumbv6m-none-eabi,
# thumbv7em-none-eabi, thumbv7em-none-eabihf, riscv32imc-unknown-none-elf).
if(NOT TINYRNN_TARGET)
  message(FATAL_ERROR "tinyrnn: set TINYRNN_TARGET to one of the targets in ${CMAKE_CURRENT_LIST_DIR}/../lib")
endif()
get_filename_component(_tinyrnn_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT EXISTS "${_tinyrnn_root}/lib/${TINYRNN_TARGET}/libtinyrnn.a")
  message(FATAL_ERROR "tinyrnn: no library for TINYRNN_TARGET=${TINYRNN_TARGET}")
endif()
if(NOT TARGET tinyrnn::tinyrnn)
  add_library(tinyrnn::tinyrnn STATIC IMPORTED)
  set_target_properties(tinyrnn::tinyrnn PROPERTIES
    IMPORTED_LOCATION "${_tinyrnn_root}/lib/${TINYRNN_TARGET}/libtinyrnn.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_tinyrnn_root}/include")
endif()
set(tinyrnn_FOUND TRUE)
