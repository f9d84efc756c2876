// fixture-check SET_DIR [--device NAME]: loads SET_DIR/manifest.json, runs each listed case with
// its params, prints figures and PASS/FAIL per case, exits 1 if any case fails (2 on unusable input).
#include <cstdio>
#include <fstream>
#include <map>

#include "core/image/npy.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "tests/fixture_check/fixture_check.hpp"

namespace ivid::fixture {
namespace {

// Several runners may check one case (e.g. the CPU and the GL renderer); all of them run.
std::map<std::string, std::vector<CaseRunner>>& registry() {
    static std::map<std::string, std::vector<CaseRunner>> runners;
    return runners;
}

glm::mat4 matrix_from_math_layout(const float* m) {
    glm::mat4 out;
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) out[c][r] = m[r * 4 + c];
    return out;
}

}  // namespace

CaseRegistration::CaseRegistration(const std::string& case_name, CaseRunner runner) {
    registry()[case_name].push_back(std::move(runner));
}

FixtureSet::FixtureSet(std::filesystem::path dir, std::string device) : dir_(std::move(dir)), device_(std::move(device)) {
    const auto path = dir_ / "manifest.json";
    try {
        manifest_ = nlohmann::json::parse(read_text_file(path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + ": invalid JSON: " + e.what());
    }
    if (manifest_.contains("cases")) {
        if (!manifest_["cases"].is_array())
            throw Error::at(path.string(), "cases", "an array", manifest_["cases"].type_name());
        for (const auto& c : manifest_["cases"])
            cases_.push_back({c.value("id", "?"), c.value("name", "?"),
                              c.value("params", nlohmann::json::object())});
        return;
    }
    // A set made for one framework (a top-level "model" block naming it, e.g. ivid-sr) prefixes its
    // kinds: "SuperResCFG/forward" is not the ivid-torch "forward" schema.
    std::string prefix;
    if (manifest_.contains("model") && manifest_["model"].is_object() && manifest_["model"].contains("framework"))
        prefix = manifest_["model"]["framework"].get<std::string>() + "/";
    const std::string suffix = "_cases";
    for (const auto& [key, list] : manifest_.items()) {
        if (key.size() <= suffix.size() || key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        if (!list.is_array()) throw Error::at(path.string(), key, "an array", list.type_name());
        const std::string kind = key.substr(0, key.size() - suffix.size());
        for (const auto& c : list) cases_.push_back({c.value("name", "?"), prefix + kind, c});
    }
    if (cases_.empty())
        throw Error::at(path.string(), "cases", "a \"cases\" array or \"<kind>_cases\" arrays", "neither");
}

bool FixtureSet::has(const std::string& name) const {
    return std::filesystem::exists(dir_ / (name + ".npy"));
}

NpyArray FixtureSet::array(const std::string& name) const { return load_npy(dir_ / (name + ".npy")); }

Image FixtureSet::image(const std::string& name) const { return npy_to_image(array(name), name); }

ImageU8 FixtureSet::image_u8(const std::string& name) const { return npy_to_image_u8(array(name), name); }

glm::mat4 FixtureSet::matrix(const std::string& name) const {
    auto a = array(name);
    if (a.size() != 16) throw Error::at(name, "shape", "4x4", std::to_string(a.size()) + " values");
    auto v = a.as_float();
    return matrix_from_math_layout(v.data());
}

std::vector<glm::mat4> FixtureSet::matrices(const std::string& name) const {
    auto a = array(name);
    if (a.shape.size() != 3 || a.shape[1] != 4 || a.shape[2] != 4)
        throw Error::at(name, "shape", "N x 4 x 4", "other");
    auto v = a.as_float();
    std::vector<glm::mat4> out;
    for (size_t i = 0; i < a.shape[0]; ++i) out.push_back(matrix_from_math_layout(v.data() + 16 * i));
    return out;
}

std::vector<Image> FixtureSet::images(const std::string& name) const {
    auto a = array(name);
    if (a.shape.size() != 4) throw Error::at(name, "shape", "N x H x W x C", "other");
    auto v = a.as_float();
    std::vector<Image> out;
    const size_t n = a.shape[1] * a.shape[2] * a.shape[3];
    for (size_t i = 0; i < a.shape[0]; ++i) {
        Image img(int(a.shape[2]), int(a.shape[1]), int(a.shape[3]));
        std::copy(v.begin() + i * n, v.begin() + (i + 1) * n, img.data.begin());
        out.push_back(std::move(img));
    }
    return out;
}

void Report::line(const std::string& what, const std::string& figure, bool pass) {
    std::printf("  %-58s %-34s %s\n", what.c_str(), figure.c_str(), pass ? "PASS" : "FAIL");
    ok_ = ok_ && pass;
}

void Report::at_most(const std::string& what, double value, double limit) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.3g (<= %.3g)", value, limit);
    line(what, buf, value <= limit);  // NaN fails
}

void Report::at_least(const std::string& what, double value, double limit) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.5f (>= %.5f)", value, limit);
    line(what, buf, value >= limit);
}

void Report::exact(const std::string& what, long long mismatches) {
    line(what, std::to_string(mismatches) + " differ (= 0)", mismatches == 0);
}

void Report::fail(const std::string& what) { line(what, "error", false); }

}  // namespace ivid::fixture

int main(int argc, char** argv) {
    using namespace ivid::fixture;
    const bool help = argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h");
    const bool with_device = argc == 4 && std::string(argv[2]) == "--device";
    if (help || (argc != 2 && !with_device)) {
        std::fprintf(stderr, "usage: fixture-check SET_DIR [--device cpu|cuda[:N]]\n"
                             "Runs every case of SET_DIR/manifest.json through IVID Studio's code,\n"
                             "prints error figures with PASS/FAIL, exits 1 if any case fails.\n"
                             "--device: where the U-Net and sampler cases compute (default cpu).\n");
        return help ? 0 : 2;
    }
    try {
        FixtureSet set(argv[1], with_device ? argv[3] : "cpu");
        bool all_ok = true;
        int count = 0;
        for (const auto& c : set.cases()) {
            const char* id = c.id.c_str();
            const char* runner = c.runner.c_str();
            std::printf("%s %s\n", id, runner);
            Report report;
            auto it = registry().find(c.runner);
            if (it == registry().end()) {
#ifdef IVID_FIXTURE_CHECK_ENGINE_ONLY  // tests/cuda builds the U-Net and sampler runners alone
                std::printf("%s %s: skipped (this engine-only build has no runner for it)\n\n", id, runner);
                continue;
#endif
                report.fail("no runner for case '" + c.runner + "'");
            } else {
                for (const CaseRunner& run : it->second) {
                    try {
                        run(set, c.params, report);
                    } catch (const std::exception& e) {
                        report.fail(std::string("exception: ") + e.what());
                    }
                }
            }
            std::printf("%s %s: %s\n\n", id, runner, report.ok() ? "PASS" : "FAIL");
            all_ok = all_ok && report.ok();
            ++count;
        }
        std::printf("%d cases: %s\n", count, all_ok ? "PASS" : "FAIL");
        return all_ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fixture-check: %s\n", e.what());
        return 2;
    }
}
