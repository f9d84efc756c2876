# The layers of core/: each folder is compiled on its own (an object library) and sees only its
# own headers and those of the layers it declares, directly or through them. Its include root is
# a view of the source tree made here (<build>/layer-includes/<layer>/core/<folder> links for
# exactly those folders), not the repository, so an include across an undeclared edge fails to
# compile ("No such file or directory"). tests/layers checks that it does.
#
#   ivid_core_layer(NAME [DEPENDS LAYER...])
# defines the object library ivid_layer_NAME from core/NAME/*.cpp; DEPENDS names the layers it
# may include (declared before it). Every layer gets the usage requirements of
# ivid_layer_common (third-party libraries, definitions, warnings).

add_library(ivid_layer_common INTERFACE)

function(ivid_core_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 LAYER "" "" "DEPENDS")
  set(visible ${name})
  foreach(dep ${LAYER_DEPENDS})
    if(NOT TARGET ivid_layer_${dep})
      message(FATAL_ERROR "core layer ${name}: it depends on ${dep}, which is not declared before it")
    endif()
    get_target_property(dep_visible ivid_layer_${dep} IVID_VISIBLE_LAYERS)
    list(APPEND visible ${dep_visible})
  endforeach()
  list(REMOVE_DUPLICATES visible)

  set(view ${CMAKE_BINARY_DIR}/layer-includes/${name})
  file(REMOVE_RECURSE ${view})
  file(MAKE_DIRECTORY ${view}/core)
  foreach(layer ${visible})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/core/${layer} ${view}/core/${layer} SYMBOLIC)
  endforeach()

  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/core/${name}/*.cpp)
  add_library(ivid_layer_${name} OBJECT ${sources})
  target_include_directories(ivid_layer_${name} PRIVATE ${view})
  target_link_libraries(ivid_layer_${name} PRIVATE ivid_layer_common)
  set_target_properties(ivid_layer_${name} PROPERTIES IVID_VISIBLE_LAYERS "${visible}"
                                                      IVID_LAYER_INCLUDES ${view})
endfunction()
