# CTest splits test names at ';' (its list separator), so a doctest case whose name holds one
# would be registered under a truncated name that matches nothing, and "pass" without running.
file(GLOB_RECURSE sources "${SOURCE_DIR}/tests/*.cpp")
set(bad "")
foreach(source IN LISTS sources)
  file(STRINGS "${source}" lines REGEX "(TEST_CASE|FAULT_CELL[A-Z_]*)\\(\"[^\"]*;")
  foreach(line IN LISTS lines)
    string(APPEND bad "\n  ${source}: ${line}")
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "test names must not contain ';':${bad}")
endif()
