# floip sign / verify / render end to end: exit codes and output of the built CLI.
set(CH_DIR ${CMAKE_CURRENT_SOURCE_DIR}/channel)
set(CH_ENV "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=halt_on_error=1")
function(channel_cli name rc)
  cmake_parse_arguments(A "" "OUT;ERR;NOT_OUT;STDIN" "ARGS" ${ARGN})
  set(defs -DRC=${rc})
  foreach(k OUT ERR NOT_OUT STDIN)
    if(DEFINED A_${k})
      list(APPEND defs "-D${k}=${A_${k}}")
    endif()
  endforeach()
  string(REPLACE ";" "|" cmd "$<TARGET_FILE:floip>;${A_ARGS}")
  add_test(NAME channel_${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" ${defs} -P ${CH_DIR}/expect.cmake)
  set_tests_properties(channel_${name} PROPERTIES ENVIRONMENT "${CH_ENV}")
endfunction()

# RFC 4231 test case 2, base64.
set(CH_SIG "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=")
channel_cli(sign_rfc4231 0 OUT "^${CH_SIG}\n$" ARGS sign --secret Jefe ${CH_DIR}/rfc4231.txt)
channel_cli(sign_stdin 0 OUT "^${CH_SIG}\n$" STDIN ${CH_DIR}/rfc4231.txt
            ARGS sign --secret Jefe -)
channel_cli(verify_ok 0 OUT "signature ok"
            ARGS verify --secret Jefe --signature ${CH_SIG} ${CH_DIR}/rfc4231.txt)
channel_cli(verify_wrong_secret 1 ERR "does not match"
            ARGS verify --secret jefe --signature ${CH_SIG} ${CH_DIR}/rfc4231.txt)
channel_cli(verify_tampered_body 1 ERR "does not match"
            ARGS verify --secret Jefe --signature ${CH_SIG} ${CH_DIR}/envelope_text.json)
channel_cli(verify_no_signature 2 ERR "usage: floip verify"
            ARGS verify --secret Jefe ${CH_DIR}/rfc4231.txt)
channel_cli(sign_missing_file 1 ERR "no-such-file"
            ARGS sign --secret Jefe ${CH_DIR}/no-such-file)
channel_cli(sign_no_secret 2 ERR "usage: floip sign" ARGS sign ${CH_DIR}/rfc4231.txt)

# floip render: a block, its context and resources; language and mode; whole webhooks.
set(CH_SELECT --block ${CH_DIR}/select_block.json --context ${CH_DIR}/context.json
              --resources ${CH_DIR}/resources.json)
channel_cli(render_buttons 0 OUT "\"type\": \"button\".*\"id\": \"QmxhY2sgQ29mZmVl\""
            ARGS render ${CH_SELECT})
channel_cli(render_lang_menu 0 OUT "Thandi, khetha i-oda\\\\n\\\\n1\\. Ikhofi"
            ARGS render ${CH_SELECT} --lang zul)
channel_cli(render_mode_sms 0 OUT "select an order\\\\n\\\\n1\\. Black Coffee\\\\n2\\. Black Tea"
            ARGS render ${CH_SELECT} --mode SMS)
channel_cli(render_evaluated 0 OUT "\"evaluated_resources\".*\"value\": \"Thandi, khetha i-oda\""
            ARGS render ${CH_SELECT} --evaluated)
channel_cli(render_warning 0 OUT "\"header\"" ERR "warning: header_too_long at /interactive/header/text"
            ARGS render --block ${CH_DIR}/long_header_block.json --context ${CH_DIR}/context.json)
channel_cli(render_envelope_identical 0 OUT "turn: identical\nevaluated_resources: identical"
            ARGS render --envelope ${CH_DIR}/envelope_select.json)
channel_cli(render_envelope_text 0 OUT "turn: identical"
            ARGS render --envelope ${CH_DIR}/envelope_text.json)
channel_cli(render_envelope_differs 1
            OUT "- /interactive/body/text: \"Thandi, pick one\"\n\\+ /interactive/body/text: \"Thandi, please select an order\"\n\\+ /interactive/footer: {\"text\":\"Reply any time, Thandi\"}"
            ARGS render --envelope ${CH_DIR}/envelope_differs.json)
channel_cli(render_missing_resource 1 ERR "is not in resources"
            ARGS render --block ${CH_DIR}/select_block.json)
channel_cli(render_unknown_mode 2 ERR "unknown mode \"FAX\"" ARGS render ${CH_SELECT} --mode FAX)
channel_cli(render_both_inputs 2 ERR "usage: floip render"
            ARGS render --envelope ${CH_DIR}/envelope_select.json --block ${CH_DIR}/select_block.json)
channel_cli(render_bad_json 1 ERR "rfc4231.txt:1:"
            ARGS render --block ${CH_DIR}/rfc4231.txt)

# floip validate runs the renderer's static check: breaks certain from the literal text, with the
# JSON pointer of the resource value or config field; expressions are not counted.
channel_cli(validate_limits 1
  OUT "/flows/0/resources/0/values/0/value: warning\\[W401\\]: the text message is 4108 characters long.*/flows/0/blocks/1/config/header: warning\\[W403\\]: the header is 61.*/flows/0/blocks/2/config/template: error\\[E401\\].*/flows/0/blocks/3/config/whatsapp_flow/flow_cta: warning\\[W405\\]: the flow button label is 23.*1 error, 3 warnings"
  ARGS validate ${CH_DIR}/limits_flow.json)
