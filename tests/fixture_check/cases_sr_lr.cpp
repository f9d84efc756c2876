// fixture-check runner for ivid-sr's "lr" cases (SRDataset.process_file): the case's PNG and
// MiDaS .npz are laid out as an IVID dataset folder and loaded through RgbdDataset and
// load_sr_sample, as training loads them; the low-res condition is blurred with the case's sigma.
// x_0 and y (CHW, or NCHW with N = 1) are compared after IVID's *2-1: colour within 1/255 + 1e-6
// (the 8-bit rounding of the blur), depth exactly.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/dataset/rgbd_dataset.hpp"
#include "core/dataset/sr_low_res.hpp"
#include "core/util/error.hpp"
#include "tests/fixture_check/fixture_check.hpp"
#include "tests/test_support.hpp"

namespace ivid::fixture {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kColourTolerance = 1.0 / 255.0 + 1e-6;

struct Difference {
    double colour_max = 0.0;     // largest |ours - ref| over the colour channels
    long long depth_differ = 0;  // depth values not equal
};

// ours is H x W x 4; ref is (4, H, W) or (1, 4, H, W). A shape mismatch is an Error.
Difference compare_chw(const Image& ours, const NpyArray& ref, const std::string& what) {
    std::vector<size_t> shape = ref.shape;
    if (shape.size() == 4 && shape[0] == 1) shape.erase(shape.begin());
    const std::string expected = "(4, " + std::to_string(ours.height) + ", " + std::to_string(ours.width) + ")";
    if (shape != std::vector<size_t>{4, size_t(ours.height), size_t(ours.width)}) {
        std::string found;
        for (size_t s : ref.shape) found += (found.empty() ? "(" : ", ") + std::to_string(s);
        throw Error::at(what, "shape", expected, found + ")");
    }
    const std::vector<float> values = ref.as_float();
    Difference d;
    for (int ch = 0; ch < 4; ++ch)
        for (int r = 0; r < ours.height; ++r)
            for (int c = 0; c < ours.width; ++c) {
                const float ref_value = values[(size_t(ch) * ours.height + r) * ours.width + c];
                const float our_value = ours.at(r, c, ch);
                if (ch < 3) d.colour_max = std::max(d.colour_max, std::fabs(double(our_value) - double(ref_value)));
                else d.depth_differ += our_value != ref_value;
            }
    return d;
}

// IVID's normalize / normalize_depth: x * 2 - 1 in float32.
Image normalized(Image rgbd, bool colour, bool depth) {
    for (size_t i = 0; i < rgbd.data.size(); ++i) {
        const bool is_depth = i % 4 == 3;
        if (is_depth ? depth : colour) rgbd.data[i] = rgbd.data[i] * 2.0f - 1.0f;
    }
    return rgbd;
}

void report_difference(Report& report, const std::string& name, const Difference& d) {
    report.at_most(name + " colour max |ours-ref|", d.colour_max, kColourTolerance);
    report.exact(name + " depth values", d.depth_differ);
}

void run_lr(const FixtureSet& set, const json& c, Report& report) {
    const std::string prepocess = c.value("prepocess_depth", "z_buffer");
    if (prepocess != "z_buffer")
        throw Error::at("manifest.json", c.value("name", "?") + ".prepocess_depth", "\"z_buffer\"", "\"" + prepocess + "\"");

    // IVID's layout: images/NAME.png with depths/NAME.npz (MiDaS disparity).
    const test::TempDir root;
    fs::create_directories(root.path / "images");
    fs::create_directories(root.path / "depths");
    fs::copy_file(set.dir() / c.at("image").get<std::string>(), root.path / "images" / "case.png");
    fs::copy_file(set.dir() / c.at("depth_npz").get<std::string>(), root.path / "depths" / "case.npz");
    const dataset::RgbdDataset data(root.path);

    const dataset::DepthEncoding encoding{c.at("near").get<float>(), c.at("far").get<float>()};
    const dataset::SrSample sample = dataset::load_sr_sample(data, 0, c.at("image_size").get<int>(),
                                                             c.at("image_size_lr").get<int>(), encoding);
    const Image y = dataset::low_res_condition(sample.low_res_colour, sample.low_res_depth,
                                               c.at("blur_sigma").get<double>());

    const bool colour = c.value("normalize", false), depth = c.value("normalize_depth", false);
    for (const auto& [name, ours] : {std::pair<std::string, const Image&>{"x_0", sample.high_res.rgbd}, {"y", y}}) {
        const std::string file = c.at(name).get<std::string>();
        report_difference(report, name, compare_chw(normalized(ours, colour, depth), load_npy(set.dir() / file), file));
    }
}

const CaseRegistration lr_cases("SuperResCFG/lr", run_lr);

}  // namespace
}  // namespace ivid::fixture
