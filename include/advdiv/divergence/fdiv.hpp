#pragma once
/// \file
/// The catalogue of f-generators (namespace advdiv::fdiv).

#include <advdiv/divergence/fdiv/alpha.hpp>
#include <advdiv/divergence/fdiv/gan.hpp>
#include <advdiv/divergence/fdiv/jeffreys.hpp>
#include <advdiv/divergence/fdiv/jensen_shannon.hpp>
#include <advdiv/divergence/fdiv/kl.hpp>
#include <advdiv/divergence/fdiv/neyman.hpp>
#include <advdiv/divergence/fdiv/pearson.hpp>
#include <advdiv/divergence/fdiv/reverse_kl.hpp>
#include <advdiv/divergence/fdiv/squared_hellinger.hpp>
#include <advdiv/divergence/fdiv/total_variation.hpp>
