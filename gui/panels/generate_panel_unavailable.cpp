// The Generate panel of builds without the LibTorch engine (IVID_BUILD_ML=OFF): it says how to
// get generation, and a requested generation becomes that message.
#include "gui/panels/generate_panel.hpp"

#include <imgui.h>

#include "core/util/error.hpp"
#include "gui/panels/panel_placement.hpp"

namespace ivid {
namespace {
constexpr const char* kUnavailable =
    "This build has no generation engine: configure with -DIVID_BUILD_ML=ON (LibTorch) to generate scenes.";
}  // namespace

struct GeneratePanel::Impl {};

GeneratePanel::GeneratePanel() = default;
GeneratePanel::~GeneratePanel() = default;

void GeneratePanel::update(StudioState& state) {
    if (!state.generate_requested) return;
    state.generate_requested = false;
    state.report_error("Cannot generate", Error(kUnavailable));
}

void GeneratePanel::draw(StudioState& state) {
    place_panel(PanelColumn::Right, 448.0f, 360.0f, 120.0f);
    if (ImGui::Begin("Generate", &state.settings.panels.generate)) ImGui::TextWrapped("%s", kUnavailable);
    ImGui::End();
}

bool GeneratePanel::busy() const { return false; }

}  // namespace ivid
