# Expressions: the conformance cases, `floip eval` end to end, and the benchmark program.
set(EXPR_ENV "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")

# Every case of tests/conformance/expressions.json (clock cases with a fixed clock, checked for
# their type) must pass.
add_test(NAME expr_conformance
         COMMAND $<TARGET_FILE:floip> eval --now 2022-11-06T10:20:30Z
                 --cases ${CMAKE_CURRENT_SOURCE_DIR}/conformance/expressions.json)
set_tests_properties(expr_conformance PROPERTIES ENVIRONMENT "${EXPR_ENV}"
                     PASS_REGULAR_EXPRESSION "\n[1-9][0-9]* passed, 0 failed\n$")

function(expr_cli name rc)
  cmake_parse_arguments(A "" "OUT;ERR" "ARGS" ${ARGN})
  set(defs -DRC=${rc})
  foreach(k OUT ERR)
    if(DEFINED A_${k})
      list(APPEND defs "-D${k}=${A_${k}}")
    endif()
  endforeach()
  string(REPLACE ";" "|" cmd "$<TARGET_FILE:floip>;eval;${A_ARGS}")
  add_test(NAME expr_cli_${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" ${defs}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/expr/expect.cmake)
  set_tests_properties(expr_cli_${name} PROPERTIES ENVIRONMENT "${EXPR_ENV}")
endfunction()

set(EXPR_CTX ${CMAKE_CURRENT_SOURCE_DIR}/expr/context.json)
expr_cli(template_string 0 OUT "^\"Hello Bob, @missing\"\n$"
         ARGS --context-file ${EXPR_CTX} "Hello @contact.name, @missing")
expr_cli(inline_context 0 OUT "^\"21\"\n$" ARGS --context "{\"a\": \"20\"}" "@(a + 1)")
expr_cli(block_tagged 0 OUT "^\\{\"\\$date\":\"1990-05-12\"\\}\n$"
         ARGS --context-file ${EXPR_CTX} --block contact.birthday)
expr_cli(block_raw_map 0 OUT "\"__value__\":\"yes\""
         ARGS --context-file ${EXPR_CTX} --block answer)
expr_cli(chunks 0 OUT "^\\[\"age \",20,\" \",\"yes\"\\]\n$"
         ARGS --context-file ${EXPR_CTX} --chunks "age @contact.age @answer")
expr_cli(float_output 0 OUT "^8.0\n$" ARGS --block "2 ^ 3")
expr_cli(now_fixed 0 OUT "2022-11-06" ARGS --now 2022-11-06T10:20:30Z --block "today()")
expr_cli(parse_error 1 ERR "1:3: Unable to parse block" ARGS --block "1 +")
expr_cli(eval_error 1 ERR "expression is not a number" ARGS --block "\"a\" * 2")
expr_cli(bad_context 2 ERR "context" ARGS --context "[1]" "@a")
expr_cli(usage 2 ERR "usage: floip eval" ARGS)

# The benchmark program (tests/bench/bench-expr.sh runs it on a release build).
add_executable(bench_expr ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench_expr.c)
target_link_libraries(bench_expr PRIVATE floip_static)
