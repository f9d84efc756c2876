// Where a generation's time went, summed over its scenes: network sampling (a batch's sampling
// time shared equally by its scenes), aggregating conditions, meshing views, super-resolution.
// generate_scenes fills it and the job's Done event carries it (what `ivid generate` prints); the
// per-view times are also recorded in each scene's provenance ("timings") for later reading.
#pragma once

namespace ivid::pipeline {

struct GenerationFigures {
    double sample_s = 0.0;
    double aggregate_s = 0.0;
    double mesh_s = 0.0;
    double upscale_s = 0.0;
};

}  // namespace ivid::pipeline
