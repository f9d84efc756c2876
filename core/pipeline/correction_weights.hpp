// How strongly each sampler step's predicted clean image is pulled towards the condition of a
// new view (IVID's x0 corrections): known colour and depth towards the rendered condition,
// unknown depth behind the generated surface. IVID's weights are gentle because its models
// already keep what they see; a small, young model needs the known pixels held firmly.
#pragma once

#include <nlohmann/json.hpp>

#include "core/util/json_fields.hpp"

namespace ivid::pipeline {

struct CorrectionWeights {
    double replace_rgb = 0.1;      // IVID's sample.py
    double replace_depth = 0.2;
    double constrain_depth = 0.5;
};

// {"replace_rgb", "replace_depth", "constrain_depth"} on top of `base`, each in [0, 1]; Errors
// name the file and key.
CorrectionWeights correction_weights_from_json(const JsonAt& at, CorrectionWeights base);
nlohmann::json to_json(const CorrectionWeights& weights);

}  // namespace ivid::pipeline
