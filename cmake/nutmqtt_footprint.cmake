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
# Other build types (the tests, the sanitizers) link the shared libraries: header-only spdlog
# doubles the compile time of every file that logs.

set(nutmqtt_small_build OFF)
if(CMAKE_BUILD_TYPE STREQUAL "Release")
  set(nutmqtt_small_build ON)
endif()

find_library(NUTMQTT_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a)
if(nutmqtt_small_build AND NUTMQTT_YAML_CPP_ARCHIVE)
  add_library(nutmqtt_yaml_cpp STATIC IMPORTED)
  set_target_properties(nutmqtt_yaml_cpp PROPERTIES
    IMPORTED_LOCATION ${NUTMQTT_YAML_CPP_ARCHIVE}
    INTERFACE_INCLUDE_DIRECTORIES "$<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>")
else()
  add_library(nutmqtt_yaml_cpp INTERFACE IMPORTED)
  set_target_properties(nutmqtt_yaml_cpp PROPERTIES INTERFACE_LINK_LIBRARIES yaml-cpp)
endif()
add_library(nutmqtt::yaml_cpp ALIAS nutmqtt_yaml_cpp)

add_library(nutmqtt_logging_libs INTERFACE)
add_library(nutmqtt::logging_libs ALIAS nutmqtt_logging_libs)
if(nutmqtt_small_build)
  target_link_libraries(nutmqtt_logging_libs INTERFACE spdlog::spdlog_header_only
                                                        fmt::fmt-header-only)
  add_link_options(LINKER:--as-needed)
  # CMake's default level only: a level chosen on the command line stays.
  if(CMAKE_CXX_FLAGS_RELEASE STREQUAL "-O3 -DNDEBUG")
    set(CMAKE_CXX_FLAGS_RELEASE "-Os -DNDEBUG")
  endif()
  add_compile_options(-ffunction-sections -fdata-sections)
  add_link_options(LINKER:--gc-sections)
  include(CheckIPOSupported)
  check_ipo_supported(RESULT ipo_supported LANGUAGES CXX)
  if(ipo_supported)
    set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
  endif()
else()
  target_link_libraries(nutmqtt_logging_libs INTERFACE spdlog::spdlog)
endif()
