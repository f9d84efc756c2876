// The shared CLI flag parser: values, defaults, flags, --help and usage errors.
#include <doctest/doctest.h>

#include "app/cli/args.hpp"

using ivid::cli::ArgParser;
using ivid::cli::UsageError;

namespace {
ArgParser make_parser() {
    ArgParser p("synth", "Render a scene.");
    p.option("size", "N", "image size", "128");
    p.option("out", "DIR", "output folder", "", true);
    p.flag("force", "overwrite");
    p.positional("extra", "an optional positional", false);
    return p;
}
}  // namespace

TEST_CASE("options, defaults, flags and positionals") {
    ArgParser p = make_parser();
    REQUIRE(p.parse({"--out", "x", "--size=64", "--force", "pos"}));
    CHECK(p.get("out") == "x");
    CHECK(p.get_int("size") == 64);
    CHECK(p.is_set("force"));
    CHECK(p.get("extra") == "pos");
    ArgParser q = make_parser();
    REQUIRE(q.parse({"--out", "y"}));
    CHECK(q.get_int("size") == 128);
    CHECK_FALSE(q.is_set("force"));
}

TEST_CASE("usage errors name the flag and value") {
    auto message = [](std::vector<std::string> args) {
        ArgParser p = make_parser();
        try {
            p.parse(args);
            p.get_int("size");
        } catch (const UsageError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(message({"--out", "x", "--size", "abc"}) == "synth: --size: expected an integer, found 'abc'");
    CHECK(message({"--out", "x", "--bogus"}).find("unknown option --bogus") != std::string::npos);
    CHECK(message({}).find("missing --out") != std::string::npos);
    CHECK(message({"--out"}).find("--out needs a value") != std::string::npos);
    CHECK(message({"--out", "x", "a", "b"}).find("unexpected argument 'b'") != std::string::npos);
}

TEST_CASE("--help returns false and lists every option") {
    ArgParser p = make_parser();
    CHECK_FALSE(p.parse({"--help"}));
    std::string h = p.help();
    CHECK(h.find("--size N") != std::string::npos);
    CHECK(h.find("(default: 128)") != std::string::npos);
    CHECK(h.find("--force") != std::string::npos);
}

TEST_CASE("image sizes: WxH or N, positive") {
    auto size_of = [](const std::string& text) {
        ArgParser p = make_parser();
        REQUIRE(p.parse({"--out", "x", "--size", text}));
        return p.get_size("size");
    };
    CHECK(size_of("1280x720") == std::pair{1280, 720});
    CHECK(size_of("64") == std::pair{64, 64});
    for (const char* bad : {"0x10", "10x", "x10", "-4x4", "12x3x4", "axb", "99999999x2", ""})
        CHECK_THROWS_WITH_AS(size_of(bad), ("synth: --size: expected WxH or N (positive integers), found '" +
                                            std::string(bad) + "'").c_str(), UsageError);
}

TEST_CASE("bounded integers, seeds and seed ranges") {
    auto parsed = [](const std::string& text) {
        ArgParser p = make_parser();
        REQUIRE(p.parse({"--out", "x", "--size", text}));
        return p;
    };
    CHECK(parsed("8").get_int_in("size", 8, 16) == 8);
    CHECK(parsed("16").get_int_in("size", 8, 16) == 16);
    CHECK_THROWS_WITH_AS(parsed("17").get_int_in("size", 8, 16), "synth: --size: expected 8..16, found 17", UsageError);
    CHECK_THROWS_WITH_AS(parsed("7").get_int_in("size", 8, 16), "synth: --size: expected 8..16, found 7", UsageError);

    CHECK(parsed("0").get_seed("size") == 0);
    CHECK(parsed("18446744073709551").get_seed("size") == 18446744073709551ull);
    for (const char* bad : {"-3", "+3", "3a", " 3", "", "1-2"})
        CHECK_THROWS_WITH_AS(parsed(bad).get_seed("size"),
                             ("synth: --size: expected a non-negative integer, found '" + std::string(bad) + "'").c_str(),
                             UsageError);

    CHECK(parsed("3-7").get_seed_range("size") == std::pair<uint64_t, uint64_t>{3, 7});
    CHECK(parsed("5").get_seed_range("size") == std::pair<uint64_t, uint64_t>{5, 5});
    CHECK(parsed("4-4").get_seed_range("size") == std::pair<uint64_t, uint64_t>{4, 4});
    for (const char* bad : {"7-3", "3-", "-3", "3--4", "a-b", "3-4-5", ""})
        CHECK_THROWS_WITH_AS(parsed(bad).get_seed_range("size"),
                             ("synth: --size: expected A-B (non-negative integers, A <= B) or A, found '" +
                              std::string(bad) + "'").c_str(),
                             UsageError);

    // Seed lists (IVID's parse_int_list), one parser for every command.
    CHECK(parsed("0-3,7").get_seed_list("size", 100) == std::vector<uint64_t>{0, 1, 2, 3, 7});
    CHECK(parsed("5").get_seed_list("size", 1) == std::vector<uint64_t>{5});
    CHECK(parsed("9999999999999999999").get_seed_list("size", 1) == std::vector<uint64_t>{9999999999999999999ull});
    for (const char* bad : {"7-3", "3-", "1,,2", "x", "", "1-5", "0-2,3-4", "2,99999999999999999999"})
        CHECK_THROWS_WITH_AS(parsed(bad).get_seed_list("size", 4),
                             ("synth: --size: expected seeds and ranges like 0-3,7 (at most 4 seeds), found '" +
                              std::string(bad) + "'").c_str(),
                             UsageError);
}
