#!/usr/bin/python3
"""Writes the .npy fixtures byte for byte as numpy.save would (numpy is not needed).

numpy.save layout: b'\\x93NUMPY', major, minor, header length (uint16 LE for 1.0, uint32 LE
for 2.0), then the repr of {'descr': ..., 'fortran_order': ..., 'shape': ...} padded with
spaces and a final '\\n' so that the data starts at a multiple of 64 bytes.
Run once from tests/data; the outputs are committed."""
import struct
from fractions import Fraction


def header(descr, fortran, shape, major=1):
    shp = "(%d,)" % shape[0] if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
    d = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shp)
    pre = 10 if major == 1 else 12
    pad = (64 - (pre + len(d) + 1) % 64) % 64
    d = (d + " " * pad + "\n").encode("latin1")
    ln = struct.pack("<H", len(d)) if major == 1 else struct.pack("<I", len(d))
    return b"\x93NUMPY" + bytes([major, 0]) + ln + d


def save(name, rows, fmt, descr, fortran=False, major=1, shape=None):
    m, n = len(rows), len(rows[0])
    vals = [rows[i][j] for j in range(n) for i in range(m)] if fortran else \
           [x for r in rows for x in r]
    data = b"".join(struct.pack(fmt, v) for v in vals)
    with open(name, "wb") as f:
        f.write(header(descr, fortran, shape or (m, n), major) + data)


v = [1.0, 2.0, 3.0, 0.5]
vander = [[x ** j for j in range(4)] for x in v]
save("vander4.npy", vander, "<d", "<f8")
save("vander4_fortran.npy", vander, "<d", "<f8", fortran=True)
t = {k: k * k - 3 * k + 1 for k in range(-4, 5)}
toep = [[t[i - j] for j in range(5)] for i in range(5)]
save("toeplitz5_i4_be_v2.npy", toep, ">i", ">i4", major=2)
save("vec4_f32.npy", [[0.1], [0.25], [-3.0], [1e-3]], "<f", "<f4", shape=(4,))
# a "trained" 16 x 16 weight: Toeplitz with entries k/8 plus a deterministic perturbation of
# size ~2^-44 (float64 noise well below any sane tolerance)
W = [[(i - j) / 8.0 + (((7 * i + 13 * j) % 11) - 5) * 2.0 ** -44 for j in range(16)]
     for i in range(16)]
save("weights_noisy16.npy", W, "<d", "<f8")
