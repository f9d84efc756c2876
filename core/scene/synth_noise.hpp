// Deterministic randomness for the synthetic world: a seeded generator that gives the same
// numbers on every platform and standard library, and smooth lattice noise for terrain and
// procedural textures (value noise, fractal sums, cellular distance).
#pragma once

#include <cstdint>

namespace ivid::synth {

// SplitMix64 finaliser: a well-mixed 64-bit hash.
uint64_t mix64(uint64_t x);

class Rng {
public:
    explicit Rng(uint64_t seed);
    uint64_t next();
    double uniform();                          // [0, 1)
    double uniform(double lo, double hi);      // [lo, hi)
    int below(int n);                          // 0 .. n-1
    bool chance(double p);

private:
    uint64_t state_;
};

// Smooth (C2) value noise in [-1, 1] with unit lattice spacing.
double value_noise(double x, double y, uint64_t seed);
double value_noise(double x, double y, double z, uint64_t seed);
// Sum of `octaves` value-noise layers (frequency x2, amplitude x0.5), normalised to [-1, 1].
double fbm(double x, double y, uint64_t seed, int octaves);
double fbm(double x, double y, double z, uint64_t seed, int octaves);
// Distance to the nearest of one random feature point per unit cell (Worley F1), ~[0, 1].
double cell_distance(double x, double y, double z, uint64_t seed);

}  // namespace ivid::synth
