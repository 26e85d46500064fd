package routes.livedata.schwab.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CHART_EQUITY and CHART_FUTURES data items as Schwab streams them, written from the reference
 * (shared/reference/schwab-pricehistory.md §3), not from the official CHART_EQUITY table, which is wrong:
 * <ul>
 *   <li>CHART_EQUITY: "key", "1" Sequence = minutes since 07:00 ET of the day, "2".."5" open, high, low,
 *       close, "6" volume (per minute, a double on the wire: 26.0), "7" Chart Time = epoch ms of the minute's
 *       start, "8" Chart Day = days since 1970-01-01 of the ET date, plus the message "seq";</li>
 *   <li>CHART_FUTURES: "key" with its '/', "1" Chart Time, "2".."5" OHLC, "6" volume (whole), "seq".</li>
 * </ul>
 * {@link #item} gives the data item ({@code service}, {@code timestamp}, {@code command}, {@code content});
 * {@link #frame} wraps it as the websocket frame {@code {"data":[item]}} for {@link FakeSchwab#sendRaw}.
 */
public final class FakeChartFrames {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final ObjectMapper json = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final AtomicLong seq = new AtomicLong();

    public ObjectNode equity(String key, Instant minute, String open, String high, String low, String close, double volume) {
        ZonedDateTime et = minute.atZone(NEW_YORK);
        LocalDate day = et.toLocalDate();
        long sequence = Duration.between(ZonedDateTime.of(day, LocalTime.of(7, 0), NEW_YORK), et).toMinutes();
        ObjectNode c = json.createObjectNode();
        c.put("seq", seq.getAndIncrement());
        c.put("key", key);
        c.put("1", sequence);
        c.put("2", new BigDecimal(open));
        c.put("3", new BigDecimal(high));
        c.put("4", new BigDecimal(low));
        c.put("5", new BigDecimal(close));
        c.put("6", volume);
        c.put("7", minute.toEpochMilli());
        c.put("8", day.toEpochDay());
        return item("CHART_EQUITY", c);
    }

    public ObjectNode futures(String key, Instant minute, String open, String high, String low, String close, long volume) {
        ObjectNode c = json.createObjectNode();
        c.put("1", minute.toEpochMilli());
        c.put("2", new BigDecimal(open));
        c.put("3", new BigDecimal(high));
        c.put("4", new BigDecimal(low));
        c.put("5", new BigDecimal(close));
        c.put("6", volume);
        c.put("seq", seq.getAndIncrement());
        c.put("key", key);
        return item("CHART_FUTURES", c);
    }

    private ObjectNode item(String service, ObjectNode content) {
        ObjectNode d = json.createObjectNode();
        d.put("service", service);
        d.put("timestamp", content.path(service.equals("CHART_EQUITY") ? "7" : "1").asLong() + 61_000);
        d.put("command", "SUBS");
        ArrayNode a = d.putArray("content");
        a.add(content);
        return d;
    }

    public String frame(ObjectNode item) {
        ObjectNode o = json.createObjectNode();
        o.putArray("data").add(item);
        return o.toString();
    }
}
