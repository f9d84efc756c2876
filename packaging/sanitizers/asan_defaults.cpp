// Linked into every program of an AddressSanitizer build (CMakeLists.txt): the runtime reads these
// options before ASAN_OPTIONS, so sanitized programs behave the same from `make test-asan`, ctest
// or a shell.
//
// intercept_tls_get_addr=0: the __tls_get_addr hook of GCC 12's libasan (and LLVM's up to 16)
// guesses where a dynamic TLS block starts from a glibc 2.19–2.24 header that no longer exists.
// Any block malloc'd at 16 bytes past a 4096 boundary (about one in 256: Mesa's llvmpipe threads
// and LLVM allocate such blocks at every GL context) is taken for one with that header, and the
// words before it (ASan's own chunk header) are recorded as the block's bounds. At exit,
// LeakSanitizer's tracer scans those bogus bounds and dies with SIGSEGV ("Tracer caught signal
// 11 ... LeakSanitizer has encountered a fatal error"; google/sanitizers#1322). Since glibc 2.25
// these blocks are plain heap chunks that the dynamic linker mallocs, which LeakSanitizer already
// counts as live and scans (its use_ld_allocations), so the hook adds nothing the leak check
// needs. tests/sanitizer_runtime reproduces the crash and checks it is gone.
extern "C" const char* __asan_default_options() { return "intercept_tls_get_addr=0"; }
