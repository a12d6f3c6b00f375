package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectPolicyTest {

    private final RedirectPolicy policy = new RedirectPolicy(List.of("https://app.example.com", "http://localhost:3000"));

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/settings/drive",
            "https://APP.example.com:443/x?y=1#z",
            "http://localhost:3000/",
            "https://app.example.com"})
    void allowsUrlsOnAllowedOrigins(String url) {
        assertThat(policy.requireAllowed(url)).isEqualTo(url);
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
            "not a url at all"})
    void refusesEverythingElse(String url) {
        assertThatThrownBy(() -> policy.requireAllowed(url))
                .isInstanceOfSatisfying(DomainException.class, p -> {
                    assertThat(p.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(p.code()).isEqualTo("redirect-not-allowed");
                });
    }
}
