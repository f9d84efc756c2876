// A model pack with a super-resolution model for the studio's generation tests: the 32 x 32
// fixture pair (tests/fixtures/ivid-torch/models) and IVID's SR fixture network
// (tests/fixtures/ivid-sr/models/sr_rgbd.json) at another image size, without classes, with
// random weights. Kept out of the test files so that they need no LibTorch headers.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

namespace ivid::test {

// Writes DIR/pack.json, DIR/sr.json and DIR/sr.pt (weights drawn from a fixed seed, so every
// call gives the same file). `defaults` becomes the pack's "defaults".
std::filesystem::path write_super_resolution_pack(const std::filesystem::path& dir, int sr_image_size,
                                                  const nlohmann::json& defaults);

}  // namespace ivid::test
