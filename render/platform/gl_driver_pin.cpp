#include "render/platform/gl_driver_pin.hpp"

#include <dlfcn.h>
#include <link.h>

#include <string>
#include <vector>

namespace ivid::gl {
namespace {

// The loaded shared objects by name (the main program's is empty); collected first, since
// dlopen may not be called while dl_iterate_phdr holds the loader's lock.
std::vector<std::string> loaded_libraries() {
    std::vector<std::string> names;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* out) {
            if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0')
                static_cast<std::vector<std::string>*>(out)->emplace_back(info->dlpi_name);
            return 0;
        },
        &names);
    return names;
}

}  // namespace

void keep_gl_driver_loaded() {
    static const bool pinned = [] {
        // RTLD_NOLOAD: nothing new is loaded, only a reference counted; the handles are never closed.
        for (const std::string& name : loaded_libraries()) dlopen(name.c_str(), RTLD_NOW | RTLD_NOLOAD);
        return true;
    }();
    (void)pinned;
}

}  // namespace ivid::gl
