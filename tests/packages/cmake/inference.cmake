cmake_minimum_required(VERSION 3.13)
# cmake -DROOT=<repo> -DLIBDIR=<dist/lib> -P inference.cmake
# Table test of tinyrnn_infer_target: each row is the toolchain a user's
# CMake project might have and the archive it must get ("" = none, with a
# reason).
include("${ROOT}/packaging/cmake/tinyrnnTarget.cmake")

set(failures 0)
# expected | CMAKE_SYSTEM_PROCESSOR | CMAKE_C_FLAGS | crosscompiling
set(rows
  "thumbv6m-none-eabi|arm|-mcpu=cortex-m0plus -mthumb|1"
  "thumbv6m-none-eabi|arm|-mcpu=cortex-m0 -mthumb|1"
  "thumbv6m-none-eabi|cortex-m0plus||1"
  "thumbv6m-none-eabi|arm|-march=armv6s-m -mthumb|1"
  "thumbv7m-none-eabi|arm|-mcpu=cortex-m3 -mthumb|1"
  "thumbv7m-none-eabi|cortex-m3||1"
  "thumbv7em-none-eabi|arm|-mcpu=cortex-m4 -mthumb|1"
  "thumbv7em-none-eabi|cortex-m4||1"
  "thumbv7em-none-eabi|arm|-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=softfp|1"
  "thumbv7em-none-eabihf|arm|-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard|1"
  "thumbv7em-none-eabihf|ARM|-mcpu=Cortex-M7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard|1"
  "thumbv7em-none-eabihf|armv7e-m|-march=armv7e-m+fp -mfloat-abi=hard|1"
  "thumbv8m.base-none-eabi|arm|-mcpu=cortex-m23 -mthumb|1"
  "thumbv8m.main-none-eabi+dsp|arm|-mcpu=cortex-m33 -mthumb|1"
  "thumbv8m.main-none-eabi|arm|-mcpu=cortex-m33+nodsp -mthumb|1"
  "thumbv8m.main-none-eabihf+dsp|arm|-mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard|1"
  "thumbv8m.main-none-eabihf|arm|-mcpu=cortex-m33+nodsp -mthumb -mfloat-abi=hard|1"
  "thumbv8m.main-none-eabi+dsp|arm|-mcpu=cortex-m35p -mthumb -mfloat-abi=softfp|1"
  "thumbv8m.main-none-eabihf+dsp|arm|-mcpu=cortex-m55 -mthumb -mfloat-abi=hard|1"
  "thumbv8m.main-none-eabi|arm|-march=armv8-m.main -mthumb|1"
  "thumbv8m.main-none-eabihf+dsp|arm|-march=armv8-m.main+dsp+fp -mfloat-abi=hard|1"
  "riscv32imc-unknown-none-elf|riscv32|-march=rv32imc -mabi=ilp32|1"
  "riscv32imc-unknown-none-elf|riscv|-march=rv32imc_zicsr_zifencei -mabi=ilp32|1"
  "riscv32imac-unknown-none-elf|riscv32|-march=rv32imac -mabi=ilp32|1"
  "riscv32imac-unknown-none-elf|riscv32|-march=rv32gc -mabi=ilp32|1"
  "|riscv32|-march=rv32imafc -mabi=ilp32f|1"
  "|riscv32|-march=rv32im -mabi=ilp32|1"
  "|riscv32||1"
  "|arm||1"
  "|arm|-mcpu=cortex-a53|1"
  "|xtensa||1"
)
foreach(row IN LISTS rows)
  string(REPLACE "|" ";" f "${row}")
  list(GET f 0 want)
  list(GET f 1 CMAKE_SYSTEM_PROCESSOR)
  list(GET f 2 CMAKE_C_FLAGS)
  list(GET f 3 CMAKE_CROSSCOMPILING)
  tinyrnn_infer_target(got "${LIBDIR}")
  if(NOT got STREQUAL want)
    message(SEND_ERROR "'${CMAKE_SYSTEM_PROCESSOR}' '${CMAKE_C_FLAGS}': got '${got}' (${got_WHY}), want '${want}'")
    math(EXPR failures "${failures} + 1")
  elseif(want STREQUAL "" AND got_WHY STREQUAL "")
    message(SEND_ERROR "'${CMAKE_SYSTEM_PROCESSOR}' '${CMAKE_C_FLAGS}': no archive and no reason")
    math(EXPR failures "${failures} + 1")
  else()
    message(STATUS "'${CMAKE_SYSTEM_PROCESSOR}' '${CMAKE_C_FLAGS}' -> '${got}' ${got_WHY}")
  endif()
endforeach()
# A native build gets the host archive.
set(CMAKE_CROSSCOMPILING FALSE)
set(CMAKE_C_FLAGS "")
execute_process(COMMAND uname -m OUTPUT_VARIABLE CMAKE_HOST_SYSTEM_PROCESSOR OUTPUT_STRIP_TRAILING_WHITESPACE)
set(CMAKE_SYSTEM_PROCESSOR "${CMAKE_HOST_SYSTEM_PROCESSOR}")
tinyrnn_infer_target(got "${LIBDIR}")
if(NOT got MATCHES "^${CMAKE_HOST_SYSTEM_PROCESSOR}-")
  message(SEND_ERROR "native build: got '${got}' (${got_WHY})")
  math(EXPR failures "${failures} + 1")
else()
  message(STATUS "native ${CMAKE_HOST_SYSTEM_PROCESSOR} -> '${got}'")
endif()
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} inference rows failed")
endif()
