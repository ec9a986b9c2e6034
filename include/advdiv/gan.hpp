#pragma once
/// \file
/// Umbrella header of the adversarial layer: GAN objectives on raw critic outputs, the minimax
/// trainer and the critic fit, toy mixtures and their sample-quality metrics.

#include <advdiv/gan/callbacks.hpp>
#include <advdiv/gan/divergence_monitor.hpp>
#include <advdiv/gan/fit_critic.hpp>
#include <advdiv/gan/gradient_penalty.hpp>
#include <advdiv/gan/location_scale.hpp>
#include <advdiv/gan/metrics.hpp>
#include <advdiv/gan/objective.hpp>
#include <advdiv/gan/objective/f_gan.hpp>
#include <advdiv/gan/objective/hinge.hpp>
#include <advdiv/gan/objective/least_squares.hpp>
#include <advdiv/gan/objective/minimax.hpp>
#include <advdiv/gan/objective/non_saturating.hpp>
#include <advdiv/gan/objective/wasserstein.hpp>
#include <advdiv/gan/objective/wasserstein_gp.hpp>
#include <advdiv/gan/toy_mixture.hpp>
#include <advdiv/gan/trainer.hpp>
