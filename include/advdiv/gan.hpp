#pragma once
/// \file
/// Umbrella header of the adversarial layer: GAN objectives on raw critic outputs.

#include <advdiv/gan/objective.hpp>
#include <advdiv/gan/objective/f_gan.hpp>
#include <advdiv/gan/objective/hinge.hpp>
#include <advdiv/gan/objective/least_squares.hpp>
#include <advdiv/gan/objective/minimax.hpp>
#include <advdiv/gan/objective/non_saturating.hpp>
#include <advdiv/gan/objective/wasserstein.hpp>
