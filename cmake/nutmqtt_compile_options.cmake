# Flags every nutmqtt target shares: warnings (fatal with NUTMQTT_WERROR), the Release
# footprint (cmake/nutmqtt_footprint.cmake) and sanitizers.
# Applied per target so that third-party headers keep their own settings.

function(nutmqtt_target_defaults target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    -Wimplicit-fallthrough -Wformat=2)
  # GCC 12 at -O3 flags std::string concatenations it cannot see through as
  # overlapping copies (GCC bug 105329, fixed in GCC 13): false alarms that fail the build.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(NUTMQTT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  nutmqtt_target_footprint(${target})
endfunction()

if(NUTMQTT_SANITIZE)
  # Applied globally so that every object, including test helpers, shares one runtime.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
