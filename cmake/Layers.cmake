# The layers of the code: each folder is compiled on its own (an object library) and sees only its
# own headers and those of the layers it declares, directly or through them. Its include root is
# a view of the source tree made here (<build>/layer-includes/<layer>/<folder> links for exactly
# those folders), not the repository, so an include across an undeclared edge fails to compile
# ("No such file or directory"). tests/layers checks that it does.
#
#   ivid_layer(NAME FOLDER <dir> [DEPENDS LAYER...] [SEES PATH...] [EXCLUDE REGEX])
# defines the object library ivid_layer_NAME from <dir>/*.cpp (minus sources matching EXCLUDE);
# DEPENDS names the layers it may include (declared before it), SEES extra repository paths
# (a folder or a header) visible to it and to the layers above it. Every layer gets the usage
# requirements of ivid_layer_common (third-party libraries, definitions, warnings).
#   ivid_core_layer(NAME [DEPENDS LAYER...]) is ivid_layer(NAME FOLDER core/NAME ...).

add_library(ivid_layer_common INTERFACE)

function(ivid_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 LAYER "" "FOLDER;EXCLUDE" "DEPENDS;SEES")
  set(visible ${LAYER_FOLDER} ${LAYER_SEES})
  foreach(dep ${LAYER_DEPENDS})
    if(NOT TARGET ivid_layer_${dep})
      message(FATAL_ERROR "layer ${name}: it depends on ${dep}, which is not declared before it")
    endif()
    get_target_property(dep_visible ivid_layer_${dep} IVID_VISIBLE_PATHS)
    list(APPEND visible ${dep_visible})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  # A folder inside a visible folder is visible through it (render/gl inside render): linking it
  # again would write the link into the source tree.
  set(nested "")
  foreach(path ${visible})
    foreach(other ${visible})
      string(FIND "${path}" "${other}/" at)
      if(at EQUAL 0)
        list(APPEND nested ${path})
      endif()
    endforeach()
  endforeach()
  if(nested)
    list(REMOVE_ITEM visible ${nested})
  endif()

  set(view ${CMAKE_BINARY_DIR}/layer-includes/${name})
  file(REMOVE_RECURSE ${view})
  foreach(path ${visible})
    get_filename_component(parent ${view}/${path} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${path} ${view}/${path} SYMBOLIC)
  endforeach()

  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${LAYER_FOLDER}/*.cpp)
  if(LAYER_EXCLUDE)
    list(FILTER sources EXCLUDE REGEX "${LAYER_EXCLUDE}")
  endif()
  add_library(ivid_layer_${name} OBJECT ${sources})
  target_include_directories(ivid_layer_${name} PRIVATE ${view})
  target_link_libraries(ivid_layer_${name} PRIVATE ivid_layer_common)
  set_target_properties(ivid_layer_${name} PROPERTIES IVID_VISIBLE_PATHS "${visible}"
                                                      IVID_LAYER_INCLUDES ${view})
endfunction()

function(ivid_core_layer name)
  ivid_layer(${name} FOLDER core/${name} ${ARGN})
endfunction()

# ivid_layer_library(TARGET LAYER...): the static library TARGET made of the layers' objects.
function(ivid_layer_library target)
  add_library(${target} STATIC)
  foreach(layer ${ARGN})
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:ivid_layer_${layer}>)
  endforeach()
endfunction()
