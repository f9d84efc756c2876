#include "core/eval/superres_eval.hpp"

#include <chrono>

#include <opencv2/imgproc.hpp>

#include "core/eval/eval_common.hpp"
#include "core/image/colormap.hpp"
#include "core/image/image_grid.hpp"
#include "core/image/image_io.hpp"
#include "core/pipeline/viewset_spec.hpp"
#include "core/util/error.hpp"

namespace ivid::eval {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// OpenCV's Lanczos (8x8 taps) of a float image to size x size.
Image lanczos(const Image& img, int size) {
    const cv::Mat in(img.height, img.width, CV_32FC(img.channels), const_cast<float*>(img.data.data()));
    cv::Mat out;
    cv::resize(in, out, cv::Size(size, size), 0, 0, cv::INTER_LANCZOS4);
    Image result(size, size, img.channels);
    std::copy(out.ptr<float>(), out.ptr<float>() + result.data.size(), result.data.begin());
    return result;
}

// The same scene with every view replaced by its Lanczos upsampling (colour to 8 bits, as stored;
// depth clamped to the scene's range, which Lanczos overshoots at edges).
Scene lanczos_scene(const Scene& base, int size) {
    Scene up = base;
    up.image_size = size;
    for (View& v : up.views) {
        Image c = lanczos(from_u8(v.color), size);
        v.color = to_u8_truncate(c);
        v.depth = lanczos(v.depth, size);
        for (float& d : v.depth.data) d = std::min(std::max(d, base.near), base.far);
        v.condition.reset();
    }
    return up;
}

struct ConsistencyMean {
    Mean depth_abs_rel, psnr;
    int pairs = 0;
    void add(const Scene& scene) {
        const ConsistencyScore s = view_consistency(scene);
        depth_abs_rel.add(s.depth_abs_rel);
        psnr.add(s.psnr);
        pairs += s.pairs;
    }
    ConsistencyScore value() const {
        ConsistencyScore s;
        s.depth_abs_rel = depth_abs_rel.value();
        s.psnr = psnr.value();
        s.pairs = pairs;
        return s;
    }
};

void add_views(RegionMeans& means, const Scene& scene, const Scene& truth) {
    for (size_t k = 0; k < truth.views.size(); ++k)
        means.add(from_u8(scene.views[k].color), from_u8(truth.views[k].color), scene.views[k].depth, truth.views[k].depth,
                  nullptr);
}

nlohmann::json scores_json(const RegionScores& s) {
    return {{"psnr", s.psnr}, {"ssim", s.ssim}, {"depth_abs_rel", s.depth_abs_rel}};
}

nlohmann::json consistency_json(const ConsistencyScore& s) {
    return {{"reproj_depth_absrel", s.depth_abs_rel}, {"reproj_psnr", s.psnr}, {"pairs", s.pairs}};
}

// Rows: truth, Lanczos, SR per mode, for up to four views of the first scene (colour, then depth).
void write_crops(const std::filesystem::path& file, const Scene& truth, const Scene& lanczos_up,
                 const std::vector<Scene>& upsampled) {
    std::vector<const Scene*> rows_of = {&truth, &lanczos_up};
    for (const Scene& s : upsampled) rows_of.push_back(&s);
    const size_t views = std::min<size_t>(4, truth.views.size());
    std::vector<std::vector<ImageU8>> rows;
    for (const Scene* s : rows_of) {
        std::vector<ImageU8> colour, depth;
        for (size_t k = 0; k < views; ++k) {
            colour.push_back(s->views[k].color);
            depth.push_back(colorize(s->views[k].depth, Colormap::Turbo, {truth.near, truth.far}));
        }
        rows.push_back(colour);
        rows.push_back(depth);
    }
    write_png(file, image_grid(rows));
}

}  // namespace

nlohmann::json SuperResEvalReport::to_json() const {
    nlohmann::json doc = {{"scenes", scenes}, {"views", views}, {"base_size", base_size}, {"size", size},
                          {"seconds", seconds}, {"truth_consistency", consistency_json(truth_consistency)}};
    doc["lanczos"] = scores_json(lanczos);
    doc["lanczos"]["consistency"] = consistency_json(lanczos_consistency);
    doc["sr"] = nlohmann::json::object();
    for (const SuperResModeReport& m : modes) {
        nlohmann::json j = scores_json(m.scores);
        j["consistency"] = consistency_json(m.consistency);
        j["seconds"] = m.seconds;
        doc["sr"][pipeline::upscale_mode_name(m.mode)] = j;
    }
    return doc;
}

SuperResEvalReport evaluate_superres(const pipeline::LoadedModel& model, int base_size,
                                     const SuperResEvalSettings& settings, const std::function<void(int, int)>& progress) {
    if (settings.last_seed < settings.first_seed)
        throw Error::at("ivid eval", "seeds", "a range A-B with A <= B", "an empty range");
    if (settings.modes.empty()) throw Error::at("ivid eval", "SR modes", "at least one", "none");
    pipeline::check_superres_model(model.config);
    pipeline::check_superres_fits(model.config, base_size);
    const auto start = Clock::now();
    const int size = model.config.backbone.image_size;
    const pipeline::ViewsetSpec viewset = pipeline::parse_viewset(settings.viewset);
    const int total = int(settings.last_seed - settings.first_seed + 1) * int(1 + settings.modes.size());
    int done = 0;

    SuperResEvalReport report;
    report.base_size = base_size;
    report.size = size;
    RegionMeans lanczos_means;
    std::vector<RegionMeans> mode_means(settings.modes.size());
    std::vector<ConsistencyMean> mode_consistency(settings.modes.size());
    ConsistencyMean lanczos_consistency, truth_consistency;
    report.modes.resize(settings.modes.size());
    for (uint64_t seed = settings.first_seed; seed <= settings.last_seed; ++seed) {
        const std::vector<OrbitPose> poses = viewset.poses_for_seed(seed);
        const Scene truth = true_scene(seed, size, settings.samples_per_pixel, poses);
        const Scene base = true_scene(seed, base_size, settings.samples_per_pixel, poses);
        const Scene lanczos_up = lanczos_scene(base, size);
        add_views(lanczos_means, lanczos_up, truth);
        lanczos_consistency.add(lanczos_up);
        truth_consistency.add(truth);
        if (progress) progress(++done, total);
        std::vector<Scene> upsampled;
        for (size_t m = 0; m < settings.modes.size(); ++m) {
            pipeline::UpscaleSettings upscale = settings.upscale;
            upscale.mode = settings.modes[m];
            Scene up = base;
            const auto t0 = Clock::now();
            pipeline::upscale_scene(up, model, upscale, seed);
            report.modes[m].seconds += seconds_since(t0);
            add_views(mode_means[m], up, truth);
            mode_consistency[m].add(up);
            upsampled.push_back(std::move(up));
            if (progress) progress(++done, total);
        }
        if (seed == settings.first_seed && !settings.crops.empty()) write_crops(settings.crops, truth, lanczos_up, upsampled);
        ++report.scenes;
        report.views += int(poses.size());
    }
    report.lanczos = lanczos_means.value();
    report.lanczos_consistency = lanczos_consistency.value();
    report.truth_consistency = truth_consistency.value();
    for (size_t m = 0; m < settings.modes.size(); ++m) {
        report.modes[m].mode = settings.modes[m];
        report.modes[m].scores = mode_means[m].value();
        report.modes[m].consistency = mode_consistency[m].value();
    }
    report.seconds = seconds_since(start);
    return report;
}

}  // namespace ivid::eval
