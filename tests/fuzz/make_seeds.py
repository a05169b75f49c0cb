#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets.

Usage: make_seeds.py OUTDIR SAMPLES_DIR SHARED_DIR FUZZ_MEMBER_C [SRCDIR]

OUTDIR/<target>/ receives one file per seed:
  member  one selector byte (index of the member name in fuzz_member.c's list)
          followed by a member's bytes: every member of every sample package,
          the Prefetch fixtures and the small .evtx fixtures;
  zip     every sample package (.zip), including the hostile ones;
  enc     text members, with a selector byte 0 (detect the encoding);
  csv     CSV members as they are;
  evtx    the sample Security.evtx members and the small .evtx fixtures;
  prefetch  the sample .pf members and the Prefetch fixtures;
  lzxpress  every compressed ("MAM\\x04") Prefetch file, as the 4-byte
          output size of its header followed by the compressed stream;
  sigma   the SigmaHQ Windows rules of the fixtures (SHARED_DIR/fixtures/
          sigma/rules/windows) and the rules shipped in SRCDIR/rules;
  allowlist  SRCDIR/analyzer/data/self-noise.yml and every YAML block of
          SRCDIR/docs/allowlist.md.
Missing inputs are skipped (the samples may not be built yet), so the
corpora hold what exists.
"""
import os
import re
import sys
import zipfile


def norm(s):
    return re.sub(r'[^a-z0-9*\x80-\uffff]', '', s.lower())


def names_from(cfile):
    text = open(cfile, encoding='utf-8').read()
    block = text.split('BEGIN NAMES')[1].split('END NAMES')[0]
    return re.findall(r'"([^"]+)"', block)


def selector(names, path):
    """The index of the listed name that best matches a member path."""
    parts = path.replace('\\', '/').split('/')
    base = norm(parts[-1])
    if base.endswith('pf'):
        return next(i for i, n in enumerate(names) if n.endswith('.pf'))
    if base.endswith('evtx'):
        return next(i for i, n in enumerate(names) if n.endswith('.evtx'))
    for i, n in enumerate(names):
        if norm(n.split('/')[-1]) == base:
            return i
    parent = norm(parts[-2]) if len(parts) > 1 else ''
    for i, n in enumerate(names):
        if '/' in n and norm(n.split('/')[0]) == parent:
            return i
    return len(names) - 1


def write(outdir, target, name, data):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    safe = re.sub(r'[^A-Za-z0-9._-]', '_', name)[-120:]
    with open(os.path.join(d, safe), 'wb') as fp:
        fp.write(data)


def binary_seeds(outdir, tag, mname, data):
    """Seeds for the direct EVTX, Prefetch and LZXPRESS targets."""
    low = mname.lower()
    if low.endswith('.evtx') or data[:8] == b'ElfFile\0':
        write(outdir, 'evtx', tag, data)
    if low.endswith('.pf') or data[4:8] == b'SCCA':
        write(outdir, 'prefetch', tag, data)
    if data[:4] == b'MAM\x04' and len(data) > 8:
        write(outdir, 'lzxpress', tag, data[4:8] + data[8:])


def yaml_seeds(outdir, shared, srcdir):
    """Rule and allowlist seeds."""
    count = 0
    roots = [os.path.join(shared, 'fixtures', 'sigma', 'rules', 'windows')]
    if srcdir:
        roots.append(os.path.join(srcdir, 'rules'))
    for top in roots:
        for root, _, files in sorted(os.walk(top)):
            for f in sorted(files):
                if f.endswith(('.yml', '.yaml')):
                    path = os.path.join(root, f)
                    write(outdir, 'sigma', os.path.relpath(path, top),
                          open(path, 'rb').read())
                    count += 1
    if not srcdir:
        return count
    path = os.path.join(srcdir, 'analyzer', 'data', 'self-noise.yml')
    if os.path.exists(path):
        write(outdir, 'allowlist', 'self-noise.yml', open(path, 'rb').read())
        count += 1
    path = os.path.join(srcdir, 'docs', 'allowlist.md')
    if os.path.exists(path):
        blocks = re.findall(r'```ya?ml\n(.*?)```',
                            open(path, encoding='utf-8').read(), re.S)
        for i, b in enumerate(blocks):
            write(outdir, 'allowlist', 'doc-%02d.yml' % i, b.encode())
            count += 1
    return count


def main():
    outdir, samples, shared, cfile = sys.argv[1:5]
    srcdir = sys.argv[5] if len(sys.argv) > 5 else ''
    names = names_from(cfile)
    count = 0
    for root, _, files in sorted(os.walk(samples)):
        for f in sorted(files):
            path = os.path.join(root, f)
            rel = os.path.relpath(path, samples)
            if f.endswith('.zip'):
                data = open(path, 'rb').read()
                write(outdir, 'zip', rel, data)
                count += 1
                try:
                    zf = zipfile.ZipFile(path)
                    members = [(m.filename, zf.read(m)) for m in zf.infolist()
                               if not m.is_dir()]
                except Exception:
                    continue   # hostile zips are zip seeds only
            else:
                members = [(rel, open(path, 'rb').read())]
            for mname, data in members:
                tag = rel + '__' + mname
                sel = selector(names, mname)
                write(outdir, 'member', tag, bytes([sel]) + data)
                if not mname.lower().endswith(('.evtx', '.pf', '.cab', '.xls')):
                    write(outdir, 'enc', tag, b'\0' + data)
                if mname.lower().endswith('.csv'):
                    write(outdir, 'csv', tag, data)
                binary_seeds(outdir, tag, mname, data)
                count += 1
    fixtures = os.path.join(shared, 'fixtures')
    for sub, limit in (('prefetch', 1 << 20), ('evtx-attack-samples', 200 << 10)):
        for root, _, files in sorted(os.walk(os.path.join(fixtures, sub))):
            for f in sorted(files):
                path = os.path.join(root, f)
                if os.path.getsize(path) > limit or f.startswith('LICENSE'):
                    continue
                data = open(path, 'rb').read()
                write(outdir, 'member', sub + '__' + f,
                      bytes([selector(names, f)]) + data)
                binary_seeds(outdir, sub + '__' + f, f, data)
                count += 1
    count += yaml_seeds(outdir, shared, srcdir)
    # Make sure every corpus exists, even when nothing fed it.
    for t in ('member', 'zip', 'enc', 'csv', 'evtx', 'prefetch', 'lzxpress',
              'sigma', 'allowlist'):
        os.makedirs(os.path.join(outdir, t), exist_ok=True)
    with open(os.path.join(outdir, 'stamp'), 'w') as fp:
        fp.write('%d seeds\n' % count)


if __name__ == '__main__':
    main()
