#include "core/nn/adm_config.hpp"

#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid::nn {
namespace {

// Ranges far beyond any ADM network (IVID's largest: image 256, 256 channels, multipliers up to
// 4, 3 res blocks) that still refuse values which would make building the network itself
// exhaust memory or time; the network's total size is checked against the machine when built.
constexpr int kMaxImageSize = 8192, kMaxChannels = 8192, kMaxResBlocks = 64, kMaxMultiplier = 64, kMaxLevels = 12;

int int_in(const JsonAt& v, int minimum, int maximum) {
    const int64_t x = v.integer();
    if (x < minimum || x > maximum)
        v.fail("an integer from " + std::to_string(minimum) + " to " + std::to_string(maximum), std::to_string(x));
    return int(x);
}

std::vector<int> int_list(const JsonAt& v, int maximum, size_t max_items = 64) {
    if (v.array_size() > max_items)
        v.fail("at most " + std::to_string(max_items) + " entries", std::to_string(v.array_size()) + " entries");
    std::vector<int> out;
    for (size_t i = 0, n = v.array_size(); i < n; ++i) out.push_back(int_in(v[i], 1, maximum));
    return out;
}

// AdmUnet2d options IVID's configs never change; this port implements only their defaults.
void require_default_true(const JsonAt& args, const std::string& key) {
    if (args.has(key) && !args[key].boolean())
        args[key].fail("true (the only AdmUnet2d variant IVID uses and this port implements)", "false");
}

AdmUnetConfig parse_backbone(const JsonAt& backbone) {
    const std::string name = backbone["name"].string();
    if (name != "AdmUnet2d") backbone["name"].fail("\"AdmUnet2d\"", "\"" + name + "\"");
    const JsonAt args = backbone["args"];
    args.object();
    AdmUnetConfig c;
    c.image_size = int_in(args["image_size"], 1, kMaxImageSize);
    c.in_channels = int_in(args["in_channels"], 1, kMaxChannels);
    c.out_channels = int_in(args["out_channels"], 1, kMaxChannels);
    c.model_channels = int_in(args["model_channels"], 1, kMaxChannels);
    c.num_res_blocks = int_in(args["num_res_blocks"], 0, kMaxResBlocks);
    c.attention_resolutions = int_list(args["attention_resolutions"], kMaxImageSize);
    if (args.has("channel_mult")) c.channel_mult = int_list(args["channel_mult"], kMaxMultiplier, kMaxLevels);
    if (args.has("num_classes") && !args["num_classes"].value().is_null())
        c.num_classes = int_in(args["num_classes"], 1, 1'000'000);
    if (args.has("has_null_class")) c.has_null_class = args["has_null_class"].boolean() && c.num_classes;
    if (args.has("num_groups")) c.num_groups = int_in(args["num_groups"], 1, kMaxChannels);
    if (args.has("num_heads")) c.num_heads = args["num_heads"].value().is_null() ? 0 : int_in(args["num_heads"], 1, kMaxChannels);
    if (args.has("num_head_channels")) {
        const JsonAt v = args["num_head_channels"];
        c.num_head_channels = int(v.integer());
        if (c.num_head_channels != -1 && c.num_head_channels < 1) v.fail("-1 or a positive integer", v.describe());
    }
    if (args.has("dropout")) {
        c.dropout = args["dropout"].number();
        if (c.dropout < 0 || c.dropout >= 1) args["dropout"].fail("a probability in [0, 1)", args["dropout"].describe());
    }
    if (args.has("use_fp16")) c.use_fp16 = args["use_fp16"].boolean();
    for (const char* key : {"conv_resample", "use_scale_shift_norm", "resblock_updown"})
        require_default_true(args, key);
    if (c.channel_mult.empty()) args["channel_mult"].fail("at least one level", "an empty array");
    if (c.model_channels % 2 != 0)
        args["model_channels"].fail("an even number (sin/cos halves of the time encoding)", std::to_string(c.model_channels));
    if (c.num_head_channels == -1 && c.num_heads < 1)
        args["num_heads"].fail("a positive integer when num_head_channels is -1", args["num_heads"].describe());
    return c;
}

}  // namespace

int AdmUnetConfig::heads_for(int channels) const {
    return num_head_channels == -1 ? num_heads : channels / num_head_channels;
}

ModelConfig parse_model_config(const nlohmann::json& doc, const std::string& file) {
    const JsonAt root(doc, file);
    ModelConfig config;
    config.file = file;
    config.backbone = parse_backbone(root["backbone"]);
    config.framework.name = root["framework"]["name"].string();
    config.framework.args = root["framework"].has("args") ? root["framework"]["args"].object()
                                                          : nlohmann::json::object();
    if (root.has("trainer") && root["trainer"].has("args") && root["trainer"]["args"].has("max_timestep_fraction")) {
        const JsonAt f = root["trainer"]["args"]["max_timestep_fraction"];
        config.trained_timestep_fraction = f.number();
        if (!(config.trained_timestep_fraction > 0.0 && config.trained_timestep_fraction <= 1.0))
            f.fail("in (0, 1]", std::to_string(config.trained_timestep_fraction));
    }
    return config;
}

ModelConfig load_model_config(const std::filesystem::path& file) {
    return parse_model_config(parse_json_file(file), file.string());
}

}  // namespace ivid::nn
