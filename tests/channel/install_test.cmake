# Installs floip into a scratch prefix, then builds docs/examples/connector.c against the installed
# library the way a connector would (pkg-config), runs it and compares its output.
#   cmake -DBUILD_DIR=.. -DSOURCE_DIR=.. -DPREFIX=.. -DCC=.. -DSANITIZE=ON|OFF -P install_test.cmake
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}\n${err}")
  endif()
  set(OUT "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${PREFIX})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
foreach(f include/floip.h lib/libfloip.a lib/libfloip.so lib/pkgconfig/floip.pc bin/floip)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
if(EXISTS ${PREFIX}/include/util.h OR EXISTS ${PREFIX}/include/model.h)
  message(FATAL_ERROR "an internal header was installed")
endif()

set(ENV{PKG_CONFIG_PATH} ${PREFIX}/lib/pkgconfig)
run(pkg-config --cflags --libs floip)
string(STRIP "${OUT}" PC_FLAGS)
separate_arguments(PC_FLAGS UNIX_COMMAND "${PC_FLAGS}")
if(NOT PC_FLAGS MATCHES "-I${PREFIX}/lib/pkgconfig/../../include")
  message(FATAL_ERROR "pkg-config points elsewhere: ${PC_FLAGS}")
endif()
set(SAN)
if(SANITIZE)
  set(SAN -fsanitize=address,undefined -fno-omit-frame-pointer)
endif()

# The installed header stands alone (it needs jansson.h only) and is warning-free C11.
file(WRITE ${PREFIX}/header_only.c "#include <floip.h>\nint main(void) { return FL_OK; }\n")
run(${CC} -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only ${PREFIX}/header_only.c
    ${PC_FLAGS})

# The example against the shared library...
run(${CC} -std=c11 -Wall -Wextra -Werror ${SAN} ${SOURCE_DIR}/docs/examples/connector.c
    ${PC_FLAGS} -o ${PREFIX}/connector)
set(ENV{LD_LIBRARY_PATH} ${PREFIX}/lib)
run(${PREFIX}/connector ${SOURCE_DIR}/tests/channel/envelope_select.json s3cret)
file(READ ${SOURCE_DIR}/tests/channel/connector.expected WANT)
if(NOT OUT STREQUAL WANT)
  file(WRITE ${PREFIX}/connector.out "${OUT}")
  message(FATAL_ERROR "connector output differs from tests/channel/connector.expected:\n${OUT}")
endif()

# ...and statically, with the private dependencies pkg-config --static lists.
run(pkg-config --static --libs-only-l --libs-only-other floip)
string(STRIP "${OUT}" PC_STATIC)
string(REPLACE "-lfloip" "" PC_STATIC "${PC_STATIC}")
separate_arguments(PC_STATIC UNIX_COMMAND "${PC_STATIC}")
run(${CC} -std=c11 ${SAN} ${SOURCE_DIR}/docs/examples/connector.c -I${PREFIX}/include
    ${PREFIX}/lib/libfloip.a ${PC_STATIC} -o ${PREFIX}/connector-static)
run(${PREFIX}/connector-static ${SOURCE_DIR}/tests/channel/envelope_select.json s3cret)
if(NOT OUT STREQUAL WANT)
  message(FATAL_ERROR "statically linked connector output differs:\n${OUT}")
endif()

# docs/embedding.md shows the example and its output verbatim.
file(READ ${SOURCE_DIR}/docs/embedding.md DOC)
file(READ ${SOURCE_DIR}/docs/examples/connector.c SRC)
string(FIND "${DOC}" "${SRC}" at_src)
string(FIND "${DOC}" "${WANT}" at_out)
if(at_src EQUAL -1 OR at_out EQUAL -1)
  message(FATAL_ERROR "docs/embedding.md does not show docs/examples/connector.c and its output")
endif()

message(STATUS "installed library, pkg-config file and example program: ok")
