#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets.

Usage: make_seeds.py OUTDIR SAMPLES_DIR SHARED_DIR FUZZ_MEMBER_C

OUTDIR/<target>/ receives one file per seed:
  member  one selector byte (index of the member name in fuzz_member.c's list)
          followed by a member's bytes: every member of every sample package,
          the Prefetch fixtures and the small .evtx fixtures;
  zip     every sample package (.zip), including the hostile ones;
  enc     text members, with a selector byte 0 (detect the encoding);
  csv     CSV members as they are.
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


def main():
    outdir, samples, shared, cfile = sys.argv[1:5]
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
                count += 1
    # Make sure every corpus exists, even when nothing fed it.
    for t in ('member', 'zip', 'enc', 'csv'):
        os.makedirs(os.path.join(outdir, t), exist_ok=True)
    with open(os.path.join(outdir, 'stamp'), 'w') as fp:
        fp.write('%d seeds\n' % count)


if __name__ == '__main__':
    main()
