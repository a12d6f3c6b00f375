package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    static final java.time.Duration WAIT = java.time.Duration.ofSeconds(10);

    static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void theNextChunkIsReadWhileTheCurrentOneIsBeingSent() throws Exception {
        byte[] data = bytes(3 * 1024 + 100);
        CountDownLatch secondChunkRead = new CountDownLatch(1);
        ReadAhead.Opener opener = offset -> new ByteArrayInputStream(data, (int) offset, data.length - (int) offset) {
            private long read;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (read > 1024) {
                    secondChunkRead.countDown();
                }
                return n;
            }
        };
        try (ReadAhead chunks = new ReadAhead(opener, 0, 1024)) {
            ReadAhead.Chunk first = chunks.next(WAIT);
            // "sending" the first chunk: the second must be read meanwhile, without asking for it
            assertThat(secondChunkRead.await(5, TimeUnit.SECONDS)).as("chunk 2 read while chunk 1 is out").isTrue();
            assertThat(first.length()).isEqualTo(1024);
            assertThat(java.util.Arrays.copyOf(first.buffer(), 1024)).isEqualTo(java.util.Arrays.copyOf(data, 1024));
        }
    }

    @Test
    void chunksComeInOrderWithAShortLastOneAndARestartReadsFromTheGivenOffset() throws Exception {
        byte[] data = bytes(5 * 1000 + 7);
        List<Long> opened = new ArrayList<>();
        ReadAhead.Opener opener = offset -> {
            opened.add(offset);
            return new ByteArrayInputStream(data, (int) offset, data.length - (int) offset);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReadAhead chunks = new ReadAhead(opener, 0, 1000)) {
            ReadAhead.Chunk c = chunks.next(WAIT);
            out.write(c.buffer(), 0, c.length());
            c = chunks.next(WAIT);
            out.write(c.buffer(), 0, 600); // Drive took only part of chunk 2
            chunks.restartAt(1600);
            do {
                c = chunks.next(WAIT);
                out.write(c.buffer(), 0, c.length());
            } while (c.length() == 1000);
            assertThat(c.length()).isEqualTo((5 * 1000 + 7 - 1600) % 1000);
        }
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(opened).containsExactly(0L, 1600L);
    }

    @Test
    void aReadFailureSurfacesOnTheChunkThatNeededIt() {
        ReadAhead.Opener opener = offset -> new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("connection reset");
            }
        };
        try (ReadAhead chunks = new ReadAhead(opener, 0, 1024)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> chunks.next(WAIT)).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("connection reset");
        }
    }
}
