#!/usr/bin/env python3
"""make_packages.py - writes N investigation packages of realistic size for
the batch benchmark (bench/batch/run.py, docs/performance.md "Batch scan").

Each package is the clean English sample (samples/clean-en.zip, the
2017-2020 documented layout) made into its own host, and grown to the size
of a real one:

  - its host name (WS-CLEAN-01 -> WS-B00042) and address (10.0.0.31 ->
    10.<i>) changed in every text member, in the member's own encoding
    (UTF-16LE with BOM or the OEM code page), so every package has its own
    content hash and its own host;
  - every CSV (processes, services, scheduled tasks, installed programs)
    grown to a real machine's row count, the name column suffixed so the
    rows differ;
  - "Security event log/Security.evtx" of --evtx-mb MB, built from the
    fixture EVTX chunks by bench/evtx/make_big_evtx.py;
  - --prefetch Prefetch files, the fixture .pf files (Windows XP to 10,
    compressed and not) under new names.

The big members are deflated once and copied raw into every zip (the zip
is written here by hand for that), so writing 1000 packages takes seconds
of CPU, not the hours of deflating 20 GB.

  make_packages.py OUT_DIR N [--template ZIP] [--shared DIR]
                   [--evtx-mb 20] [--prefetch 300] [--rows 250] [--start 0]
"""
import argparse
import csv
import io
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))

# Rows a busy workstation's CSV holds (approximately).
ROWS = {
    'processes.csv': 160,
    'services.csv': 300,
    'scheduledtasks.csv': 220,
    'installedprograms.csv': 140,
}
# Columns whose values get a suffix so that grown rows differ.
NAME_COLUMNS = ('Name', 'TaskName', 'Caption', 'DisplayName', 'ProcessId')

DOS_TIME = (22 << 11) | (12 << 5)              # 22:12:00
DOS_DATE = ((2026 - 1980) << 9) | (9 << 5) | 7  # 2026-09-07


def deflate(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Member:
    """A member ready to be written: name, CRC, sizes, deflated bytes."""

    def __init__(self, name, data):
        self.name = name.encode('utf-8')
        self.crc = zlib.crc32(data) & 0xffffffff
        self.usize = len(data)
        self.comp = deflate(data)


def write_zip(path, members):
    """A plain zip (no zip64: members and archive below 4 GiB)."""
    central = []
    with open(path, 'wb') as f:
        for m in members:
            off = f.tell()
            f.write(struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0x800, 8,
                                DOS_TIME, DOS_DATE, m.crc, len(m.comp),
                                m.usize, len(m.name), 0))
            f.write(m.name)
            f.write(m.comp)
            central.append(struct.pack(
                '<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0x800, 8,
                DOS_TIME, DOS_DATE, m.crc, len(m.comp), m.usize,
                len(m.name), 0, 0, 0, 0, 0, off) + m.name)
        cd_off = f.tell()
        for c in central:
            f.write(c)
        f.write(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(central),
                            len(central), f.tell() - cd_off, cd_off, 0))


def decode(data):
    """(text, encoding) of a text member of the template."""
    if data.startswith(b'\xff\xfe'):
        return data[2:].decode('utf-16-le'), 'utf-16-le-bom'
    if data.startswith(b'\xef\xbb\xbf'):
        return data[3:].decode('utf-8'), 'utf-8-bom'
    return data.decode('cp437'), 'cp437'


def encode(text, enc):
    if enc == 'utf-16-le-bom':
        return b'\xff\xfe' + text.encode('utf-16-le')
    if enc == 'utf-8-bom':
        return b'\xef\xbb\xbf' + text.encode('utf-8')
    return text.encode('cp437', errors='replace')


