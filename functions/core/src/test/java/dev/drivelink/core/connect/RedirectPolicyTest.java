package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectPolicyTest {

    private final RedirectPolicy policy = new RedirectPolicy(List.of("https://app.example.com", "http://localhost:3000"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://app.example.com/settings/drive | https://app.example.com/settings/drive",
            "https://APP.example.com:443/x?y=1#z    | https://app.example.com/x?y=1#z",
            "HTTPS://app.example.com/a/./b/../c?q=%41 | https://app.example.com/a/c?q=%41",
            "http://localhost:3000/                 | http://localhost:3000/",
            "https://app.example.com                | https://app.example.com/"})
    void allowsUrlsOnAllowedOriginsInTheirNormalizedForm(String url, String stored) {
        assertThat(policy.requireAllowed(url)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example.com/",
            "https://app.example.com.evil.com/",
            "https://app.example.com@evil.com/",
            "https://user@app.example.com/",
            "http://app.example.com/",
            "https://app.example.com:8443/",
            "http://localhost:3001/",
            "//app.example.com/x",
            "/relative/path",
            "javascript:alert(1)",
            "data:text/html,hi",
            "not a url at all",
            "https://app.example.com\\@evil.com/",
            "https://app.example.com/\u0000x",
            "https://app.example.com/ x",
            "https://app.example.com%2eevil.com/"})
    void refusesEverythingElse(String url) {
        assertThatThrownBy(() -> policy.requireAllowed(url))
                .isInstanceOfSatisfying(DomainException.class, p -> {
                    assertThat(p.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(p.code()).isEqualTo("redirect-not-allowed");
                });
    }
}
