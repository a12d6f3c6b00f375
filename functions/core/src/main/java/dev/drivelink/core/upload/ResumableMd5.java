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

    private static final int[] S = {
            7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
            5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
            4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    private static final int[] K = new int[64];

    static {
        for (int i = 0; i < 64; i++) {
            K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
        }
    }

    private int a = 0x67452301;
    private int b = 0xefcdab89;
    private int c = 0x98badcfe;
    private int d = 0x10325476;
    private long count;
    private final byte[] block = new byte[64];
    private final int[] words = new int[16];

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

    private void transform(byte[] in, int off) {
        int[] x = words;
        for (int i = 0; i < 16; i++) {
            x[i] = (int) LE_INT.get(in, off + i * 4);
        }
        int aa = a;
        int bb = b;
        int cc = c;
        int dd = d;
        int t;
        // four rounds of sixteen steps, without a branch per step
        for (int i = 0; i < 16; i++) {
            int f = (bb & cc) | (~bb & dd);
            t = dd;
            dd = cc;
            cc = bb;
            bb = bb + Integer.rotateLeft(aa + f + K[i] + x[i], S[i]);
            aa = t;
        }
        for (int i = 16; i < 32; i++) {
            int f = (dd & bb) | (~dd & cc);
            t = dd;
            dd = cc;
            cc = bb;
            bb = bb + Integer.rotateLeft(aa + f + K[i] + x[(5 * i + 1) & 15], S[i]);
            aa = t;
        }
        for (int i = 32; i < 48; i++) {
            int f = bb ^ cc ^ dd;
            t = dd;
            dd = cc;
            cc = bb;
            bb = bb + Integer.rotateLeft(aa + f + K[i] + x[(3 * i + 5) & 15], S[i]);
            aa = t;
        }
        for (int i = 48; i < 64; i++) {
            int f = cc ^ (bb | ~dd);
            t = dd;
            dd = cc;
            cc = bb;
            bb = bb + Integer.rotateLeft(aa + f + K[i] + x[(7 * i) & 15], S[i]);
            aa = t;
        }
        a += aa;
        b += bb;
        c += cc;
        d += dd;
    }
}
