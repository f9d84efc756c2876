// Image comparisons with the tolerances.
#include <cmath>

#include "tests/fixture_check/fixture_check.hpp"

namespace ivid::fixture {

namespace {
bool same_size(const Image& a, const Image& b) {
    return a.width == b.width && a.height == b.height && a.channels == b.channels;
}
bool valid_at(const Image& mask, size_t p) { return mask.empty() || mask.data[p] > 0.5f; }
}  // namespace

void compare_render(Report& report, const std::string& label,
                    const Image& ref_color, const Image& our_color,
                    const Image& ref_depth, const Image& our_depth,
                    const Image& ref_mask, const Image& our_mask,
                    const ImageTolerance& tol) {
    if (!ref_mask.empty()) {
        if (!same_size(ref_mask, our_mask)) { report.fail(label + " mask size"); return; }
        size_t agree = 0;
        for (size_t p = 0; p < ref_mask.data.size(); ++p)
            agree += (ref_mask.data[p] > 0.5f) == (our_mask.data[p] > 0.5f);
        report.at_least(label + " mask agreement", double(agree) / ref_mask.data.size(), tol.mask_agreement);
    }
    if (!ref_color.empty()) {
        if (!same_size(ref_color, our_color)) { report.fail(label + " colour size"); return; }
        double sum = 0;
        size_t n = 0;
        for (size_t p = 0; p < ref_color.pixel_count(); ++p) {
            if (!valid_at(ref_mask, p) || !valid_at(our_mask, p)) continue;
            for (int c = 0; c < ref_color.channels; ++c) {
                size_t i = p * ref_color.channels + c;
                sum += std::fabs(double(ref_color.data[i]) - our_color.data[i]);
                ++n;
            }
        }
        report.at_most(label + " colour mean abs error", n ? sum / n : 0.0, tol.color_mae);
    }
    if (!ref_depth.empty()) {
        if (!same_size(ref_depth, our_depth)) { report.fail(label + " depth size"); return; }
        double sum = 0;
        size_t n = 0;
        for (size_t p = 0; p < ref_depth.pixel_count(); ++p) {
            if (!valid_at(ref_mask, p) || !valid_at(our_mask, p)) continue;
            double r = ref_depth.data[p], o = our_depth.data[p];
            sum += std::fabs(r - o) / std::max(std::fabs(r), 1e-6);
            ++n;
        }
        report.at_most(label + " depth mean rel error", n ? sum / n : 0.0, tol.depth_rel);
    }
}

long long count_differences(const ImageU8& a, const ImageU8& b) {
    if (a.width != b.width || a.height != b.height || a.channels != b.channels)
        return static_cast<long long>(std::max(a.data.size(), b.data.size()));
    long long n = 0;
    for (size_t i = 0; i < a.data.size(); ++i) n += a.data[i] != b.data[i];
    return n;
}

}  // namespace ivid::fixture
