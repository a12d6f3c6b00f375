package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ResumableMd5Test {

    static String reference(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Property(tries = 300)
    void matchesTheJdkWhateverTheSplitsAndResumptions(@ForAll @Size(max = 5000) byte[] data,
                                                      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 5000) Integer> cuts)
            throws Exception {
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
    }

    @Property(tries = 50)
    void hexDoesNotDisturbTheRunningState(@ForAll @Size(max = 300) byte[] first, @ForAll @Size(max = 300) byte[] second)
            throws Exception {
        ResumableMd5 md5 = new ResumableMd5();
        md5.update(first, 0, first.length);
        md5.hex();
        md5.update(second, 0, second.length);
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertThat(md5.hex()).isEqualTo(reference(both));
    }
}
