# floip run / floip chat end to end: exit codes and output of the built CLI.
set(EN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/engine)
set(EN_FLOWS ${CMAKE_CURRENT_SOURCE_DIR}/bench/flows)
set(EN_ENV "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=halt_on_error=1")
function(engine_cli name rc)
  cmake_parse_arguments(A "" "OUT;OUT2;OUT3;OUT4;ERR;NOT_OUT;STDIN" "ARGS" ${ARGN})
  set(defs -DRC=${rc} -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR})
  foreach(k OUT OUT2 OUT3 OUT4 ERR NOT_OUT STDIN)
    if(DEFINED A_${k})
      list(APPEND defs "-D${k}=${A_${k}}")
    endif()
  endforeach()
  string(REPLACE ";" "|" cmd "$<TARGET_FILE:floip>;${A_ARGS}")
  add_test(NAME engine_${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" ${defs} -P ${EN_DIR}/expect.cmake)
  set_tests_properties(engine_${name} PROPERTIES ENVIRONMENT "${EN_ENV}")
endfunction()

engine_cli(run_small_linear 0
  OUT "What is your name\\?\n> ada lovelace\nThanks ada lovelace! How old are you\\?"
  OUT2 "\\[1\\] Telegraph  \\[2\\] Punch cards  \\[3\\] Modem"
  OUT3 "\\[conversation completed\\]\n$"
  ARGS run ${EN_FLOWS}/small_linear.json --inputs "[\"ada lovelace\",\"36\",\"3\"]")
engine_cli(run_text_mode_numbered_menu 0
  OUT "3 for Modem.\n\n1. Telegraph\n2. Punch cards\n3. Modem\n> 3"
  ARGS run ${EN_FLOWS}/small_linear.json --inputs "[\"ada lovelace\",\"36\",\"3\"]" --mode TEXT)
engine_cli(run_inputs_file_keyed_by_flow 0
  OUT "Registration complete for Grace Hopper, age 85."
  ARGS run ${EN_FLOWS}/run_flow.json --inputs-file ${EN_FLOWS}/inputs.json)
engine_cli(run_repeat_prints_the_perf_line 0
  OUT "^runs=3 steps=24 seconds=[0-9.]+ steps_per_sec=[0-9.]+\n$"
  ARGS run ${EN_FLOWS}/small_linear.json --inputs-file ${EN_FLOWS}/inputs.json --repeat 3)
engine_cli(run_repeat_counts_runflow_and_case_steps 0
  OUT "^runs=2 steps=270 "
  ARGS run ${EN_FLOWS}/large.json --inputs-file ${EN_FLOWS}/inputs.json --repeat 2)
engine_cli(run_json_prints_event_lines 0
  OUT "^{\"type\":\"flow_entered\",\"at\":\"1970-01-01T00:00:00.000Z\""
  OUT2 "\n{\"type\":\"message\",[^\n]*\"envelope\":{[^\n]*\"turn\":"
  OUT3 "{\"type\":\"run_ended\",[^\n]*\"reason\":\"completed\"}\n$"
  NOT_OUT "> ada"
  ARGS run ${EN_FLOWS}/small_linear.json --inputs "[\"ada\",\"36\",\"3\"]" --json)
engine_cli(run_events_filter 0
  OUT "{\"type\":\"message\""
  NOT_OUT "\"type\":\"(exit|waiting|result)\""
  ARGS run ${EN_FLOWS}/small_linear.json --inputs "[\"ada\"]" --json --events message)
engine_cli(run_now_and_language 0
  OUT "\"at\":\"2025-03-01T08:00:00.000Z\""
  OUT2 "Quel est votre nom"
  ARGS run ${EN_FLOWS}/small_linear.json --inputs "[]" --json --now 2025-03-01T08:00:00Z --lang fra)
engine_cli(run_without_inputs_is_usage 2 ERR "usage: floip run"
  ARGS run ${EN_FLOWS}/small_linear.json)
engine_cli(run_bad_inputs_is_usage 2 ERR "--inputs wants a JSON array"
  ARGS run ${EN_FLOWS}/small_linear.json --inputs "{}")
engine_cli(run_missing_flow_fails 1 ERR "cannot load"
  ARGS run ${EN_DIR}/no_such_flow.json --inputs "[]")
engine_cli(run_unknown_event_type_is_usage 2 ERR "unknown event type"
  ARGS run ${EN_FLOWS}/small_linear.json --inputs "[]" --events bogus)

engine_cli(chat_piped_conversation 0 STDIN ${EN_DIR}/chat_small_linear.txt
  OUT "What is your name\\?\n> ada lovelace\nThanks ada lovelace! How old are you\\?\n\"ada lovelace\"\n"
  OUT2 "\"visitor_name\": {\n +\"__value__\": \"ada lovelace\""
  OUT3 "commands:\n  /wait 5m.*clock: 1970-01-01T00:05:00.000Z.*\nunknown command /bogus"
  OUT4 "Adults can join[^\n]*\n[^\n]*\n\\[conversation completed\\]\n> more\n\\[the conversation has ended: /restart to begin again\\]\n$"
  ARGS chat ${EN_FLOWS}/small_linear.json --mode TEXT)
engine_cli(chat_save_restart_load 0 STDIN ${EN_DIR}/chat_save_load.txt
  OUT "saved chat_saved_session.json\nWelcome to the Museum"
  OUT2 "loaded chat_saved_session.json\n> 36\n"
  OUT3 "\\[conversation completed\\]\n$"
  ARGS chat ${EN_FLOWS}/small_linear.json)
engine_cli(chat_timeout_and_late_reply 0 STDIN ${EN_DIR}/chat_timeout.txt
  OUT "\\[timeout at 1970-01-03T00:00:00.000Z\\]\n\\[conversation expired\\]\n> late answer\n\\[late reply: the conversation had expired\\]\nWelcome"
  ARGS chat ${EN_FLOWS}/small_linear.json)
engine_cli(chat_json_lines 0 STDIN ${EN_DIR}/chat_timeout.txt
  OUT "^{\"type\":\"flow_entered\""
  OUT2 "{\"type\":\"late_reply\",\"at\":\"1970-01-03T00:00:00.000Z\",\"message\":{\"type\":\"text\",\"text\":{\"body\":\"late answer\"}}}"
  NOT_OUT "> ada"
  ARGS chat ${EN_FLOWS}/small_linear.json --json)
engine_cli(chat_default_exit_policy 0 STDIN ${EN_DIR}/chat_timeout.txt
  OUT "\\[timeout at 1970-01-03T00:00:00.000Z\\]\nWhich exhibit"
  ARGS chat ${EN_FLOWS}/small_linear.json --timeout-policy default_exit --contact "{\"phone\":\"27820001\"}")
engine_cli(chat_unknown_option_is_usage 2 ERR "--frobnicate is an unknown option"
  ARGS chat ${EN_FLOWS}/small_linear.json --frobnicate)
engine_cli(chat_bad_contact_is_usage 2 ERR "--contact wants a JSON object"
  ARGS chat ${EN_FLOWS}/small_linear.json --contact "[1]")
