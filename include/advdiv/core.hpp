#pragma once
/// \file
/// Umbrella header of the core layer.

#include <advdiv/core/adapt.hpp>
#include <advdiv/core/checks.hpp>
#include <advdiv/core/concepts.hpp>
#include <advdiv/core/config.hpp>
#include <advdiv/core/interval.hpp>
#include <advdiv/core/log_sum_exp.hpp>
#include <advdiv/core/math.hpp>
#include <advdiv/core/random.hpp>
#include <advdiv/core/status.hpp>
#include <advdiv/core/summation.hpp>
