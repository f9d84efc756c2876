// A text progress bar on stderr for long CLI work; silent when quiet.
#pragma once

#include <chrono>
#include <string>

namespace ivid {

class ProgressBar {
public:
    // `done` > 0 resumes a bar part-way (e.g. resumed training); rates count from here.
    ProgressBar(std::string label, int total, bool quiet, int done = 0);
    ~ProgressBar();
    void step(int n = 1);   // advance and redraw (at most ~10 times a second)
    void finish();          // draw 100% and end the line
    // Text shown after the counts, e.g. "loss 0.031 | 42.0 img/s".
    void set_status(std::string status);

private:
    void draw(bool force);
    std::string label_;
    int total_;
    int done_ = 0;
    int first_done_ = 0;
    std::string status_;
    bool quiet_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace ivid
