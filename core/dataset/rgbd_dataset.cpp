#include "core/dataset/rgbd_dataset.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/dataset/resize_crop.hpp"
#include "core/geometry/depth.hpp"
#include "core/image/image_io.hpp"
#include "core/image/npy.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/zip_archive.hpp"

namespace fs = std::filesystem;

namespace ivid::dataset {
namespace {

const char* const kListing = "dataset.json";
const char* const kImageExtensions[] = {".png", ".jpg", ".jpeg"};
// Looked for in this order beside an image when there is no listing.
const char* const kDepthExtensions[] = {".exr", ".png", ".npy", ".npz"};
constexpr float kMidasScale = 6250.0f;     // IVID's BaseDataset: MiDaS output / 6250 ~ disparity
constexpr float kMinDisparity = 1e-3f;

std::string lower_extension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool is_image_file(const fs::path& p) {
    const std::string ext = lower_extension(p);
    return fs::is_regular_file(p) &&
           std::any_of(std::begin(kImageExtensions), std::end(kImageExtensions), [&](const char* e) { return ext == e; });
}

DepthFileKind depth_kind_of(const fs::path& depth) {
    const std::string ext = lower_extension(depth);
    if (ext == ".exr") return DepthFileKind::LinearExr;
    if (ext == ".png") return DepthFileKind::LinearPng16mm;
    if (ext == ".npy") return DepthFileKind::LinearNpy;
    if (ext == ".npz") return DepthFileKind::MidasDisparityNpz;
    throw Error::at(depth.string(), "file type", ".exr, .png (16-bit millimetres), .npy or .npz (MiDaS disparity)",
                    "'" + ext + "'");
}

// The class folder of "images/<class>/<file>", or "" for "images/<file>" (or any other layout).
std::string class_folder_of(const fs::path& relative_image) {
    std::vector<std::string> parts;
    for (const fs::path& part : relative_image) parts.push_back(part.string());
    return parts.size() == 3 && parts[0] == "images" ? parts[1] : "";
}

struct RelativeEntry {
    fs::path image, depth;  // relative to the root
};

std::vector<RelativeEntry> read_listing(const fs::path& listing) {
    const std::string file = listing.string();
    const nlohmann::json j = parse_json_file(listing);
    const auto path_at = [&](const nlohmann::json& v, const std::string& key) {
        if (!v.is_string()) throw Error::at(file, key, "a file path (string)", v.dump());
        return fs::path(v.get<std::string>());
    };
    if (!j.is_object() || !j.contains("images") || !j["images"].is_array())
        throw Error::at(file, "images", "an array", j.is_object() && j.contains("images") ? j["images"].dump() : "none");
    const nlohmann::json& images = j["images"];
    if (images.empty()) throw Error::at(file, "images", "at least one image", "an empty list");
    std::vector<RelativeEntry> out;
    if (images[0].is_object()) {
        // Ours: [{"image": ..., "depth": ...}, ...].
        for (size_t i = 0; i < images.size(); ++i) {
            const std::string key = "images[" + std::to_string(i) + "]";
            if (!images[i].is_object()) throw Error::at(file, key, "an object with image and depth", images[i].dump());
            for (const char* field : {"image", "depth"})
                if (!images[i].contains(field)) throw Error::at(file, key + "." + field, "a file path", "none");
            out.push_back({path_at(images[i]["image"], key + ".image"), path_at(images[i]["depth"], key + ".depth")});
        }
    } else {
        // IVID's: {"images": [...], "depths": [...]}, parallel arrays.
        if (!j.contains("depths") || !j["depths"].is_array() || j["depths"].size() != images.size())
            throw Error::at(file, "depths", "an array of " + std::to_string(images.size()) + " paths (one per image)",
                            j.contains("depths") ? j["depths"].dump().substr(0, 80) : "none");
        for (size_t i = 0; i < images.size(); ++i)
            out.push_back({path_at(images[i], "images[" + std::to_string(i) + "]"),
                           path_at(j["depths"][i], "depths[" + std::to_string(i) + "]")});
    }
    return out;
}

// images/[<class>/]NAME.ext with depths/[<class>/]NAME.{exr,png,npy,npz}.
std::vector<RelativeEntry> scan_folders(const fs::path& root) {
    const fs::path images = root / "images";
    if (!fs::is_directory(images))
        throw Error(images.string() + ": folder not found (expected images/ and depths/, or a dataset.json)");
    std::vector<fs::path> found;  // relative to root
    std::vector<fs::path> loose, class_dirs;
    for (const auto& e : fs::directory_iterator(images)) {
        if (e.path().filename().string().rfind('.', 0) == 0) continue;  // hidden files and folders
        if (e.is_directory()) class_dirs.push_back(e.path());
        else if (is_image_file(e.path())) loose.push_back(e.path());
    }
    if (!class_dirs.empty() && !loose.empty())
        throw Error(loose.front().string() + ": image outside a class folder, but images/ also holds class folders (" +
                    class_dirs.front().filename().string() + "/...)");
    for (const fs::path& p : loose) found.push_back(fs::relative(p, root));
    for (const fs::path& dir : class_dirs)
        for (const auto& e : fs::directory_iterator(dir))
            if (is_image_file(e.path())) found.push_back(fs::relative(e.path(), root));
    if (found.empty())
        throw Error(images.string() + ": no images (expected .png, .jpg or .jpeg files, or class folders of them)");
    std::sort(found.begin(), found.end());

    std::vector<RelativeEntry> out;
    for (const fs::path& image : found) {
        const fs::path stem = fs::path("depths") / fs::relative(image, "images").replace_extension();
        fs::path depth;
        for (const char* ext : kDepthExtensions) {
            fs::path candidate = stem;
            candidate += ext;
            if (fs::is_regular_file(root / candidate)) {
                depth = candidate;
                break;
            }
        }
        if (depth.empty())
            throw Error((root / image).string() + ": no depth file (looked for " + (root / stem).string() +
                        ".exr, .png, .npy or .npz)");
        out.push_back({image, depth});
    }
    return out;
}

// One channel at the colour image's size, or an Error naming the depth file.
void check_depth_shape(const Image& depth, const ImageU8& colour, const RgbdEntry& e) {
    if (depth.channels != 1)
        throw Error::at(e.depth.string(), "channels", "1 (a depth map)", std::to_string(depth.channels));
    if (depth.width != colour.width || depth.height != colour.height)
        throw Error::at(e.depth.string(), "size",
                        std::to_string(colour.width) + "x" + std::to_string(colour.height) + " (as " +
                            e.image.filename().string() + ")",
                        std::to_string(depth.width) + "x" + std::to_string(depth.height));
}

// Linear depth -> z_buffer. NaN and non-positive depth are errors (+inf is far away: 1).
Image encode_linear(const Image& linear, const RgbdEntry& e, const DepthEncoding& enc) {
    for (int r = 0; r < linear.height; ++r)
        for (int c = 0; c < linear.width; ++c) {
            const float z = linear.at(r, c);
            if (!(z > 0.0f))
                throw Error::at(e.depth.string(), "depth at row " + std::to_string(r) + ", column " + std::to_string(c),
                                "a positive number", std::isnan(z) ? "NaN" : std::to_string(z));
        }
    return zbuffer_from_linear(linear, enc.near, enc.far);
}

// The double a config's decimal stands for, from the float it was read into: the shortest
// decimal that reads back as `v` (0.6f -> 0.6, not 0.60000002384). Python computes with that.
double decimal_value(float v) {
    char text[32];
    for (int digits = 1; digits < 9; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, double(v));
        const double d = std::strtod(text, nullptr);
        if (float(d) == v) return d;
    }
    return double(v);
}

// IVID's BaseDataset on MiDaS output, in float32 as NumPy does it: disparity = x / 6250, scaled
// down when its maximum exceeds 1/near, floored at 1e-3, then z_buffer = (d - 1/near)/(1/far - 1/near)
// clipped to [0, 1]. near and far enter as Python's doubles of the config's decimals.
Image encode_midas(const Image& midas, const RgbdEntry& e, const DepthEncoding& enc) {
    Image disparity = midas;
    float max = -INFINITY;
    for (float& d : disparity.data) {
        if (std::isnan(d)) throw Error::at(e.depth.string(), "arr_0", "finite disparities", "NaN");
        d /= kMidasScale;
        max = std::max(max, d);
    }
    const double near = decimal_value(enc.near), inv_near = 1.0 / near, inv_far = 1.0 / decimal_value(enc.far);
    if (double(max) > inv_near) {
        const float scale = float(double(max) * near);
        for (float& d : disparity.data) d /= scale;
    }
    const float offset = float(inv_near), range = float(inv_far - inv_near);
    for (float& d : disparity.data) d = std::clamp((std::max(d, kMinDisparity) - offset) / range, 0.0f, 1.0f);
    return disparity;
}

Image read_depth(const RgbdEntry& e) {
    switch (e.depth_kind) {
        case DepthFileKind::LinearExr: return read_exr(e.depth);
        case DepthFileKind::LinearPng16mm: {
            Image depth = read_png16(e.depth);
            for (float& d : depth.data) d /= 1000.0f;
            return depth;
        }
        case DepthFileKind::LinearNpy: return npy_to_image(load_npy(e.depth), e.depth.string());
        case DepthFileKind::MidasDisparityNpz: {
            std::istringstream member(ZipArchive(e.depth).read("arr_0.npy"));
            return npy_to_image(read_npy(member, e.depth.string() + ": arr_0"), e.depth.string() + ": arr_0");
        }
    }
    throw Error(e.depth.string() + ": unknown depth kind");
}

}  // namespace

