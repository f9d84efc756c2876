#include "core/train/training_config.hpp"

#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid::train {
namespace {

int64_t positive(const JsonAt& v) {
    const int64_t x = v.integer();
    if (x < 1) v.fail("an integer >= 1", std::to_string(x));
    return x;
}

double non_negative(const JsonAt& v) {
    const double x = v.number();
    if (x < 0.0) v.fail("a number >= 0", std::to_string(x));
    return x;
}

TrainerSettings parse_trainer(const JsonAt& trainer) {
    const JsonAt args = trainer["args"];
    args.object();
    TrainerSettings s;
    s.max_steps = positive(args["max_steps"]);
    s.batch_size = int(positive(args["batch_size_per_gpu"]));
    s.learning_rate = non_negative(args["learning_rate"]);
    if (args.has("weight_decay")) s.weight_decay = non_negative(args["weight_decay"]);
    if (args.has("ema_rate")) {
        const JsonAt rate = args["ema_rate"];
        s.ema_rates.clear();
        const auto add = [&](const JsonAt& v) {
            const double r = v.number();
            if (!(r > 0.0 && r < 1.0)) v.fail("a rate in (0, 1)", std::to_string(r));
            s.ema_rates.push_back(r);
        };
        if (rate.value().is_array()) {
            for (size_t i = 0, n = rate.array_size(); i < n; ++i) add(rate[i]);
            if (s.ema_rates.empty()) rate.fail("at least one rate", "an empty list");
        } else {
            add(rate);
        }
    }
    if (args.has("grad_clip")) s.grad_clip = non_negative(args["grad_clip"]);
    if (args.has("i_log")) s.log_every = positive(args["i_log"]);
    if (args.has("i_sample")) s.sample_every = positive(args["i_sample"]);
    if (args.has("i_save")) s.save_every = positive(args["i_save"]);
    if (args.has("keep_checkpoints")) s.keep_checkpoints = int(positive(args["keep_checkpoints"]));
    if (args.has("sample_count")) s.sample_count = int(positive(args["sample_count"]));
    if (args.has("sample_steps")) s.sample_steps = int(positive(args["sample_steps"]));
    if (args.has("seed")) s.seed = args["seed"].unsigned_integer();
    if (args.has("batch_split") && !args["batch_split"].value().is_null()) {
        s.batch_split = int(positive(args["batch_split"]));
        if (s.batch_size % s.batch_split != 0)
            args["batch_split"].fail("a divisor of batch_size_per_gpu " + std::to_string(s.batch_size),
                                     std::to_string(s.batch_split));
    }
    if (args.has("finetune_ckpt") && !args["finetune_ckpt"].value().is_null())
        s.finetune_ckpt = args["finetune_ckpt"].string();
    // fp16_mode / fp16_scale_growth: IVID's mixed-precision training on CUDA; read for their
    // type only, the weights train in float32 here.
    if (args.has("fp16_mode") && !args["fp16_mode"].value().is_null()) args["fp16_mode"].string();
    if (args.has("fp16_scale_growth")) args["fp16_scale_growth"].number();
    return s;
}

}  // namespace

namespace {

// IVID's framework class that trains each role.
constexpr EnumName<ModelRole> kRoleFrameworks[] = {{ModelRole::Unconditional, "ClassifierFreeGuidance"},
                                                   {ModelRole::Conditional, "InpaintCFG"},
                                                   {ModelRole::SuperResolution, "SuperResCFG"}};

}  // namespace

ModelRole parse_model_role(const std::string& name) { return parse_enum(kModelRoleNames, name, "ivid train", "model"); }

std::string model_role_name(ModelRole role) { return enum_name(kModelRoleNames, role); }

