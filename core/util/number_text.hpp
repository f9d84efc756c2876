// A number as short readable text for messages and names: printf's %g (6 significant digits,
// no trailing zeros: 0.3, 1, 1e+30).
#pragma once

#include <cstdio>
#include <string>

namespace ivid {

inline std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace ivid
