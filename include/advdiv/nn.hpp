#pragma once
/// \file
/// Umbrella header of the nn layer: compile-time MLPs on Eigen, activations,
/// initialisers, double backpropagation, optimizers, parameter files and the
/// differentiable-network concept.

#include <advdiv/nn/activation.hpp>
#include <advdiv/nn/dense.hpp>
#include <advdiv/nn/double_backprop.hpp>
#include <advdiv/nn/init.hpp>
#include <advdiv/nn/mlp.hpp>
#include <advdiv/nn/network.hpp>
#include <advdiv/nn/optimizer.hpp>
#include <advdiv/nn/serialize.hpp>
