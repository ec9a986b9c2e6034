# Finds Thrust through its own CMake package (CCCL's thrust-config.cmake from the CUDA
# toolkit, else Debian's libthrust-dev) and sets advdiv_Thrust_FOUND. Used both when advdiv is
# built and by the installed advdivConfig.cmake, so the installed package records no absolute
# path of the machine it was built on: each consumer finds its own Thrust. A Thrust elsewhere is
# found through CMAKE_PREFIX_PATH or Thrust_DIR as usual.
set(_advdiv_thrust_hints)
foreach(_root IN ITEMS "$ENV{CUDA_PATH}" "$ENV{CUDA_HOME}" /usr/local/cuda)
  if(_root)
    list(APPEND _advdiv_thrust_hints "${_root}/lib/cmake/thrust" "${_root}/lib64/cmake/thrust")
  endif()
endforeach()
find_package(Thrust CONFIG QUIET HINTS ${_advdiv_thrust_hints})
unset(_advdiv_thrust_hints)
set(advdiv_Thrust_FOUND ${Thrust_FOUND})
