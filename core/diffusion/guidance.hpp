// IVID's classifier-free guidance: eps = (1+s)*net(x, t, classes) - s*net(x, t, null). The two
// passes run as one batched forward by default ([cond; uncond] along the batch), which gives the
// same numbers as two separate calls for a per-sample network.
#pragma once

#include <string>

#include <ATen/ATen.h>

#include "core/diffusion/eps_model.hpp"
#include "core/util/enum_names.hpp"

namespace ivid::diffusion {

// Which IVID framework wraps the backbone. All three guide the same way; they differ in the
// network's input (x_t alone, x_t + the partial view, x_t + the low-res image). Without classes
// each runs one unguided pass: InpaintCFG and SuperResCFG do so explicitly;
// ClassifierFreeGuidance computes (1 + s) e(None) - s e(None), the same eps.
enum class GuidanceFramework {
    ClassifierFree,  // ClassifierFreeGuidance
    Inpaint,         // InpaintCFG
    SuperRes,        // SuperResCFG
};
inline constexpr EnumName<GuidanceFramework> kGuidanceFrameworkNames[] = {
    {GuidanceFramework::ClassifierFree, "ClassifierFreeGuidance"},
    {GuidanceFramework::Inpaint, "InpaintCFG"},
    {GuidanceFramework::SuperRes, "SuperResCFG"}};

// "ClassifierFreeGuidance", "InpaintCFG" or "SuperResCFG" (IVID config names); anything else is
// an Error listing them.
GuidanceFramework parse_guidance_framework(const std::string& name);
std::string guidance_framework_name(GuidanceFramework framework);
// The names above, quoted, for messages: "\"ClassifierFreeGuidance\", \"InpaintCFG\" or \"SuperResCFG\"".
std::string guidance_framework_names();

class Guidance {
public:
    Guidance(GuidanceFramework framework, double strength, bool batched);

    // eps for the model input (x_t, or the conditional input) at timestep indices t_index [N];
    // classes [N] int64 (-1 = null) or undefined.
    at::Tensor eps(const EpsModel& model, const at::Tensor& input, const at::Tensor& t_index,
                   const at::Tensor& classes) const;
    // Network evaluations (samples x passes) per eps() call for a batch of n.
    int64_t evaluations(int64_t n, bool has_classes) const;

private:
    bool guided(bool has_classes) const;
    GuidanceFramework framework_;
    double strength_;
    bool batched_;
};

}  // namespace ivid::diffusion