RgbdDataset::RgbdDataset(const fs::path& root) : root_(fs::absolute(root).lexically_normal()) {
    if (!fs::is_directory(root_)) throw Error(root_.string() + ": dataset folder not found");
    const fs::path listing = root_ / kListing;
    const std::vector<RelativeEntry> found = fs::exists(listing) ? read_listing(listing) : scan_folders(root_);

    std::set<std::string> classes;
    size_t labelled = 0;
    for (const RelativeEntry& r : found) {
        const std::string cls = class_folder_of(r.image);
        if (cls.empty()) continue;
        classes.insert(cls);
        ++labelled;
    }
    if (labelled != 0 && labelled != found.size())
        throw Error(root_.string() + ": " + std::to_string(labelled) + " of " + std::to_string(found.size()) +
                    " images lie in class folders (images/<class>/NAME); either all or none must");
    class_names_.assign(classes.begin(), classes.end());

    for (const RelativeEntry& r : found) {
        RgbdEntry e;
        e.image = (root_ / r.image).lexically_normal();
        e.depth = (root_ / r.depth).lexically_normal();
        if (!fs::is_regular_file(e.image)) throw Error(e.image.string() + ": image file not found");
        if (!fs::is_regular_file(e.depth))
            throw Error(e.image.string() + ": depth file not found: " + e.depth.string());
        e.depth_kind = depth_kind_of(e.depth);
        if (labelled) {
            const std::string cls = class_folder_of(r.image);
            e.label = int(std::lower_bound(class_names_.begin(), class_names_.end(), cls) - class_names_.begin());
        }
        entries_.push_back(std::move(e));
    }
}

