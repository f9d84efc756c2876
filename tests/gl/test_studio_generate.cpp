// Generation in the studio, on the fixture models (32 x 32, random weights, 10 classes, 2
// sampler steps): the Generate panel's session streams every finished view (with condition
// buffers from view 1 on) and a preview, then the whole scene; Cancel ends it with nothing
// written; bad packs, viewsets and classes are Errors naming what is wrong. As a program:
// `ivid-studio --generate` shows and saves a generated scene, and a bad pack is a message on
// stderr, not a crash. Also times the viewer's rebuild for a 27-view 64 x 64 scene (what each
// finished view costs while streaming). With a pack that has a super-resolution model (64 x 64,
// random weights): the panel's settings adopt its SR suggestions, the session's progress counts
// and names the SR stage, the scene arrives upsampled with its base views, switching SR off gives
// a base scene, an SR model that does not fit is a Failed message; as a program the upsampled
// scene is saved and the Inspector shows base and upsampled views side by side.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"
#include "gui/generate/generation_session.hpp"
#include "gui/state/studio_settings.hpp"
#include "render/fusion_renderer.hpp"
#include "render/headless_context.hpp"
#include "tests/gl/studio_process.hpp"
#include "tests/gl/super_resolution_pack.hpp"
#include "tests/gl/synthetic_scene.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using ivid::GenerationSession;
using ivid::test::contains;
using ivid::test::message_of;
using ivid::test::quoted;