def grow_csv(text, rows):
    """The CSV with its data rows repeated up to rows, names suffixed."""
    lines = list(csv.reader(io.StringIO(text)))
    # WMIC output starts with an empty line; keep what precedes the header.
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    if start >= len(lines) - 1:
        return text
    header, data = lines[start], [r for r in lines[start + 1:] if r]
    if not data:
        return text
    cols = [i for i, h in enumerate(header) if h in NAME_COLUMNS]
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator='\r\n')
    for _ in range(start):
        out.write('\r\n')
    w.writerow(header)
    n = 0
    while n < max(rows, len(data)):
        row = list(data[n % len(data)])
        if n >= len(data):
            for c in cols:
                if c >= len(row) or not row[c]:
                    continue
                if row[c].isdigit():
                    # A process id stays a number (0: a stopped service).
                    if row[c] != '0':
                        row[c] = str(int(row[c]) + 4 * (1000 + n))
                else:
                    row[c] = '%s_%d' % (row[c], n)
        w.writerow(row)
        n += 1
    return out.getvalue()


def big_evtx(shared, mb, tmp):
    path = os.path.join(tmp, 'Security.evtx')
    subprocess.run([sys.executable,
                    os.path.join(SRC, 'bench', 'evtx', 'make_big_evtx.py'),
                    path, str(mb), os.path.join(shared, 'fixtures')],
                   check=True, stdout=subprocess.DEVNULL)
    with open(path, 'rb') as f:
        return f.read()


def prefetch_members(shared, count):
    pool = []
    root = os.path.join(shared, 'fixtures', 'prefetch')
    for d, _, files in sorted(os.walk(root)):
        if os.path.basename(d) == 'Bad':
            continue
        for name in sorted(files):
            if name.lower().endswith('.pf'):
                with open(os.path.join(d, name), 'rb') as f:
                    pool.append((name, f.read()))
    if not pool:
        sys.exit('no Prefetch fixtures under ' + root)
    out = []
    for i in range(count):
        name, data = pool[i % len(pool)]
        exe = name.rsplit('-', 1)[0]
        out.append(Member('Prefetch files/%s-%08X.pf' % (exe, i), data))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out')
    ap.add_argument('n', type=int)
    ap.add_argument('--template',
                    default=os.path.join(SRC, 'build', 'samples',
                                         'clean-en.zip'))
    ap.add_argument('--shared', default=os.path.join(SRC, '..', 'shared'))
    ap.add_argument('--evtx-mb', type=float, default=20)
    ap.add_argument('--prefetch', type=int, default=300)
    ap.add_argument('--rows', type=float, default=1.0,
                    help='scale of the CSV row counts (1: a busy machine)')
    ap.add_argument('--start', type=int, default=0,
                    help='number of the first package (its host name)')
    a = ap.parse_args()

    import zipfile
    with zipfile.ZipFile(a.template) as z:
        template = [(i.filename, z.read(i)) for i in z.infolist()
                    if not i.is_dir()]
    os.makedirs(a.out, exist_ok=True)
    fixed = []
    with tempfile.TemporaryDirectory() as tmp:
        if a.evtx_mb > 0:
            fixed.append(Member('Security event log/Security.evtx',
                                big_evtx(a.shared, a.evtx_mb, tmp)))
    fixed += prefetch_members(a.shared, a.prefetch)
    texts = []
    for name, data in template:
        text, enc = decode(data)
        rows = ROWS.get(os.path.basename(name).lower())
        if rows:
            text = grow_csv(text, int(rows * a.rows))
        texts.append((name, text, enc))
    total = 0
    for k in range(a.start, a.start + a.n):
        host = 'WS-B%05d' % k
        addr = '10.%d.%d.%d' % (1 + k // 65536, (k // 256) % 256, k % 256)
        members = []
        for name, text, enc in texts:
            t = text.replace('WS-CLEAN-01', host).replace('10.0.0.31', addr)
            members.append(Member(name, encode(t, enc)))
        members += fixed
        path = os.path.join(a.out, 'pkg-%05d.zip' % k)
        write_zip(path, members)
        total += os.path.getsize(path)
    usize = sum(m.usize for m in fixed) + sum(
        len(encode(t, e)) for _, t, e in texts)
    print('%s: %d packages, %.1f MB each on disk, %.1f MB inflated' %
          (a.out, a.n, total / max(a.n, 1) / 1e6, usize / 1e6))


if __name__ == '__main__':
    main()
