# cmake --install into a scratch prefix, then the docs' connector example built against it with
# pkg-config and run (tests/channel/install_test.cmake).
add_test(NAME install_connector_example
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR}
                 -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DPREFIX=${PROJECT_BINARY_DIR}/install-test
                 -DCC=${CMAKE_C_COMPILER} -DSANITIZE=${FLOIP_SANITIZE}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/channel/install_test.cmake)
set_tests_properties(install_connector_example PROPERTIES
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=halt_on_error=1")
