#include "app/cli/meshing_options.hpp"

namespace ivid::cli {

void add_meshing_options(ArgParser& args) {
    args.option("atol", "A", "depth-edge tolerance of the view meshes, absolute (default: the scene's recorded value, else 0.03 as IVID)");
    args.option("rtol", "R", "depth-edge tolerance, relative (default: the scene's recorded value, else 0.03 as IVID)");
    args.option("erode-rgb", "K", "colour erosion at depth edges, kernel 2K-1 (default: the scene's recorded value, else 3 as IVID)");
}

MeshingTolerances selected_meshing(const ArgParser& args, const Scene& scene) {
    MeshingTolerances t = meshing_from_provenance(scene);
    if (args.is_set("atol")) t.atol = float(args.get_double_in("atol", 0.0, 1e6));
    if (args.is_set("rtol")) t.rtol = float(args.get_double_in("rtol", 0.0, 1e6));
    if (args.is_set("erode-rgb")) t.erode_rgb = args.get_int_in("erode-rgb", 1, 16);
    return t;
}

}  // namespace ivid::cli