namespace {

const fs::path kWorkDir = fs::path(IVID_BINARY_DIR) / "test-studio-generate";
const fs::path kModels = fs::path(IVID_FIXTURES_DIR) / "ivid-torch" / "models";

// A pack of the fixture models (paths relative to the pack, as packs write them).
fs::path fixture_pack() {
    const fs::path dir = kWorkDir / "pack";
    fs::create_directories(dir);
    const auto model = [&](const std::string& name) {
        return nlohmann::json{{"config", fs::relative(kModels / (name + ".json"), dir).string()},
                              {"checkpoint", fs::relative(kModels / (name + ".pt"), dir).string()}};
    };
    const nlohmann::json pack = {{"version", 1},
                                 {"name", "fixture"},
                                 {"unconditional", model("uncond_rgbd")},
                                 {"conditional", model("cond_rgbd")},
                                 {"defaults", {{"viewset", "ring:3"}}}};
    ivid::write_text_atomically(dir / "pack.json", pack.dump(2));
    return dir;
}

ivid::GenerateSettings fast_settings(const std::string& viewset) {
    ivid::GenerateSettings settings;
    settings.source = ivid::ModelSourceKind::PackFolder;
    settings.pack_dir = fixture_pack();
    settings.seed = 3;
    settings.viewset = viewset;
    settings.unconditional = {"ddim", 2, 3.0f};
    settings.conditional = {"ddim", 2, 3.0f};
    return settings;
}

// Polls like the studio's frame loop until the job ends (or a minute passes); counts the polls
// that brought another view.
struct Run {
    std::optional<ivid::pipeline::GenerationEvent> terminal;
    int view_updates = 0;
    std::vector<size_t> views_seen;
    bool preview = false;
    std::vector<ivid::GenerationProgress> super_resolution;  // progress seen in the SR stage
    int64_t steps_done_before_sr = -1;                        // steps counted when it began
};

Run poll_until_done(GenerationSession& session, int cancel_after_views = -1) {
    Run run;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (!run.terminal && std::chrono::steady_clock::now() < deadline) {
        GenerationSession::Update update = session.poll();
        if (update.views_changed) {
            ++run.view_updates;
            run.views_seen.push_back(session.scene().views.size());
        }
        run.preview = run.preview || update.preview_changed;
        const ivid::GenerationProgress& progress = session.progress();
        if (progress.super_resolution) {
            if (run.super_resolution.empty()) run.steps_done_before_sr = progress.steps_done;
            run.super_resolution.push_back(progress);
        }
        if (cancel_after_views >= 0 && int(session.scene().views.size()) >= cancel_after_views) session.cancel();
        run.terminal = update.terminal;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return run;
}

}  // namespace

TEST_CASE("the panel's models: a pack's image size and classes; bad packs are errors naming them") {
    const ivid::ResolvedModels models = ivid::resolve_models(fast_settings("ring:3"));
    CHECK(models.sources.name == "fixture");
    CHECK(models.image_size == 32);
    REQUIRE(models.num_classes);
    CHECK(*models.num_classes == 10);

    ivid::GenerateSettings bad = fast_settings("ring:3");
    bad.pack_dir = kWorkDir / "no-such-pack";
    CHECK(contains(message_of([&] { ivid::resolve_models(bad); }), "no-such-pack/pack.json"));
    bad.pack_dir.clear();
    CHECK(contains(message_of([&] { ivid::resolve_models(bad); }), "pack folder: expected a file, found an empty field"));
    bad.source = ivid::ModelSourceKind::Files;
    CHECK(contains(message_of([&] { ivid::resolve_models(bad); }), "unconditional config"));
    if (!fs::exists(fs::path(IVID_FIXTURES_DIR) / "../../assets/models/default/pack.json")) {
        bad.source = ivid::ModelSourceKind::DefaultPack;
        CHECK(contains(message_of([&] { ivid::resolve_models(bad); }), "models/default/pack.json"));
    }

    ivid::GenerateSettings settings = fast_settings("ring:0");
    CHECK(contains(message_of([&] { ivid::generation_request(settings, models); }), "ring:0"));
    settings.viewset = "ring:3";
    settings.class_id = 12;
    CHECK(contains(message_of([&] { ivid::generation_request(settings, models); }), "0..9"));
    settings.class_id = 1;
    settings.conditional.sampler = "euler";
    CHECK(contains(message_of([&] { ivid::generation_request(settings, models); }), "euler"));
}

TEST_CASE("a session streams each finished view and a preview, then the whole scene") {
    const ivid::GenerateSettings settings = fast_settings("ring:3");
    const ivid::ResolvedModels models = ivid::resolve_models(settings);
    GenerationSession session;
    session.start(ivid::generation_request(settings, models));
    CHECK(session.running());
    const Run run = poll_until_done(session);
    REQUIRE(run.terminal);
    REQUIRE_MESSAGE(run.terminal->kind == ivid::pipeline::GenerationEventKind::Done, run.terminal->message);
    CHECK_FALSE(session.running());
    CHECK(session.complete());
    CHECK(run.preview);
    CHECK(session.preview().width == 32);
    CHECK(session.preview().channels == 3);
    // Views arrive one by one (a poll may bring two if the frame loop is slow), then Done.
    REQUIRE(run.views_seen.size() >= 2);
    CHECK(run.views_seen.front() == 1);
    CHECK(run.views_seen.back() == 3);
    const ivid::Scene scene = session.scene();  // a copy: the subcases start the session again
    REQUIRE(scene.views.size() == 3);
    CHECK(scene.image_size == 32);
    CHECK_FALSE(scene.views[0].condition);
    CHECK(scene.views[1].condition);
    CHECK(scene.views[2].condition);
    CHECK(scene.provenance.seed == 3u);
    CHECK(session.progress().fraction == doctest::Approx(1.0));

    SUBCASE("a second run with the same models is identical (networks reused)") {
        session.start(ivid::generation_request(settings, models));
        const Run second = poll_until_done(session);
        REQUIRE(second.terminal);
        REQUIRE(second.terminal->kind == ivid::pipeline::GenerationEventKind::Done);
        CHECK(session.scene().views[2].color.data == scene.views[2].color.data);
    }
}

std::vector<fs::path> entries_of(const fs::path& dir) {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(dir)) entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    return entries;
}

TEST_CASE("Cancel ends the job within a step with nothing kept or written") {
    const ivid::GenerateSettings settings = fast_settings("3x9");
    const std::vector<fs::path> before = entries_of(fs::current_path());
    GenerationSession session;
    session.start(ivid::generation_request(settings, ivid::resolve_models(settings)));
    const auto start = std::chrono::steady_clock::now();
    const Run run = poll_until_done(session, 1);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(run.terminal);
    CHECK(run.terminal->kind == ivid::pipeline::GenerationEventKind::Cancelled);
    // Not complete: the panel's Save stays disabled for the views that were made.
    CHECK_FALSE(session.complete());
    CHECK(session.scene().views.size() < 27);
    MESSAGE("cancelled after " << session.scene().views.size() << " of 27 views, " << seconds << " s");
    // The panel's requests keep scenes in memory: no folder appeared where the studio runs.
    CHECK(entries_of(fs::current_path()) == before);
}

