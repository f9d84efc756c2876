# ivid_glad: the OpenGL 4.5 core loader (plus GL_KHR_debug), generated at build time by the
# glad 2 generator into the build tree, so no generated code lives in the repository.
# --reproducible keeps glad offline (otherwise it tries to download the Khronos XML).
find_program(IVID_GLAD_EXECUTABLE glad REQUIRED)

set(IVID_GLAD_DIR ${CMAKE_BINARY_DIR}/generated/glad)
set(IVID_GLAD_OUTPUTS
  ${IVID_GLAD_DIR}/src/gl.c
  ${IVID_GLAD_DIR}/include/glad/gl.h
  ${IVID_GLAD_DIR}/include/KHR/khrplatform.h)

add_custom_command(
  OUTPUT ${IVID_GLAD_OUTPUTS}
  COMMAND ${IVID_GLAD_EXECUTABLE} --quiet --reproducible --api gl:core=4.5
          --extensions GL_KHR_debug --out-path ${IVID_GLAD_DIR} c --loader
  COMMENT "Generating the OpenGL 4.5 core loader with glad"
  VERBATIM)

add_library(ivid_glad STATIC ${IVID_GLAD_OUTPUTS})
target_include_directories(ivid_glad PUBLIC ${IVID_GLAD_DIR}/include)
target_link_libraries(ivid_glad PUBLIC ${CMAKE_DL_LIBS})
set_target_properties(ivid_glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
