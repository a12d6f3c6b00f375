package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OAuthFlowServiceQueryTest {

    @Test
    void appendsParametersWhereverTheUrlAlreadyIs() {
        assertThat(OAuthFlowService.withQuery("https://a.example/p", "error", "access_denied"))
                .isEqualTo("https://a.example/p?error=access_denied");
        assertThat(OAuthFlowService.withQuery("https://a.example/p?x=1", "connectionId", "dc_1"))
                .isEqualTo("https://a.example/p?x=1&connectionId=dc_1");
        assertThat(OAuthFlowService.withQuery("https://a.example/p?x=1#tab", "error", "a b"))
                .isEqualTo("https://a.example/p?x=1&error=a+b#tab");
        assertThat(OAuthFlowService.withQuery("https://a.example/?", "error", "e"))
                .isEqualTo("https://a.example/?error=e");
    }
}