// Rebuilding is what the studio does as each generated view arrives. Its time is a figure of `ivid
// bench render` (scene_upload_ms), not an assertion: a timed check fails on a loaded machine or
// under a sanitizer (1.5 s under ASan with the cores shared) without anything being wrong.
TEST_CASE("rebuilding the viewer's scene for 27 views of 64 x 64 keeps every view") {
    ivid::HeadlessContext context;
    ivid::FusionRenderer renderer;
    const ivid::Scene base = ivid::test::make_synthetic_scene(64);
    ivid::Scene scene = base;
    while (scene.views.size() < 27) scene.views.push_back(base.views[scene.views.size() % base.views.size()]);
    renderer.set_scene(scene);  // warm-up (shader caches, allocations)
    const auto start = std::chrono::steady_clock::now();
    constexpr int kRepeats = 5;
    for (int i = 0; i < kRepeats; ++i) renderer.set_scene(scene);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / kRepeats;
    MESSAGE("FusionRenderer::set_scene, 27 views of 64 x 64: " << ms << " ms");
    CHECK(renderer.view_count() == 27);
    scene.views.resize(5);  // and a smaller scene after it replaces it entirely
    renderer.set_scene(scene);
    CHECK(renderer.view_count() == 5);
}

TEST_CASE("a pack's sampler suggestions are adopted once per pack; later edits are kept") {
    // A sibling of the fixture pack (same relative model paths) that suggests its own settings.
    const fs::path dir = kWorkDir / "pack-suggests";
    fs::create_directories(dir);
    nlohmann::json pack = nlohmann::json::parse(ivid::read_text_file(fixture_pack() / "pack.json"));
    pack["defaults"] = {{"viewset", "ring:4"},
                        {"conditional", {{"sampler", "ddim"}, {"steps", 7}, {"clip_denoised", true}, {"eta", 1.0}}}};
    ivid::write_text_atomically(dir / "pack.json", pack.dump(2));

    ivid::GenerateSettings settings;  // fresh: IVID's defaults, adopted from no pack
    settings.source = ivid::ModelSourceKind::PackFolder;
    settings.pack_dir = dir;
    const ivid::ResolvedModels models = ivid::resolve_models(settings);
    CHECK(ivid::adopt_pack_suggestions(settings, models));
    CHECK(settings.viewset == "ring:4");
    CHECK(settings.conditional.sampler == "ddim");
    CHECK(settings.conditional.eta == 1.0f);
    CHECK(settings.conditional.steps == 7);
    CHECK(settings.conditional.clip_denoised);
    CHECK(settings.unconditional.sampler == "ddpm");  // not suggested: IVID's default
    CHECK_FALSE(settings.unconditional.clip_denoised);

    settings.conditional.steps = 30;  // the user's edit survives re-reading the same pack...
    CHECK_FALSE(ivid::adopt_pack_suggestions(settings, models));
    CHECK(settings.conditional.steps == 30);
    ivid::GenerateSettings reloaded;
    ivid::read_generate_settings(ivid::JsonAt(ivid::generate_settings_to_json(settings), "s.json"), reloaded);
    CHECK(reloaded.sampler_source == settings.sampler_source);  // ...and a restart

    ivid::ResolvedModels renamed = models;  // a newly shipped pack brings its own suggestions
    renamed.pack->models.name = "fixture v2";
    CHECK(ivid::adopt_pack_suggestions(settings, renamed));
    CHECK(settings.conditional.steps == 7);
    ivid::GenerateSettings files = settings;  // models given file by file suggest nothing
    files.source = ivid::ModelSourceKind::Files;
    CHECK_FALSE(ivid::adopt_pack_suggestions(files, ivid::ResolvedModels{}));
}

