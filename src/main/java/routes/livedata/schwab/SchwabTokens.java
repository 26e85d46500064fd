package routes.livedata.schwab;

import java.time.Instant;

/**
 * The Schwab login as the token file holds it (CONTRACT §2). The access token lives 30 minutes; the
 * refresh token 7 days from the browser login, and refreshing does not extend it.
 */
public record SchwabTokens(String accessToken, String refreshToken, String tokenType, long expiresIn,
                           Instant expiresAt, Instant refreshTokenIssuedAt) {

    /** A refreshed access token keeps the refresh token's original issue time. */
    SchwabTokens refreshed(String newAccessToken, String newRefreshToken, String type, long newExpiresIn,
                           Instant now) {
        return new SchwabTokens(newAccessToken, newRefreshToken == null ? refreshToken : newRefreshToken,
                type == null ? tokenType : type, newExpiresIn, now.plusSeconds(newExpiresIn), refreshTokenIssuedAt);
    }

    /** Token values never reach a log line, not even by accident. */
    @Override
    public String toString() {
        return "SchwabTokens[accessToken=***, refreshToken=***, tokenType=" + tokenType + ", expiresAt=" + expiresAt
                + ", refreshTokenIssuedAt=" + refreshTokenIssuedAt + "]";
    }
}
