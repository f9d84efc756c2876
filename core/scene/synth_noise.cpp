#include "core/scene/synth_noise.hpp"

#include <cmath>

namespace ivid::synth {
namespace {

uint64_t lattice_hash(int64_t x, int64_t y, int64_t z, uint64_t seed) {
    return mix64(seed ^ mix64(uint64_t(x) * 0x9E3779B97F4A7C15ull ^ uint64_t(y) * 0xC2B2AE3D27D4EB4Full ^
                              uint64_t(z) * 0x165667B19E3779F9ull));
}

// Lattice value in [-1, 1].
double lattice_value(int64_t x, int64_t y, int64_t z, uint64_t seed) {
    return double(lattice_hash(x, y, z, seed) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

double quintic(double t) { return t * t * t * (t * (t * 6.0 - 15.0) + 10.0); }
double lerp(double a, double b, double t) { return a + (b - a) * t; }

}  // namespace

uint64_t mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

Rng::Rng(uint64_t seed) : state_(mix64(seed)) {}

uint64_t Rng::next() {
    state_ += 0x9E3779B97F4A7C15ull;
    return mix64(state_);
}

double Rng::uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
int Rng::below(int n) { return int(uniform() * n); }
bool Rng::chance(double p) { return uniform() < p; }

double value_noise(double x, double y, uint64_t seed) {
    double fx = std::floor(x), fy = std::floor(y);
    int64_t ix = int64_t(fx), iy = int64_t(fy);
    double tx = quintic(x - fx), ty = quintic(y - fy);
    double a = lerp(lattice_value(ix, iy, 0, seed), lattice_value(ix + 1, iy, 0, seed), tx);
    double b = lerp(lattice_value(ix, iy + 1, 0, seed), lattice_value(ix + 1, iy + 1, 0, seed), tx);
    return lerp(a, b, ty);
}

double value_noise(double x, double y, double z, uint64_t seed) {
    double fx = std::floor(x), fy = std::floor(y), fz = std::floor(z);
    int64_t ix = int64_t(fx), iy = int64_t(fy), iz = int64_t(fz);
    double tx = quintic(x - fx), ty = quintic(y - fy), tz = quintic(z - fz);
    double layer[2];
    for (int k = 0; k < 2; ++k) {
        double a = lerp(lattice_value(ix, iy, iz + k, seed), lattice_value(ix + 1, iy, iz + k, seed), tx);
        double b = lerp(lattice_value(ix, iy + 1, iz + k, seed), lattice_value(ix + 1, iy + 1, iz + k, seed), tx);
        layer[k] = lerp(a, b, ty);
    }
    return lerp(layer[0], layer[1], tz);
}

double fbm(double x, double y, uint64_t seed, int octaves) {
    double sum = 0.0, amp = 1.0, norm = 0.0;
    for (int o = 0; o < octaves; ++o) {
        sum += amp * value_noise(x, y, seed + uint64_t(o));
        norm += amp;
        x = x * 2.03 + 17.1;  // off-lattice shifts keep octaves from lining up
        y = y * 2.03 - 9.7;
        amp *= 0.5;
    }
    return sum / norm;
}

double fbm(double x, double y, double z, uint64_t seed, int octaves) {
    double sum = 0.0, amp = 1.0, norm = 0.0;
    for (int o = 0; o < octaves; ++o) {
        sum += amp * value_noise(x, y, z, seed + uint64_t(o));
        norm += amp;
        x = x * 2.03 + 17.1;
        y = y * 2.03 - 9.7;
        z = z * 2.03 + 3.3;
        amp *= 0.5;
    }
    return sum / norm;
}

double cell_distance(double x, double y, double z, uint64_t seed) {
    int64_t ix = int64_t(std::floor(x)), iy = int64_t(std::floor(y)), iz = int64_t(std::floor(z));
    double best = 4.0;
    for (int dz = -1; dz <= 1; ++dz)
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                uint64_t h = lattice_hash(ix + dx, iy + dy, iz + dz, seed);
                double px = double(ix + dx) + double(h & 0xFFFF) / 65536.0;
                double py = double(iy + dy) + double((h >> 16) & 0xFFFF) / 65536.0;
                double pz = double(iz + dz) + double((h >> 32) & 0xFFFF) / 65536.0;
                double d2 = (px - x) * (px - x) + (py - y) * (py - y) + (pz - z) * (pz - z);
                best = d2 < best ? d2 : best;
            }
    return std::sqrt(best);
}

}  // namespace ivid::synth