TrainingConfig load_training_config(const std::filesystem::path& file, ModelRole role) {
    const nlohmann::json doc = parse_json_file(file);
    TrainingConfig c;
    c.role = role;
    c.model = nn::parse_model_config(doc, file.string());
    const JsonAt root(doc, file.string());
    const auto& net = c.model.backbone;

    const std::string framework = c.model.framework.name;
    const bool conditional = role == ModelRole::Conditional;
    const std::string wanted_framework = enum_name(kRoleFrameworks, role);
    if (framework != wanted_framework)
        root["framework"]["name"].fail("\"" + wanted_framework + "\" for a " + model_role_name(role) + " model",
                                       "\"" + framework + "\"");
    if (net.out_channels != 4)
        root["backbone"]["args"]["out_channels"].fail("4 (RGBD noise)", std::to_string(net.out_channels));
    const JsonAt framework_args = root["framework"]["args"];
    if (framework_args.has("p_uncond")) c.p_uncond = non_negative(framework_args["p_uncond"]);
    if (framework_args.has("p_uncond_img") && framework_args["p_uncond_img"].number() != 0.0)
        framework_args["p_uncond_img"].fail("0 (image-condition dropout is not supported)",
                                            framework_args["p_uncond_img"].describe());

    const JsonAt dataset = root["dataset"]["args"];
    c.image_size = int(positive(dataset["image_size"]));
    if (c.image_size != net.image_size)
        dataset["image_size"].fail("the backbone's image_size " + std::to_string(net.image_size),
                                   std::to_string(c.image_size));
    const std::string depth_kind = dataset["prepocess_depth"].string();  // sic: IVID's key
    if (depth_kind != "z_buffer") dataset["prepocess_depth"].fail("\"z_buffer\"", "\"" + depth_kind + "\"");
    c.depth.near = dataset["near"].finite_float();
    c.depth.far = dataset["far"].finite_float();
    if (!(c.depth.near > 0.0f && c.depth.far > c.depth.near))
        dataset["far"].fail("0 < near < far", std::to_string(c.depth.near) + " / " + std::to_string(c.depth.far));

    std::vector<std::string> augments;
    if (dataset.has("augments"))
        for (size_t i = 0, n = dataset["augments"].array_size(); i < n; ++i)
            augments.push_back(dataset["augments"][i].string());
    if (conditional) {
        WarpSettings warp;
        warp.near = c.depth.near;
        warp.far = c.depth.far;
        const float pose_std = dataset.has("std") ? dataset["std"].finite_float() : 0.15f;
        c.warp = dataset::warp_pair_options(augments, pose_std, warp, file.string());
        const int wanted_in = c.warp.erode_rgb ? 10 : 9;
        if (net.in_channels != wanted_in)
            root["backbone"]["args"]["in_channels"].fail(
                std::to_string(wanted_in) + (c.warp.erode_rgb ? " (with the erode_rgb augment's mask_rgb)" : " (without mask_rgb)"),
                std::to_string(net.in_channels));
    } else {
        if (!augments.empty())
            dataset["augments"].fail("no augments for a " + model_role_name(role) + " model", dataset["augments"].describe());
        const bool superres = role == ModelRole::SuperResolution;
        const int wanted_in = superres ? 8 : 4;
        if (net.in_channels != wanted_in)
            root["backbone"]["args"]["in_channels"].fail(superres ? "8 (x_t and the upsampled low-res RGBD)" : "4 (RGBD)",
                                                         std::to_string(net.in_channels));
        if (superres) {
            c.low_res_size = int(positive(dataset["image_size_lr"]));
            if (c.low_res_size >= c.image_size || c.image_size % c.low_res_size != 0)
                dataset["image_size_lr"].fail("a divisor of image_size " + std::to_string(c.image_size) + " below it",
                                              std::to_string(c.low_res_size));
            if (dataset.has("low_res_data") && !dataset["low_res_data"].value().is_null()) {
                const std::string folder = dataset["low_res_data"].string();
                if (folder.empty()) dataset["low_res_data"].fail("a folder", "\"\"");
                c.low_res_data = file.parent_path() / folder;
            }
        }
    }
    c.trainer = parse_trainer(root["trainer"]);
    c.trainer.max_timestep_fraction = c.model.trained_timestep_fraction;  // read with the model config
    return c;
}

}  // namespace ivid::train
