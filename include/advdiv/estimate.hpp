#pragma once
/// \file
/// Umbrella header of the sample-based estimators (namespace advdiv::estimate): histogram and
/// KDE plug-in, k-nearest-neighbour, variational (critics fitted with gan::fit_critic) and
/// transport estimators, all returning estimate::estimate_result.
#include <advdiv/estimate/knn.hpp>
#include <advdiv/estimate/plugin.hpp>
#include <advdiv/estimate/result.hpp>
#include <advdiv/estimate/transport.hpp>
#include <advdiv/estimate/variational.hpp>
