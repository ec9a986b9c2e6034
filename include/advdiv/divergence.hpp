#pragma once
/// \file
/// Umbrella header of the divergence layer: f-generators, discrete divergences (the catalogue),
/// row-wise forms and the per-sample functors of the variational bound.

#include <advdiv/divergence/alpha.hpp>
#include <advdiv/divergence/catalogue.hpp>
#include <advdiv/divergence/chi_squared.hpp>
#include <advdiv/divergence/counts.hpp>
#include <advdiv/divergence/elementwise.hpp>
#include <advdiv/divergence/entropy.hpp>
#include <advdiv/divergence/f_divergence.hpp>
#include <advdiv/divergence/fdiv.hpp>
#include <advdiv/divergence/hellinger.hpp>
#include <advdiv/divergence/jensen_shannon.hpp>
#include <advdiv/divergence/kl.hpp>
#include <advdiv/divergence/log_input.hpp>
#include <advdiv/divergence/rowwise.hpp>
#include <advdiv/divergence/total_variation.hpp>
#include <advdiv/divergence/variational.hpp>
