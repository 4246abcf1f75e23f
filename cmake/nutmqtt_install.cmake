# What `cmake --install` puts on a system, beyond the programs: the systemd units, configured
# with the directory the programs are installed to, and optionally the man pages.
# The Debian packages (debian/rules) install through these rules too.

include(GNUInstallDirs)

option(NUTMQTT_INSTALL_SYSTEMD_UNITS "Install the systemd units" ON)
# Relative to the prefix: systemd also reads /usr/local/lib/systemd/system, where the default
# prefix puts them. A Debian 12 package passes /lib/systemd/system.
set(NUTMQTT_SYSTEMD_UNIT_DIR "lib/systemd/system"
    CACHE STRING "Where the systemd units are installed (relative to the prefix, or absolute)")
option(NUTMQTT_MAN_PAGES "Generate the man pages from the programs' --help (needs help2man)" OFF)

if(NUTMQTT_INSTALL_SYSTEMD_UNITS)
  foreach(unit nutmqtt-bridge nutmqtt-shutdown-agent)
    configure_file(${PROJECT_SOURCE_DIR}/config/systemd/${unit}.service.in
                   ${PROJECT_BINARY_DIR}/systemd/${unit}.service @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/systemd/${unit}.service
            DESTINATION ${NUTMQTT_SYSTEMD_UNIT_DIR})
  endforeach()
endif()

if(NUTMQTT_MAN_PAGES)
  # One source per page: the options come from the program's own --help, the rest (files,
  # exit status, signals) from man/<program>.h2m. help2man runs the program, so a cross build
  # needs CMAKE_CROSSCOMPILING_EMULATOR (e.g. qemu-aarch64-static).
  find_program(NUTMQTT_HELP2MAN help2man REQUIRED)
  if(CMAKE_CROSSCOMPILING AND NOT CMAKE_CROSSCOMPILING_EMULATOR)
    message(FATAL_ERROR "NUTMQTT_MAN_PAGES in a cross build needs CMAKE_CROSSCOMPILING_EMULATOR")
  endif()
  list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " emulator)
  set(pages)
  foreach(program nutmqtt-bridge nutmqtt-shutdown-agent)
    # help2man names the page after the program it runs: a wrapper of the same name runs the
    # real one (through the emulator) and separates CLI11's "-c,--config" for help2man.
    set(wrapper ${PROJECT_BINARY_DIR}/man/bin/${program})
    file(GENERATE OUTPUT ${wrapper}
         CONTENT "#!/bin/sh\nout=$(${emulator} \"$<TARGET_FILE:${program}>\" \"$@\") || exit\nprintf '%s\\n' \"$out\" | sed 's/^\\(  *-[A-Za-z]\\),--/\\1, --/'\n"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                          WORLD_READ WORLD_EXECUTE)
    set(page ${PROJECT_BINARY_DIR}/man/${program}.8)
    set(include ${PROJECT_SOURCE_DIR}/man/${program}.h2m)
    add_custom_command(OUTPUT ${page}
      COMMAND ${NUTMQTT_HELP2MAN} --no-info --no-discard-stderr --section 8
              --manual "System Administration" --source "nutmqtt ${PROJECT_VERSION}"
              --include ${include} --output ${page} ${wrapper}
      DEPENDS ${program} ${include}
      COMMENT "Generating man page ${program}(8)"
      VERBATIM)
    list(APPEND pages ${page})
  endforeach()
  add_custom_target(nutmqtt_man_pages ALL DEPENDS ${pages})
  install(FILES ${pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
endif()
