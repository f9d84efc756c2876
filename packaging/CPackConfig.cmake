# Debian package: `make deb` (or `cd build && cpack -G DEB`).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION share/ivid-studio/assets)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/ivid-studio.desktop DESTINATION share/applications)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/ivid-studio.png
        DESTINATION share/icons/hicolor/256x256/apps)

set(CPACK_PACKAGE_NAME "ivid-studio")
set(CPACK_PACKAGE_VENDOR "IVID Studio")
set(CPACK_PACKAGE_CONTACT "IVID Studio developers <ivid-studio@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "3D-aware image generation with 2D diffusion models (IVID): studio and CLI")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# GL and Mesa are loaded at run time, so shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgl1, libegl1, libgl1-mesa-dri, libopenblas0-pthread")
set(CPACK_GENERATOR "DEB")
include(CPack)
