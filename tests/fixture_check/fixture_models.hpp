// The networks of a fixture set (manifest "models": config + checkpoint), loaded once per set and
// model name because several cases share one.
#pragma once

#include <string>

#include "core/nn/adm_config.hpp"
#include "core/nn/adm_unet.hpp"
#include "tests/fixture_check/fixture_check.hpp"

namespace ivid::fixture {

struct FixtureModel {
    nn::ModelConfig config;
    nn::AdmUnet unet;
};

const FixtureModel& fixture_model(const FixtureSet& set, const std::string& name);

}  // namespace ivid::fixture
