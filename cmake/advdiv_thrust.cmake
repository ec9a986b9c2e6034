# The opt-in Thrust backend: INTERFACE target advdiv_thrust, exported and aliased as
# advdiv::thrust. Thrust comes from its own CMake package (see advdivFindThrust.cmake): the
# target links Thrust::Thrust, the include-only target that package defines.
# The device system: nvcc compiles CUDA (Thrust's default); for C++ sources the target defines
# ADVDIV_THRUST_HOST_SYSTEM (ADVDIV_THRUST_HOST_SYSTEM_NAME: CPP by default, or OMP, which then
# needs OpenMP), which advdiv/thrust/device_system.hpp turns into THRUST_DEVICE_SYSTEM unless
# the consumer defines THRUST_DEVICE_SYSTEM itself.
include(${CMAKE_CURRENT_LIST_DIR}/advdivFindThrust.cmake)
if(advdiv_Thrust_FOUND)
  message(STATUS "advdiv: Thrust ${Thrust_VERSION} from ${Thrust_DIR}")
  add_library(advdiv_thrust INTERFACE)
  add_library(advdiv::thrust ALIAS advdiv_thrust)
  set_target_properties(advdiv_thrust PROPERTIES EXPORT_NAME thrust)
  # Thrust::Thrust is an alias of a plain target of Thrust's package, which cannot be exported:
  # the installed advdivConfig.cmake links it again after finding Thrust on the consumer's side.
  target_link_libraries(advdiv_thrust INTERFACE advdiv $<BUILD_INTERFACE:Thrust::Thrust>)
  set(ADVDIV_THRUST_HOST_SYSTEM_NAME "CPP" CACHE STRING
      "Thrust device system of advdiv::thrust for non-CUDA sources (CPP or OMP)")
  set_property(CACHE ADVDIV_THRUST_HOST_SYSTEM_NAME PROPERTY STRINGS CPP OMP)
  target_compile_definitions(advdiv_thrust INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:ADVDIV_THRUST_HOST_SYSTEM=THRUST_DEVICE_SYSTEM_${ADVDIV_THRUST_HOST_SYSTEM_NAME}>)
  install(TARGETS advdiv_thrust EXPORT advdivTargets)
  set(ADVDIV_HAS_THRUST ON)
else()
  message(STATUS "advdiv: Thrust's CMake package not found; advdiv::thrust is not defined")
  set(ADVDIV_HAS_THRUST OFF)
endif()
