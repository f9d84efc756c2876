// Keeping freed heap memory in the process for the next allocation, instead of glibc's default of
// handing large blocks back to the OS at once (and page-faulting them in again at the next use).
#pragma once

namespace ivid {

// Sets glibc's malloc to keep what is freed (idempotent, process-wide). Called by the parts that
// allocate and free the same large buffers over and over: the U-Net forward (core/nn) and the
// fusion renderer (a software GL driver's per-frame command bins). Costs no peak memory: what is
// kept is what the next frame or forward takes again.
void keep_freed_memory_for_reuse();

}  // namespace ivid
