#include "core/util/progress.hpp"

#include <cstdio>

namespace ivid {

ProgressBar::ProgressBar(std::string label, int total, bool quiet, int done)
    : label_(std::move(label)), total_(total > 0 ? total : 1), done_(done), first_done_(done), quiet_(quiet),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {
    draw(true);
}

ProgressBar::~ProgressBar() {
    if (!finished_ && !quiet_ && done_ > 0) std::fputc('\n', stderr);
}

void ProgressBar::step(int n) {
    done_ += n;
    if (done_ > total_) done_ = total_;
    draw(false);
}

void ProgressBar::finish() {
    done_ = total_;
    draw(true);
    if (!quiet_ && !finished_) std::fputc('\n', stderr);
    finished_ = true;
}

void ProgressBar::set_status(std::string status) { status_ = std::move(status); }

void ProgressBar::draw(bool force) {
    if (quiet_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_draw_ < std::chrono::milliseconds(100) && done_ < total_) return;
    last_draw_ = now;
    const int width = 30;
    int filled = done_ * width / total_;
    double secs = std::chrono::duration<double>(now - start_).count();
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::string eta;
    if (done_ > first_done_ && done_ < total_)
        eta = " eta " + std::to_string(int(secs / (done_ - first_done_) * (total_ - done_))) + "s";
    std::fprintf(stderr, "\r%s [%s] %d/%d %.1fs%s%s%s\033[K", label_.c_str(), bar.c_str(), done_, total_, secs,
                 eta.c_str(), status_.empty() ? "" : " | ", status_.c_str());
    std::fflush(stderr);
}

}  // namespace ivid
