// The engine's library interface, as llama.h is llama.cpp's: what an application needs to
// generate scenes with IVID's models — the studio's Generate panel uses nothing else of the
// LibTorch layers (core/nn, diffusion, pipeline, train, eval), and neither need you. Every header
// here is free of LibTorch (tests/layers/check_engine_api.sh proves both), so a program that
// includes it compiles in seconds and links ivid_ml for the implementation.
//
//   ivid::pipeline::GenerationJob job(request);  // request: models, seeds, viewset, samplers;
//   while (!job.finished())                        // the job runs on its own thread
//       for (const auto& e : job.wait(std::chrono::milliseconds(200))) { ... }  // steps, previews, views, Done
// (examples/generate_scene.cpp is the whole program.)
#pragma once

#include "core/diffusion/sampler_settings.hpp"  // samplers: DDPM / DDIM / DPM-Solver++, steps, eta, guidance, clipping
#include "core/nn/adm_config.hpp"                // IVID's model configs (image size, channels, classes)
#include "core/pipeline/class_selection.hpp"     // the ImageNet class of each scene
#include "core/pipeline/generation_job.hpp"      // GenerationJob: one generation on its own thread, with events
#include "core/pipeline/model_pack.hpp"          // model packs (pack.json): the models and their suggested settings
#include "core/pipeline/upscale_settings.hpp"    // the super-resolution stage
#include "core/pipeline/viewset_spec.hpp"        // viewsets: 3x9, random, ring:N, a file
