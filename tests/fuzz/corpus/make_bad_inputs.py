#!/usr/bin/env python3
"""Writes the hostile seeds of issue 16 into this corpus (standard library only). Run from this
folder: python3 make_bad_inputs.py. The other seeds are copies of tests/fixtures and assets files
(and of a 4x4 scene, keyframe path and settings file written by the project's own writers)."""
import struct
import zipfile
import zlib

JSON_TARGETS = ["scene", "model_config", "model_pack", "viewset", "keyframes", "studio_settings"]


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def png(width, height, bit_depth, colour_type, rows):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def npy_f4(values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }" % len(values)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return (b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") +
            b"".join(struct.pack("<f", v) for v in values))


def zip_declaring_huge_size(member, data, huge):
    """A deflated member whose local and central headers declare `huge` uncompressed bytes."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    raw = bytearray(buf.getvalue())
    local = raw.find(b"PK\x03\x04")
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, local + 22, huge)
    struct.pack_into("<I", raw, central + 24, huge)
    return bytes(raw)


# JSON nested 70,000 levels deep (the cap is 128).
deep_json = b"[" * 70000 + b"]" * 70000
for target in JSON_TARGETS:
    write(f"{target}/deep_nesting.json", deep_json)
# A pickle nesting 10,000 lists through APPEND (the depth cap is 64).
n = 10000
write("pickle/deep_lists.pkl", b"\x80\x02" + b"]" * n + b"a" * (n - 1) + b".")
# Zip archives whose deflated member claims ~4 GiB.
write("npz/huge_declared_size.npz", zip_declaring_huge_size("arr_0.npy", npy_f4([1.0, 2.0]), 0xFFFFFFF0))
write("checkpoint/huge_declared_size.pt",
      zip_declaring_huge_size("archive/data.pkl", b"\x80\x02}q\x00.", 0xFFFFFFF0))
# A PNG header claiming 100000 x 100000 RGB pixels (first byte: the reader, see fuzz_image.cpp).
write("image/huge_header.png", b"\x00" + png(100000, 100000, 8, 2, b"\x00" + b"\x80" * 3))
# A 2 x 2 16-bit grey PNG for read_png16.
write("image/grey16.png", b"\x03" + png(2, 2, 16, 0, b"\x00\x01\x00\x02\x00\x00\x03\x00\x04\x00"))
