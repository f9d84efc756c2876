// Example: generate one scene with the bundled model pack through the engine API
// (GenerationJob), printing its events as they arrive - what `ivid generate` and the studio's
// Generate panel do.
//   generate_scene OUT_DIR [SEED] [STEPS]   (STEPS: sampler steps of both models; default the pack's)
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "core/pipeline/generation_job.hpp"
#include "core/pipeline/model_pack.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: generate_scene OUT_DIR [SEED] [STEPS]\n");
        return 2;
    }
    using namespace ivid::pipeline;
    try {
        const ModelPack pack = load_default_model_pack();  // assets/models/default/pack.json
        GenerationRequest request;
        request.models = pack.models;
        request.models.super_resolution.reset();  // base size only: the example stays fast
        request.unconditional = pack.unconditional;
        request.conditional = pack.conditional;
        request.aggregation = pack.aggregation;
        request.corrections = pack.corrections;
        request.viewset = parse_viewset(pack.viewset);
        request.seeds = {argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 0};
        if (argc > 3) request.unconditional.steps = request.conditional.steps = std::atoi(argv[3]);
        request.out = argv[1];

        GenerationJob job(request);  // starts its own thread; we only poll
        while (!job.finished()) {
            for (const GenerationEvent& e : job.wait(std::chrono::milliseconds(200))) {
                if (e.kind == GenerationEventKind::ViewFinished)
                    std::printf("view %d/%d done (%.1f s)\n", e.view + 1, e.views, e.elapsed_s);
                else if (e.kind == GenerationEventKind::Saved)
                    std::printf("saved %s\n", e.message.c_str());
                else if (e.kind == GenerationEventKind::Failed || e.kind == GenerationEventKind::Cancelled)
                    return std::fprintf(stderr, "generate_scene: %s\n", e.message.c_str()), 1;
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "generate_scene: %s\n", e.what());
        return 1;
    }
}
