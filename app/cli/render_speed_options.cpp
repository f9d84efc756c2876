#include "app/cli/render_speed_options.hpp"

namespace ivid::cli {

void add_render_speed_options(ArgParser& args) {
    args.option("max-detail", "D", "depth-aware: render at most D pixels per view pixel and upscale, 0 = at the "
                                   "output size (default 1.5)");
    args.option("merge-planar", "on|off", "depth-aware: draw the views' planar blocks as fewer triangles (default on)");
}

void apply_render_speed_options(const ArgParser& args, FusionRenderSettings& settings) {
    if (args.is_set("max-detail")) settings.max_detail = float(args.get_double_in("max-detail", 0.0, 1e6));
    if (args.is_set("merge-planar")) settings.merge_planar = args.get_on_off("merge-planar");
}

}  // namespace ivid::cli
