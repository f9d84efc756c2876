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

# libFuzzer targets (tests/fuzz) in build-fuzz, built with clang 14: each runs FUZZ_SECONDS
# seconds from its seed corpus; any crash, leak, timeout or memory blow-up fails the target.
FUZZ_SECONDS ?= 10
.PHONY: fuzz
fuzz: deps
	@command -v clang++-14 >/dev/null || { echo "make fuzz needs clang 14: apt-get install clang-14 libclang-rt-14-dev"; exit 1; }
	@mkdir -p build-fuzz && CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DIVID_FUZZ=ON -DIVID_BUILD_GUI=OFF \
	  -DIVID_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo > build-fuzz/configure.log 2>&1 \
	  || (cat build-fuzz/configure.log; exit 1)
	@cmake --build build-fuzz --target ivid_fuzz -j $(JOBS)
	@tests/fuzz/run_fuzzers.sh build-fuzz $(FUZZ_SECONDS)

deb: build
	@cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log
