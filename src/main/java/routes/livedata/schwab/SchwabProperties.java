package routes.livedata.schwab;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;
import routes.backfill.BackfillProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code thor.livedata.schwab.*}: the Schwab streamer (LEVELONE_EQUITIES, _FUTURES, _FUTURES_OPTIONS) and its
 * backfill; the defaults are Schwab's real endpoints.
 *
 * @param enabled              stream on the leader of {@code schwab}
 * @param apiBaseUrl           base of the Trader API; the user preference call is
 *                             {@code {base}/trader/v1/userPreference}
 * @param tokenUrl             the OAuth token endpoint
 * @param authorizeUrl         the OAuth authorize page the operator's browser is sent to
 * @param callbackUrl          the callback URL registered with the Schwab app, exactly (a trailing slash matters)
 * @param tokenFile            where the tokens live (JSON, owner-only); default {@code ~/.thor/schwab-token.json}
 * @param appKey               the app's key (environment SCHWAB_APP_KEY); never logged
 * @param appSecret            the app's secret (environment SCHWAB_APP_SECRET); never logged
 * @param equities             equity and index keys as Schwab spells them ({@code AAPL}, {@code $SPX})
 * @param futures              futures roots or contracts, with or without the leading slash ({@code ES},
 *                             {@code /ESZ25})
 * @param futuresOptions       futures options keys ({@code ./OZCZ23C565}; the leading {@code ./} is added when
 *                             missing)
 * @param refreshMargin        refresh the access token this long before it ends
 * @param tokenCheckInterval   how often the token's age is checked while streaming
 * @param refreshTokenLifetime how long a refresh token lives after the browser login (Schwab: 7 days, not extended
 *                             by refreshes)
 * @param refreshTokenWarning  warn this long before the refresh token ends
 * @param heartbeatTimeout     no frame at all (data, heartbeat, response) for this long: the link is dead, reconnect
 * @param commandTimeout       how long LOGIN, SUBS, ADD or UNSUBS may wait for its response before the link counts
 *                             as dead
 * @param httpTimeout          connect, token and preference calls give up after this long
 * @param backoffMin           first wait before a reconnect; doubled per failure up to backoff-max
 * @param backoffMax           the longest wait between reconnects
 * @param stableAfter          a connection that streamed this long was stable: the next reconnect starts again at
 *                             backoff-min
 * @param takeoverBackoff      wait after Schwab closed us because another connection on the same login took over
 *                             (code 12)
 * @param backfill             {@code thor.livedata.schwab.backfill.*}: filling missed minutes from price history
 */
public record SchwabProperties(
        @DefaultValue("false") boolean enabled,
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
        @DefaultValue("https://api.schwabapi.com") String apiBaseUrl,
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
        @DefaultValue("https://api.schwabapi.com/v1/oauth/token") String tokenUrl,
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
        @DefaultValue("https://api.schwabapi.com/v1/oauth/authorize") String authorizeUrl,
        @NotBlank @DefaultValue("https://127.0.0.1") String callbackUrl,
        @NotBlank String tokenFile,
        @NotNull @DefaultValue("") String appKey,
        @NotNull @DefaultValue("") String appSecret,
        @NotNull @DefaultValue List<String> equities,
        @NotNull @DefaultValue List<String> futures,
        @NotNull @DefaultValue List<String> futuresOptions,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("5m") Duration refreshMargin,
        @NotNull @DurationMin(millis = 100) @DefaultValue("30s") Duration tokenCheckInterval,
        @NotNull @DurationMin(minutes = 1) @DefaultValue("7d") Duration refreshTokenLifetime,
        @NotNull @DefaultValue("12h") Duration refreshTokenWarning,
        @NotNull @DurationMin(millis = 100) @DefaultValue("60s") Duration heartbeatTimeout,
        @NotNull @DurationMin(millis = 100) @DefaultValue("10s") Duration commandTimeout,
        @NotNull @DurationMin(millis = 100) @DefaultValue("15s") Duration httpTimeout,
        @NotNull @DurationMin(millis = 10) @DefaultValue("1s") Duration backoffMin,
        @NotNull @DurationMin(millis = 10) @DefaultValue("60s") Duration backoffMax,
        @NotNull @DurationMin(millis = 10) @DefaultValue("60s") Duration stableAfter,
        @NotNull @DurationMin(millis = 10) @DefaultValue("10m") Duration takeoverBackoff,
        @Valid @DefaultValue BackfillProperties backfill) {

    public SchwabProperties {
        if (tokenFile == null) {
            tokenFile = System.getProperty("user.home") + "/.thor/schwab-token.json";
        }
        equities = equities == null ? List.of() : List.copyOf(equities);
        futures = futures == null ? List.of() : List.copyOf(futures);
        futuresOptions = futuresOptions == null ? List.of() : List.copyOf(futuresOptions);
    }

    @AssertTrue(message = "thor.livedata.schwab.app-key and thor.livedata.schwab.app-secret are required "
            + "when thor.livedata.schwab.enabled=true (environment SCHWAB_APP_KEY / SCHWAB_APP_SECRET)")
    public boolean isCredentialsPresentWhenEnabled() {
        return !enabled || (appKey != null && !appKey.isBlank() && appSecret != null && !appSecret.isBlank());
    }

    @AssertTrue(message = "thor.livedata.schwab.backoff-max must not be shorter than backoff-min")
    public boolean isBackoffRangeValid() {
        return backoffMin == null || backoffMax == null || backoffMax.compareTo(backoffMin) >= 0;
    }

    /** Secrets stay out of logs and error pages. */
    @Override
    public String toString() {
        return "SchwabProperties[enabled=" + enabled + ", apiBaseUrl=" + apiBaseUrl + ", tokenFile=" + tokenFile
                + ", equities=" + equities + ", futures=" + futures + ", futuresOptions=" + futuresOptions + "]";
    }
}
