package routes.backfill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;
import routes.livedata.schwab.SchwabProperties;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schwab's {@code GET {api-base-url}/marketdata/v1/pricehistory} for 1-minute candles (reference §1):
 * {@code periodType=day&frequencyType=minute&frequency=1}, explicit {@code startDate}/{@code endDate} in
 * epoch ms (without endDate Schwab stops at yesterday's close), {@code needExtendedHoursData=true} sent
 * explicitly (its default is undocumented; the 07:00-20:00 ET candles serve the extended-hours markets).
 * Schwab widens the window to whole days: the caller trims. A 401 gets one forced token refresh.
 */
@Component
public class PriceHistoryClient {

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final SchwabAccess access;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public PriceHistoryClient(LiveDataProperties props, SchwabAccess access) {
        SchwabProperties schwab = props.schwab();
        this.baseUrl = schwab.apiBaseUrl().replaceAll("/+$", "");
        this.timeout = schwab.httpTimeout();
        this.access = access;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Candles of {@code [start, end]} (Schwab's own bounds, widened to whole days by Schwab). */
    public PriceHistoryAnswer minutes(String schwabSymbol, Instant start, Instant end) {
        return get("symbol=" + enc(schwabSymbol) + "&periodType=day&frequencyType=minute&frequency=1&startDate="
                + start.toEpochMilli() + "&endDate=" + end.toEpochMilli()
                + "&needExtendedHoursData=true&needPreviousClose=false");
    }

    /**
     * The last ten business days of 1-minute candles, without dates: what tells a symbol Schwab does not
     * serve (nothing in two weeks) from a window in which it simply did not trade.
     */
    public PriceHistoryAnswer recentMinutes(String schwabSymbol) {
        return get("symbol=" + enc(schwabSymbol) + "&periodType=day&period=10&frequencyType=minute&frequency=1"
                + "&needExtendedHoursData=true&needPreviousClose=false");
    }

    private PriceHistoryAnswer get(String query) {
        try {
            Optional<String> token = access.accessToken();
            if (token.isEmpty()) {
                return new PriceHistoryAnswer(401, null, false, List.of(), null,
                        "no usable Schwab login: " + access.loginRequired());
            }
            HttpResponse<String> r = send(query, token.get());
            if (r.statusCode() == 401 && access.forceRefresh()) {
                Optional<String> fresh = access.accessToken();
                if (fresh.isPresent()) {
                    r = send(query, fresh.get());
                }
            }
            return answer(r);
        } catch (IOException e) {
            return new PriceHistoryAnswer(0, null, false, List.of(), null, "Schwab could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PriceHistoryAnswer(0, null, false, List.of(), null, "interrupted");
        }
    }

    private HttpResponse<String> send(String query, String token) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/marketdata/v1/pricehistory?" + query))
                .timeout(timeout).header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    PriceHistoryAnswer answer(HttpResponse<String> r) {
        int status = r.statusCode();
        if (status != 200) {
            Duration retryAfter = r.headers().firstValue("Retry-After").flatMap(PriceHistoryClient::seconds).orElse(null);
            return new PriceHistoryAnswer(status, null, false, List.of(), retryAfter,
                    "HTTP " + status + " " + errorOf(r.body()));
        }
        try {
            JsonNode n = json.readTree(r.body());
            List<Candle> candles = new ArrayList<>();
            for (JsonNode c : n.path("candles")) {
                candles.add(candle(c));
            }
            return new PriceHistoryAnswer(200, n.path("symbol").asText(null), n.path("empty").asBoolean(false),
                    candles, null, null);
        } catch (IOException | RuntimeException e) {
            return new PriceHistoryAnswer(502, null, false, List.of(), null,
                    "an unreadable price-history answer: " + e.getMessage());
        }
    }

    /** A candle without one of its six numbers is not a candle (it throws, and the whole answer is bad). */
    private static Candle candle(JsonNode c) {
        for (String f : List.of("open", "high", "low", "close", "volume", "datetime")) {
            if (!c.path(f).isNumber()) {
                throw new IllegalArgumentException("a candle without a numeric '" + f + "'");
            }
        }
        return new Candle(Instant.ofEpochMilli(c.get("datetime").asLong()), decimal(c.get("open")),
                decimal(c.get("high")), decimal(c.get("low")), decimal(c.get("close")), c.get("volume").asLong());
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isBigDecimal() ? n.decimalValue() : new BigDecimal(n.asText());
    }

    /** Schwab's {@code errors[0]} detail or title (status may be a string or a number: reference §1.4). */
    private String errorOf(String body) {
        try {
            JsonNode e = json.readTree(body).path("errors").path(0);
            String detail = e.path("detail").asText("");
            return detail.isEmpty() ? e.path("title").asText("") : detail;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Optional<Duration> seconds(String v) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
