package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Schwab's OAuth2 authorization-code grant (reference A1.1): the authorize URL for the browser, the code
 * exchange and the access-token refresh, both with HTTP Basic app key:secret and a form body.
 */
@Component
public class OAuthClient {

    private final SchwabProperties config;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public OAuthClient(LiveDataProperties props, Clock clock) {
        this.config = props.schwab();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.httpTimeout()).build();
    }

    public String authorizeUrl() {
        return config.authorizeUrl() + "?client_id=" + enc(config.appKey()) + "&redirect_uri="
                + enc(config.callbackUrl());
    }

    /**
     * Exchanges the code in the URL the browser landed on after the Schwab login.
     *
     * @throws IllegalArgumentException when the URL carries no {@code code}
     */
    public SchwabTokens exchange(String redirectUrl) throws IOException, SchwabAuthException {
        String code = codeOf(redirectUrl);
        JsonNode t = post("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                + enc(config.callbackUrl()));
        Instant now = clock.instant();
        long expiresIn = t.path("expires_in").asLong(1800);
        return new SchwabTokens(required(t, "access_token"), required(t, "refresh_token"),
                t.path("token_type").asText("Bearer"), expiresIn, now.plusSeconds(expiresIn), now);
    }

    public SchwabTokens refresh(SchwabTokens current) throws IOException, SchwabAuthException {
        JsonNode t = post("grant_type=refresh_token&refresh_token=" + enc(current.refreshToken()));
        return current.refreshed(required(t, "access_token"), t.path("refresh_token").asText(null),
                t.path("token_type").asText(null), t.path("expires_in").asLong(1800), clock.instant());
    }

    /** The {@code code} query parameter, URL-decoded once (Schwab's codes arrive escaped, e.g. %40). */
    static String codeOf(String redirectUrl) {
        String query = redirectUrl == null ? null : URI.create(redirectUrl.trim()).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("code=") && pair.length() > 5) {
                    return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalArgumentException("the redirect URL has no 'code' parameter; paste the whole address "
                + "the browser shows after the Schwab login");
    }

    private JsonNode post(String form) throws IOException, SchwabAuthException {
        String basic = Base64.getEncoder().encodeToString(
                (config.appKey() + ":" + config.appSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.tokenUrl()))
                .timeout(config.httpTimeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the Schwab token endpoint");
        }
        if (r.statusCode() == 400 || r.statusCode() == 401 || r.statusCode() == 403) {
            throw new SchwabAuthException("Schwab token endpoint answered HTTP " + r.statusCode() + " "
                    + errorOf(r.body()));
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException("Schwab token endpoint answered HTTP " + r.statusCode());
        }
        return json.readTree(r.body());
    }

    /** Only Schwab's error code and description: the body of a token call is never logged whole. */
    private String errorOf(String body) {
        try {
            JsonNode n = json.readTree(body);
            return (n.path("error").asText("") + " " + n.path("error_description").asText("")).trim();
        } catch (IOException e) {
            return "(no JSON error)";
        }
    }

    private static String required(JsonNode t, String field) throws IOException {
        String v = t.path(field).asText("");
        if (v.isEmpty()) {
            throw new IOException("Schwab token response has no '" + field + "'");
        }
        return v;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
