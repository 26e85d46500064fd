package routes.livedata.schwab;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Keeps the Schwab login usable: refreshes the access token ahead of its end, warns before the 7-day
 * refresh token runs out, and once it is dead says "log in again" (once, clearly) instead of letting the
 * streamer hammer Schwab with a login that cannot work.
 */
@Component
public class SchwabLogin {

    private static final Logger log = LoggerFactory.getLogger(SchwabLogin.class);

    private final SchwabProperties config;
    private final TokenStore store;
    private final OAuthClient oauth;
    private final Clock clock;

    private SchwabTokens tokens;
    private boolean loaded;
    /** Why a person must log in again; null while the login works. */
    private volatile String loginRequired;
    private Instant warnedFor;

    public SchwabLogin(LiveDataProperties props, TokenStore store, OAuthClient oauth, Clock clock, MeterRegistry meters) {
        this.config = props.schwab();
        this.store = store;
        this.oauth = oauth;
        this.clock = clock;
        Gauge.builder("thor.schwab.token.expiry.seconds", this, l -> l.secondsLeft(false))
                .description("Seconds until the Schwab access token ends (negative: already ended)").register(meters);
        Gauge.builder("thor.schwab.refresh.token.expiry.seconds", this, l -> l.secondsLeft(true))
                .description("Seconds until the Schwab refresh token ends and a browser login is needed")
                .register(meters);
    }

    /**
     * An access token good for at least the refresh margin, refreshing first if needed; empty when a
     * person has to log in again ({@link #loginRequired()} says why).
     *
     * @throws IOException when Schwab could not be reached; worth a retry later
     */
    public synchronized Optional<String> accessToken() throws IOException {
        SchwabTokens t = current();
        if (t == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(t.expiresAt().minus(config.refreshMargin()))) {
            t = refresh(t);
        }
        return Optional.ofNullable(t).map(SchwabTokens::accessToken);
    }

    /** Schwab turned the access token down (LOGIN code 3, HTTP 401): get a new one now. */
    public synchronized boolean forceRefresh() throws IOException {
        SchwabTokens t = current();
        return t != null && refresh(t) != null;
    }

    /** Forget what was read: the next use reads the token file again (a streamer start). */
    public synchronized void reload() {
        loaded = false;
        tokens = null;
        loginRequired = null;
        warnedFor = null;
    }

    public String authorizeUrl() {
        return oauth.authorizeUrl();
    }

    /** The operator's browser landed on the callback: exchange its code and start over with a fresh login. */
    public synchronized void completeLogin(String redirectUrl) throws IOException, SchwabAuthException {
        SchwabTokens t = oauth.exchange(redirectUrl);
        store.write(t);
        tokens = t;
        loaded = true;
        loginRequired = null;
        warnedFor = null;
        log.info("Schwab login stored in {}; the refresh token lasts until {}", store.file(), refreshTokenEnd(t));
    }

    /** Why a browser login is needed, or null when the stored login works. */
    public String loginRequired() {
        return loginRequired;
    }

    public synchronized Optional<Instant> accessTokenExpiresAt() {
        return Optional.ofNullable(tokens).map(SchwabTokens::expiresAt);
    }

    public synchronized Optional<Instant> refreshTokenExpiresAt() {
        return Optional.ofNullable(tokens).map(this::refreshTokenEnd);
    }

    private SchwabTokens current() {
        if (loginRequired != null) {
            adoptNewerFile();
        }
        if (!loaded) {
            loaded = true;
            try {
                tokens = store.read().orElse(null);
                if (tokens == null) {
                    needLogin("there is no Schwab login yet (" + store.file() + " does not exist)");
                }
            } catch (IllegalStateException e) {
                needLogin(e.getMessage());
            }
        }
        if (tokens != null && loginRequired == null) {
            Instant end = refreshTokenEnd(tokens);
            Instant now = clock.instant();
            if (!now.isBefore(end)) {
                needLogin("the Schwab refresh token ended at " + end);
            } else if (!now.isBefore(end.minus(config.refreshTokenWarning())) && !end.equals(warnedFor)) {
                warnedFor = end;
                log.warn("The Schwab refresh token ends at {} ({} left): log in again through "
                        + "POST /api/livedata/schwab/login before then", end,
                        Duration.between(now, end).truncatedTo(ChronoUnit.MINUTES));
            }
        }
        return loginRequired == null ? tokens : null;
    }

    /** An operator may also drop a fresh token file in place (from another machine's login). */
    private void adoptNewerFile() {
        try {
            SchwabTokens onDisk = store.read().orElse(null);
            if (onDisk != null && (tokens == null || !onDisk.refreshToken().equals(tokens.refreshToken()))
                    && clock.instant().isBefore(refreshTokenEnd(onDisk))) {
                tokens = onDisk;
                loaded = true;
                loginRequired = null;
                log.info("A new Schwab login was found in {}", store.file());
            }
        } catch (IllegalStateException e) {
            // still unusable: the "log in again" state stands
        }
    }

    private SchwabTokens refresh(SchwabTokens t) throws IOException {
        try {
            SchwabTokens fresh = oauth.refresh(t);
            store.write(fresh);
            tokens = fresh;
            log.info("Schwab access token refreshed; it now lasts until {}", fresh.expiresAt());
            return fresh;
        } catch (SchwabAuthException e) {
            needLogin("Schwab no longer accepts the refresh token (" + e.getMessage() + ")");
            return null;
        }
    }

    private void needLogin(String why) {
        if (loginRequired == null) {
            log.error("Schwab streaming stopped: {}. Log in again: POST /api/livedata/schwab/login, open the "
                    + "authorizeUrl it returns, then POST the address the browser lands on to "
                    + "/api/livedata/schwab/login/complete", why);
        }
        loginRequired = "log in again: " + why;
    }

    private Instant refreshTokenEnd(SchwabTokens t) {
        return t.refreshTokenIssuedAt().plus(config.refreshTokenLifetime());
    }

    private double secondsLeft(boolean refreshToken) {
        SchwabTokens t = tokens;
        if (t == null) {
            return Double.NaN;
        }
        Instant end = refreshToken ? refreshTokenEnd(t) : t.expiresAt();
        return Duration.between(clock.instant(), end).toMillis() / 1000.0;
    }
}
