# tinyrnn @VERSION@. While the major version is 0, a minor release may break
# the API (Cargo's rule), so only the same major.minor with an equal or older
# patch is compatible (CMake's SameMinorVersion); from 1.0, SameMajorVersion.
set(PACKAGE_VERSION "@VERSION@")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
if(PACKAGE_FIND_VERSION_RANGE)
  # find_package(tinyrnn 0.1...0.2): inside the range, same rule at its ends.
  if((PACKAGE_FIND_VERSION_RANGE_MIN STREQUAL "INCLUDE" AND PACKAGE_VERSION VERSION_GREATER_EQUAL PACKAGE_FIND_VERSION_MIN)
     OR (PACKAGE_FIND_VERSION_RANGE_MIN STREQUAL "EXCLUDE" AND PACKAGE_VERSION VERSION_GREATER PACKAGE_FIND_VERSION_MIN))
    if((PACKAGE_FIND_VERSION_RANGE_MAX STREQUAL "INCLUDE" AND PACKAGE_VERSION VERSION_LESS_EQUAL PACKAGE_FIND_VERSION_MAX)
       OR (PACKAGE_FIND_VERSION_RANGE_MAX STREQUAL "EXCLUDE" AND PACKAGE_VERSION VERSION_LESS PACKAGE_FIND_VERSION_MAX))
      set(PACKAGE_VERSION_COMPATIBLE TRUE)
    endif()
  endif()
elseif("${PACKAGE_FIND_VERSION}" STREQUAL "")
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
else()
  # As CMake's SameMinorVersion (major.minor equal, requested not newer);
  # a bare "0" asks for 0.0. From 1.0 on, only the major must match.
  string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _tinyrnn_have "${PACKAGE_VERSION}")
  if(PACKAGE_VERSION VERSION_GREATER_EQUAL PACKAGE_FIND_VERSION
     AND "${PACKAGE_FIND_VERSION_MAJOR}" STREQUAL "${CMAKE_MATCH_1}"
     AND ("${CMAKE_MATCH_1}" STREQUAL "0" AND "${PACKAGE_FIND_VERSION_MINOR}" STREQUAL "${CMAKE_MATCH_2}"
          OR NOT "${CMAKE_MATCH_1}" STREQUAL "0"))
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
# The archives are for 32-bit MCUs and the host; no pointer-size check: a
# 32-bit MCU toolchain may have CMAKE_SIZEOF_VOID_P unset or 4, the host 8.
