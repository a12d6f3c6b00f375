package dev.drivelink.core.upload;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * MD5 (RFC 1321) whose running state can be written down and picked up again, so an upload that
 * continues in another Lambda invocation can still verify the whole file's md5 against Drive's
 * without reading the bytes Drive already has a second time. {@link java.security.MessageDigest}
 * cannot export its state, hence this small implementation.
 */
public final class ResumableMd5 {

    private int a = 0x67452301;
    private int b = 0xefcdab89;
    private int c = 0x98badcfe;
    private int d = 0x10325476;
    private long count;
    private final byte[] block = new byte[64];

    public ResumableMd5() {
    }

    /** Picks up from a {@link #state()}. */
    public static ResumableMd5 resume(String state) {
        ResumableMd5 md5 = new ResumableMd5();
        if (state == null || state.isBlank()) {
            return md5;
        }
        String[] parts = state.split(",", -1);
        md5.a = Integer.parseUnsignedInt(parts[0], 16);
        md5.b = Integer.parseUnsignedInt(parts[1], 16);
        md5.c = Integer.parseUnsignedInt(parts[2], 16);
        md5.d = Integer.parseUnsignedInt(parts[3], 16);
        md5.count = Long.parseLong(parts[4]);
        byte[] pending = Base64.getDecoder().decode(parts[5]);
        System.arraycopy(pending, 0, md5.block, 0, pending.length);
        return md5;
    }

    /** The running state: four words, the byte count and the bytes of the unfinished 64-byte block. */
    public String state() {
        int pending = (int) (count % 64);
        return Integer.toHexString(a) + "," + Integer.toHexString(b) + "," + Integer.toHexString(c) + ","
                + Integer.toHexString(d) + "," + count + ","
                + Base64.getEncoder().encodeToString(Arrays.copyOf(block, pending));
    }

    public long count() {
        return count;
    }

    public ResumableMd5 copy() {
        return resume(state());
    }

    public void update(byte[] input, int offset, int length) {
        int pending = (int) (count % 64);
        count += length;
        int i = 0;
        if (pending > 0) {
            int take = Math.min(64 - pending, length);
            System.arraycopy(input, offset, block, pending, take);
            i = take;
            if (pending + take < 64) {
                return;
            }
            transform(block, 0);
        }
        for (; i + 64 <= length; i += 64) {
            transform(input, offset + i);
        }
        if (i < length) {
            System.arraycopy(input, offset + i, block, 0, length - i);
        }
    }

