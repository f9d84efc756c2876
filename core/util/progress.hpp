// A text progress bar on stderr for long CLI work; silent when quiet.
#pragma once

#include <chrono>
#include <string>

namespace ivid {

class ProgressBar {
public:
    ProgressBar(std::string label, int total, bool quiet);
    ~ProgressBar();
    void step(int n = 1);   // advance and redraw (at most ~10 times a second)
    void finish();          // draw 100% and end the line

private:
    void draw(bool force);
    std::string label_;
    int total_;
    int done_ = 0;
    bool quiet_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace ivid
