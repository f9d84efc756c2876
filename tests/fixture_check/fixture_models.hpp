// The networks of a fixture set, loaded once because several cases share one: the manifest's
// "models" map (name -> {config, checkpoint}), or its single top-level "model" block.
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

// manifest.models[name]
const FixtureModel& fixture_model(const FixtureSet& set, const std::string& name);
// manifest.model
const FixtureModel& single_fixture_model(const FixtureSet& set);

}  // namespace ivid::fixture
