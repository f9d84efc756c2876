#include "core/train/training_samples.hpp"

#include "core/diffusion/diffusion_model.hpp"
#include "core/diffusion/rgbd_tensor.hpp"
#include "core/diffusion/sampler.hpp"
#include "core/diffusion/superres_condition.hpp"
#include "core/image/colormap.hpp"
#include "core/image/image_grid.hpp"
#include "core/image/image_io.hpp"

namespace ivid::train {
namespace {

ImageU8 colour_of(const Image& rgbd) { return to_u8_truncate(select_channels(rgbd, 0, 3)); }

ImageU8 depth_of(const Image& rgbd, const ImageU8* valid = nullptr) {
    return colorize(select_channels(rgbd, 3, 1), Colormap::Turbo, {0.0f, 1.0f}, valid);
}

ImageU8 mask_u8(const at::Tensor& mask_chw) {
    const at::Tensor m = mask_chw.detach().to(at::kCPU, at::kFloat).gt(0.5).to(at::kByte).mul(255).contiguous();
    ImageU8 out(int(m.size(2)), int(m.size(1)), 1);
    std::copy(m.data_ptr<uint8_t>(), m.data_ptr<uint8_t>() + m.numel(), out.data.begin());
    return out;
}

}  // namespace

void write_sample_grid(const nn::AdmUnet& ema_net, const TrainingConfig& config, const TrainingBatch& validation,
                       const std::filesystem::path& file) {
    const int n = int(std::min<int64_t>(config.trainer.sample_count, validation.x0.size(0)));
    const int size = config.image_size;
    const diffusion::DiffusionModel model = diffusion::make_diffusion_model(config.model, ema_net);
    diffusion::SamplerSettings settings;
    settings.sampler = diffusion::SamplerKind::Ddim;
    settings.steps = std::min(config.trainer.sample_steps, model.schedule.timesteps());
    settings.guidance = 0.0;
    // What a young model has learnt, not how a deterministic sampler fails on it: its unclipped
    // x0 drifts out of range and its eps is off at small t, which leaves noise unless eta = 1.
    settings.clip_denoised = true;
    settings.eta = 1.0;
    diffusion::SampleRequest request;
    request.shape = {n, 4, size, size};
    if (validation.classes.defined()) request.classes = validation.classes.slice(0, 0, n);
    const bool conditional = config.role == ModelRole::Conditional;
    if (conditional) {
        diffusion::InpaintCondition condition;
        condition.y = validation.y.slice(0, 0, n);
        condition.mask = validation.mask.slice(0, 0, n);
        if (validation.mask_rgb.defined()) condition.mask_rgb = validation.mask_rgb.slice(0, 0, n);
        request.condition = condition;
    }
    const bool superres = config.role == ModelRole::SuperResolution;
    at::Tensor low_res_shown;  // what the SR model sees: the low-res image upsampled bilinearly
    if (superres) {
        request.low_res = diffusion::SuperResCondition{validation.low_res.slice(0, 0, n)};
        low_res_shown = diffusion::upsample_low_res(request.low_res->y, size / request.low_res->y.size(3));
    }
    // A model trained on the first steps only samples part-way, from the bicubic upsampling.
    if (superres && config.trainer.max_timestep_fraction < 1.0) {
        settings.start_strength = config.trainer.max_timestep_fraction;
        settings.steps = std::min(settings.steps, settings.start_timestep(model.schedule.timesteps()));
        request.start = diffusion::StartImage{diffusion::bicubic_start_image(request.low_res->y, size)};
    }
    diffusion::SeededNoise noise(config.trainer.seed);
    const at::Tensor samples = diffusion::sample(model, settings, request, noise).samples;

    std::vector<std::vector<ImageU8>> rows(conditional || superres ? 6 : 2);
    for (int i = 0; i < n; ++i) {
        const Image sample = diffusion::image_from_signed_tensor(samples[i]);
        if (superres) {
            const Image low = diffusion::image_from_signed_tensor(low_res_shown[i]);
            const Image truth = diffusion::image_from_signed_tensor(validation.x0[i]);
            rows[0].push_back(colour_of(low));
            rows[1].push_back(colour_of(sample));
            rows[2].push_back(colour_of(truth));
            rows[3].push_back(depth_of(low));
            rows[4].push_back(depth_of(sample));
            rows[5].push_back(depth_of(truth));
            continue;
        }
        if (!conditional) {
            rows[0].push_back(colour_of(sample));
            rows[1].push_back(depth_of(sample));
            continue;
        }
        const Image y = diffusion::image_from_signed_tensor(validation.y[i]);
        const Image original = diffusion::image_from_signed_tensor(validation.x0[i]);
        const ImageU8 mask = mask_u8(validation.mask[i]);
        const ImageU8 mask_rgb = validation.mask_rgb.defined() ? mask_u8(validation.mask_rgb[i]) : mask;
        ImageU8 condition_colour = colour_of(y);
        for (size_t p = 0; p < mask_rgb.data.size(); ++p)
            if (!mask_rgb.data[p]) condition_colour.data[3 * p] = condition_colour.data[3 * p + 1] = condition_colour.data[3 * p + 2] = 0;
        rows[0].push_back(condition_colour);
        rows[1].push_back(colour_of(sample));
        rows[2].push_back(colour_of(original));
        rows[3].push_back(depth_of(y, &mask));
        rows[4].push_back(depth_of(sample));
        rows[5].push_back(depth_of(original));
    }
    write_png(file, image_grid(rows));
}

}  // namespace ivid::train