TEST_CASE("ivid-studio --generate shows and saves a generated scene; a bad pack is a message, not a crash") {
    ivid::test::use_config_home(kWorkDir / "config");
    const fs::path pack = fixture_pack();
    const fs::path saved = kWorkDir / "saved-scene";
    fs::remove_all(saved);
    const fs::path png = kWorkDir / "generated.png";
    fs::remove(png);
    const std::string fast = " --generate --seed 5 --steps 2 --viewset ring:3 --frames 3";
    REQUIRE(ivid::test::run_studio("--screenshot " + quoted(png) + " --pack " + quoted(pack) + fast + " --save " +
                                       quoted(saved),
                                   kWorkDir / "generated.err") == 0);
    CHECK(ivid::read_text_file(kWorkDir / "generated.err").empty());
    const ivid::Scene scene = ivid::load_scene(saved);
    CHECK(scene.views.size() == 3);
    CHECK(scene.views[2].condition);
    CHECK(scene.provenance.seed == 5u);
    // --steps wins over the pack's suggestions, which the panel adopts when it reads the pack.
    CHECK(scene.provenance.sampler["conditional"]["steps"] == 2);
    CHECK(ivid::test::distinct_colors(ivid::read_image_u8(png, 3)) > 20);

    // Saving over an existing folder is refused (the panel asks first), the folder kept.
    REQUIRE(ivid::test::run_studio("--exit --pack " + quoted(pack) + fast + " --save " + quoted(saved),
                                   kWorkDir / "exists.err") == 1);
    CHECK(contains(ivid::read_text_file(kWorkDir / "exists.err"), "already exists"));
    CHECK(ivid::load_scene(saved).provenance.seed == 5u);

    const fs::path bad_pack = kWorkDir / "bad-pack";
    fs::create_directories(bad_pack);
    ivid::write_text_atomically(bad_pack / "pack.json", "{\"version\": 1, \"name\": 3}");
    const fs::path nowhere = kWorkDir / "never-written";
    REQUIRE(ivid::test::run_studio("--exit --pack " + quoted(bad_pack) + fast + " --save " + quoted(nowhere),
                                   kWorkDir / "bad-pack.err") == 1);
    const std::string bad_err = ivid::read_text_file(kWorkDir / "bad-pack.err");
    CHECK(contains(bad_err, "Cannot generate"));
    CHECK(contains(bad_err, "bad-pack/pack.json"));
    CHECK_FALSE(fs::exists(nowhere));

    CHECK(ivid::test::run_studio("--seed 3", kWorkDir / "usage.err") == 2);
    CHECK(contains(ivid::read_text_file(kWorkDir / "usage.err"), "--seed needs --generate"));
}

namespace {

// The fixture pair with an SR model of `sr_size` whose pack suggests 2 DDIM steps for it.
fs::path super_resolution_pack(const std::string& name, int sr_size) {
    return ivid::test::write_super_resolution_pack(
        kWorkDir / name, sr_size, {{"viewset", "ring:3"}, {"super_resolution", {{"sampler", "ddim"}, {"steps", 2}}}});
}

ivid::GenerateSettings settings_for(const fs::path& pack) {
    ivid::GenerateSettings settings;  // fresh: IVID's defaults, adopted from no pack
    settings.source = ivid::ModelSourceKind::PackFolder;
    settings.pack_dir = pack;
    settings.seed = 3;
    return settings;
}

}  // namespace

TEST_CASE("a pack with a super-resolution model: the panel adopts its SR settings, the request runs the stage") {
    const fs::path pack = super_resolution_pack("pack-sr", 64);
    ivid::GenerateSettings settings = settings_for(pack);
    settings.super_resolution = false;  // switched off for another pack before
    const ivid::ResolvedModels models = ivid::resolve_models(settings);
    REQUIRE(models.sources.super_resolution);
    CHECK(models.image_size == 32);
    CHECK(models.super_resolution_size == 64);
    CHECK(models.super_resolution_problem.empty());
    CHECK(ivid::adopt_pack_suggestions(settings, models));
    CHECK(settings.super_resolution);  // on: the pack has an SR model
    CHECK(settings.super_resolution_sampler.sampler == "ddim");
    CHECK(settings.super_resolution_sampler.steps == 2);
    CHECK(settings.viewset == "ring:3");

    ivid::pipeline::GenerationRequest request = ivid::generation_request(settings, models);
    REQUIRE(request.models.super_resolution);
    CHECK(request.models.super_resolution->config == pack / "sr.json");
    CHECK(request.super_resolution.sampler.steps == 2);
    CHECK(request.super_resolution.mode == ivid::pipeline::UpscaleMode::Independent);
    CHECK(request.super_resolution.sampler.start_strength == 1.0);  // IVID's start unless changed
    settings.super_resolution_sampler.start_strength = 0.3f;
    CHECK(ivid::generation_request(settings, models).super_resolution.sampler.start_strength == doctest::Approx(0.3));
    settings.super_resolution_sampler.start_strength = 1.0f;
    settings.super_resolution_mode = "consistent";
    CHECK(ivid::generation_request(settings, models).super_resolution.mode == ivid::pipeline::UpscaleMode::Consistent);
    settings.super_resolution_mode = "sharp";  // only a hand-edited settings file could say so
    CHECK(contains(message_of([&] { ivid::generation_request(settings, models); }), "\"sharp\""));
    settings.super_resolution_mode = "independent";
    settings.super_resolution = false;
    CHECK_FALSE(ivid::generation_request(settings, models).models.super_resolution);

    // A pack without an SR model leaves the stage out whatever the settings say.
    settings.super_resolution = true;
    const ivid::ResolvedModels plain = ivid::resolve_models(fast_settings("ring:3"));
    CHECK_FALSE(plain.sources.super_resolution);
    CHECK(plain.super_resolution_size == 0);
    CHECK_FALSE(ivid::generation_request(settings, plain).models.super_resolution);
}

