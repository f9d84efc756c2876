// The enum <-> name tables (core/util/enum_names.hpp): names both ways, the accepted-names list
// every parse error shows, the error for a value its table lacks, and JsonAt::enum_value.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/util/enum_names.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"

using ivid::test::message_of;

namespace {
enum class Fruit { Apple, Pear, Plum, Unnamed };
constexpr ivid::EnumName<Fruit> kFruitNames[] = {{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}, {Fruit::Plum, "plum"}};
constexpr ivid::EnumName<Fruit> kOne[] = {{Fruit::Apple, "apple"}};
constexpr ivid::EnumName<Fruit> kTwo[] = {{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}};
}  // namespace

TEST_CASE("names both ways") {
    for (const auto& [fruit, name] : kFruitNames) {
        CHECK(ivid::enum_name(kFruitNames, fruit) == name);
        CHECK(ivid::parse_enum(kFruitNames, name, "basket", "fruit") == fruit);
    }
}

TEST_CASE("the accepted names are quoted and joined with commas and a final \"or\"") {
    CHECK(ivid::enum_choices(kOne) == "\"apple\"");
    CHECK(ivid::enum_choices(kTwo) == "\"apple\" or \"pear\"");
    CHECK(ivid::enum_choices(kFruitNames) == "\"apple\", \"pear\" or \"plum\"");
}

TEST_CASE("an unknown name is an Error naming the source, the key, the choices and what was found") {
    CHECK(message_of([] { ivid::parse_enum(kFruitNames, "kiwi", "basket", "fruit"); }) ==
          "basket: fruit: expected \"apple\", \"pear\" or \"plum\", found \"kiwi\"");
    CHECK(message_of([] { ivid::parse_enum(kFruitNames, "Apple", "", "fruit"); }) ==
          "fruit: expected \"apple\", \"pear\" or \"plum\", found \"Apple\"");
    CHECK(message_of([] { ivid::parse_enum(kFruitNames, "", "--fruit", ""); }) ==
          "--fruit: expected \"apple\", \"pear\" or \"plum\", found \"\"");
}

TEST_CASE("a value missing from its table is an Error, not a made-up name") {
    CHECK(message_of([] { ivid::enum_name(kFruitNames, Fruit::Unnamed); }) ==
          "enum value 3 has no name (one of \"apple\", \"pear\" or \"plum\" expected)");
}

TEST_CASE("JsonAt::enum_value names the file and key path, for other strings and other types") {
    const nlohmann::json doc = {{"fruit", "pear"}, {"bad", "kiwi"}, {"number", 3}};
    const ivid::JsonAt at(doc, "basket.json");
    CHECK(at["fruit"].enum_value(kFruitNames) == Fruit::Pear);
    CHECK(message_of([&] { at["bad"].enum_value(kFruitNames); }) ==
          "basket.json: bad: expected \"apple\", \"pear\" or \"plum\", found string \"kiwi\"");
    CHECK(message_of([&] { at["number"].enum_value(kFruitNames); }) ==
          "basket.json: number: expected \"apple\", \"pear\" or \"plum\", found number 3");
}
