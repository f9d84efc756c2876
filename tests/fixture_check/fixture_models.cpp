#include "tests/fixture_check/fixture_models.hpp"

#include <map>
#include <memory>

#include <ATen/Context.h>

#include "core/nn/compute_device.hpp"

namespace ivid::fixture {

namespace {

// entry: {"config": file, "checkpoint": file}, relative to the set's folder. On the set's device.
const FixtureModel& load_once(const FixtureSet& set, const nlohmann::json& entry) {
    static std::map<std::string, std::unique_ptr<FixtureModel>> cache;
    const auto checkpoint = set.dir() / entry.at("checkpoint").get<std::string>();
    auto& slot = cache[checkpoint.string() + "@" + set.device()];
    if (!slot) {
        const c10::Device device = nn::select_device(set.device());
        // The fixtures are IVID's float32 numbers: on a GPU, convolutions and matrix products must
        // not round their operands to TF32 (10-bit mantissas, which cuDNN allows by default).
        if (device.is_cuda()) {
            at::globalContext().setAllowTF32CuDNN(false);
            at::globalContext().setAllowTF32CuBLAS(false);
        }
        nn::ModelConfig config = nn::load_model_config(set.dir() / entry.at("config").get<std::string>());
        nn::AdmUnet unet = nn::load_adm_unet(config, checkpoint);
        unet.to(device);
        slot.reset(new FixtureModel{std::move(config), std::move(unet)});
    }
    return *slot;
}

}  // namespace

const FixtureModel& fixture_model(const FixtureSet& set, const std::string& name) {
    return load_once(set, set.manifest().at("models").at(name));
}

const FixtureModel& single_fixture_model(const FixtureSet& set) { return load_once(set, set.manifest().at("model")); }

}  // namespace ivid::fixture
