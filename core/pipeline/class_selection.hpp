// Which class each scene of a run is generated for, as IVID's sample.py chooses it (--classes
// mod | random | uniform | a list), with classes given by id or by ImageNet name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/util/enum_names.hpp"

namespace ivid::pipeline {

// Class names, one class a line; a line lists synonyms separated by ", " (the standard ImageNet
// list: "tench, Tinca tinca").
class ClassNames {
public:
    static ClassNames load(const std::filesystem::path& file);
    // The bundled ImageNet list (assets/imagenet_classes.txt); Error naming the paths tried.
    static ClassNames imagenet();
    explicit ClassNames(std::vector<std::string> lines, std::string source = "class names");

    size_t size() const { return lines_.size(); }
    const std::string& line(int id) const;         // all synonyms of a class
    std::string short_name(int id) const;          // the first synonym
    // A class by name, case-insensitive: a whole synonym, else a unique prefix of one. No
    // match or an ambiguous prefix is an Error listing the candidates.
    int find(const std::string& query) const;
    // Ids whose synonyms contain `query` (case-insensitive), for a search box.
    std::vector<int> search(const std::string& query) const;

private:
    std::vector<std::string> lines_;
    std::vector<std::vector<std::string>> synonyms_;  // lower-case
    std::string source_;
};

enum class ClassMode {
    Mod,      // class = seed % num_classes (IVID's default)
    Random,   // uniform random class per scene, drawn from the scene's seed (deterministic)
    Uniform,  // class = scene index % num_classes
    List,     // given classes: one for every scene, or one per scene in seed order
};
// "list" only names the mode in provenance records: --classes takes the list itself, not "list".
inline constexpr EnumName<ClassMode> kClassModeNames[] = {
    {ClassMode::Mod, "mod"}, {ClassMode::Random, "random"}, {ClassMode::Uniform, "uniform"}, {ClassMode::List, "list"}};

struct ClassChoice {
    ClassMode mode = ClassMode::Mod;
    std::vector<int> list;  // ClassMode::List
};

// "mod", "random", "uniform", or a comma-separated list of ids, id ranges "3-7" and names
// (resolved with `names`). Errors name the entry.
ClassChoice parse_class_choice(const std::string& text, const ClassNames& names);
std::string class_mode_name(ClassMode mode);

// The class of every scene (seeds in run order) for a model with `num_classes` classes. A class
// outside [0, num_classes) or a list whose length is neither 1 nor seeds.size() is an Error.
std::vector<int> assign_classes(const ClassChoice& choice, const std::vector<uint64_t>& seeds, int num_classes);

}  // namespace ivid::pipeline
