# IVID Studio — the two commands:
#   make run    install missing Debian packages, build (Release), open the studio
#   make test   install missing Debian packages, build (Release), run every test (GL ones under Xvfb),
#               then build and test the ML-off and GUI-off configurations (test-variants, the
#               ML-off one under AddressSanitizer + UBSan) and run each fuzz target briefly
# Also: make build, make deb (Debian package via CPack), make clean,
#   make test-asan / make test-tsan (sanitizer suites in build-asan / build-tsan),
#   make test-variants (builds and tests with the ML engine / the GUI switched off).

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SCENE ?=
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24"

.PHONY: deps configure build run test test-variants deb clean test-asan test-tsan

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
	@$(MAKE) --no-print-directory test-variants
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(CI_FUZZ_SECONDS)

# The optional parts switched off, so their exclusion lists cannot rot: the studio and the
# command line without the LibTorch engine (its Generate panel says so), built with
# AddressSanitizer + UBSan, so CI runs the torch-free code under the sanitizers: scenes, images,
# geometry, rasteriser, datasets, exports, the GL renderer and the studio (the full sanitizer
# suite, engine included, is `make test-asan`, too long for CI beside the rest); and the command
# line with neither GUI nor engine (Release). Each builds everything its configuration has and
# runs its tests but the `kernels` reruns.
define variant_test
	@mkdir -p $(1) && cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=Release $(2) > $(1)/configure.log 2>&1 \
	  || (cat $(1)/configure.log; exit 1)
	@cmake --build $(1) -j $(JOBS)
	@cd $(1) && $(XVFB) ctest --output-on-failure -j $(JOBS) -LE kernels
endef
test-variants: deps
	$(call san_build,build-no-ml-asan,$(ASAN_FLAGS),,-DIVID_BUILD_ML=OFF)
	$(call san_ctest,build-no-ml-asan,$(call ASAN_ENV,build-no-ml-asan),-LE kernels)
	$(call variant_test,build-minimal,-DIVID_BUILD_ML=OFF -DIVID_BUILD_GUI=OFF)

# Sanitizer suites, each in its own build folder (-O1 -g1: file:line stacks, shorter builds).
# Reports go to files, not stderr: a CLI test that expects a failing exit code would otherwise
# take a sanitizer's abort for the failure it wanted. Any report fails the target.
# Third-party noise: packaging/sanitizers/*.supp.
SAN := $(CURDIR)/packaging/sanitizers
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TSAN_FLAGS := -fsanitize=thread
SAN_REPORTS = $(CURDIR)/$(1)/sanitizer-reports
SAN_OPTS = log_path=$(SAN_REPORTS)/report:log_exe_name=1
# $(1): build folder, $(2): -fsanitize flags, $(3): targets (empty: all), $(4): more cmake options
define san_build
	@mkdir -p $(1) && cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(4) \
	  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
	  -DCMAKE_C_FLAGS="$(2)" -DCMAKE_CXX_FLAGS="$(2)" -DCMAKE_EXE_LINKER_FLAGS="$(2)" \
	  > $(1)/configure.log 2>&1 || (cat $(1)/configure.log; exit 1)
	@cmake --build $(1) -j $(JOBS) $(if $(3),--target $(3))
	@rm -rf $(call SAN_REPORTS,$(1)) && mkdir -p $(call SAN_REPORTS,$(1))
endef
# $(1): build folder, $(2): sanitizer environment, $(3): ctest selection and options. Prints every
# report; any report fails the target. (LeakSanitizer's tracer used to die now and then at exit in
# processes that ran llvmpipe: a libasan bug about dynamic TLS, avoided by the options compiled
# into sanitized programs, packaging/sanitizers/asan_defaults.cpp.)
define san_ctest
	@cd $(1) && $(2) $(XVFB) ctest --output-on-failure -j $(JOBS) $(3); rc=$$?; \
	  if [ -n "$$(ls -A $(call SAN_REPORTS,$(1)))" ]; then cat $(call SAN_REPORTS,$(1))/*; rc=1; fi; \
	  exit $$rc
endef

# The whole suite but the `kernels` reruns (same code, other BLAS kernels).
# $(1): build folder (its sanitizer-reports folder receives the reports).
ASAN_ENV = ASAN_OPTIONS=$(call SAN_OPTS,$(1)):detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
  LSAN_OPTIONS=suppressions=$(SAN)/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=$(call SAN_OPTS,$(1)):print_stacktrace=1:suppressions=$(SAN)/ubsan.supp
test-asan: deps
	$(call san_build,build-asan,$(ASAN_FLAGS))
	$(call san_ctest,build-asan,$(call ASAN_ENV,build-asan),-LE kernels)

# The threaded parts: generation job, training worker, studio generate session, turntable export.
# OMP_NUM_THREADS=1: Debian's libgomp is not instrumented, so TSan cannot see its barriers and
# every hand-off between an OpenMP team and its caller reads as a race in our loops (the first run:
# 80 such reports, all with a libgomp pool thread). One-thread teams run inline; the project's own
# threads (std::thread) are still fully checked.
TSAN_ENV = TSAN_OPTIONS=$(call SAN_OPTS,build-tsan):suppressions=$(SAN)/tsan.supp:ignore_noninstrumented_modules=1 \
  OMP_NUM_THREADS=1
TSAN_TARGETS := test_pipeline_job test_train_loop ivid gl_test_studio_generate gl_test_turntable_export
TSAN_TESTS := ^(test_pipeline_job|test_train_loop|cli-test_train|gl_test_studio_generate|gl_test_turntable_export)$$
test-tsan: deps
	$(call san_build,build-tsan,$(TSAN_FLAGS),$(TSAN_TARGETS))
	$(call san_ctest,build-tsan,$(TSAN_ENV),-R '$(TSAN_TESTS)')

# libFuzzer targets (tests/fuzz) in build-fuzz, built with clang 14: each runs FUZZ_SECONDS
# seconds from its seed corpus; any crash, leak, timeout or memory blow-up fails the target.
FUZZ_SECONDS ?= 10
CI_FUZZ_SECONDS ?= 10
.PHONY: fuzz
fuzz: deps
	@mkdir -p build-fuzz && CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DIVID_FUZZ=ON -DIVID_BUILD_GUI=OFF \
	  -DIVID_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo > build-fuzz/configure.log 2>&1 \
	  || (cat build-fuzz/configure.log; exit 1)
	@cmake --build build-fuzz --target ivid_fuzz -j $(JOBS)
	@tests/fuzz/run_fuzzers.sh build-fuzz $(FUZZ_SECONDS)

deb: build
	@cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log
