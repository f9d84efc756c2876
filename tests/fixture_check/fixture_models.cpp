#include "tests/fixture_check/fixture_models.hpp"

#include <map>
#include <memory>

namespace ivid::fixture {

const FixtureModel& fixture_model(const FixtureSet& set, const std::string& name) {
    static std::map<std::string, std::unique_ptr<FixtureModel>> cache;
    auto& slot = cache[(set.dir() / name).string()];
    if (!slot) {
        const auto& entry = set.manifest().at("models").at(name);
        nn::ModelConfig config = nn::load_model_config(set.dir() / entry.at("config").get<std::string>());
        nn::AdmUnet unet = nn::load_adm_unet(config, set.dir() / entry.at("checkpoint").get<std::string>());
        slot.reset(new FixtureModel{std::move(config), std::move(unet)});
    }
    return *slot;
}

}  // namespace ivid::fixture
