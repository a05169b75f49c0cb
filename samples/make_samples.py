#!/usr/bin/env python3
"""make_samples.py - builds the synthetic investigation packages of samples/.

Every sample host is a folder samples/src/<host>/ holding readable UTF-8
text (LF line ends) and a MANIFEST that says, for each member of the
package, its path in the package, the encoding the real Windows tool would
have written it in, and where its bytes come from:

    @package	compromised-en.zip
    @form	zip
    @root	5c0e2a9b-7d41-4f3e-9b8a-2d6f1e4c7a30
    cp437	Network Connections/Arp.txt
    utf-16le-bom	Processes/Processes.csv
    binary	Security Event Log/Security.evtx	fixture:evtx-attack-samples/...

Text members get CRLF line ends and are encoded (utf-16le-bom, utf-16le,
cp437, cp850, cp932, utf-8, utf-8-bom, ascii); "empty" members are zero
bytes; "binary" members are copied byte for byte, from the host folder or,
for "fixture:<path>", from the shared real-world fixtures
(../shared/fixtures, given with --shared).  Without the fixtures those
members are left out with a message, so the samples still build.

The output is deterministic: members sorted, fixed timestamps and
attributes, fixed compression level, so a package's hash only changes when
its sources do.  Written into --out:

    clean-en.zip compromised-en.zip compromised-fr.zip   zip packages
    clean-ja/                                            an extracted package
    hostile/*.zip                                        damaged or lying packages
    SHA256SUMS                                           hash of every file written
    build-info.txt                                       whether fixtures were used

Usage: make_samples.py --src samples/src --out DIR [--shared ../shared]
       [--depfile FILE --dep-target NAME]
"""
import argparse
import hashlib
import io
import os
import shutil
import sys
import zipfile

# 2026-09-07 22:12:00, the collection time of the compromised package; the
# zip format stores local time without a zone.
ZIP_TIME = (2026, 9, 7, 22, 12, 0)
FILE_MTIME = 1788819120           # the same instant, for the folder package
ATTR_FILE = 0x20                  # FILE_ATTRIBUTE_ARCHIVE (zip written on Windows)
ATTR_DIR = 0x10                   # FILE_ATTRIBUTE_DIRECTORY

TEXT_ENCODINGS = {
    'utf-16le-bom': lambda s: b'\xff\xfe' + s.encode('utf-16-le'),
    'utf-16le': lambda s: s.encode('utf-16-le'),
    'cp437': lambda s: s.encode('cp437'),
    'cp850': lambda s: s.encode('cp850'),
    'cp932': lambda s: s.encode('cp932'),
    'utf-8': lambda s: s.encode('utf-8'),
    'utf-8-bom': lambda s: b'\xef\xbb\xbf' + s.encode('utf-8'),
    'ascii': lambda s: s.encode('ascii'),
}


class SampleError(Exception):
    pass


