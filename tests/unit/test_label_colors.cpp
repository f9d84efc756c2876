// Label colours of the "which view won" map: black for no view, the analytic HSV values for the
// first labels, and enough contrast between every pair of the 27 views of IVID's 3x9 viewset.
#include <doctest/doctest.h>

#include <cstdlib>

#include "core/image/label_colors.hpp"

TEST_CASE("label 0 is red, label 1 is the golden-angle hue at value 0.75, no view is black") {
    CHECK(ivid::label_color(-1) == std::array<uint8_t, 3>{0, 0, 0});
    CHECK(ivid::label_color(0) == std::array<uint8_t, 3>{242, 0, 0});  // hue 0, value 0.95
    // hue 0.381966 turns = 2.2918 sectors: sector 2 (green to cyan), f = 0.2918
    CHECK(ivid::label_color(1) == std::array<uint8_t, 3>{0, 191, 56});
}

TEST_CASE("the 27 labels of a 3x9 viewset are pairwise distinguishable") {
    int smallest = 1 << 30;
    for (int a = 0; a < 27; ++a)
        for (int b = a + 1; b < 27; ++b) {
            const auto ca = ivid::label_color(a), cb = ivid::label_color(b);
            int distance = 0;
            for (int c = 0; c < 3; ++c) distance += std::abs(int(ca[c]) - int(cb[c]));
            smallest = std::min(smallest, distance);
        }
    MESSAGE("smallest L1 distance between two labels: " << smallest);
    CHECK(smallest >= 30);
}

TEST_CASE("colorize_labels colours each pixel by its label") {
    ivid::ImageT<int32_t> labels(3, 1, 1);
    labels.data = {2, -1, 0};
    const ivid::ImageU8 rgb = ivid::colorize_labels(labels);
    CHECK(rgb.channels == 3);
    CHECK(rgb.at(0, 0, 1) == ivid::label_color(2)[1]);
    CHECK(rgb.at(0, 1, 0) == 0);
    CHECK(rgb.at(0, 2, 0) == 242);
}
