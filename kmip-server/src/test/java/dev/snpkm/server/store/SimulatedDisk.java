package dev.snpkm.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A disk with a volatile write cache, for the store's crash and disk-full tests. Files opened through
 * {@link SimulatedDiskFilePath} ("simdisk:" paths) keep what was written but not yet forced in memory, in write order;
 * {@code force} writes it to the real file below. {@link #powerCut} keeps a random prefix of the unforced writes
 * (possibly the last one torn at a 512-byte sector), drops the rest, and kills every open channel: the store that was
 * running can neither read nor write again, as after a power loss. {@link #full} makes writes fail with "No space
 * left on device" (an IOException, as the JDK reports ENOSPC) until cleared; {@link #failNextForce} fails one force
 * with an I/O error.
 *
 * <p>Simplifications: truncation and file creation, deletion and renaming reach the real file at once (they are
 * metadata, journaled by the file systems a store runs on); a truncate first forces the file's cache.
 */
public final class SimulatedDisk {
    /** The disk that "simdisk:" paths use; one at a time per JVM (tests set and clear it). */
    private static volatile SimulatedDisk current;

    private final List<Channel> open = new ArrayList<>();
    private volatile boolean full;
    private final AtomicBoolean failNextForce = new AtomicBoolean();
    private volatile long usableBytes = Long.MAX_VALUE;
    private long cuts;
    private long channelsOpened;
    private final AtomicLong forcedWrites = new AtomicLong();
    private volatile @Nullable ForceObserver forceObserver;

    /** One write still in the volatile cache: where it goes and what it holds. */
    public record UnforcedWrite(long position, byte[] bytes) {
        long end() {
            return position + bytes.length;
        }
    }

    /**
     * Told of every force before it reaches the disk: the file as the disk holds it and the writes about to land, in
     * order. Any prefix of them is what a power cut at that moment leaves ({@link EveryCrashPointIT}).
     */
    public interface ForceObserver {
        void beforeForce(String name, FileChannel disk, List<UnforcedWrite> writes) throws IOException;
    }

    public void observeForces(@Nullable ForceObserver observer) {
        this.forceObserver = observer;
    }

    public static SimulatedDisk install() {
        SimulatedDiskFilePath.register();
        SimulatedDisk disk = new SimulatedDisk();
        current = disk;
        return disk;
    }

    /** A store at {@code file} on this disk, refusing writes while this disk reports little free space. */
    public Database openDatabase(java.nio.file.Path file) {
        return Database.openH2(
                SimulatedDiskFilePath.SCHEME + ":" + file.toAbsolutePath(),
                8,
                Database.H2_WRITE_DELAY_MS,
                new WriteAdmission(this::usableBytes));
    }

    static SimulatedDisk current() {
        SimulatedDisk d = current;
        if (d == null) {
            throw new IllegalStateException("no simulated disk installed");
        }
        return d;
    }

    synchronized FileChannel wrap(FileChannel real, String name) {
        channelsOpened++;
        Channel c = new Channel(real, name);
        open.add(c);
        return c;
    }

    /**
     * Makes the next force on this disk fail with an I/O error, as Linux reports a failed writeback: the writes it was
     * to make durable are dropped (the kernel marks such pages clean), so a later force that succeeds does not bring
     * them back.
     */
    public void failNextForce() {
        failNextForce.set(true);
    }

    public void full(boolean isFull) {
        this.full = isFull;
    }

    /** What the disk reports as free (the store's write admission asks). */
    public long usableBytes() {
        return usableBytes;
    }

    public void usableBytes(long bytes) {
        this.usableBytes = bytes;
    }

    /**
     * Loses power: every open file keeps a random prefix of its unforced writes (the last kept one torn when
     * {@code random} says so, or all of them dropped when {@code dropAll}), then all open channels die.
     */
    public synchronized void powerCut(Random random, boolean dropAll) throws IOException {
        cuts++;
        for (Channel c : open) {
            c.cut(random, dropAll);
        }
        open.clear();
    }

    /** Files opened on this disk so far (a store that reopens its file shows here). */
    public synchronized long channelsOpened() {
        return channelsOpened;
    }

    public synchronized long cuts() {
        return cuts;
    }

    /** Unforced writes that reached the real file through a force, over all files (a sanity figure for tests). */
    public long forcedWrites() {
        return forcedWrites.get();
    }

    /** A file whose writes stay in memory until forced. */
    private final class Channel extends FileChannel {
        private final FileChannel real;
        private final String name;
        private final List<UnforcedWrite> pending = new ArrayList<>();
        private long position;
        private boolean dead;

        Channel(FileChannel real, String name) {
            this.real = real;
            this.name = name;
        }

        private void alive() throws IOException {
            if (dead) {
                throw new IOException("power lost (simulated) for " + name);
            }
        }

        synchronized void cut(Random random, boolean dropAll) throws IOException {
            if (dead) {
                return;
            }
            int keep = dropAll ? 0 : random.nextInt(pending.size() + 1);
            for (int i = 0; i < keep; i++) {
                UnforcedWrite p = pending.get(i);
                boolean torn = i == keep - 1 && random.nextBoolean();
                int length = torn ? random.nextInt(p.bytes.length / 512 + 1) * 512 : p.bytes.length;
                real.write(ByteBuffer.wrap(p.bytes, 0, Math.min(length, p.bytes.length)), p.position);
            }
            real.force(true);
            pending.clear();
            dead = true;
            real.close();
        }

        @Override
        public synchronized int read(ByteBuffer dst, long at) throws IOException {
            alive();
            long size = size();
            if (at >= size) {
                return -1;
            }
            int length = (int) Math.min(dst.remaining(), size - at);
            byte[] out = new byte[length];
            ByteBuffer fromDisk = ByteBuffer.wrap(out);
            while (fromDisk.hasRemaining()) {
                if (real.read(fromDisk, at + fromDisk.position()) < 0) {
                    break; // beyond the real end: zeros until the cache says otherwise
                }
            }
            for (UnforcedWrite p : pending) {
                long from = Math.max(at, p.position);
                long to = Math.min(at + length, p.end());
                if (from < to) {
                    System.arraycopy(p.bytes, (int) (from - p.position), out, (int) (from - at), (int) (to - from));
                }
            }
            dst.put(out);
            return length;
        }

        @Override
        public synchronized int write(ByteBuffer src, long at) throws IOException {
            alive();
            if (full) {
                throw new IOException("No space left on device");
            }
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            pending.add(new UnforcedWrite(at, bytes));
            return bytes.length;
        }

        @Override
        public synchronized void force(boolean metaData) throws IOException {
            alive();
            if (failNextForce.getAndSet(false)) {
                pending.clear();
                throw new IOException("Input/output error (simulated failed writeback of " + name + ")");
            }
            ForceObserver observer = forceObserver;
            if (observer != null && !pending.isEmpty()) {
                observer.beforeForce(name, real, List.copyOf(pending));
            }
            for (UnforcedWrite p : pending) {
                real.write(ByteBuffer.wrap(p.bytes), p.position);
            }
            real.force(metaData);
            forcedWrites.addAndGet(pending.size());
            pending.clear();
        }

        @Override
        public synchronized long size() throws IOException {
            alive();
            long size = real.size();
            for (UnforcedWrite p : pending) {
                size = Math.max(size, p.end());
            }
            return size;
        }

        @Override
        public synchronized FileChannel truncate(long size) throws IOException {
            force(true);
            real.truncate(size);
            position = Math.min(position, size);
            return this;
        }

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            int n = read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            int n = write(src, position);
            position += n;
            return n;
        }

        @Override
        public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                int n = read(dsts[i]);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
            }
            return total;
        }

        @Override
        public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        }

        @Override
        public synchronized long position() throws IOException {
            alive();
            return position;
        }

        @Override
        public synchronized FileChannel position(long newPosition) throws IOException {
            alive();
            position = newPosition;
            return this;
        }

        @Override
        public long transferTo(long at, long count, java.nio.channels.WritableByteChannel target) {
            throw new UnsupportedOperationException("transferTo");
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long at, long count) {
            throw new UnsupportedOperationException("transferFrom");
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long at, long size) {
            throw new UnsupportedOperationException("map");
        }

        @Override
        public java.nio.channels.FileLock lock(long at, long size, boolean shared) throws IOException {
            alive();
            return real.lock(at, size, shared);
        }

        @Override
        public java.nio.channels.FileLock tryLock(long at, long size, boolean shared) throws IOException {
            alive();
            return real.tryLock(at, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            synchronized (this) {
                if (!dead) {
                    // A clean close writes what the store left in the cache, as an OS does on close (no force).
                    for (UnforcedWrite p : pending) {
                        real.write(ByteBuffer.wrap(p.bytes), p.position);
                    }
                    pending.clear();
                }
            }
            synchronized (SimulatedDisk.this) {
                open.remove(this);
            }
            real.close();
        }
    }
}
