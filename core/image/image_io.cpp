#include "core/image/image_io.hpp"

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>

#include "core/image/image_structure.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/input_file.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

cv::Mat read_mat(const fs::path& path, int flags) {
    require_input_file(path);
    // The error below says what failed; OpenCV's own log lines would only precede it as noise.
    static const bool quiet = (cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT), true);
    (void)quiet;
    check_image_structure(path);
    cv::Mat m;
    try {
        m = cv::imread(path.string(), flags);
    } catch (const cv::Exception& e) {
        throw Error(path.string() + ": cannot decode image: " + e.what());
    }
    if (m.empty()) throw Error(path.string() + ": cannot decode image (corrupt, truncated or unsupported)");
    return m;
}

void write_mat(const fs::path& path, const cv::Mat& m) {
    write_file_atomically(path, [&](const fs::path& tmp) {
        bool ok = false;
        try {
            ok = cv::imwrite(tmp.string(), m);
        } catch (const cv::Exception& e) {
            throw Error(path.string() + ": cannot encode image: " + e.what());
        }
        if (!ok) throw Error(path.string() + ": cannot write image");
    });
}

// A one-channel file stored with the given OpenCV depth, as float values.
Image read_single_channel(const fs::path& path, int cv_depth, const std::string& depth_name) {
    cv::Mat m = read_mat(path, cv::IMREAD_UNCHANGED);
    if (m.depth() != cv_depth)
        throw Error::at(path.string(), "pixel type", depth_name, "depth code " + std::to_string(m.depth()));
    if (m.channels() != 1)
        throw Error::at(path.string(), "channels", "1", std::to_string(m.channels()));
    cv::Mat values;
    m.convertTo(values, CV_32F);
    Image img(values.cols, values.rows, 1);
    for (int r = 0; r < values.rows; ++r) std::memcpy(img.row_ptr(r), values.ptr(r), size_t(values.cols) * 4);
    return img;
}

}  // namespace

ImageU8 read_image_u8(const fs::path& path, int expected_channels, bool exact_channels) {
    cv::Mat m = read_mat(path, cv::IMREAD_UNCHANGED);
    if (m.depth() != CV_8U)
        throw Error::at(path.string(), "pixel type", "8-bit", "depth code " + std::to_string(m.depth()));
    if (exact_channels && m.channels() != expected_channels)
        throw Error::at(path.string(), "channels", std::to_string(expected_channels),
                        std::to_string(m.channels()));
    cv::Mat conv;
    if (expected_channels == 3) {
        if (m.channels() == 1) cv::cvtColor(m, conv, cv::COLOR_GRAY2RGB);
        else if (m.channels() == 3) cv::cvtColor(m, conv, cv::COLOR_BGR2RGB);
        else cv::cvtColor(m, conv, cv::COLOR_BGRA2RGB);
    } else if (expected_channels == 1) {
        if (m.channels() == 1) conv = m;
        else if (m.channels() == 3) cv::cvtColor(m, conv, cv::COLOR_BGR2GRAY);
        else cv::cvtColor(m, conv, cv::COLOR_BGRA2GRAY);
    } else {
        throw Error("read_image_u8: expected_channels must be 1 or 3");
    }
    ImageU8 img(conv.cols, conv.rows, expected_channels);
    for (int r = 0; r < conv.rows; ++r)
        std::memcpy(img.row_ptr(r), conv.ptr(r), size_t(conv.cols) * expected_channels);
    return img;
}

void write_png(const fs::path& path, const ImageU8& img) {
    require(img.channels == 1 || img.channels == 3 || img.channels == 4,
            path.string() + ": PNG needs 1, 3 or 4 channels");
    int type = CV_8UC(img.channels);
    cv::Mat rgb(img.height, img.width, type, const_cast<uint8_t*>(img.data.data()));
    cv::Mat bgr;
    if (img.channels == 3) cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    else if (img.channels == 4) cv::cvtColor(rgb, bgr, cv::COLOR_RGBA2BGRA);
    else bgr = rgb;
    write_mat(path, bgr);
}

Image read_png16(const fs::path& path) { return read_single_channel(path, CV_16U, "16-bit"); }

void write_png16(const fs::path& path, const ImageT<uint16_t>& img) {
    require(img.channels == 1, path.string() + ": 16-bit PNG writer takes one channel");
    cv::Mat m(img.height, img.width, CV_16UC1, const_cast<uint16_t*>(img.data.data()));
    write_mat(path, m.clone());
}

Image read_exr(const fs::path& path) { return read_single_channel(path, CV_32F, "32-bit float"); }

void write_exr(const fs::path& path, const Image& img) {
    require(img.channels == 1, path.string() + ": EXR writer takes one channel");
    cv::Mat m(img.height, img.width, CV_32FC1, const_cast<float*>(img.data.data()));
    write_mat(path, m.clone());
}

}  // namespace ivid
