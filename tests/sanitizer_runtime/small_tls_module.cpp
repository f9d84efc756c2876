// A shared module with 16 bytes of thread-local storage, loaded by dlopen: each thread that
// touches it gets a dynamic TLS block that glibc mallocs (see dynamic_tls_at_exit.cpp).
extern "C" void** small_tls_slots() {
    static thread_local void* slots[2];
    return slots;
}
