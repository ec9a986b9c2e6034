# Installs advdiv into a scratch prefix, then configures, builds and runs a
# consumer project that only knows find_package(advdiv CONFIG REQUIRED).
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install test step failed (${rc}): ${ARGV}")
  endif()
endfunction()
# The MPI layer is installed and consumed too when the build under test has it (WITH_MPI, from
# tests/CMakeLists.txt).
if(NOT DEFINED WITH_MPI)
  set(WITH_MPI OFF)
endif()
# A user who only wants the headers: no ADVDIV_BUILD_* flags and none of the test tools
# (hidden from find_package here): configuring and installing must still work.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/lib -DCMAKE_CXX_COMPILER=${CXX} -DADVDIV_WITH_MPI=${WITH_MPI}
    -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON -DCMAKE_DISABLE_FIND_PACKAGE_xtensor=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON
    -DCMAKE_INSTALL_PREFIX=${prefix})
run(${CMAKE_COMMAND} --install ${WORK_DIR}/lib)
# The installed package names no path of this machine outside its own prefix (each consumer
# finds Eigen, Boost, xsimd and Thrust itself).
file(GLOB_RECURSE cmake_files ${prefix}/advdivTargets*.cmake ${prefix}/advdivConfig.cmake)
foreach(f IN LISTS cmake_files)
  file(READ ${f} text)
  if(text MATCHES "/usr/local/cuda|/usr/include")
    message(FATAL_ERROR "install test: ${f} records an absolute path of the build machine")
  endif()
endforeach()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/consumer
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/consumer)
if(EXISTS ${WORK_DIR}/consumer/consumer_thrust)
  run(${WORK_DIR}/consumer/consumer_thrust)
else()
  message(FATAL_ERROR "install test: advdiv::thrust was not usable from the installed package")
endif()
if(WITH_MPI)
  if(NOT EXISTS ${WORK_DIR}/consumer/consumer_mpi)
    message(FATAL_ERROR "install test: advdiv::mpi was not usable from the installed package")
  endif()
  # One process (MPI's singleton start); Open MPI asks for these when run as root, as CI does.
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
  run(${WORK_DIR}/consumer/consumer_mpi)
endif()
