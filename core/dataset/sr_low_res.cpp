#include "core/dataset/sr_low_res.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include <opencv2/imgproc.hpp>

#include "core/dataset/resize_crop.hpp"
#include "core/util/error.hpp"
#include "core/util/number_text.hpp"

namespace ivid::dataset {
namespace {

std::string size_text(int width, int height, int channels) {
    return std::to_string(width) + "x" + std::to_string(height) + "x" + std::to_string(channels);
}

}  // namespace

SrSample load_sr_sample(const RgbdDataset& dataset, size_t i, int size, int lr_size, const DepthEncoding& encoding) {
    if (size <= 0) throw Error::at("load_sr_sample", "size", "positive", std::to_string(size));
    if (lr_size <= 0 || lr_size > size)
        throw Error::at("load_sr_sample", "low-res size", "1 to the high-res size " + std::to_string(size),
                        std::to_string(lr_size));
    const RgbdOriginal original = dataset.load_original(i, encoding);
    return {resize_crop_sample(original, size), resize_crop_lanczos(original.colour, lr_size),
            resize_crop_nearest(original.depth, lr_size)};
}

SrSample load_sr_sample_paired(const RgbdDataset& dataset, const RgbdDataset& low_res, size_t i, int size, int lr_size,
                               const DepthEncoding& encoding) {
    const std::filesystem::path& image = dataset.entry(i).image;
    const std::filesystem::path& lr_image = low_res.entry(i).image;
    if (image.lexically_relative(dataset.root()).replace_extension() != lr_image.lexically_relative(low_res.root()).replace_extension())
        throw Error(lr_image.string() + ": expected the low-res image of " + image.string() +
                    " (the low-res dataset must hold the same images under the same names)");
    RgbdOriginal low = low_res.load_original(i, encoding);
    if (low.colour.width != lr_size || low.colour.height != lr_size)
        throw Error::at(lr_image.string(), "size", std::to_string(lr_size) + "x" + std::to_string(lr_size) + " (image_size_lr)",
                        std::to_string(low.colour.width) + "x" + std::to_string(low.colour.height));
    return {dataset.load(i, size, encoding), std::move(low.colour), std::move(low.depth)};
}

Image low_res_condition(const ImageU8& lr_colour, const Image& lr_depth, std::optional<double> blur_sigma) {
    if (blur_sigma && !(std::isfinite(*blur_sigma) && *blur_sigma > 0.0))
        throw Error::at("low_res_condition", "blur sigma", "a finite number > 0", number_text(*blur_sigma));
    if (lr_colour.channels != 3 || lr_colour.empty())
        throw Error::at("low_res_condition", "low-res colour", "W x H x 3",
                        size_text(lr_colour.width, lr_colour.height, lr_colour.channels));
    if (lr_depth.channels != 1 || lr_depth.width != lr_colour.width || lr_depth.height != lr_colour.height)
        throw Error::at("low_res_condition", "low-res depth",
                        size_text(lr_colour.width, lr_colour.height, 1) + " (as the colour)",
                        size_text(lr_depth.width, lr_depth.height, lr_depth.channels));

    const cv::Mat colour(lr_colour.height, lr_colour.width, CV_8UC3, const_cast<uint8_t*>(lr_colour.data.data()));
    cv::Mat blurred;  // a new buffer: `colour` wraps the caller's pixels, which must stay as they are
    if (blur_sigma) cv::GaussianBlur(colour, blurred, cv::Size(3, 3), *blur_sigma, 0.0, cv::BORDER_REFLECT_101);
    else blurred = colour;

    Image out(lr_colour.width, lr_colour.height, 4);
    for (int r = 0; r < out.height; ++r) {
        const uint8_t* row = blurred.ptr<uint8_t>(r);
        for (int c = 0; c < out.width; ++c) {
            for (int ch = 0; ch < 3; ++ch) out.at(r, c, ch) = float(row[3 * c + ch]) / 255.0f;
            out.at(r, c, 3) = lr_depth.at(r, c);
        }
    }
    return out;
}

}  // namespace ivid::dataset
