#pragma once
/// \file
/// Umbrella header of the density layer: 1-D distributions, divergences between densities,
/// the optimal discriminator D* and the optimal f-GAN critic T*.

#include <advdiv/density/any_family.hpp>
#include <advdiv/density/closed_form.hpp>
#include <advdiv/density/concepts.hpp>
#include <advdiv/density/critic.hpp>
#include <advdiv/density/discriminator.hpp>
#include <advdiv/density/divergence.hpp>
#include <advdiv/density/exponential.hpp>
#include <advdiv/density/laplace.hpp>
#include <advdiv/density/logistic.hpp>
#include <advdiv/density/mixture.hpp>
#include <advdiv/density/normal.hpp>
#include <advdiv/density/options.hpp>
#include <advdiv/density/parse.hpp>
#include <advdiv/density/uniform.hpp>
