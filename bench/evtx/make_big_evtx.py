#!/usr/bin/env python3
"""make_big_evtx.py - builds a large .evtx for benchmarks from real chunks.

Every chunk ("ElfChnk\\0") of the fixture files is self-contained (its
templates and names are chunk-relative), so chunks from many files can be
put one after another under a single file header.  The chunks are copied
byte for byte (their own checksums stay valid) in turn, over and over,
until the file reaches the size asked for; the file header gets the chunk
count, the last chunk number and its CRC-32 fixed.

Only chunks whose records fill at least 48 KiB are used, as in a real
Security.evtx where every chunk but the last is full (the fixture files
are small and mostly hold a few records per chunk); --all takes every
chunk.

  make_big_evtx.py [--all] OUT.evtx SIZE_MB [FIXTURE_DIR...]

FIXTURE_DIR defaults to ../shared/fixtures (relative to the repository).
"""
import os
import struct
import sys
import zlib

HEADER = 4096
CHUNK = 65536


def chunks_of(path, min_fill):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'ElfFile\0':
        return
    for off in range(HEADER, len(data) - CHUNK + 1, CHUNK):
        c = data[off:off + CHUNK]
        if c[:8] != b'ElfChnk\0':
            continue
        stored = struct.unpack_from('<I', c, 124)[0]
        if zlib.crc32(c[128:512], zlib.crc32(c[:120])) != stored:
            continue
        if struct.unpack_from('<I', c, 48)[0] < min_fill:
            continue
        yield c


def main():
    args = sys.argv[1:]
    min_fill = 48 * 1024
    if args and args[0] == '--all':
        min_fill = 0
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    out, size_mb = args[0], float(args[1])
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = args[2:] or [os.path.join(here, '..', '..', '..', 'shared',
                                         'fixtures')]
    pool = []
    for d in dirs:
        for root, _, files in sorted(os.walk(d)):
            for name in sorted(files):
                if name.endswith('.evtx'):
                    pool.extend(chunks_of(os.path.join(root, name),
                                          min_fill))
    if not pool:
        sys.exit('no chunks found under ' + ', '.join(dirs))
    nchunks = max(1, int(size_mb * 1024 * 1024 - HEADER) // CHUNK)
    if nchunks > 0xFFFF:
        sys.exit('at most 65535 chunks (about 4 GiB)')
    hdr = bytearray(HEADER)
    hdr[:8] = b'ElfFile\0'
    # first chunk, last chunk, next record id, header size, 3.1, 4096, count
    struct.pack_into('<QQQIHHHH', hdr, 8, 0, nchunks - 1, 1, 128, 1, 3,
                     HEADER, nchunks)
    struct.pack_into('<I', hdr, 120, 0)          # flags: clean
    struct.pack_into('<I', hdr, 124, zlib.crc32(bytes(hdr[:120])))
    with open(out, 'wb') as f:
        f.write(hdr)
        for i in range(nchunks):
            f.write(pool[i % len(pool)])
    print('%s: %d chunks from a pool of %d, %.1f MB' %
          (out, nchunks, len(pool), (HEADER + nchunks * CHUNK) / 1e6))


if __name__ == '__main__':
    main()
