# Runs one floip validate command and checks its exit code and output:
#   cmake -DCMD=a|b|c -DRC=0 [-DOUT=regex] [-DOUT2=regex] [-DNOT_OUT=regex] [-DERR=regex]
#         [-DSTDIN=file] -P expect.cmake
# A regex mismatch or another exit code fails the test with the whole output shown.
string(REPLACE "|" ";" CMD "${CMD}")
if(DEFINED STDIN)
  execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  INPUT_FILE ${STDIN})
else()
  execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
endif()
if(NOT rc STREQUAL RC)
  message(FATAL_ERROR "exit code ${rc}, expected ${RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
foreach(k OUT OUT2)
  if(DEFINED ${k} AND NOT out MATCHES "${${k}}")
    message(FATAL_ERROR "stdout does not match '${${k}}':\n${out}\nstderr:\n${err}")
  endif()
endforeach()
if(DEFINED NOT_OUT AND out MATCHES "${NOT_OUT}")
  message(FATAL_ERROR "stdout matches '${NOT_OUT}':\n${out}")
endif()
if(DEFINED ERR AND NOT err MATCHES "${ERR}")
  message(FATAL_ERROR "stderr does not match '${ERR}':\n${err}")
endif()