class Builder:
    def __init__(self, src, out, shared):
        self.src = src
        self.out = out
        self.shared = shared
        self.deps = set()
        self.written = []          # paths relative to out
        self.missing_fixtures = []

    # --- sources ------------------------------------------------------

    def read_text(self, path):
        self.deps.add(path)
        with open(path, 'rb') as f:
            raw = f.read()
        if b'\r' in raw:
            raise SampleError('%s: sources keep LF line ends (CR found)' % path)
        try:
            return raw.decode('utf-8')
        except UnicodeDecodeError as e:
            raise SampleError('%s: not UTF-8: %s' % (path, e))

    def read_bytes(self, path):
        self.deps.add(path)
        with open(path, 'rb') as f:
            return f.read()

    def fixture(self, rel):
        if self.shared is None:
            return None
        path = os.path.join(self.shared, 'fixtures', rel)
        if not os.path.isfile(path):
            return None
        return self.read_bytes(path)

    def encode(self, enc, text, where):
        text = text.replace('\n', '\r\n')
        try:
            return TEXT_ENCODINGS[enc](text)
        except UnicodeEncodeError as e:
            raise SampleError('%s: cannot be written as %s: %s' % (where, enc, e))

    # --- manifest -----------------------------------------------------

    def load_host(self, host):
        hdir = os.path.join(self.src, host)
        mpath = os.path.join(hdir, 'MANIFEST')
        conf = {'form': 'zip', 'root': '', 'package': host + '.zip'}
        members = []
        used = {os.path.normpath(mpath)}
        for lineno, line in enumerate(self.read_text(mpath).split('\n'), 1):
            if line.strip() == '' or line.startswith('#'):
                continue
            cols = line.split('\t')
            where = '%s:%d' % (mpath, lineno)
            if cols[0].startswith('@'):
                if len(cols) != 2 or cols[0][1:] not in conf:
                    raise SampleError('%s: bad directive' % where)
                conf[cols[0][1:]] = cols[1]
                continue
            if len(cols) not in (2, 3):
                raise SampleError('%s: expected 2 or 3 tab-separated columns' % where)
            enc, name = cols[0], cols[1]
            source = cols[2] if len(cols) == 3 else name
            if enc == 'empty':
                data = b''
            elif source.startswith('fixture:'):
                if enc != 'binary':
                    raise SampleError('%s: fixtures are binary' % where)
                data = self.fixture(source[len('fixture:'):])
                if data is None:
                    self.missing_fixtures.append('%s: %s' % (host, source))
                    print('make_samples: %s: %s not found (no --shared or '
                          'missing ../shared/fixtures); member %s left out'
                          % (host, source[len('fixture:'):], name),
                          file=sys.stderr)
                    continue
            else:
                spath = os.path.join(hdir, source)
                used.add(os.path.normpath(spath))
                if enc == 'binary':
                    data = self.read_bytes(spath)
                elif enc in TEXT_ENCODINGS:
                    data = self.encode(enc, self.read_text(spath), spath)
                else:
                    raise SampleError('%s: unknown encoding %s' % (where, enc))
            full = conf['root'] + '/' + name if conf['root'] else name
            members.append((full, data))
        # Every source file must be part of the package: a forgotten file
        # would be a sample nobody tests.
        for dirpath, _, files in os.walk(hdir):
            for f in files:
                p = os.path.normpath(os.path.join(dirpath, f))
                if p not in used:
                    raise SampleError('%s: not listed in %s' % (p, mpath))
        names = [m[0] for m in members]
        if len(set(names)) != len(names):
            raise SampleError('%s: a member is listed twice' % mpath)
        return conf, sorted(members)

    # --- writers ------------------------------------------------------

    def write_zip(self, relpath, members, dir_entries=True, extra=None):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, 'w') as zf:
            dirs = set()
            if dir_entries:
                for name, _ in members:
                    parts = name.split('/')[:-1]
                    for i in range(1, len(parts) + 1):
                        dirs.add('/'.join(parts[:i]) + '/')
            entries = [(d, None) for d in dirs] + list(members)
            for name, data in sorted(entries, key=lambda e: e[0]):
                zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                zi.create_system = 0
                if data is None:
                    zi.external_attr = ATTR_DIR
                    zi.compress_type = zipfile.ZIP_STORED
                    zf.writestr(zi, b'')
                else:
                    zi.external_attr = ATTR_FILE
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(zi, data, compresslevel=6)
            if extra is not None:
                extra(zf)
        self.put(relpath, buf.getvalue())
        return buf.getvalue()

    def put(self, relpath, data):
        path = os.path.join(self.out, relpath)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + '.tmp'
        with open(tmp, 'wb') as f:
            f.write(data)
        os.replace(tmp, path)
        os.utime(path, (FILE_MTIME, FILE_MTIME))
        self.written.append(relpath)

    def write_dir(self, relpath, members):
        top = os.path.join(self.out, relpath)
        if os.path.isdir(top):
            shutil.rmtree(top)
        for name, data in members:
            self.put(relpath + '/' + name, data)

    def build_host(self, host):
        conf, members = self.load_host(host)
        if conf['form'] == 'zip':
            self.write_zip(conf['package'], members)
        elif conf['form'] == 'dir':
            self.write_dir(conf['package'], members)
        else:
            raise SampleError('%s: @form must be zip or dir' % host)
        return members

    # --- hostile packages -----------------------------------------------

    def host_member(self, host, enc, name):
        path = os.path.join(self.src, host, name)
        return self.encode(enc, self.read_text(path), path)

    def build_hostile(self):
        top = os.path.join(self.out, 'hostile')
        if os.path.isdir(top):
            shutil.rmtree(top)
        H = 'compromised-en'
        arp = self.host_member(H, 'cp437', 'Network Connections/Arp.txt')
        dns = self.host_member(H, 'cp437', 'Network Connections/DnsCache.txt')
        netstat = self.host_member(H, 'cp437',
                                   'Network Connections/ActiveNetConnections.txt')
        procs = self.host_member(H, 'utf-16le-bom', 'Processes/Processes.csv')

        # 1. A zip cut in the middle of its second member: no central
        # directory, the first member intact.
        whole = self.write_zip('hostile/.truncated-whole.zip', [
            ('Network Connections/Arp.txt', arp),
            ('Network Connections/DnsCache.txt', dns),
            ('Processes/Processes.csv', procs)], dir_entries=False)
        self.written.remove('hostile/.truncated-whole.zip')
        os.remove(os.path.join(self.out, 'hostile/.truncated-whole.zip'))
        with zipfile.ZipFile(io.BytesIO(whole)) as zf:
            second = zf.getinfo('Network Connections/DnsCache.txt')
            cut = second.header_offset + 30 + len(second.filename) + \
                second.compress_size // 2
        self.put('hostile/truncated.zip', whole[:cut])

        # 2. Members whose names lie about what they hold.
        fake_pe = b'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00' + \
            b'\x00' * 48 + b'This program cannot be run in DOS mode.\r\r\n$' + \
            bytes(range(256)) * 4
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, 'w') as zf:
            zi = zipfile.ZipInfo('payload.txt', date_time=ZIP_TIME)
            zf.writestr(zi, b'not a prefetch file\r\n')
        self.write_zip('hostile/type-lie.zip', [
            ('Processes/Processes.csv', fake_pe),
            ('Security Event Log/Security.evtx', netstat),
            ('Prefetch Files/NOTEPAD.EXE-D8414F97.pf', inner.getvalue()),
            ('Network Connections/Arp.txt', dns)])

        # 3. Over-long lines: a 200 KiB line in netstat output (past
        # CM_MAX_LINE, 128 KiB) and a 300 KiB command line in a process
        # CSV (past CM_MAX_FIELD, 256 KiB).
        lines = netstat.split(b'\r\n')
        lines.insert(6, b'  ' + b'A' * (200 * 1024))
        longnet = b'\r\n'.join(lines)
        ptext = self.read_text(os.path.join(self.src, H, 'Processes/Processes.csv'))
        prow = ptext.split('\n')
        for i, r in enumerate(prow):
            if r.startswith('CORP-FIN-03,cmd.exe,'):
                prow[i] = r.replace('"C:\\Windows\\system32\\cmd.exe" ',
                                    'C:\\Windows\\system32\\cmd.exe /c echo ' +
                                    'B' * (300 * 1024))
        longproc = self.encode('utf-16le-bom', '\n'.join(prow), 'long-line')
        self.write_zip('hostile/long-line.zip', [
            ('Network Connections/ActiveNetConnections.txt', longnet),
            ('Processes/Processes.csv', longproc)])

        # 4. Invalid UTF-16: unpaired surrogates, a NUL code unit and an odd
        # final byte, in a services CSV that is otherwise fine.
        svc = self.read_text(os.path.join(self.src, H, 'Services/Services.csv'))
        svc = svc.replace('\n', '\r\n')
        raw = bytearray(b'\xff\xfe' + svc.encode('utf-16-le'))
        def patch(needle, repl):
            # Every occurrence: the Caption and DisplayName columns.
            n = needle.encode('utf-16-le')
            i = raw.find(n)
            if i < 0:
                raise SampleError('bad-utf16: %s not found' % needle)
            while i >= 0:
                raw[i:i + len(repl)] = repl
                i = raw.find(n, i + len(repl))
        patch('Base Filtering', b'\x00\xd8B\x00')          # lone high surrogate
        patch('DHCP Client', b'\x00\xdcH\x00')             # lone low surrogate
        patch('DNS Client', b'D\x00\x00\x00')               # U+0000 inside a value
        raw += b'\x41'                                       # odd trailing byte
        self.write_zip('hostile/bad-utf16.zip', [
            ('Services/Services.csv', bytes(raw))])

        # 5. Ragged CSV: wmic does not quote values holding commas, rows
        # with too few cells, a stray quote, a header repeated in the middle.
        rag = ('\n'
               'Node,Caption,CommandLine,CreationDate,ExecutablePath,Name,ParentProcessId,ProcessId,SessionId\n'
               'CORP-FIN-03,System,,20260907220233.500000+000,,System,0,4,0\n'
               'CORP-FIN-03,rundll32.exe,C:\\Windows\\system32\\rundll32.exe shell32.dll,Control_RunDLL desk.cpl,20260907221001.000000+000,C:\\Windows\\system32\\rundll32.exe,rundll32.exe,5012,8120,1\n'
               'CORP-FIN-03,notepad.exe,notepad.exe,20260907221002.000000+000\n'
               'CORP-FIN-03,cmd.exe,"C:\\Windows\\system32\\cmd.exe /c "x,20260907221003.000000+000,C:\\Windows\\system32\\cmd.exe,cmd.exe,5012,8130,1\n'
               'Node,Caption,CommandLine,CreationDate,ExecutablePath,Name,ParentProcessId,ProcessId,SessionId\n'
               'CORP-FIN-03,explorer.exe,C:\\Windows\\Explorer.EXE,20260907220401.700000+000,C:\\Windows\\Explorer.EXE,explorer.exe,4920,5012,1\n'
               'CORP-FIN-03,svchost.exe,C:\\Windows\\system32\\svchost.exe -k netsvcs -p,20260907220236.410000+000,C:\\Windows\\system32\\svchost.exe,svchost.exe,688,1688,0,\n')
        tasks = ('"HostName","TaskName","Next Run Time","Status"\n'
                 '"CORP-FIN-03","\\Good","N/A","Ready"\n'
                 '"CORP-FIN-03","\\Unterminated","N/A","Ready\n')
        self.write_zip('hostile/ragged-csv.zip', [
            ('Processes/Processes.csv', self.encode('utf-16le-bom', rag, 'ragged')),
            ('Scheduled Tasks/ScheduledTasks.csv', self.encode('cp437', tasks, 'ragged'))])

        # 6. Names that climb out, absolute names, a duplicate, a symbolic
        # link and a member flagged as encrypted.
        def odd(zf):
            def add(name, data, system=0, attr=ATTR_FILE, flags=0):
                zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                zi.create_system = system
                zi.external_attr = attr
                zi.compress_type = zipfile.ZIP_STORED
                zi.flag_bits |= flags
                zf.writestr(zi, data)
            add('../../evil/Arp.txt', arp)
            add('/abs/Arp.txt', arp)
            add('Network Connections/Arp.txt', arp)
            add('Network Connections/DnsCache.txt', b'/etc/passwd', system=3,
                attr=(0o120777 << 16))
            add('Processes/Processes.csv', procs, flags=0x1)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')   # "Duplicate name" is the point
            data = self.write_zip('hostile/odd-names.zip', [
                ('Network Connections/Arp.txt', arp)], dir_entries=False,
                extra=odd)
        # zipfile clears flag bits on write: set "encrypted" (bit 0) on the
        # last member in its local header and its central directory entry.
        data = bytearray(data)
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
            last = zf.infolist()[-1]
        if last.filename != 'Processes/Processes.csv':
            raise SampleError('odd-names: unexpected member order')
        data[last.header_offset + 6] |= 0x01
        cd = data.rfind(b'PK\x01\x02')
        if cd < 0:
            raise SampleError('odd-names: no central directory entry')
        data[cd + 8] |= 0x01
        self.written.remove('hostile/odd-names.zip')
        self.put('hostile/odd-names.zip', bytes(data))

    # --- bookkeeping ----------------------------------------------------

    def finish(self, depfile, dep_target):
        sums = []
        for rel in sorted(set(self.written)):
            with open(os.path.join(self.out, rel), 'rb') as f:
                sums.append('%s  %s\n' % (hashlib.sha256(f.read()).hexdigest(), rel))
        info = 'fixtures=%s\n' % ('no' if self.missing_fixtures else 'yes')
        for m in self.missing_fixtures:
            info += 'missing=%s\n' % m
        with open(os.path.join(self.out, 'build-info.txt'), 'w') as f:
            f.write(info)
        with open(os.path.join(self.out, 'SHA256SUMS'), 'w') as f:
            f.write(''.join(sums))
        if depfile:
            def esc(p):
                return p.replace('\\', '/').replace(' ', '\\ ').replace('#', '\\#')
            with open(depfile, 'w') as f:
                f.write(esc(dep_target) + ':')
                for d in sorted(self.deps):
                    f.write(' \\\n ' + esc(os.path.abspath(d)))
                f.write('\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--src', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--shared', default=None,
                    help='the shared folder holding fixtures/ (optional)')
    ap.add_argument('--depfile', default=None)
    ap.add_argument('--dep-target', default='SHA256SUMS')
    a = ap.parse_args()
    shared = a.shared
    if shared is not None and not os.path.isdir(os.path.join(shared, 'fixtures')):
        print('make_samples: %s/fixtures not found: the samples are built '
              'without the real .evtx and .pf members' % shared, file=sys.stderr)
        shared = None
    b = Builder(a.src, a.out, shared)
    try:
        hosts = sorted(d for d in os.listdir(a.src)
                       if os.path.isfile(os.path.join(a.src, d, 'MANIFEST')))
        for h in hosts:
            b.build_host(h)
        b.build_hostile()
        b.finish(a.depfile, a.dep_target)
    except SampleError as e:
        print('make_samples: %s' % e, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
