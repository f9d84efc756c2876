#include "core/pipeline/correction_weights.hpp"

#include <string>
#include <utility>

namespace ivid::pipeline {

CorrectionWeights correction_weights_from_json(const JsonAt& at, CorrectionWeights base) {
    reject_unknown_keys(at, {"replace_rgb", "replace_depth", "constrain_depth"},
                        "replace_rgb, replace_depth, constrain_depth");
    for (const auto& [key, weight] : {std::pair{"replace_rgb", &base.replace_rgb},
                                      std::pair{"replace_depth", &base.replace_depth},
                                      std::pair{"constrain_depth", &base.constrain_depth}}) {
        if (!at.has(key)) continue;
        *weight = at[key].number();
        if (*weight < 0 || *weight > 1) at[key].fail("a number from 0 to 1", at[key].describe());
    }
    return base;
}

nlohmann::json to_json(const CorrectionWeights& w) {
    return {{"replace_rgb", w.replace_rgb}, {"replace_depth", w.replace_depth}, {"constrain_depth", w.constrain_depth}};
}

}  // namespace ivid::pipeline
