package dev.drivelink.core.token;

import dev.drivelink.core.connection.SealedTokens;
/**
 * Port: seals tokens for one connection. The seal is bound to the user and the connection, so a
 * sealed blob copied onto another connection cannot be opened there.
 */
public interface TokenSealer {

    SealedTokens seal(OAuthTokens tokens, String userId, String connectionId);

    /** @throws TokenSealException if the blob was not sealed for this user and connection, or cannot be opened */
    OAuthTokens open(SealedTokens sealed, String userId, String connectionId);

    final class TokenSealException extends RuntimeException {
        public TokenSealException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
