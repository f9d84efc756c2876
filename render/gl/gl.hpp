// The one place GUI code includes the OpenGL API from: the glad-generated 4.5 core loader
// (built into ivid_glad at build time, see cmake/Glad.cmake).
#pragma once

#include <glad/gl.h>
