// `ivid eval --stage sr` on IVID's SR fixture model (random weights, 16 -> 32): what the report
// holds, Lanczos as a sane baseline against exact views, and the crops picture.
#include "core/eval/superres_eval.hpp"
#include "core/image/image_io.hpp"
#include "core/nn/adm_config.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch headers: glog defines its own CHECK

using namespace ivid;
namespace fs = std::filesystem;

TEST_CASE("SR evaluation: Lanczos and each mode scored against the exact views, crops written") {
    const fs::path dir = fs::path(IVID_FIXTURES_DIR) / "ivid-sr" / "models";
    const pipeline::ModelFiles files{dir / "sr_rgbd.json", dir / "sr_rgbd.pt", {}};
    const pipeline::LoadedModel model =
        pipeline::load_model(files, nn::load_model_config(files.config), "super_resolution", c10::kCPU);
    test::TempDir tmp;
    eval::SuperResEvalSettings settings;
    settings.first_seed = 2;
    settings.last_seed = 2;
    settings.samples_per_pixel = 1;
    settings.upscale.sampler.steps = 2;
    settings.crops = tmp.path / "crops.png";
    int calls = 0;
    const eval::SuperResEvalReport r = eval::evaluate_superres(model, 16, settings, [&](int, int total) {
        ++calls;
        CHECK(total == 3);
    });
    CHECK(calls == 3);
    CHECK(r.scenes == 1);
    CHECK(r.views == 27);
    CHECK(r.base_size == 16);
    CHECK(r.size == 32);
    // Lanczos of an exact 16x16 view against the exact 32x32 one: close, but not equal (the
    // synthetic worlds have detail above 16x16's Nyquist rate).
    CHECK(r.lanczos.psnr > 18.0);
    CHECK(r.lanczos.psnr < 60.0);
    CHECK(r.lanczos.depth_abs_rel < 0.3);  // depth edges blur across the 2x gap
    CHECK(r.truth_consistency.pairs > 0);
    CHECK(r.truth_consistency.depth_abs_rel < r.lanczos_consistency.depth_abs_rel + 0.05);
    REQUIRE(r.modes.size() == 2);
    // A random-weight model's views are noise: far below Lanczos.
    for (const auto& m : r.modes) CHECK(m.scores.psnr < r.lanczos.psnr);
    const nlohmann::json j = r.to_json();
    CHECK(j.at("sr").contains("independent"));
    CHECK(j.at("sr").contains("consistent"));
    // Rows: truth, Lanczos, two modes (colour and depth each) of four views of 32 pixels.
    const ImageU8 crops = read_image_u8(settings.crops, 3);
    CHECK(crops.width == 4 * 32 + 3 * 2);
    CHECK(crops.height == 8 * 32 + 7 * 2);

    settings.last_seed = 1;
    CHECK(test::contains(test::message_of([&] { eval::evaluate_superres(model, 16, settings); }), "seeds"));
    settings.last_seed = 2;
    CHECK(test::contains(test::message_of([&] { eval::evaluate_superres(model, 12, settings); }), "12x12"));
}
