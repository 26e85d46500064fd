package routes.livedata.schwab.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Schwab's {@code GET /marketdata/v1/pricehistory} for the fake, written from the reference
 * (shared/reference/schwab-pricehistory.md §1), over the fake's real HTTP server:
 * <ul>
 *   <li>a Bearer access token the fake issued, else 401 in Schwab's {@code errors[]} shape (§1.4);</li>
 *   <li>the documented parameter rules (§1.2): {@code symbol} required; {@code periodType} day/month/year/ytd;
 *       for day, {@code period} 1,2,3,4,5,10 and {@code frequencyType} minute; minute {@code frequency}
 *       1,5,10,15,30, with Schwab's 400 message; the fake serves frequency 1;</li>
 *   <li>{@code endDate} omitted: the previous business day's close, so no candle of today (§1.2); {@code startDate}
 *       omitted: {@code period} business days before it;</li>
 *   <li>the window widened to whole New York days, as users observe (§1.5 "Time bounds are not applied exactly");</li>
 *   <li>{@code needExtendedHoursData=true}: candles 07:00-20:00 ET, else 09:30-16:00 ET (§1.3);</li>
 *   <li>{@code datetime} the epoch ms of the minute's start; minutes without trades have no candle (§4.2 #5);</li>
 *   <li>a symbol it has no history of: 200 with no candles and {@code empty: true} (§1.3); one marked
 *       not found: 404 (§1.4);</li>
 *   <li>more than {@link #limitPerMinute} calls in a rolling minute: 429 (§1.6; no body shape is documented, no
 *       Retry-After unless a test asks for one); injected 5xx answers.</li>
 * </ul>
 * Candles come from the trades a test reports ({@link #trade}), or are set whole ({@link #candle}).
 */
public final class FakePriceHistory {

    public static final String PATH = "/marketdata/v1/pricehistory";
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final ObjectMapper json = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final Predicate<String> validToken;
    /** Per Schwab symbol: minute start (epoch ms) -> {open, high, low, close, volume}. */
    private final Map<String, NavigableMap<Long, Object[]>> candles = new ConcurrentHashMap<>();
    private final Set<String> notFound = ConcurrentHashMap.newKeySet();
    private final Deque<Long> calls = new ArrayDeque<>();
    private final Deque<Integer> injected = new ArrayDeque<>();
    private final List<Map<String, String>> requests = new ArrayList<>();
    private volatile int limitPerMinute = 120;
    private volatile Long retryAfterSeconds;
    /** The extended-hours window served, New York time (reference §1.3: 07:00-20:00 ET). */
    private volatile LocalTime extendedFrom = LocalTime.of(7, 0);
    private volatile LocalTime extendedTo = LocalTime.of(20, 0);
    public final AtomicInteger throttled = new AtomicInteger();

    public FakePriceHistory(Predicate<String> validToken) {
        this.validToken = validToken;
    }

    public synchronized void reset() {
        candles.clear();
        notFound.clear();
        calls.clear();
        injected.clear();
        requests.clear();
        limitPerMinute = 120;
        retryAfterSeconds = null;
        extendedFrom = LocalTime.of(7, 0);
        extendedTo = LocalTime.of(20, 0);
        throttled.set(0);
    }

    /** A trade Schwab saw: its minute's candle opens with the earliest trade and closes with the latest. */
    public synchronized void trade(String symbol, Instant at, BigDecimal price, long size) {
        long t = at.toEpochMilli();
        long minute = Math.floorDiv(t, 60_000L) * 60_000L;
        Object[] c = candles.computeIfAbsent(symbol, k -> new TreeMap<>()).get(minute);
        if (c == null) {
            candles.get(symbol).put(minute, new Object[]{price, price, price, price, size, t, t});
            return;
        }
        if (price.compareTo((BigDecimal) c[1]) > 0) {
            c[1] = price;
        }
        if (price.compareTo((BigDecimal) c[2]) < 0) {
            c[2] = price;
        }
        if (t < (Long) c[5]) {
            c[0] = price;
            c[5] = t;
        }
        if (t >= (Long) c[6]) {
            c[3] = price;
            c[6] = t;
        }
        c[4] = (Long) c[4] + size;
    }

    /** A whole candle for a minute (replacing any). */
    public synchronized void candle(String symbol, Instant minute, String open, String high, String low, String close,
                                    long volume) {
        candles.computeIfAbsent(symbol, k -> new TreeMap<>()).put(minute.toEpochMilli(),
                new Object[]{new BigDecimal(open), new BigDecimal(high), new BigDecimal(low), new BigDecimal(close), volume,
                        minute.toEpochMilli(), minute.toEpochMilli()});
    }

    /** Schwab answers 404 for this symbol (an invalid or unknown one, reference §1.4). */
    public void notFound(String symbol) {
        notFound.add(symbol);
    }

    /** The documented budget is 120 a minute; a test lowers it to reach the 429. */
    public synchronized void limitPerMinute(int n) {
        limitPerMinute = n;
        calls.clear();
    }

    /**
     * Serves extended-hours candles from {@code from} to {@code to} New York time (to null: midnight) instead of
     * Schwab's 07:00-20:00: for a test that runs in real time at any hour of the day.
     */
    public void extendedHours(LocalTime from, LocalTime to) {
        extendedFrom = from;
        extendedTo = to;
    }

    public void retryAfter(Long seconds) {
        retryAfterSeconds = seconds;
    }

    /** The next answers are these statuses (500, 502, 503...), whatever was asked. */
    public synchronized void failNext(int... statuses) {
        for (int s : statuses) {
            injected.addLast(s);
        }
    }

    /** Every request's query parameters, in order (the 401s, 429s and injected failures included). */
    public synchronized List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    public synchronized long requestsFor(String symbol) {
        return requests.stream().filter(r -> symbol.equals(r.get("symbol"))).count();
    }

    synchronized void handle(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        requests.add(q);
        if (!"GET".equals(x.getRequestMethod())) {
            reply(x, 405, error(405, "Method Not Allowed", null));
            return;
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validToken.test(auth.substring(7))) {
            reply(x, 401, "{\"errors\":[{\"id\":\"" + UUID.randomUUID() + "\",\"status\":401,\"title\":\"Unauthorized\","
                    + "\"detail\":\"Client not authorized\"}]}");
            return;
        }
        long now = System.currentTimeMillis();
        while (!calls.isEmpty() && calls.peekFirst() <= now - 60_000) {
            calls.pollFirst();
        }
        if (calls.size() >= limitPerMinute) {
            throttled.incrementAndGet();
            if (retryAfterSeconds != null) {
                x.getResponseHeaders().add("Retry-After", retryAfterSeconds.toString());
            }
            reply(x, 429, "");
            return;
        }
        calls.addLast(now);
        if (!injected.isEmpty()) {
            int s = injected.pollFirst();
            reply(x, s, error(s, s == 500 ? "Internal Server Error" : "Service Unavailable", null));
            return;
        }
        String bad = invalid(q);
        if (bad != null) {
            reply(x, 400, error(400, "Bad Request", bad));
            return;
        }
        String symbol = q.get("symbol");
        if (notFound.contains(symbol)) {
            reply(x, 404, "{\"errors\":[{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"404\",\"title\":\"Not Found\"}]}");
            return;
        }
        reply(x, 200, answer(symbol, q, now));
    }

    /** Schwab's parameter rules (reference §1.2), with its wording where it is known. */
    private static String invalid(Map<String, String> q) {
        if (q.get("symbol") == null || q.get("symbol").isBlank()) {
            return "symbol is required";
        }
        String periodType = q.getOrDefault("periodType", "day");
        if (!List.of("day", "month", "year", "ytd").contains(periodType)) {
            return "valid periodType values are: [day, month, year, ytd]";
        }
        if (!periodType.equals("day")) {
            return "the fake serves periodType=day only";
        }
        if (q.containsKey("period") && !List.of("1", "2", "3", "4", "5", "10").contains(q.get("period"))) {
            return "When periodType=day valid values for period are: [1, 2, 3, 4, 5, 10]";
        }
        if (!q.getOrDefault("frequencyType", "minute").equals("minute")) {
            return "When periodType=day valid values for frequencyType are: [minute]";
        }
        String frequency = q.getOrDefault("frequency", "1");
        if (!List.of("1", "5", "10", "15", "30").contains(frequency)) {
            return "When frequencyType=minute valid values for frequency are: [1, 5, 10, 15, 30]";
        }
        if (!frequency.equals("1")) {
            return "the fake serves frequency=1 only";
        }
        for (String d : List.of("startDate", "endDate")) {
            if (q.containsKey(d) && !q.get(d).matches("\\d{1,15}")) {
                return d + " must be milliseconds since the epoch";
            }
        }
        return null;
    }

    private String answer(String symbol, Map<String, String> q, long nowMs) {
        LocalDate endDay;
        if (q.containsKey("endDate")) {
            endDay = Instant.ofEpochMilli(Long.parseLong(q.get("endDate"))).atZone(NEW_YORK).toLocalDate();
        } else {
            endDay = previousBusinessDay(Instant.ofEpochMilli(nowMs).atZone(NEW_YORK).toLocalDate());
        }
        LocalDate startDay;
        if (q.containsKey("startDate")) {
            startDay = Instant.ofEpochMilli(Long.parseLong(q.get("startDate"))).atZone(NEW_YORK).toLocalDate();
        } else {
            startDay = endDay;
            for (int i = 1; i < Integer.parseInt(q.getOrDefault("period", "10")); i++) {
                startDay = previousBusinessDay(startDay);
            }
        }
        boolean extended = Boolean.parseBoolean(q.getOrDefault("needExtendedHoursData", "true"));
        ObjectNode o = json.createObjectNode();
        o.put("symbol", symbol);
        ArrayNode list = json.createArrayNode();
        NavigableMap<Long, Object[]> all = candles.getOrDefault(symbol, new TreeMap<>());
        for (LocalDate d = startDay; !d.isAfter(endDay); d = d.plusDays(1)) {
            long from = ZonedDateTime.of(d, extended ? extendedFrom : LocalTime.of(9, 30), NEW_YORK).toInstant().toEpochMilli();
            long to = (extended && extendedTo == null ? ZonedDateTime.of(d.plusDays(1), LocalTime.MIDNIGHT, NEW_YORK)
                    : ZonedDateTime.of(d, extended ? extendedTo : LocalTime.of(16, 0), NEW_YORK)).toInstant().toEpochMilli();
            for (Map.Entry<Long, Object[]> e : all.subMap(from, true, to, false).entrySet()) {
                Object[] c = e.getValue();
                ObjectNode n = list.addObject();
                n.put("open", (BigDecimal) c[0]);
                n.put("high", (BigDecimal) c[1]);
                n.put("low", (BigDecimal) c[2]);
                n.put("close", (BigDecimal) c[3]);
                n.put("volume", (Long) c[4]);
                n.put("datetime", e.getKey());
            }
        }
        o.put("empty", list.isEmpty());
        if (Boolean.parseBoolean(q.getOrDefault("needPreviousClose", "false"))) {
            o.put("previousClose", new BigDecimal("0"));
            o.put("previousCloseDate", startDay.minusDays(1).atStartOfDay(ZoneId.of("America/Chicago")).toInstant().toEpochMilli());
        }
        o.set("candles", list);
        return o.toString();
    }

    private static LocalDate previousBusinessDay(LocalDate d) {
        LocalDate p = d.minusDays(1);
        while (p.getDayOfWeek() == DayOfWeek.SATURDAY || p.getDayOfWeek() == DayOfWeek.SUNDAY) {
            p = p.minusDays(1);
        }
        return p;
    }

    private String error(int status, String title, String detail) {
        ObjectNode e = json.createObjectNode();
        ObjectNode one = e.putArray("errors").addObject();
        one.put("id", UUID.randomUUID().toString());
        one.put("status", Integer.toString(status));
        one.put("title", title);
        if (detail != null) {
            one.put("detail", detail);
        }
        return e.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            x.getResponseBody().write(b);
        }
        x.close();
    }
}
