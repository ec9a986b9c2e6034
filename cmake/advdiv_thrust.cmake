# The opt-in Thrust backend: INTERFACE target advdiv_thrust (alias advdiv::thrust).
# Thrust comes from the CUDA toolkit's CCCL where present, else from Debian's libthrust-dev.
# The device system is left to the consumer (nvcc: CUDA by default; a plain C++ compiler:
# define THRUST_DEVICE_SYSTEM=THRUST_DEVICE_SYSTEM_OMP or _CPP).
find_path(ADVDIV_THRUST_INCLUDE_DIR thrust/version.h
  HINTS /usr/local/cuda/targets/x86_64-linux/include/cccl /usr/local/cuda/include/cccl
        /usr/local/cuda/include
  NO_CACHE)
if(NOT ADVDIV_THRUST_INCLUDE_DIR)
  find_path(ADVDIV_THRUST_INCLUDE_DIR thrust/version.h)
endif()
if(ADVDIV_THRUST_INCLUDE_DIR)
  message(STATUS "advdiv: Thrust from ${ADVDIV_THRUST_INCLUDE_DIR}")
  add_library(advdiv_thrust INTERFACE)
  add_library(advdiv::thrust ALIAS advdiv_thrust)
  target_link_libraries(advdiv_thrust INTERFACE advdiv)
  # Not SYSTEM for /usr/include (a no-op there); SYSTEM keeps Thrust's own warnings out of -Werror.
  target_include_directories(advdiv_thrust SYSTEM INTERFACE ${ADVDIV_THRUST_INCLUDE_DIR})
  install(TARGETS advdiv_thrust EXPORT advdivTargets)
  set(ADVDIV_HAS_THRUST ON)
else()
  message(STATUS "advdiv: no Thrust headers found; advdiv::thrust is not defined")
  set(ADVDIV_HAS_THRUST OFF)
endif()
