// The meshing tolerances a scene is viewed with: what its provenance recorded, else IVID's
// render.py defaults, and recorded values that are out of range named.
#include <doctest/doctest.h>

#include "core/scene/scene_meshing.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using test::contains;
using test::message_of;

TEST_CASE("meshing tolerances: the scene's recorded aggregation, else IVID's defaults") {
    Scene scene;
    const MeshingTolerances ivid = meshing_from_provenance(scene);
    CHECK(ivid.atol == 0.03f);
    CHECK(ivid.rtol == 0.03f);
    CHECK(ivid.erode_rgb == 3);
    CHECK(meshing_source(scene) == "IVID's defaults");

    // What `ivid generate` records (the default pack generates with 0.5 / 0.5 / 2).
    scene.provenance.extra = {{"aggregation", {{"atol", 0.5}, {"rtol", 0.25}, {"erode_rgb", 2}, {"ssaa", 3}}}};
    const MeshingTolerances recorded = meshing_from_provenance(scene);
    CHECK(recorded.atol == 0.5f);
    CHECK(recorded.rtol == 0.25f);
    CHECK(recorded.erode_rgb == 2);
    CHECK(meshing_source(scene) == "the scene's provenance");
    CHECK(to_json(recorded) == nlohmann::json{{"atol", 0.5}, {"rtol", 0.25}, {"erode_rgb", 2}});

    // Keys left out keep IVID's values.
    scene.provenance.extra = {{"aggregation", {{"rtol", 0.1}}}};
    CHECK(meshing_from_provenance(scene).atol == 0.03f);
    CHECK(meshing_from_provenance(scene).rtol == doctest::Approx(0.1));
}

TEST_CASE("meshing tolerances out of range are errors naming the key") {
    Scene scene;
    scene.provenance.extra = {{"aggregation", {{"atol", -1.0}}}};
    CHECK(contains(message_of([&] { meshing_from_provenance(scene); }), "atol: expected a number >= 0"));
    scene.provenance.extra = {{"aggregation", {{"rtol", "wide"}}}};
    CHECK(contains(message_of([&] { meshing_from_provenance(scene); }), "rtol: expected a number"));
    scene.provenance.extra = {{"aggregation", {{"erode_rgb", 40}}}};
    CHECK(contains(message_of([&] { meshing_from_provenance(scene); }), "erode_rgb: expected 1..16, found 40"));
    scene.provenance.extra = {{"aggregation", {{"erode_rgb", 2.5}}}};
    CHECK(contains(message_of([&] { meshing_from_provenance(scene); }), "erode_rgb: expected an integer"));
    MeshingTolerances t;
    t.atol = std::numeric_limits<float>::quiet_NaN();
    CHECK(contains(message_of([&] { validate(t, "--atol"); }), "--atol: atol"));
}
