# cmake -DMODULE=<module root> -DWORK=<scratch dir> -P check_cmake.cmake
# Configures stub-project once per board configuration and checks which
# archive the module's CMake imports (and that the headers are added).
cmake_minimum_required(VERSION 3.20)
# CONFIG symbols (comma-separated) | archive folder expected
set(cases
  "CPU_CORTEX_M0PLUS|thumbv6m-none-eabi"
  "CPU_CORTEX_M0|thumbv6m-none-eabi"
  "CPU_CORTEX_M1|thumbv6m-none-eabi"
  "CPU_CORTEX_M3|thumbv7m-none-eabi"
  "CPU_CORTEX_M4|thumbv7em-none-eabi"
  "CPU_CORTEX_M4,FPU,FP_SOFTABI|thumbv7em-none-eabi"
  "CPU_CORTEX_M4,FPU,FP_HARDABI|thumbv7em-none-eabihf"
  "CPU_CORTEX_M7,FPU,FP_HARDABI|thumbv7em-none-eabihf"
  "CPU_CORTEX_M23|thumbv8m.base-none-eabi"
  "CPU_CORTEX_M33|thumbv8m.main-none-eabi"
  "CPU_CORTEX_M33,ARMV8_M_DSP|thumbv8m.main-none-eabi+dsp"
  "CPU_CORTEX_M33,FPU,FP_HARDABI|thumbv8m.main-none-eabihf"
  "CPU_CORTEX_M33,ARMV8_M_DSP,FPU,FP_HARDABI|thumbv8m.main-none-eabihf+dsp"
  "CPU_CORTEX_M33,ARMV8_M_DSP,FPU,FP_SOFTABI|thumbv8m.main-none-eabi+dsp"
  "CPU_CORTEX_M55,ARMV8_M_DSP,FPU,FP_HARDABI|thumbv8m.main-none-eabihf+dsp"
  "RISCV,RISCV_ISA_RV32I,RISCV_ISA_EXT_M,RISCV_ISA_EXT_C|riscv32imc-unknown-none-elf"
  "RISCV,RISCV_ISA_RV32I,RISCV_ISA_EXT_M,RISCV_ISA_EXT_A,RISCV_ISA_EXT_C|riscv32imac-unknown-none-elf"
)
set(failures 0)
set(i 0)
foreach(case IN LISTS cases)
  string(REPLACE "|" ";" f "${case}")
  list(GET f 0 configs)
  list(GET f 1 want)
  string(REPLACE "," ";" configs "${configs}")
  math(EXPR i "${i} + 1")
  set(bin "${WORK}/case${i}")
  file(REMOVE_RECURSE "${bin}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S "${CMAKE_CURRENT_LIST_DIR}/stub-project" -B "${bin}"
            "-DMODULE=${MODULE}" "-DCONFIGS=${configs}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${case}: configure failed:\n${out}\n${err}")
    math(EXPR failures "${failures} + 1")
    continue()
  endif()
  file(STRINGS "${bin}/result.txt" result)
  list(GET result 0 lib)
  list(GET result 1 inc)
  get_filename_component(folder "${lib}" DIRECTORY)
  get_filename_component(folder "${folder}" NAME)
  if(NOT folder STREQUAL want OR NOT EXISTS "${lib}" OR NOT EXISTS "${inc}/tinyrnn.h")
    message(SEND_ERROR "${case}: imported '${lib}' (include '${inc}'), want ${want}")
    math(EXPR failures "${failures} + 1")
  else()
    message(STATUS "${case} -> ${folder}")
  endif()
endforeach()
# An unsupported CPU with CONFIG_TINYRNN forced on stops with a message.
execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${CMAKE_CURRENT_LIST_DIR}/stub-project" -B "${WORK}/unsupported"
          "-DMODULE=${MODULE}" "-DCONFIGS=CPU_CORTEX_A53"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "no archive for this CPU")
  message(SEND_ERROR "Cortex-A53: expected a clear error, got rc ${rc}: ${err}")
  math(EXPR failures "${failures} + 1")
endif()
if(failures GREATER 0)
  message(FATAL_ERROR "${MODULE}: ${failures} module CMake cases failed")
endif()
message(STATUS "${MODULE}: all module CMake cases passed")
