# IVID Studio — the two commands:
#   make run    install missing Debian packages, build (Release), open the studio
#   make test   install missing Debian packages, build (Release), run every test (GL ones under Xvfb)
# Also: make build, make deb (Debian package via CPack), make clean.

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SCENE ?=
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24"

.PHONY: deps configure build run test deb clean

deps:
	@packaging/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release > $(BUILD_DIR).configure.log 2>&1 \
	  || (cat $(BUILD_DIR).configure.log; exit 1)

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD_DIR)/app/ivid-studio $(SCENE); \
	else \
	  echo "No display (DISPLAY unset): rendering the studio under Xvfb to $(BUILD_DIR)/studio.png instead."; \
	  $(XVFB) $(BUILD_DIR)/app/ivid-studio $(SCENE) --screenshot $(BUILD_DIR)/studio.png --frames 3; \
	fi

test: build
	@cd $(BUILD_DIR) && $(XVFB) ctest --output-on-failure -j $(JOBS)

deb: build
	@cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log
