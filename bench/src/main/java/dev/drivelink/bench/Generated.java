package dev.drivelink.bench;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Deterministic file content of any size, produced on the fly (never held in memory): a 1 MiB random
 * block (fixed by the seed) repeated, with every 4 KiB page stamped with its own index, so no two pages
 * of a file are alike and a misplaced or lost chunk changes the md5.
 */
public final class Generated {

    static final int PAGE = 4096;
    static final int BLOCK = 1024 * 1024;

    private final byte[] block = new byte[BLOCK];
    private final long seed;

    public Generated(long seed) {
        this.seed = seed;
        new Random(seed).nextBytes(block);
    }

    /** Writes page {@code index} (4096 bytes) at {@code out[at]}. */
    void page(long index, byte[] out, int at) {
        System.arraycopy(block, (int) ((index * PAGE) % BLOCK), out, at, PAGE);
        long stamp = index ^ (seed * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < 8; i++) {
            out[at + i] = (byte) (stamp >>> (56 - 8 * i));
        }
    }

    /** The bytes from {@code offset} to {@code size}. */
    public InputStream open(long size, long offset) {
        return new Stream(size, offset);
    }

    public String md5(long size) {
        try (InputStream in = open(size, 0)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[BLOCK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Stream extends InputStream {
        private final long size;
        private long position;
        private final byte[] pages = new byte[16 * PAGE];
        private long pagesStart = -1; // file offset of pages[0]
        private int pagesLength;

        Stream(long size, long offset) {
            this.size = size;
            this.position = Math.min(offset, size);
        }

        private void fill() {
            long firstPage = position / PAGE;
            int count = pages.length / PAGE;
            for (int i = 0; i < count; i++) {
                page(firstPage + i, pages, i * PAGE);
            }
            pagesStart = firstPage * PAGE;
            pagesLength = pages.length;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int done = 0;
            while (done < len && position < size) {
                if (pagesStart < 0 || position < pagesStart || position >= pagesStart + pagesLength) {
                    fill();
                }
                int from = (int) (position - pagesStart);
                int n = (int) Math.min(Math.min(len - done, pagesLength - from), size - position);
                System.arraycopy(pages, from, b, off + done, n);
                done += n;
                position += n;
            }
            return done;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