RgbdSample resize_crop_sample(const RgbdOriginal& original, int size) {
    const ImageU8 c = resize_crop_lanczos(original.colour, size);
    const Image d = resize_crop_nearest(original.depth, size);
    RgbdSample sample{Image(size, size, 4), original.label};
    for (int r = 0; r < size; ++r)
        for (int col = 0; col < size; ++col) {
            for (int ch = 0; ch < 3; ++ch) sample.rgbd.at(r, col, ch) = float(c.at(r, col, ch)) / 255.0f;
            sample.rgbd.at(r, col, 3) = d.at(r, col);
        }
    return sample;
}

RgbdSample RgbdDataset::load(size_t i, int size, const DepthEncoding& encoding) const {
    if (size <= 0) throw Error::at("RgbdDataset::load", "size", "positive", std::to_string(size));
    return resize_crop_sample(load_original(i, encoding), size);
}

RgbdOriginal RgbdDataset::load_original(size_t i, const DepthEncoding& encoding) const {
    if (!(encoding.near > 0.0f && encoding.near < encoding.far))
        throw Error::at("RgbdDataset::load", "depth encoding", "0 < near < far",
                        std::to_string(encoding.near) + ", " + std::to_string(encoding.far));
    const RgbdEntry& e = entry(i);
    ImageU8 colour = read_image_u8(e.image, 3);
    const Image depth = read_depth(e);
    check_depth_shape(depth, colour, e);
    Image encoded =
        e.depth_kind == DepthFileKind::MidasDisparityNpz ? encode_midas(depth, e, encoding) : encode_linear(depth, e, encoding);
    return {std::move(colour), std::move(encoded), e.label};
}

}  // namespace ivid::dataset
