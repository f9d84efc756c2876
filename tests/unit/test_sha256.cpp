// SHA-256 against the FIPS 180-4 example digests, in one piece and streamed from a file
// (chunk boundaries, padding across a block).
#include <doctest/doctest.h>

#include "core/util/sha256.hpp"
#include "tests/test_support.hpp"

using namespace ivid;

TEST_CASE("sha256 of the FIPS 180-4 examples") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256_file streams a file bigger than its chunk") {
    test::TempDir tmp;
    const std::string million_a(1000000, 'a');
    test::write_bytes(tmp.path / "a.bin", million_a + million_a);  // 2 MB: two 1 MiB chunks and a rest
    CHECK(sha256_file(tmp.path / "a.bin") == sha256_hex(million_a + million_a));
    test::write_bytes(tmp.path / "m.bin", million_a);
    CHECK(sha256_file(tmp.path / "m.bin") == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(test::contains(test::message_of([&] { sha256_file(tmp.path / "missing.pt"); }), "missing.pt"));
}
