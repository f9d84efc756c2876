#include "core/raster/mask_ops.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/util/error.hpp"

namespace ivid {
namespace {

// float32 like numpy on float32 arrays.
bool depth_pair_differs(float a, float b, float atol, float rtol) {
    a = std::max(a, 1e-6f);
    b = std::max(b, 1e-6f);
    return std::fabs(a - b) > atol && std::fabs(1.0f / a - 1.0f / b) > rtol;
}

cv::Mat as_mat(const Image& img) {
    return cv::Mat(img.height, img.width, CV_32FC(img.channels), const_cast<float*>(img.data.data()));
}

Image from_mat(const cv::Mat& m) {
    Image out(m.cols, m.rows, m.channels());
    cv::Mat view(m.rows, m.cols, m.type(), out.data.data());
    m.copyTo(view);
    return out;
}

}  // namespace

Image depth_edge_mask(const Image& depth, float atol, float rtol) {
    require(depth.channels == 1, "depth_edge_mask: depth must have one channel");
    std::vector<uint8_t> count(depth.pixel_count(), 0);
    const int h = depth.height, w = depth.width;
    // Neighbour offsets: right, down, down-right, down-left (each pair visited once).
    const int dr[4] = {0, 1, 1, 1};
    const int dc[4] = {1, 0, 1, -1};
    for (int k = 0; k < 4; ++k)
        for (int r = 0; r + dr[k] < h; ++r)
            for (int c = std::max(0, -dc[k]); c < w && c + dc[k] < w; ++c) {
                const int r2 = r + dr[k], c2 = c + dc[k];
                if (depth_pair_differs(depth.at(r, c), depth.at(r2, c2), atol, rtol)) {
                    ++count[size_t(r) * w + c];
                    ++count[size_t(r2) * w + c2];
                }
            }
    Image mask(w, h, 1);
    for (size_t p = 0; p < count.size(); ++p) mask.data[p] = count[p] < 3 ? 1.0f : 0.0f;
    return mask;
}

Image erode_mask(const Image& mask, int kernel_size) {
    require(mask.channels == 1, "erode_mask: mask must have one channel");
    if (kernel_size <= 1) return mask;
    cv::Mat out;
    cv::erode(as_mat(mask), out, cv::Mat::ones(kernel_size, kernel_size, CV_8U));
    return from_mat(out);
}

Image multiply_by_mask(const Image& img, const Image& mask) {
    require(mask.channels == 1 && mask.width == img.width && mask.height == img.height,
            "multiply_by_mask: mask must be one channel of the image's size");
    Image out = img;
    for (size_t p = 0; p < img.pixel_count(); ++p)
        for (int c = 0; c < img.channels; ++c) out.data[p * img.channels + c] *= mask.data[p];
    return out;
}

Image gaussian_blur(const Image& img, int kernel_size, float sigma) {
    require(kernel_size >= 1 && kernel_size % 2 == 1, "gaussian_blur: kernel size must be odd");
    cv::Mat out;
    cv::GaussianBlur(as_mat(img), out, cv::Size(kernel_size, kernel_size), sigma);
    return from_mat(out);
}

}  // namespace ivid
