# Expressions: the benchmark program (tests/bench/bench-expr.sh runs it) and CLI tests.
add_executable(bench_expr ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench_expr.c)
target_link_libraries(bench_expr PRIVATE floip_static)
