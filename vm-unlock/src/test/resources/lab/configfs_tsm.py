#!/usr/bin/python3
"""configfs-tsm at the OS level, for lab runs of the shipped kmip-unlock (LabModeIT).

A FUSE file system with the report ABI of Linux's configfs-tsm (Documentation/ABI/testing/configfs-tsm-report):
mkdir under report/ makes an entry with provider, generation, privlevel, inblob, outblob and auxblob; each write
to inblob or privlevel bumps generation; reading outblob or auxblob asks the "secure processor" for a report over
the last inblob. The secure processor is a test process on loopback (SIGNER port): it gets privlevel (4 bytes,
big-endian, -1 for none) and the 64-byte inblob, and answers with a length-prefixed report and certificate table.
Nothing here can produce a report a production key manager accepts: the signer's keys chain to test roots only.

usage: configfs_tsm.py MOUNTPOINT SIGNER_PORT   (runs in the foreground until unmounted)
Needs Debian's python3-fusepy (libfuse2) and fuse3, and root for the mount.
"""
import errno
import socket
import stat
import struct
import sys
import threading
import time

from fusepy import FUSE, FuseOSError, Operations

ATTRS_READ = ("provider", "generation", "outblob", "auxblob")
ATTRS_WRITE = ("inblob", "privlevel")


class Entry:
    def __init__(self):
        self.generation = 0
        self.inblob = b""
        self.privlevel = -1
        self.outblob = None
        self.auxblob = None
        self.created = time.time()


class ConfigfsTsm(Operations):
    def __init__(self, signer_port):
        self.signer_port = signer_port
        self.entries = {}
        self.lock = threading.Lock()

    def _split(self, path):
        parts = [p for p in path.split("/") if p]
        return parts

    def getattr(self, path, fh=None):
        parts = self._split(path)
        now = time.time()
        directory = dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, st_ctime=now, st_mtime=now, st_atime=now)
        if parts == [] or parts == ["report"]:
            return directory
        with self.lock:
            entry = self.entries.get(parts[1]) if len(parts) >= 2 and parts[0] == "report" else None
        if entry is None:
            raise FuseOSError(errno.ENOENT)
        if len(parts) == 2:
            return directory
        if len(parts) == 3 and parts[2] in ATTRS_READ + ATTRS_WRITE:
            mode = 0o644 if parts[2] in ATTRS_WRITE else 0o444
            # Size 0: the files are read with direct I/O to EOF, like configfs's binary attributes.
            return dict(st_mode=stat.S_IFREG | mode, st_nlink=1, st_size=0, st_ctime=now, st_mtime=now,
                        st_atime=now)
        raise FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        parts = self._split(path)
        if parts == []:
            return [".", "..", "report"]
        if parts == ["report"]:
            with self.lock:
                return [".", ".."] + list(self.entries)
        if len(parts) == 2:
            return [".", ".."] + list(ATTRS_READ + ATTRS_WRITE)
        raise FuseOSError(errno.ENOTDIR)

    def mkdir(self, path, mode):
        parts = self._split(path)
        if len(parts) != 2 or parts[0] != "report":
            raise FuseOSError(errno.EPERM)
        with self.lock:
            if parts[1] in self.entries:
                raise FuseOSError(errno.EEXIST)
            self.entries[parts[1]] = Entry()

    def rmdir(self, path):
        parts = self._split(path)
        with self.lock:
            if len(parts) != 2 or self.entries.pop(parts[1], None) is None:
                raise FuseOSError(errno.ENOENT)

    def _entry(self, parts):
        with self.lock:
            entry = self.entries.get(parts[1]) if len(parts) == 3 and parts[0] == "report" else None
        if entry is None:
            raise FuseOSError(errno.ENOENT)
        return entry

    def open(self, path, flags):
        self._entry(self._split(path))
        return 0

    def truncate(self, path, length, fh=None):
        self._entry(self._split(path))

    def write(self, path, data, offset, fh):
        parts = self._split(path)
        entry = self._entry(parts)
        name = parts[2]
        if name == "inblob":
            if offset != 0 or len(data) != 64:
                raise FuseOSError(errno.EINVAL)  # the SEV provider takes exactly 64 bytes
            entry.inblob = bytes(data)
        elif name == "privlevel":
            level = int(data.decode("ascii").strip())
            if not 0 <= level <= 3:
                raise FuseOSError(errno.EINVAL)
            entry.privlevel = level
        else:
            raise FuseOSError(errno.EACCES)
        entry.generation += 1
        entry.outblob = entry.auxblob = None
        return len(data)

    def read(self, path, size, offset, fh):
        parts = self._split(path)
        entry = self._entry(parts)
        name = parts[2]
        if name == "provider":
            value = b"sev_guest\n"
        elif name == "generation":
            value = b"%d\n" % entry.generation
        elif name == "privlevel":
            value = b"%d\n" % max(entry.privlevel, 0)
        elif name in ("outblob", "auxblob"):
            if len(entry.inblob) != 64:
                raise FuseOSError(errno.EINVAL)
            if entry.outblob is None:
                entry.outblob, entry.auxblob = self._sign(entry)
            value = entry.outblob if name == "outblob" else entry.auxblob
        else:
            raise FuseOSError(errno.EACCES)
        return value[offset:offset + size]

    def _sign(self, entry):
        with socket.create_connection(("127.0.0.1", self.signer_port), timeout=20) as s:
            s.sendall(struct.pack(">i", entry.privlevel) + entry.inblob)
            stream = s.makefile("rb")
            report = stream.read(struct.unpack(">i", stream.read(4))[0])
            certs = stream.read(struct.unpack(">i", stream.read(4))[0])
            return report, certs


if __name__ == "__main__":
    FUSE(ConfigfsTsm(int(sys.argv[2])), sys.argv[1], foreground=True, direct_io=True, attr_timeout=0,
         entry_timeout=0, nothreads=False)
