#include "core/pipeline/generation_event.hpp"

namespace ivid::pipeline {

std::string generation_event_kind_name(GenerationEventKind kind) {
    return enum_name(kGenerationEventKindNames, kind);
}

bool GenerationEvent::terminal() const {
    return kind == GenerationEventKind::Done || kind == GenerationEventKind::Failed ||
           kind == GenerationEventKind::Cancelled;
}

void GenerationEventQueue::push(GenerationEvent event) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        events_.push_back(std::move(event));
    }
    ready_.notify_all();
}

std::vector<GenerationEvent> GenerationEventQueue::drain() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<GenerationEvent> out(std::make_move_iterator(events_.begin()), std::make_move_iterator(events_.end()));
    events_.clear();
    return out;
}

std::vector<GenerationEvent> GenerationEventQueue::wait_and_drain(std::chrono::milliseconds timeout) {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait_for(lock, timeout, [&] { return !events_.empty(); });
    }
    return drain();
}

}  // namespace ivid::pipeline
