#pragma once
/// \file
/// Umbrella header of the sample-quality metrics on toy mixtures (gan/metrics/): PacGAN mode
/// counting (modes.hpp), the classifier score with the mixture's exact posterior
/// (classifier_score.hpp), the Fréchet distance between Gaussian fits (frechet.hpp) and the
/// training callback that records them over steps (monitor.hpp), and the conditional accuracy
/// of a conditional generator (conditional.hpp). docs/evaluation.md explains
/// what each can and cannot detect.

#include <advdiv/gan/metrics/classifier_score.hpp>
#include <advdiv/gan/metrics/conditional.hpp>
#include <advdiv/gan/metrics/frechet.hpp>
#include <advdiv/gan/metrics/monitor.hpp>
#include <advdiv/gan/metrics/modes.hpp>
