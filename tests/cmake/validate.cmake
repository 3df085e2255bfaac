# floip validate end to end: exit codes (0 valid, 1 errors, 2 unusable input) and the exact
# compiler-style lines, text and --json.
set(VA_DIR ${CMAKE_CURRENT_SOURCE_DIR}/validate)
set(VA_ENV "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=halt_on_error=1")
function(validate_cli name rc)
  cmake_parse_arguments(A "" "OUT;OUT2;NOT_OUT;ERR;STDIN" "ARGS" ${ARGN})
  set(defs -DRC=${rc})
  foreach(k OUT OUT2 NOT_OUT ERR STDIN)
    if(DEFINED A_${k})
      list(APPEND defs "-D${k}=${A_${k}}")
    endif()
  endforeach()
  string(REPLACE ";" "|" cmd "$<TARGET_FILE:floip>;validate;${A_ARGS}")
  add_test(NAME validate_${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" ${defs} -P ${VA_DIR}/expect.cmake)
  set_tests_properties(validate_${name} PROPERTIES ENVIRONMENT "${VA_ENV}")
endfunction()

set(VA_CHECK "\\(block 'check' b0000000-0000-4000-8000-000000000002\\)")

validate_cli(valid 0 ARGS ${VA_DIR}/valid.json
  OUT "valid.json: valid: 'cli' \\(spec 1.0.0-rc4\\), 1 flow, 3 blocks, 0 warnings\n"
  OUT2 "1 file checked, 0 invalid: 0 errors, 0 warnings\n$")
validate_cli(demo_journey 0
  ARGS ${PROJECT_SOURCE_DIR}/flows/clinic_registration/clinic_registration.json
  OUT "clinic_registration.json: valid: 'Clinic registration' .*, 0 warnings\n"
  NOT_OUT "warning\\[")
validate_cli(bench_flows 0 ARGS ${CMAKE_CURRENT_SOURCE_DIR}/bench/flows/small_linear.json
  ${CMAKE_CURRENT_SOURCE_DIR}/bench/flows/run_flow.json
  ${CMAKE_CURRENT_SOURCE_DIR}/bench/flows/large.json
  OUT "3 files checked, 0 invalid: 0 errors, 0 warnings\n$")
validate_cli(warnings_only_exit_0 0 ARGS ${VA_DIR}/warnings_only.json
  OUT "warnings_only.json:/flows/0/blocks/1: warning\\[W001\\]: no path from the first block reaches this block ${VA_CHECK}\n"
  OUT2 "0 errors, 1 warning\n$")
validate_cli(errors_exit_1 1 ARGS ${VA_DIR}/broken.json
  OUT "broken.json:/flows/0/blocks/1/exits/0/destination_block: error\\[E017\\]: destination_block 99999999-0000-4000-8000-000000000000 names no block of this flow ${VA_CHECK}\n"
  OUT2 "1 file checked, 1 invalid: 3 errors, 0 warnings\n$")
validate_cli(expression_line_column 1 ARGS ${VA_DIR}/broken.json
  OUT "broken.json:/flows/0/blocks/1/exits/0/test:1:19: error\\[E030\\]: expression does not parse: [^\n]*${VA_CHECK}\n"
  OUT2 "broken.json:/flows/0/supported_modes/1: error\\[E018\\]: unknown mode \"FAX\"")
validate_cli(invalid_json_exit_2 2 ARGS ${VA_DIR}/not_json.json
  OUT "not_json.json:4:14: error\\[E001\\]: invalid JSON: ")
validate_cli(missing_file_exit_2 2 ARGS ${VA_DIR}/no-such-file.json
  OUT "no-such-file.json: error\\[E004\\]: cannot open")
validate_cli(too_big_exit_2 2 ARGS --max-bytes 100 ${VA_DIR}/valid.json
  OUT "valid.json: error\\[E002\\]: [^\n]*limit of 100 bytes")
validate_cli(too_deep_exit_2 2 ARGS --max-depth 4 ${VA_DIR}/valid.json
  OUT "valid.json:[0-9]+:[0-9]+: error\\[E003\\]: JSON nesting deeper than the limit of 4 levels")
validate_cli(worst_file_decides 2 ARGS ${VA_DIR}/valid.json ${VA_DIR}/broken.json
  ${VA_DIR}/not_json.json OUT "3 files checked, 2 invalid: 4 errors, 0 warnings\n$")
validate_cli(errors_beat_valid 1 ARGS ${VA_DIR}/valid.json ${VA_DIR}/broken.json
  OUT "2 files checked, 1 invalid")
validate_cli(json_output 1 ARGS --json ${VA_DIR}/broken.json
  OUT "\"code\": \"E017\",[^}]*\"pointer\": \"/flows/0/blocks/1/exits/0/destination_block\""
  OUT2 "\"valid\": false")
validate_cli(json_expression_position 1 ARGS --json ${VA_DIR}/broken.json
  OUT "\"code\": \"E030\",[^}]*\"line\": 1,[^}]*\"column\": 19")
validate_cli(json_valid 0 ARGS --json ${VA_DIR}/valid.json
  OUT "\"valid\": true" OUT2 "\"blocks\": 3")
validate_cli(no_files_is_usage 2 ERR "usage: floip validate")
validate_cli(unknown_option_is_usage 2 ARGS --frobnicate ${VA_DIR}/valid.json
  ERR "unknown option '--frobnicate'")
validate_cli(stdin_valid 0 STDIN ${VA_DIR}/valid.json ARGS -
  OUT "^-: valid: 'cli'")
validate_cli(stdin_invalid_json 2 STDIN ${VA_DIR}/not_json.json ARGS -
  OUT "^-:4:14: error\\[E001\\]: invalid JSON")
validate_cli(stdin_too_big 2 STDIN ${VA_DIR}/valid.json ARGS --max-bytes 50 -
  OUT "^-: error\\[E002\\]: input is larger than the limit of 50 bytes\n")