TEST_CASE("a session with the super-resolution stage: progress names it, the scene arrives upsampled") {
    const fs::path pack = super_resolution_pack("pack-sr", 64);
    ivid::GenerateSettings settings = settings_for(pack);
    const ivid::ResolvedModels models = ivid::resolve_models(settings);
    ivid::adopt_pack_suggestions(settings, models);
    settings.unconditional = {"ddim", 2, 3.0f};
    settings.conditional = {"ddim", 2, 3.0f};
    GenerationSession session;
    session.start(ivid::generation_request(settings, models));
    // Both stages' steps: 2 + 2 x 2 base steps, then one batch of 3 views x 2 SR steps.
    CHECK(session.progress().steps_total == 8);
    CHECK(session.progress().super_resolution_steps == 2);
    const Run run = poll_until_done(session);
    REQUIRE(run.terminal);
    REQUIRE_MESSAGE(run.terminal->kind == ivid::pipeline::GenerationEventKind::Done, run.terminal->message);
    REQUIRE_FALSE(run.super_resolution.empty());
    CHECK(run.steps_done_before_sr == 6);
    for (const ivid::GenerationProgress& p : run.super_resolution) {
        CHECK(p.seed == 3u);
        CHECK(p.view == 0);       // the three views in one batch...
        CHECK(p.last_view == 2);  // ...of four
        CHECK(p.views == 3);
        CHECK(p.steps == 2);
    }
    CHECK(session.progress().steps_done == 8);
    CHECK(session.progress().fraction == doctest::Approx(1.0));
    const ivid::Scene scene = session.scene();  // a copy: the subcases start the session again
    CHECK(session.complete());
    CHECK(scene.image_size == 64);
    CHECK(scene.base_image_size == 32);
    REQUIRE(scene.views.size() == 3);
    for (const ivid::View& view : scene.views) {
        CHECK(view.color.width == 64);
        CHECK(view.depth.width == 64);
        REQUIRE(view.base);
        CHECK(view.base->color.width == 32);
        CHECK(view.base->depth.width == 32);
    }
    CHECK(scene.views[1].condition->color.width == 32);  // conditions stay at the base size
    CHECK(scene.provenance.models.size() == 3);

    SUBCASE("switched off, the same session loads the networks without the SR model") {
        settings.super_resolution = false;
        session.start(ivid::generation_request(settings, models));
        CHECK(session.progress().super_resolution_steps == 0);
        const Run base = poll_until_done(session);
        REQUIRE(base.terminal);
        REQUIRE(base.terminal->kind == ivid::pipeline::GenerationEventKind::Done);
        CHECK(base.super_resolution.empty());
        CHECK(session.scene().image_size == 32);
        CHECK(session.scene().base_image_size == 0);
        CHECK_FALSE(session.scene().views[0].base);
        // The base stage does not depend on whether SR follows.
        CHECK(session.scene().views[2].color.data == scene.views[2].base->color.data);
    }
    SUBCASE("Cancel in the super-resolution stage ends the job with nothing complete") {
        settings.super_resolution_sampler.steps = 200;
        session.start(ivid::generation_request(settings, models));
        std::optional<ivid::pipeline::GenerationEvent> terminal;
        bool cancelled_in_sr = false;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
        while (!terminal && std::chrono::steady_clock::now() < deadline) {
            terminal = session.poll().terminal;
            if (!terminal && session.progress().super_resolution && !cancelled_in_sr) {
                session.cancel();
                cancelled_in_sr = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        REQUIRE(terminal);
        CHECK(cancelled_in_sr);
        CHECK(terminal->kind == ivid::pipeline::GenerationEventKind::Cancelled);
        CHECK_FALSE(session.complete());
        CHECK(session.progress().steps_done < session.progress().steps_total);
    }
}

TEST_CASE("an SR model that does not fit the pack's size: the panel says so, the job fails with a message") {
    const fs::path pack = super_resolution_pack("pack-sr-48", 48);
    ivid::GenerateSettings settings = settings_for(pack);
    const ivid::ResolvedModels models = ivid::resolve_models(settings);
    CHECK(models.super_resolution_size == 48);
    CHECK(contains(models.super_resolution_problem, "48 x 48"));
    CHECK(contains(models.super_resolution_problem, "32 x 32"));
    ivid::adopt_pack_suggestions(settings, models);
    GenerationSession session;
    session.start(ivid::generation_request(settings, models));
    const Run run = poll_until_done(session);
    REQUIRE(run.terminal);
    CHECK(run.terminal->kind == ivid::pipeline::GenerationEventKind::Failed);
    CHECK(contains(run.terminal->message, "32x32"));
    CHECK_FALSE(session.running());
    CHECK_FALSE(session.complete());
}

TEST_CASE("ivid-studio --generate with an SR pack saves an upsampled scene; the Inspector shows both sizes") {
    const fs::path pack = super_resolution_pack("pack-sr", 64);
    const fs::path config_home = kWorkDir / "config-sr";
    ivid::test::use_config_home(config_home);
    // The Generate panel open and tall enough for its super-resolution section (the layout file
    // places it in the left column, where the Scene and View panels would be), the Inspector on
    // view 0's colour, side by side.
    ivid::StudioSettings settings;
    settings.window_height = 1000;
    settings.panels.scene = settings.panels.view = false;
    settings.panels.generate = true;
    settings.inspector.source = 0;
    settings.inspector.buffer = ivid::InspectorBuffer::Color;
    ivid::save_studio_settings(settings, config_home / "ivid-studio" / "settings.json");
    ivid::write_text_atomically(config_home / "ivid-studio" / "imgui.ini",
                                "[Window][Generate]\nPos=8,28\nSize=420,964\nCollapsed=0\n");

    const std::string fast = " --generate --pack " + quoted(pack) + " --seed 5 --steps 2 --viewset ring:3 --frames 3";
    const fs::path saved = kWorkDir / "saved-sr-scene";
    fs::remove_all(saved);
    const fs::path side_png = kWorkDir / "generated-sr.png";
    REQUIRE(ivid::test::run_studio("--screenshot " + quoted(side_png) + fast + " --save " + quoted(saved),
                                   kWorkDir / "generated-sr.err") == 0);
    CHECK(ivid::read_text_file(kWorkDir / "generated-sr.err").empty());
    const ivid::Scene scene = ivid::load_scene(saved);
    CHECK(scene.image_size == 64);
    CHECK(scene.base_image_size == 32);
    CHECK(scene.views.size() == 3);
    CHECK(scene.provenance.models.size() == 3);

    // The same run with the Inspector showing one picture: its region differs.
    settings.inspector.compare_base = false;
    ivid::save_studio_settings(settings, config_home / "ivid-studio" / "settings.json");
    const fs::path single_png = kWorkDir / "generated-sr-single.png";
    REQUIRE(ivid::test::run_studio("--screenshot " + quoted(single_png) + fast, kWorkDir / "generated-sr-single.err") == 0);
    const ivid::ImageU8 side = ivid::read_image_u8(side_png, 3), single = ivid::read_image_u8(single_png, 3);
    const int x0 = 1280 - 8 - 360, x1 = 1280 - 8, y0 = 120, y1 = 460;  // the Inspector's pictures
    const double difference = ivid::test::mean_abs_difference(side, single, x0, y0, x1, y1);
    MESSAGE("Inspector region, side by side vs one picture: mean |difference| " << difference);
    CHECK(difference > 5.0);

    // An SR model that does not fit: the job's failure is a message (exit status 1), no crash.
    const fs::path misfit = super_resolution_pack("pack-sr-48", 48);
    const fs::path nowhere = kWorkDir / "never-written-sr";
    REQUIRE(ivid::test::run_studio("--exit --generate --pack " + quoted(misfit) +
                                       " --seed 5 --steps 2 --viewset ring:3 --save " + quoted(nowhere),
                                   kWorkDir / "misfit.err") == 1);
    const std::string misfit_err = ivid::read_text_file(kWorkDir / "misfit.err");
    CHECK(contains(misfit_err, "Generation failed"));
    CHECK(contains(misfit_err, "image_size"));
    CHECK_FALSE(fs::exists(nowhere));
    ivid::test::use_config_home(kWorkDir / "config");
}
