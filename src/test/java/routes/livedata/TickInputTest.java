package routes.livedata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import routes.support.Stores;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** direct:ticks' conversion, written to the real Redis through the real sink: what each body shape becomes. */
class TickInputTest {

    static final Instant RECEIVED = Instant.parse("2026-03-09T14:30:05.250Z");
    final StringRedisTemplate redis = Stores.redis();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TickInput input = new TickInput(new TickSink(redis, routes.support.TestProperties.thor().livedata(), new ObjectMapper(), meters),
            Clock.fixed(RECEIVED, ZoneOffset.UTC), new ObjectMapper(), meters);

    @AfterEach
    void cleanUp() {
        redis.delete(List.of("tick:TI-A", "tick:TI-B", "tick:TI-C", "tick:TI-D"));
    }

    @Test
    void aJsonArrayKeepsExactDecimalsAndTakesTheReceiveTimeAndRouteSourceByDefault() {
        int n = input.publish("[{\"symbol\":\"TI-A\",\"last\":6000.123456789012345678,\"volume\":12},"
                + " {\"symbol\":\"TI-B\",\"bid\":\"0.1\",\"ask\":0.30,\"ts\":1700000000000,\"source\":\"IBKR\"}]");
        assertThat(n).isEqualTo(2);
        assertThat(redis.<String, String>opsForHash().entries("tick:TI-A")).containsEntry("last", "6000.123456789012345678")
                .containsEntry("volume", "12").containsEntry("ts", Long.toString(RECEIVED.toEpochMilli()))
                .containsEntry("source", "ROUTE");
        assertThat(redis.<String, String>opsForHash().entries("tick:TI-B")).containsEntry("bid", "0.1")
                .containsEntry("ask", "0.30").containsEntry("ts", "1700000000000").containsEntry("source", "IBKR")
                .doesNotContainKey("last");
    }

    @Test
    void anArrayOfMapsAndJsonTextIsReadItemByItem() {
        Object[] body = {Map.of("symbol", "TI-C", "last", 12.5, "bid_size", "300"), "{\"symbol\":\"TI-D\",\"ask\":1}"};
        assertThat(input.publish((Object) body)).isEqualTo(2);
        assertThat(redis.<String, String>opsForHash().entries("tick:TI-C")).containsEntry("last", "12.5")
                .containsEntry("bid_size", "300");
        assertThat(redis.hasKey("tick:TI-D")).isTrue();
    }

    @Test
    void eachBadItemIsNamedAndCountedAndItsNeighboursStillGoOut() {
        List<Object> body = List.of(
                Map.of("last", "1"),                                  // no symbol
                "{\"symbol\":\"TI-A\",\"last\":\"2\"}",               // fine
                Map.of("symbol", "TI-X", "open", "3"),                // no trade or quote field
                Map.of("symbol", "TI-X", "price", "4"),               // a field Thor does not know
                "not json",
                Map.of("symbol", "TI-X", "volume", "-5"),             // a negative count
                Map.of("symbol", "TI-X", "bid_size", "1.5"),          // not whole
                Map.of("symbol", "TI-X", "last", "1", "ts", "yesterday"),
                42,
                Map.of("symbol", "TI-B", "ask", "2"));                // fine
        assertThatThrownBy(() -> input.publish(body)).isInstanceOfSatisfying(RejectedTicksException.class, e -> {
            assertThat(e.published()).isEqualTo(2);
            assertThat(e.reasons()).containsExactly(
                    "item 1: field 'symbol' is missing",
                    "item 3: TI-X: needs 'last' or a quote field (bid, ask, bid_size, ask_size, volume)",
                    "item 4: unknown field 'price' (fields: ask, ask_size, bid, bid_size, high, last, low, net_change, open, "
                            + "prev_close, source, symbol, ts, volume)",
                    e.reasons().get(3),
                    "item 6: TI-X: field 'volume' is negative: -5",
                    "item 7: TI-X: field 'bid_size' is not a whole number: 1.5",
                    "item 8: TI-X: field 'ts' is not epoch milliseconds: yesterday",
                    "item 9: a Integer is not a tick (send a Map or JSON text)");
            assertThat(e.reasons().get(3)).startsWith("item 5: not JSON text");
            assertThat(e.getMessage()).startsWith("8 ticks rejected by direct:ticks (2 published): item 1:").endsWith("and 3 more");
        });
        assertThat(redis.hasKey("tick:TI-A")).isTrue();
        assertThat(redis.hasKey("tick:TI-B")).isTrue();
        assertThat(redis.hasKey("tick:TI-X")).isFalse();
        assertThat(meters.find("thor.ticks.rejected").counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(8);
        assertThat(meters.find("thor.ticks.rejected").tag("reason", "bad-value").counter().count()).isEqualTo(3);
    }

    @Test
    void noBodyIsABadMessageNotACrash() {
        assertThatThrownBy(() -> input.publish((Object) null)).isInstanceOf(RejectedTicksException.class)
                .hasMessageContaining("the message has no body");
    }
}
