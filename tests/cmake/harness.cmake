# floip test: the journeys in flows/ are the regression suite (every test must pass and every
# block of every journey must be taken), and the harness checks its own reports.
set(FLOIP_HARNESS_ENV
  "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1;NO_COLOR=1")

add_test(NAME flows_regression
         COMMAND $<TARGET_FILE:floip> test --no-color -j 2 --coverage --min-coverage 100 flows
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(flows_regression PROPERTIES ENVIRONMENT "${FLOIP_HARNESS_ENV}")

add_test(NAME harness_self
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/harness/check.sh $<TARGET_FILE:floip>
                 ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/harness-check)
set_tests_properties(harness_self PROPERTIES ENVIRONMENT "${FLOIP_HARNESS_ENV}")

# The unit test of the harness's reports, discovery and JSON helpers compiles those CLI sources in.
if(TARGET test_harness)
  target_sources(test_harness PRIVATE
    ${PROJECT_SOURCE_DIR}/sim/test_report.c ${PROJECT_SOURCE_DIR}/sim/test_discover.c
    ${PROJECT_SOURCE_DIR}/sim/test_json.c ${PROJECT_SOURCE_DIR}/sim/test_coverage.c)
endif()
