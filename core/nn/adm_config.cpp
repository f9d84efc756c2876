#include "core/nn/adm_config.hpp"

#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid::nn {
namespace {

int positive_int(const JsonAt& v, int minimum = 1) {
    const int64_t x = v.integer();
    if (x < minimum || x > 1'000'000)
        v.fail("an integer >= " + std::to_string(minimum), std::to_string(x));
    return int(x);
}

std::vector<int> int_list(const JsonAt& v) {
    std::vector<int> out;
    for (size_t i = 0, n = v.array_size(); i < n; ++i) out.push_back(positive_int(v[i]));
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
    c.image_size = positive_int(args["image_size"]);
    c.in_channels = positive_int(args["in_channels"]);
    c.out_channels = positive_int(args["out_channels"]);
    c.model_channels = positive_int(args["model_channels"]);
    c.num_res_blocks = positive_int(args["num_res_blocks"], 0);
    c.attention_resolutions = int_list(args["attention_resolutions"]);
    if (args.has("channel_mult")) c.channel_mult = int_list(args["channel_mult"]);
    if (args.has("num_classes") && !args["num_classes"].value().is_null())
        c.num_classes = positive_int(args["num_classes"]);
    if (args.has("has_null_class")) c.has_null_class = args["has_null_class"].boolean() && c.num_classes;
    if (args.has("num_groups")) c.num_groups = positive_int(args["num_groups"]);
    if (args.has("num_heads")) c.num_heads = args["num_heads"].value().is_null() ? 0 : positive_int(args["num_heads"]);
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
    return config;
}

ModelConfig load_model_config(const std::filesystem::path& file) {
    return parse_model_config(parse_json_file(file), file.string());
}

}  // namespace ivid::nn