    /** The hex digest of everything so far; the running state is not changed. */
    public String hex() {
        ResumableMd5 tail = copy();
        long bits = tail.count * 8;
        int pending = (int) (tail.count % 64);
        int padLength = pending < 56 ? 56 - pending : 120 - pending;
        byte[] padding = new byte[padLength + 8];
        padding[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            padding[padLength + i] = (byte) (bits >>> (8 * i));
        }
        tail.update(padding, 0, padding.length);
        byte[] out = new byte[16];
        int[] h = {tail.a, tail.b, tail.c, tail.d};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[i * 4 + j] = (byte) (h[i] >>> (8 * j));
            }
        }
        return HexFormat.of().formatHex(out);
    }

    private static final java.lang.invoke.VarHandle LE_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** One 64-byte block: the 64 steps written out, the block's words in locals (as the JIT likes it). */
    private void transform(byte[] in, int off) {
        int x0 = (int) LE_INT.get(in, off + 0);
        int x1 = (int) LE_INT.get(in, off + 4);
        int x2 = (int) LE_INT.get(in, off + 8);
        int x3 = (int) LE_INT.get(in, off + 12);
        int x4 = (int) LE_INT.get(in, off + 16);
        int x5 = (int) LE_INT.get(in, off + 20);
        int x6 = (int) LE_INT.get(in, off + 24);
        int x7 = (int) LE_INT.get(in, off + 28);
        int x8 = (int) LE_INT.get(in, off + 32);
        int x9 = (int) LE_INT.get(in, off + 36);
        int x10 = (int) LE_INT.get(in, off + 40);
        int x11 = (int) LE_INT.get(in, off + 44);
        int x12 = (int) LE_INT.get(in, off + 48);
        int x13 = (int) LE_INT.get(in, off + 52);
        int x14 = (int) LE_INT.get(in, off + 56);
        int x15 = (int) LE_INT.get(in, off + 60);
        int a = this.a;
        int b = this.b;
        int c = this.c;
        int d = this.d;
        a = ff(a, b, c, d, x0, 7, 0xd76aa478);
        d = ff(d, a, b, c, x1, 12, 0xe8c7b756);
        c = ff(c, d, a, b, x2, 17, 0x242070db);
        b = ff(b, c, d, a, x3, 22, 0xc1bdceee);
        a = ff(a, b, c, d, x4, 7, 0xf57c0faf);
        d = ff(d, a, b, c, x5, 12, 0x4787c62a);
        c = ff(c, d, a, b, x6, 17, 0xa8304613);
        b = ff(b, c, d, a, x7, 22, 0xfd469501);
        a = ff(a, b, c, d, x8, 7, 0x698098d8);
        d = ff(d, a, b, c, x9, 12, 0x8b44f7af);
        c = ff(c, d, a, b, x10, 17, 0xffff5bb1);
        b = ff(b, c, d, a, x11, 22, 0x895cd7be);
        a = ff(a, b, c, d, x12, 7, 0x6b901122);
        d = ff(d, a, b, c, x13, 12, 0xfd987193);
        c = ff(c, d, a, b, x14, 17, 0xa679438e);
        b = ff(b, c, d, a, x15, 22, 0x49b40821);
        a = gg(a, b, c, d, x1, 5, 0xf61e2562);
        d = gg(d, a, b, c, x6, 9, 0xc040b340);
        c = gg(c, d, a, b, x11, 14, 0x265e5a51);
        b = gg(b, c, d, a, x0, 20, 0xe9b6c7aa);
        a = gg(a, b, c, d, x5, 5, 0xd62f105d);
        d = gg(d, a, b, c, x10, 9, 0x02441453);
        c = gg(c, d, a, b, x15, 14, 0xd8a1e681);
        b = gg(b, c, d, a, x4, 20, 0xe7d3fbc8);
        a = gg(a, b, c, d, x9, 5, 0x21e1cde6);
        d = gg(d, a, b, c, x14, 9, 0xc33707d6);
        c = gg(c, d, a, b, x3, 14, 0xf4d50d87);
        b = gg(b, c, d, a, x8, 20, 0x455a14ed);
        a = gg(a, b, c, d, x13, 5, 0xa9e3e905);
        d = gg(d, a, b, c, x2, 9, 0xfcefa3f8);
        c = gg(c, d, a, b, x7, 14, 0x676f02d9);
        b = gg(b, c, d, a, x12, 20, 0x8d2a4c8a);
        a = hh(a, b, c, d, x5, 4, 0xfffa3942);
        d = hh(d, a, b, c, x8, 11, 0x8771f681);
        c = hh(c, d, a, b, x11, 16, 0x6d9d6122);
        b = hh(b, c, d, a, x14, 23, 0xfde5380c);
        a = hh(a, b, c, d, x1, 4, 0xa4beea44);
        d = hh(d, a, b, c, x4, 11, 0x4bdecfa9);
        c = hh(c, d, a, b, x7, 16, 0xf6bb4b60);
        b = hh(b, c, d, a, x10, 23, 0xbebfbc70);
        a = hh(a, b, c, d, x13, 4, 0x289b7ec6);
        d = hh(d, a, b, c, x0, 11, 0xeaa127fa);
        c = hh(c, d, a, b, x3, 16, 0xd4ef3085);
        b = hh(b, c, d, a, x6, 23, 0x04881d05);
        a = hh(a, b, c, d, x9, 4, 0xd9d4d039);
        d = hh(d, a, b, c, x12, 11, 0xe6db99e5);
        c = hh(c, d, a, b, x15, 16, 0x1fa27cf8);
        b = hh(b, c, d, a, x2, 23, 0xc4ac5665);
        a = ii(a, b, c, d, x0, 6, 0xf4292244);
        d = ii(d, a, b, c, x7, 10, 0x432aff97);
        c = ii(c, d, a, b, x14, 15, 0xab9423a7);
        b = ii(b, c, d, a, x5, 21, 0xfc93a039);
        a = ii(a, b, c, d, x12, 6, 0x655b59c3);
        d = ii(d, a, b, c, x3, 10, 0x8f0ccc92);
        c = ii(c, d, a, b, x10, 15, 0xffeff47d);
        b = ii(b, c, d, a, x1, 21, 0x85845dd1);
        a = ii(a, b, c, d, x8, 6, 0x6fa87e4f);
        d = ii(d, a, b, c, x15, 10, 0xfe2ce6e0);
        c = ii(c, d, a, b, x6, 15, 0xa3014314);
        b = ii(b, c, d, a, x13, 21, 0x4e0811a1);
        a = ii(a, b, c, d, x4, 6, 0xf7537e82);
        d = ii(d, a, b, c, x11, 10, 0xbd3af235);
        c = ii(c, d, a, b, x2, 15, 0x2ad7d2bb);
        b = ii(b, c, d, a, x9, 21, 0xeb86d391);
        this.a += a;
        this.b += b;
        this.c += c;
        this.d += d;
    }

    private static int ff(int a, int b, int c, int d, int x, int s, int k) {
        return b + Integer.rotateLeft((a + x + k) + (d ^ (b & (c ^ d))), s);
    }

    private static int gg(int a, int b, int c, int d, int x, int s, int k) {
        return b + Integer.rotateLeft((a + x + k + (c & ~d)) + (b & d), s);
    }

    private static int hh(int a, int b, int c, int d, int x, int s, int k) {
        return b + Integer.rotateLeft((a + x + k) + (b ^ (c ^ d)), s);
    }

    private static int ii(int a, int b, int c, int d, int x, int s, int k) {
        return b + Integer.rotateLeft((a + x + k) + (c ^ (b | ~d)), s);
    }
}
