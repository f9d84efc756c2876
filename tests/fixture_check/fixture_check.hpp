// fixture-check: runs every case of a fixture set (manifest.json + .npy files) through our
// code with the case's own parameters and reports error figures with PASS/FAIL.
// Case runners live in cases_*.cpp and register themselves by the manifest's case "name" (sets
// with one "cases" list) or by the case kind (sets with "<kind>_cases" lists, e.g. "forward"),
// prefixed by the framework for sets of one framework's model ("SuperResCFG/forward").
// A case may have several runners (cases_gl_*.cpp add GL checks, built with the GUI only).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

#include "core/image/image.hpp"
#include "core/image/npy.hpp"

namespace ivid::fixture {

// One case of a set. Two manifest schemas exist: {"cases": [{id, name, params}]} (runner = name)
// and {"<kind>_cases": [{name, ...}], ...} (runner = kind, or "<model.framework>/kind" when the
// manifest has one top-level "model" block; id = name, params = the case object).
struct FixtureCase {
    std::string id, runner;
    nlohmann::json params;
};

class FixtureSet {
public:
    // `device`: where the U-Net and sampler cases compute ("cpu", "cuda", "cuda:N"); the other
    // cases run on the CPU whatever it says.
    explicit FixtureSet(std::filesystem::path dir, std::string device = "cpu");
    const nlohmann::json& manifest() const { return manifest_; }
    const std::string& device() const { return device_; }
    const std::vector<FixtureCase>& cases() const { return cases_; }
    const std::filesystem::path& dir() const { return dir_; }
    bool has(const std::string& name) const;          // name without ".npy"
    NpyArray array(const std::string& name) const;
    Image image(const std::string& name) const;       // (H,W) or (H,W,C), any dtype -> float
    ImageU8 image_u8(const std::string& name) const;  // uint8 arrays only
    glm::mat4 matrix(const std::string& name) const;  // 4x4 stored in math layout
    std::vector<glm::mat4> matrices(const std::string& name) const;  // N x 4 x 4
    std::vector<Image> images(const std::string& name) const;        // N x H x W x C

private:
    std::filesystem::path dir_;
    std::string device_;
    nlohmann::json manifest_;
    std::vector<FixtureCase> cases_;
};

// Collects figures; a figure passes when value <= limit (or >= limit for "at least" figures).
class Report {
public:
    void at_most(const std::string& what, double value, double limit);
    void at_least(const std::string& what, double value, double limit);
    void exact(const std::string& what, long long mismatches);  // passes when 0
    void fail(const std::string& what);
    bool ok() const { return ok_; }

private:
    void line(const std::string& what, const std::string& figure, bool pass);
    bool ok_ = true;
};

// The image tolerances: masks agree on >= 99% of pixels, colour mean abs error <= 0.01,
// depth mean relative error <= 0.002 over pixels valid in both. Any of the images may be empty
// (not compared). Masks are > 0.5 tests on float images.
struct ImageTolerance {
    double mask_agreement = 0.99;
    double color_mae = 0.01;
    double depth_rel = 0.002;
};
void compare_render(Report& report, const std::string& label,
                    const Image& ref_color, const Image& our_color,
                    const Image& ref_depth, const Image& our_depth,
                    const Image& ref_mask, const Image& our_mask,
                    const ImageTolerance& tol = {});
// Number of differing values of two 8-bit images (sizes must match, else all count).
long long count_differences(const ImageU8& a, const ImageU8& b);

using CaseRunner = std::function<void(const FixtureSet&, const nlohmann::json& params, Report&)>;
struct CaseRegistration {
    CaseRegistration(const std::string& case_name, CaseRunner runner);
};

}  // namespace ivid::fixture
