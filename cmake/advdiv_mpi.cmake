# The opt-in MPI layer: INTERFACE target advdiv_mpi, exported and aliased as advdiv::mpi. It
# calls MPI's plain C API (Debian: libopenmpi-dev) from C++: it links MPI::MPI_CXX of CMake's
# FindMPI with MPI_CXX_SKIP_MPICXX (the deprecated C++ bindings left out); no Boost.MPI.
option(ADVDIV_WITH_MPI "Define advdiv::mpi (the sharded divergences, estimators, Sinkhorn and training over MPI)" OFF)
set(ADVDIV_HAS_MPI OFF)
if(ADVDIV_WITH_MPI)
  set(MPI_CXX_SKIP_MPICXX ON CACHE BOOL "advdiv::mpi uses MPI's C API only")
  find_package(MPI REQUIRED COMPONENTS CXX)
  message(STATUS "advdiv: MPI ${MPI_CXX_VERSION}; tests launch with ${MPIEXEC_EXECUTABLE}")
  add_library(advdiv_mpi INTERFACE)
  add_library(advdiv::mpi ALIAS advdiv_mpi)
  set_target_properties(advdiv_mpi PROPERTIES EXPORT_NAME mpi)
  target_link_libraries(advdiv_mpi INTERFACE advdiv MPI::MPI_CXX)
  install(TARGETS advdiv_mpi EXPORT advdivTargets)
  set(ADVDIV_HAS_MPI ON)
endif()

# advdiv_add_mpi_test(NAME <name> RANKS <n> COMMAND <program> [args...] [WORKING_DIRECTORY <dir>]):
# a ctest test that runs <program> on <n> ranks of this machine through mpiexec. Open MPI is told
# (by its environment variables, which other MPIs ignore) that it may oversubscribe the cores (CI
# has 2, the tests ask for 4) and run as root, as CI does.
function(advdiv_add_mpi_test)
  cmake_parse_arguments(ARG "" "NAME;RANKS;WORKING_DIRECTORY" "COMMAND" ${ARGN})
  set(flags ${MPIEXEC_NUMPROC_FLAG} ${ARG_RANKS})
  list(POP_FRONT ARG_COMMAND program)
  if(TARGET ${program})
    set(program $<TARGET_FILE:${program}>)
  endif()
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  add_test(NAME ${ARG_NAME} WORKING_DIRECTORY ${ARG_WORKING_DIRECTORY}
           COMMAND ${MPIEXEC_EXECUTABLE} ${flags} ${MPIEXEC_PREFLAGS} ${program} ${MPIEXEC_POSTFLAGS} ${ARG_COMMAND})
  # Open MPI refuses to start as root unless told twice; a deadlock must fail, not hang CI.
  # Its ranks busy-poll while they wait: with more ranks than cores they yield the core
  # (mpi_yield_when_idle), and the test runs alone (RUN_SERIAL): 4 ranks beside another
  # program on CI's 2 cores took 65 s instead of 2 s.
  set(environment OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
      OMPI_MCA_mpi_yield_when_idle=1)
  # Open MPI itself leaks ~121 KB at MPI_Finalize (libmpi, libopen-pal; none through advdiv):
  # LeakSanitizer is off for MPI programs, AddressSanitizer's other checks stay on.
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address")
    list(APPEND environment ASAN_OPTIONS=detect_leaks=0)
  endif()
  set_tests_properties(${ARG_NAME} PROPERTIES TIMEOUT 180 PROCESSORS ${ARG_RANKS} RUN_SERIAL TRUE
                       ENVIRONMENT "${environment}")
endfunction()
