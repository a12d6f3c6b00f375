package dev.drivelink.core.sync.engine;

import dev.drivelink.core.drive.DriveSession;
import java.io.IOException;
import java.io.InputStream;

/**
 * A Drive file's content as one stream of {@code size} bytes, read straight through (nothing held but
 * the caller's buffer): when the connection drops, it asks Drive again from the byte it stopped at
 * ({@code Range}), a few times, so a long download never starts over.
 */
final class RangedDownload extends InputStream {

    static final int MAX_RESUMES = 5;

    private final DriveSession drive;
    private final String fileId;
    private final long size;
    private InputStream current;
    private long offset;
    private int resumes;

    RangedDownload(DriveSession drive, String fileId, long size) {
        this.drive = drive;
        this.fileId = fileId;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (offset >= size) {
            return -1;
        }
        while (true) {
            try {
                if (current == null) {
                    current = drive.files().download(fileId, offset);
                }
                int n = current.read(b, off, (int) Math.min(len, size - offset));
                if (n < 0) {
                    throw new IOException("Drive ended the content of " + fileId + " at byte " + offset + " of " + size);
                }
                offset += n;
                return n;
            } catch (IOException e) {
                closeCurrent();
                if (++resumes > MAX_RESUMES) {
                    throw e;
                }
            }
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the connection is gone anyway
            }
            current = null;
        }
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
