#include "core/pipeline/class_selection.hpp"

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>

#include "core/util/asset_paths.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid::pipeline {

namespace {

constexpr size_t kMaxListedCandidates = 8;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    const size_t first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, separator);) parts.push_back(trim(part));
    return parts;
}

// A whole non-negative integer, or -1.
long long parse_id(const std::string& s) {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
        return -1;
    return std::stoll(s);
}

}  // namespace

ClassNames::ClassNames(std::vector<std::string> lines, std::string source)
    : lines_(std::move(lines)), source_(std::move(source)) {
    for (size_t i = 0; i < lines_.size(); ++i) {
        if (trim(lines_[i]).empty())
            throw Error::at(source_, "line " + std::to_string(i + 1), "a class name", "an empty line");
        std::vector<std::string> synonyms;
        for (const std::string& s : split(lines_[i], ',')) synonyms.push_back(lower(s));
        synonyms_.push_back(std::move(synonyms));
    }
}

ClassNames ClassNames::load(const fs::path& file) {
    std::vector<std::string> lines;
    std::stringstream in(read_text_file(file));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
    return ClassNames(std::move(lines), file.string());
}

ClassNames ClassNames::imagenet() {
    const fs::path relative = "imagenet_classes.txt";
    if (const auto found = find_asset(relative)) return load(*found);
    std::string tried;
    for (const fs::path& candidate : asset_candidates(relative)) tried += " " + candidate.string();
    throw Error("ImageNet class names: assets/imagenet_classes.txt was not found (tried:" + tried + ")");
}

const std::string& ClassNames::line(int id) const {
    if (id < 0 || size_t(id) >= lines_.size())
        throw Error::at(source_, "class id", "0.." + std::to_string(int(lines_.size()) - 1), std::to_string(id));
    return lines_[size_t(id)];
}

std::string ClassNames::short_name(int id) const { return trim(split(line(id), ',').front()); }

int ClassNames::find(const std::string& query) const {
    const std::string q = lower(trim(query));
    std::vector<int> exact, prefix;
    for (size_t id = 0; id < synonyms_.size(); ++id) {
        const auto& syn = synonyms_[id];
        if (std::find(syn.begin(), syn.end(), q) != syn.end()) exact.push_back(int(id));
        else if (std::any_of(syn.begin(), syn.end(), [&](const std::string& s) { return s.rfind(q, 0) == 0; }))
            prefix.push_back(int(id));
    }
    const std::vector<int>& matches = !exact.empty() ? exact : prefix;
    if (matches.size() == 1 && !q.empty()) return matches.front();
    if (matches.empty() || q.empty())
        throw Error::at(source_, "class \"" + query + "\"", "a class name or the start of one", "no match");
    std::string listed;
    for (size_t i = 0; i < matches.size() && i < kMaxListedCandidates; ++i)
        listed += (i ? "; " : "") + std::to_string(matches[i]) + " = " + lines_[size_t(matches[i])];
    if (matches.size() > kMaxListedCandidates)
        listed += "; and " + std::to_string(matches.size() - kMaxListedCandidates) + " more";
    throw Error::at(source_, "class \"" + query + "\"", "one class (give its id or more of its name)",
                    std::to_string(matches.size()) + " candidates: " + listed);
}

std::vector<int> ClassNames::search(const std::string& query) const {
    const std::string q = lower(trim(query));
    std::vector<int> ids;
    for (size_t id = 0; id < lines_.size(); ++id)
        if (lower(lines_[id]).find(q) != std::string::npos) ids.push_back(int(id));
    return ids;
}

std::string class_mode_name(ClassMode mode) { return enum_name(kClassModeNames, mode); }

ClassChoice parse_class_choice(const std::string& text, const ClassNames& names) {
    for (ClassMode mode : {ClassMode::Mod, ClassMode::Random, ClassMode::Uniform})
        if (text == class_mode_name(mode)) return {mode, {}};
    ClassChoice choice{ClassMode::List, {}};
    for (const std::string& entry : split(text, ',')) {
        if (entry.empty()) throw Error::at("--classes", "\"" + text + "\"", "ids, ranges A-B or names separated by commas", "an empty entry");
        const size_t dash = entry.find('-');
        const long long id = parse_id(entry);
        if (id >= 0) {
            choice.list.push_back(int(id));
        } else if (dash != std::string::npos && parse_id(entry.substr(0, dash)) >= 0 && parse_id(entry.substr(dash + 1)) >= 0) {
            const long long first = parse_id(entry.substr(0, dash)), last = parse_id(entry.substr(dash + 1));
            if (last < first || last - first > 100000)
                throw Error::at("--classes", "range \"" + entry + "\"", "A-B with A <= B", "\"" + entry + "\"");
            for (long long c = first; c <= last; ++c) choice.list.push_back(int(c));
        } else {
            choice.list.push_back(names.find(entry));
        }
    }
    return choice;
}

std::vector<int> assign_classes(const ClassChoice& choice, const std::vector<uint64_t>& seeds, int num_classes) {
    if (num_classes < 1) throw Error::at("classes", "num_classes", "at least 1", std::to_string(num_classes));
    std::vector<int> classes;
    for (size_t i = 0; i < seeds.size(); ++i) {
        switch (choice.mode) {
            case ClassMode::Mod: classes.push_back(int(seeds[i] % uint64_t(num_classes))); break;
            case ClassMode::Uniform: classes.push_back(int(i % size_t(num_classes))); break;
            case ClassMode::Random: {
                // IVID draws from numpy's unseeded global generator; here the scene's seed decides.
                std::mt19937_64 rng(seeds[i]);
                classes.push_back(int(rng() % uint64_t(num_classes)));
                break;
            }
            case ClassMode::List:
                if (choice.list.size() != 1 && choice.list.size() != seeds.size())
                    throw Error::at("classes", "list", "1 class or one per seed (" + std::to_string(seeds.size()) + ")",
                                    std::to_string(choice.list.size()) + " classes");
                classes.push_back(choice.list[choice.list.size() == 1 ? 0 : i]);
                break;
        }
        if (classes.back() < 0 || classes.back() >= num_classes)
            throw Error::at("classes", "class " + std::to_string(classes.back()),
                            "0.." + std::to_string(num_classes - 1) + " (the model has " + std::to_string(num_classes) +
                                " classes)", std::to_string(classes.back()));
    }
    return classes;
}

}  // namespace ivid::pipeline
