package routes.livedata.schwab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake's chart items against the messages the reference quotes verbatim (schwab-pricehistory.md §3.3): the
 * same bar must come out field for field (the message sequence {@code seq} aside, it is the fake's own counter).
 */
class FakeChartFramesTest {

    final FakeChartFrames frames = new FakeChartFrames();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void equityItemsAreTheReferenceMessages() throws Exception {
        // AMD, 2025-12-09 14:05 EST: sequence 425 (minutes since 07:00 ET), chart day 20431
        same(frames.equity("AMD", Instant.ofEpochMilli(1765307100000L), "221.133", "221.18", "221.02", "221.02", 11730),
                "{\"1\":425,\"2\":221.133,\"3\":221.18,\"4\":221.02,\"5\":221.02,\"6\":11730,\"7\":1765307100000,"
                        + "\"8\":20431,\"seq\":202,\"key\":\"AMD\"}", "CHART_EQUITY");
        // MSFT, 2024-05-16 19:59 EDT: sequence 779, chart day 19859, volume as a double
        same(frames.equity("MSFT", Instant.ofEpochMilli(1715903940000L), "421.65", "421.79", "421.65", "421.755", 26.0),
                "{\"seq\":0,\"key\":\"MSFT\",\"1\":779,\"2\":421.65,\"3\":421.79,\"4\":421.65,\"5\":421.755,\"6\":26.0,"
                        + "\"7\":1715903940000,\"8\":19859}", "CHART_EQUITY");
    }

    @Test
    void futuresItemsAreTheReferenceMessage() throws Exception {
        same(frames.futures("/ES", Instant.ofEpochMilli(1765307160000L), "6858.25", "6858.75", "6857.75", "6858.5", 897),
                "{\"1\":1765307160000,\"2\":6858.25,\"3\":6858.75,\"4\":6857.75,\"5\":6858.5,\"6\":897,\"seq\":2224,"
                        + "\"key\":\"/ES\"}", "CHART_FUTURES");
    }

    private void same(JsonNode entry, String referenceItem, String service) throws Exception {
        assertThat(entry.path("service").asText()).isEqualTo(service);
        assertThat(entry.path("content")).hasSize(1);
        JsonNode ours = entry.path("content").get(0);
        JsonNode theirs = json.readTree(referenceItem);
        List<String> names = new java.util.ArrayList<>();
        theirs.fieldNames().forEachRemaining(names::add);
        List<String> ourNames = new java.util.ArrayList<>();
        ours.fieldNames().forEachRemaining(ourNames::add);
        assertThat(ourNames).containsExactlyInAnyOrderElementsOf(names);
        for (String f : names) {
            if (f.equals("seq")) {
                assertThat(ours.get(f).isIntegralNumber()).isTrue();
                continue;
            }
            JsonNode a = ours.get(f);
            JsonNode b = theirs.get(f);
            if (b.isNumber()) {
                assertThat(a.isNumber()).as(f).isTrue();
                assertThat(a.decimalValue()).as(f).isEqualByComparingTo(b.decimalValue());
                if (!(f.equals("6") && service.equals("CHART_EQUITY"))) { // equity volume comes either way (26.0, 11730)
                    assertThat(a.isIntegralNumber()).as(f + " whole or not, as sent").isEqualTo(b.isIntegralNumber());
                }
            } else {
                assertThat(a).as(f).isEqualTo(b);
            }
        }
    }
}
