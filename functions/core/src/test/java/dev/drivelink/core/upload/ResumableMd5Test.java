package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests (QuickTheories in a plain JUnit 5 class). A falsified property fails with the smallest
 * counter-example and {@code Seed was N}; replay that run with
 * {@code ./mvnw -B -ntp -pl functions/core -am verify -Dtest='ResumableMd5Test#method' -Dsurefire.failIfNoSpecifiedTests=false -DQT_SEED=N}.
 */
class ResumableMd5Test {

    static String reference(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static Gen<byte[]> bytes(int maxLength) {
        return Generate.byteArrays(integers().between(0, maxLength), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    @Test
    void matchesTheJdkWhateverTheSplitsAndResumptions() {
        qt().withExamples(300)
                .forAll(bytes(5000), lists().of(integers().between(0, 5000)).ofSizeBetween(0, 6))
                .checkAssert((data, cuts) -> {
                    ResumableMd5 md5 = new ResumableMd5();
                    int position = 0;
                    for (int cut : cuts.stream().sorted().toList()) {
                        int end = Math.min(cut, data.length);
                        if (end > position) {
                            md5.update(data, position, end - position);
                            position = end;
                        }
                        md5 = ResumableMd5.resume(md5.state());
                    }
                    md5.update(data, position, data.length - position);
                    assertThat(md5.hex()).isEqualTo(reference(data));
                    assertThat(md5.count()).isEqualTo(data.length);
                });
    }

    @Test
    void hexDoesNotDisturbTheRunningState() {
        qt().withExamples(100).forAll(bytes(300), bytes(300)).checkAssert((first, second) -> {
            ResumableMd5 md5 = new ResumableMd5();
            md5.update(first, 0, first.length);
            md5.hex();
            md5.update(second, 0, second.length);
            byte[] both = new byte[first.length + second.length];
            System.arraycopy(first, 0, both, 0, first.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            assertThat(md5.hex()).isEqualTo(reference(both));
        });
    }
}
