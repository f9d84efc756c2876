#include "core/image/npy.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <type_traits>

#include "core/util/error.hpp"
#include "core/util/input_file.hpp"

namespace ivid {
namespace {

struct DtypeInfo {
    const char* descr;
    const char* name;
    size_t item_size;
};

const DtypeInfo kDtypes[] = {
    {"<f2", "float16", 2}, {"<f4", "float32", 4}, {"<f8", "float64", 8}, {"<i4", "int32", 4},
    {"<i8", "int64", 8},   {"|u1", "uint8", 1},   {"|b1", "bool", 1},
};

const DtypeInfo* find_by_descr(const std::string& descr) {
    for (const auto& d : kDtypes) if (descr == d.descr) return &d;
    return nullptr;
}

const DtypeInfo* find_by_name(const std::string& name) {
    for (const auto& d : kDtypes) if (name == d.name) return &d;
    return nullptr;
}

// Extracts the value of 'key' from the header dict text, e.g. "'descr': '<f4'".
std::string header_value(const std::string& header, const std::string& key, const std::string& file) {
    auto pos = header.find("'" + key + "'");
    if (pos == std::string::npos) throw Error::at(file, "npy header", "key '" + key + "'", "none");
    pos = header.find(':', pos);
    const size_t start = pos == std::string::npos ? pos : header.find_first_not_of(' ', pos + 1);
    if (start == std::string::npos) throw Error::at(file, "npy header", "a value for '" + key + "'", "none");
    size_t end;
    if (header[start] == '\'') {
        end = header.find('\'', start + 1);
        if (end == std::string::npos) throw Error::at(file, "npy header", "a closing quote for '" + key + "'", "none");
        return header.substr(start + 1, end - start - 1);
    }
    if (header[start] == '(') {
        end = header.find(')', start);
        if (end == std::string::npos) throw Error::at(file, "npy header", "a closing ) for '" + key + "'", "none");
        return header.substr(start, end - start + 1);
    }
    end = header.find_first_of(",}", start);
    return header.substr(start, end - start);
}

// The shape tuple "(3, 4)" as sizes; malformed or overflowing sizes are Errors.
std::vector<size_t> parse_shape(const std::string& shape, size_t item_size, const std::string& file) {
    if (shape.size() < 2 || shape.front() != '(') throw Error::at(file, "shape", "a tuple of sizes", shape);
    std::vector<size_t> out;
    std::stringstream ss(shape.substr(1, shape.size() - 2));
    std::string item;
    size_t bytes = item_size;
    while (std::getline(ss, item, ',')) {
        const size_t first = item.find_first_not_of(' ');
        if (first == std::string::npos) continue;
        size_t used = 0;
        unsigned long long n = 0;
        try {
            n = std::stoull(item.substr(first), &used);
        } catch (const std::logic_error&) {
            used = 0;
        }
        if (used == 0 || item.find_first_not_of(' ', first + used) != std::string::npos || item[first] == '-' ||
            (n != 0 && bytes > std::numeric_limits<size_t>::max() / n))
            throw Error::at(file, "shape", "a tuple of sizes", shape);
        bytes *= size_t(n);
        out.push_back(size_t(n));
    }
    return out;
}

// Bytes left in `in` (for the data size check before allocating), or max when not seekable.
size_t remaining_bytes(std::istream& in) {
    const auto here = in.tellg();
    if (here < 0 || !in.seekg(0, std::ios::end)) {
        in.clear();
        return std::numeric_limits<size_t>::max();
    }
    const auto end = in.tellg();
    in.seekg(here);
    return size_t(end - here);
}

// IEEE half -> float (exact: every half is a float).
float half_to_float(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000u) << 16, exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0x1fu) {
        bits = sign | 0x7f800000u | (mantissa << 13);  // inf, NaN
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;  // +-0
    } else {  // subnormal: mantissa * 2^-24
        const float v = float(mantissa) * 5.9604644775390625e-8f;
        std::memcpy(&bits, &v, 4);
        bits |= sign;
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// A float element as Out: an integer Out takes only finite values within its range (anything else
// has no integer value, and the cast would be undefined behaviour).
template <typename Out>
Out from_float(double v, const std::string& dtype) {
    if constexpr (std::is_integral_v<Out>) {
        constexpr double limit = 9223372036854775808.0;  // 2^63
        if (!(v >= -limit && v < limit))
            throw Error("npy: a " + dtype + " element (" + std::to_string(v) + ") has no integer value");
    }
    return static_cast<Out>(v);
}

template <typename Out>
std::vector<Out> convert(const NpyArray& a) {
    std::vector<Out> out(a.size());
    const uint8_t* p = a.bytes.data();
    for (size_t i = 0; i < out.size(); ++i) {
        if (a.dtype == "float16") { uint16_t v; std::memcpy(&v, p + 2 * i, 2); out[i] = from_float<Out>(half_to_float(v), a.dtype); }
        else if (a.dtype == "float32") { float v; std::memcpy(&v, p + 4 * i, 4); out[i] = from_float<Out>(v, a.dtype); }
        else if (a.dtype == "float64") { double v; std::memcpy(&v, p + 8 * i, 8); out[i] = from_float<Out>(v, a.dtype); }
        else if (a.dtype == "int32") { int32_t v; std::memcpy(&v, p + 4 * i, 4); out[i] = static_cast<Out>(v); }
        else if (a.dtype == "int64") { int64_t v; std::memcpy(&v, p + 8 * i, 8); out[i] = static_cast<Out>(v); }
        else out[i] = static_cast<Out>(p[i]);
    }
    return out;
}

}  // namespace

size_t NpyArray::size() const {
    size_t n = 1;
    for (size_t s : shape) n *= s;
    return n;
}

std::vector<float> NpyArray::as_float() const { return convert<float>(*this); }
std::vector<double> NpyArray::as_double() const { return convert<double>(*this); }
std::vector<int64_t> NpyArray::as_int() const { return convert<int64_t>(*this); }

NpyArray load_npy(const std::filesystem::path& path) {
    require_input_file(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open: " + std::strerror(errno));
    return read_npy(in, path.string());
}

NpyArray read_npy(std::istream& in, const std::string& file) {
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        throw Error::at(file, "", "a .npy file (magic \\x93NUMPY)", "other bytes");
    uint32_t header_len = 0;
    if (magic[6] == 1) {
        uint8_t len[2];
        in.read(reinterpret_cast<char*>(len), 2);
        header_len = len[0] | (len[1] << 8);
    } else {
        uint8_t len[4];
        in.read(reinterpret_cast<char*>(len), 4);
        header_len = len[0] | (len[1] << 8) | (len[2] << 16) | (uint32_t(len[3]) << 24);
    }
    if (!in || header_len > remaining_bytes(in)) throw Error(file + ": truncated npy header");
    std::string header(header_len, '\0');
    if (!in.read(header.data(), header_len)) throw Error(file + ": truncated npy header");

    NpyArray a;
    std::string descr = header_value(header, "descr", file);
    const DtypeInfo* info = find_by_descr(descr);
    if (!info) throw Error::at(file, "dtype", "float16/float32/float64/int32/int64/uint8", descr);
    a.dtype = info->name;
    if (a.dtype == "bool") a.dtype = "uint8";
    if (header_value(header, "fortran_order", file) != "False")
        throw Error::at(file, "fortran_order", "False", "True");
    std::string shape = header_value(header, "shape", file);
    a.shape = parse_shape(shape, info->item_size, file);
    // Checked before allocating: a header can claim any size.
    const size_t bytes = a.size() * info->item_size;
    if (bytes > remaining_bytes(in))
        throw Error::at(file, "data", std::to_string(bytes) + " bytes", "fewer (truncated)");
    a.bytes.resize(bytes);
    if (!in.read(reinterpret_cast<char*>(a.bytes.data()), a.bytes.size()))
        throw Error::at(file, "data", std::to_string(a.bytes.size()) + " bytes", "fewer (truncated)");
    return a;
}

void save_npy(const std::filesystem::path& path, const NpyArray& array) {
    const DtypeInfo* info = find_by_name(array.dtype);
    require(info != nullptr, "save_npy: unsupported dtype " + array.dtype);
    std::string shape = "(";
    for (size_t i = 0; i < array.shape.size(); ++i) shape += std::to_string(array.shape[i]) + ", ";
    if (array.shape.size() > 1) shape.erase(shape.size() - 2);
    else if (array.shape.size() == 1) shape.erase(shape.size() - 1);
    shape += ")";
    std::string header = "{'descr': '" + std::string(info->descr) + "', 'fortran_order': False, 'shape': " + shape + ", }";
    size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error(path.string() + ": cannot open for writing");
    out.write("\x93NUMPY\x01\x00", 8);
    uint16_t len = static_cast<uint16_t>(header.size());
    out.put(static_cast<char>(len & 0xff));
    out.put(static_cast<char>(len >> 8));
    out.write(header.data(), header.size());
    out.write(reinterpret_cast<const char*>(array.bytes.data()), array.bytes.size());
    if (!out) throw Error(path.string() + ": write failed");
}

namespace {
void image_dims(const NpyArray& a, const std::string& what, int& h, int& w, int& c) {
    for (size_t s : a.shape)
        if (s > size_t(std::numeric_limits<int>::max()))
            throw Error::at(what, "shape", "sizes an image can have", std::to_string(s));
    if (a.shape.size() == 2) { h = int(a.shape[0]); w = int(a.shape[1]); c = 1; return; }
    if (a.shape.size() == 3) { h = int(a.shape[0]); w = int(a.shape[1]); c = int(a.shape[2]); return; }
    throw Error::at(what, "shape", "(H, W) or (H, W, C)", std::to_string(a.shape.size()) + " dimensions");
}
}  // namespace

Image npy_to_image(const NpyArray& a, const std::string& what) {
    int h, w, c;
    image_dims(a, what, h, w, c);
    Image img(w, h, c);
    img.data = a.as_float();
    return img;
}

ImageU8 npy_to_image_u8(const NpyArray& a, const std::string& what) {
    int h, w, c;
    image_dims(a, what, h, w, c);
    if (a.dtype != "uint8") throw Error::at(what, "dtype", "uint8", a.dtype);
    ImageU8 img(w, h, c);
    img.data.assign(a.bytes.begin(), a.bytes.end());
    return img;
}

NpyArray image_to_npy(const Image& img) {
    NpyArray a;
    a.dtype = "float32";
    a.shape = {size_t(img.height), size_t(img.width), size_t(img.channels)};
    a.bytes.resize(img.data.size() * 4);
    std::memcpy(a.bytes.data(), img.data.data(), a.bytes.size());
    return a;
}

}  // namespace ivid
