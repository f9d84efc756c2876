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


def zip_declaring_huge_size(member, data, huge, before=()):
    """A deflated member (after the (name, data) members `before`) whose local and central headers
    declare `huge` uncompressed bytes."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [*before, (member, data)]:
            # A fixed date keeps the seeds byte-identical from run to run.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    raw = bytearray(buf.getvalue())
    local = raw.rfind(b"PK\x03\x04")
    central = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, local + 22, huge)
    struct.pack_into("<I", raw, central + 24, huge)
    return bytes(raw)


def checkpoint_with_storage_numel(numel):
    """torch.save's layout for {"w": a 4-float tensor} whose storage id claims `numel` values,
    pickled through stand-ins for the torch globals (no PyTorch needed)."""
    import collections
    import io
    import pickle
    import sys
    import types
    torch, utils = types.ModuleType("torch"), types.ModuleType("torch._utils")
    storage_type = type("FloatStorage", (), {"__module__": "torch"})
    def _rebuild_tensor_v2(*args):
        pass
    _rebuild_tensor_v2.__module__, _rebuild_tensor_v2.__qualname__ = "torch._utils", "_rebuild_tensor_v2"
    torch.FloatStorage, utils._rebuild_tensor_v2, torch._utils = storage_type, _rebuild_tensor_v2, utils
    sys.modules.update({"torch": torch, "torch._utils": utils})
    storage = object()
    class Tensor:
        def __reduce__(self):
            return _rebuild_tensor_v2, (storage, 0, (4,), (1,), False, collections.OrderedDict())
    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            return ("storage", storage_type, "0", "cpu", numel) if obj is storage else None
    data = io.BytesIO()
    Pickler(data, protocol=2).dump({"w": Tensor()})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in [("archive/data.pkl", data.getvalue()), ("archive/version", b"3\n"),
                              ("archive/data/0", b"\0" * 16)]:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


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
      zip_declaring_huge_size("archive/data.pkl", b"\x80\x02}q\x00.", 0xFFFFFFF0, [("archive/version", b"3\n")]))
# A checkpoint whose storage claims 2^40 floats but holds 4 (found by fuzz_checkpoint).
write("checkpoint/huge_storage_numel.pt", checkpoint_with_storage_numel(1 << 40))
# A PNG header claiming 100000 x 100000 RGB pixels (first byte: the reader, see fuzz_image.cpp).
write("image/huge_header.png", b"\x00" + png(100000, 100000, 8, 2, b"\x00" + b"\x80" * 3))
# A 2 x 2 16-bit grey PNG for read_png16.
write("image/grey16.png", b"\x03" + png(2, 2, 16, 0, b"\x00\x01\x00\x02\x00\x00\x03\x00\x04\x00"))
