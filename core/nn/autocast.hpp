// Mixed precision for network forwards through LibTorch's autocast: matrix products and
// convolutions run in fp16 or bf16, precision-sensitive ops (norms, softmax) stay float32.
#pragma once

#include <string>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "core/util/enum_names.hpp"

namespace ivid::nn {

enum class Autocast { None, Fp16, Bf16 };
inline constexpr EnumName<Autocast> kAutocastNames[] = {
    {Autocast::None, "none"}, {Autocast::Fp16, "fp16"}, {Autocast::Bf16, "bf16"}};

// "none", "fp16" or "bf16"; anything else is an Error naming `what` (e.g. "--autocast").
Autocast parse_autocast(const std::string& name, const std::string& what);
std::string autocast_name(Autocast mode);

// fp16 autocast exists only for CUDA in LibTorch 1.13 (its CPU autocast is bf16 only), and bf16
// on the CPU needs kernels this CPU may lack (AVX-512): an Error naming the option and the
// reason, so a bad combination fails before any work starts.
void require_autocast_support(Autocast mode, const c10::Device& device);

// Turns autocast on for `device` for its lifetime and restores the previous state (enabled flag
// and dtype) on exit, dropping the cast weights it cached once no outer autocast region remains.
// Autocast::None leaves everything as it is.
class AutocastGuard {
public:
    AutocastGuard(Autocast mode, const c10::Device& device);
    ~AutocastGuard();
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    bool active_ = false;
    bool cuda_ = false;
    bool was_enabled_ = false;
    c10::ScalarType previous_dtype_ = c10::ScalarType::Float;
};

}  // namespace ivid::nn
