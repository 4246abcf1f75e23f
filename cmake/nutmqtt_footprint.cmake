# How the installed programs stay small. The shutdown agent runs on every protected host, often
# a Raspberry Pi, and both daemons spend nearly all their time waiting on sockets, so in Release
# builds (what `cmake --install` and the benchmarks use) size wins over raw speed;
# bench/README.md has the figures behind each choice:
#
# - Each shared library costs its symbol tables and relocations in every process that loads it
#   (libspdlog 520 KB, libyaml-cpp 320 KB, libfmt 100 KB resident in the agent). yaml-cpp is
#   linked from its static archive and spdlog + fmt are used header-only, so only the code the
#   programs call is loaded; --as-needed then drops the libfmt that spdlog's target still names.
# - The code is optimized for size, with link-time optimization and unused sections dropped.
#
# Other configurations (the tests, the sanitizers) link the shared libraries: header-only
# spdlog doubles the compile time of every file that logs.
#
# Everything here is per target and per configuration (generator expressions), applied by
# nutmqtt_target_defaults(): nothing is set for the whole directory, and a multi-config
# generator gets the right flags in each configuration.

set(nutmqtt_release "$<CONFIG:Release>")

option(NUTMQTT_STATIC_YAML_CPP "Link yaml-cpp from its static archive in Release builds" ON)
if(NUTMQTT_STATIC_YAML_CPP)
  find_library(NUTMQTT_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a)
  if(NOT NUTMQTT_YAML_CPP_ARCHIVE)
    message(FATAL_ERROR
      "NUTMQTT_STATIC_YAML_CPP is ON but libyaml-cpp.a was not found: install the static "
      "library (Debian: libyaml-cpp-dev), point NUTMQTT_YAML_CPP_ARCHIVE at it, or configure "
      "with -DNUTMQTT_STATIC_YAML_CPP=OFF to link the shared one")
  endif()
  add_library(nutmqtt_yaml_cpp_archive STATIC IMPORTED)
  set_target_properties(nutmqtt_yaml_cpp_archive PROPERTIES
    IMPORTED_LOCATION ${NUTMQTT_YAML_CPP_ARCHIVE}
    INTERFACE_INCLUDE_DIRECTORIES "$<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>")
  add_library(nutmqtt_yaml_cpp INTERFACE)
  target_link_libraries(nutmqtt_yaml_cpp INTERFACE
    "$<${nutmqtt_release}:nutmqtt_yaml_cpp_archive>" "$<$<NOT:${nutmqtt_release}>:yaml-cpp>")
else()
  add_library(nutmqtt_yaml_cpp INTERFACE)
  target_link_libraries(nutmqtt_yaml_cpp INTERFACE yaml-cpp)
endif()
add_library(nutmqtt::yaml_cpp ALIAS nutmqtt_yaml_cpp)

add_library(nutmqtt_logging_libs INTERFACE)
add_library(nutmqtt::logging_libs ALIAS nutmqtt_logging_libs)
target_link_libraries(nutmqtt_logging_libs INTERFACE
  "$<${nutmqtt_release}:spdlog::spdlog_header_only;fmt::fmt-header-only>"
  "$<$<NOT:${nutmqtt_release}>:spdlog::spdlog>")

# CMake's default Release level (-O3) becomes -Os; a level chosen on the command line stays.
set(nutmqtt_size_level "")
if(CMAKE_CXX_FLAGS_RELEASE STREQUAL "-O3 -DNDEBUG")
  set(nutmqtt_size_level "-Os")
endif()
include(CheckIPOSupported)
check_ipo_supported(RESULT nutmqtt_ipo_supported LANGUAGES CXX)

# The Release footprint of one target (called by nutmqtt_target_defaults).
function(nutmqtt_target_footprint target)
  target_compile_options(${target} PRIVATE
    "$<${nutmqtt_release}:${nutmqtt_size_level};-ffunction-sections;-fdata-sections>")
  # The level again at link time: with LTO, code is generated there.
  target_link_options(${target} PRIVATE
    "$<${nutmqtt_release}:${nutmqtt_size_level};LINKER:--gc-sections;LINKER:--as-needed>")
  if(nutmqtt_ipo_supported)
    set_property(TARGET ${target} PROPERTY INTERPROCEDURAL_OPTIMIZATION_RELEASE ON)
  endif()
endfunction()
