#include "tests/gl/super_resolution_pack.hpp"

#include <string>

#include "core/nn/adm_config.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/nn/checkpoint_writer.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/json_fields.hpp"

namespace fs = std::filesystem;

namespace ivid::test {

fs::path write_super_resolution_pack(const fs::path& dir, int sr_image_size, const nlohmann::json& defaults) {
    const fs::path fixtures(IVID_FIXTURES_DIR);
    const fs::path torch_models = fixtures / "ivid-torch" / "models";
    fs::create_directories(dir);
    nlohmann::json config = parse_json_file(fixtures / "ivid-sr" / "models" / "sr_rgbd.json");
    config["backbone"]["args"]["image_size"] = sr_image_size;
    config["backbone"]["args"]["num_classes"] = nullptr;
    config["backbone"]["args"]["has_null_class"] = false;
    write_text_atomically(dir / "sr.json", config.dump(2));
    nn::AdmUnet net(nn::parse_model_config(config, (dir / "sr.json").string()).backbone);
    net.initialize_for_training(5);
    nn::write_checkpoint(net.state_dict(), dir / "sr.pt");

    const auto model = [&](const fs::path& config_file, const fs::path& checkpoint) {
        return nlohmann::json{{"config", fs::relative(config_file, dir).string()},
                              {"checkpoint", fs::relative(checkpoint, dir).string()}};
    };
    const nlohmann::json pack = {
        {"version", 1},
        {"name", "fixture with super-resolution"},
        {"unconditional", model(torch_models / "uncond_rgbd.json", torch_models / "uncond_rgbd.pt")},
        {"conditional", model(torch_models / "cond_rgbd.json", torch_models / "cond_rgbd.pt")},
        {"super_resolution", {{"config", "sr.json"}, {"checkpoint", "sr.pt"}}},
        {"defaults", defaults}};
    write_text_atomically(dir / "pack.json", pack.dump(2));
    return dir;
}

}  // namespace ivid::test
