# floip serve / floip mcp: the HTTP layer in a thread, and the built CLI driven over sockets and
# pipes. Each tests/server/test_*.c is one Criterion program; all share tests/server/client.c.
file(GLOB FLOIP_SERVER_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/server/test_*.c)
foreach(src ${FLOIP_SERVER_TESTS})
  get_filename_component(name ${src} NAME_WE)
  set(target server_${name})
  add_executable(${target} ${src} ${CMAKE_CURRENT_SOURCE_DIR}/server/client.c)
  if(name STREQUAL "test_http")
    # the HTTP layer is compiled in directly and runs its loop in a thread
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/sim/http.c)
  elseif(name STREQUAL "test_events_text")
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/sim/simulation_events.c)
  endif()
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}
                             ${CMAKE_CURRENT_SOURCE_DIR}/server ${HTTP_PARSER_INCLUDE})
  target_compile_definitions(${target} PRIVATE
    FLOIP_SOURCE_DIR="${PROJECT_SOURCE_DIR}" FLOIP_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}"
    FLOIP_BINARY_DIR="${PROJECT_BINARY_DIR}")
  target_link_libraries(${target} PRIVATE floip_static PkgConfig::CRITERION PkgConfig::LIBUV
                        ${HTTP_PARSER_LIB} pthread)
  add_dependencies(${target} floip)
  add_test(NAME ${target} COMMAND ${target} --jobs 1)
  set_tests_properties(${target} PROPERTIES ENVIRONMENT
    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endforeach()
