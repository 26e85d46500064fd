package routes.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import routes.config.ThorProperties;
import routes.support.TestProperties;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.MarketBoard;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketStatus;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The market endpoints of CONTRACT §7 on the built-in catalog, at a fixed instant (Tokyo's lunch break). */
class MarketsApiTest {

    private MockMvc mvc;
    private GlobalMarkets markets;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T03:00:00Z"), ZoneOffset.UTC);
        markets = new GlobalMarkets(TestProperties.thor().markets(), new DefaultResourceLoader(), clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        // the board's Redis is only used by refresh(), which these endpoints never call
        MarketBoard board = new MarketBoard(markets, null, clock);
        mvc = MockMvcBuilders.standaloneSetup(new MarketsApi(markets, board, clock)).build();
    }

    @Test
    void listKeepsItsShape() throws Exception {
        mvc.perform(get("/api/markets")).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(19)))
                .andExpect(jsonPath("$[0].id").value("USA"))
                .andExpect(jsonPath("$[0].status").value("CLOSED"))
                .andExpect(jsonPath("$[0].nextOpen").value("2026-03-02T14:30:00Z"))
                .andExpect(jsonPath("$[0].validityWarning").doesNotExist());
    }

    @Test
    void listShowsEveryMarketOfTheCatalogInItsOrder() throws Exception {
        String body = mvc.perform(get("/api/markets")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        List<String> listed = new java.util.ArrayList<>();
        new ObjectMapper().readTree(body).forEach(m -> listed.add(m.get("id").asText()));
        assertThat(listed).containsExactlyElementsOf(markets.markets().stream().map(Market::id).toList());
    }

    @Test
    void detailShowsStateHoursAndNextTransitions() throws Exception {
        mvc.perform(get("/api/markets/JAPAN")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("BREAK"))
                .andExpect(jsonPath("$.since").value("2026-03-02T02:30:00Z"))
                .andExpect(jsonPath("$.tradeDate").value("2026-03-02"))
                .andExpect(jsonPath("$.hours[1].close").value("15:30"))
                .andExpect(jsonPath("$.validityWarning").doesNotExist())
                .andExpect(jsonPath("$.nextTransitions[0].at").value("2026-03-02T03:30:00Z"))
                .andExpect(jsonPath("$.nextTransitions[0].event").value("MARKET_OPENED"))
                .andExpect(jsonPath("$.nextTransitions[1].event").value("MARKET_CLOSED"))
                .andExpect(jsonPath("$.nextTransitions[1].sessionDate").value("2026-03-02"));
        mvc.perform(get("/api/markets/NOPE")).andExpect(status().isNotFound());
    }

    @Test
    void aProjectedCalendarKeepsTheMarketOpenAndSaysSo() throws Exception {
        // Tuesday 2027-01-05 10:00 in Shanghai: the SSE's 2027 list is not published, its calendar is projected
        Clock later = Clock.fixed(Instant.parse("2027-01-05T02:00:00Z"), ZoneOffset.UTC);
        GlobalMarkets markets = new GlobalMarkets(TestProperties.thor().markets(), new DefaultResourceLoader(), later, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        MockMvc mvc2 = MockMvcBuilders.standaloneSetup(
                new MarketsApi(markets, new MarketBoard(markets, null, later), later)).build();
        mvc2.perform(get("/api/markets/CHINA")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.publishedTo").value("2026-12-31"))
                .andExpect(jsonPath("$.projectedFrom").value("2027-01-01"))
                .andExpect(jsonPath("$.publishedDaysLeft").value(-5))
                .andExpect(jsonPath("$.answersThrough").value("2029-12-31"))
                .andExpect(jsonPath("$.validityWarning", startsWith("calendar of CHINA is projected since 2027-01-01")));
        mvc2.perform(get("/api/markets/CHINA/sessions").param("from", "2027-01-05").param("to", "2027-01-05"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].open").value("2027-01-05T01:30:00Z"))
                .andExpect(jsonPath("$[0].provisional").value(true));
        mvc2.perform(get("/api/markets/JAPAN")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.projectedFrom").value("2028-01-01"))
                .andExpect(jsonPath("$.validityWarning").doesNotExist());
        mvc2.perform(get("/api/markets/USA")).andExpect(status().isOk())
                .andExpect(jsonPath("$.validityWarning").doesNotExist())
                .andExpect(jsonPath("$.nextOpen").value("2027-01-05T14:30:00Z"));
        // the list and market:{id} name the first projected day too
        mvc2.perform(get("/api/markets")).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == 'CHINA')].projectedFrom").value("2027-01-01"));
        Market china = markets.market("CHINA").orElseThrow();
        assertThat(new MarketBoard(markets, null, later).view(china, later.instant())).containsEntry("projected_from", "2027-01-01");
    }

    @Test
    void theWarningComesSixtyDaysBeforeThePublishedListsEnd() {
        Market japan = markets.market("JAPAN").orElseThrow();
        assertThat(markets.validityWarning(japan, Instant.parse("2027-11-01T00:00:00Z"))).isEmpty();
        assertThat(markets.validityWarning(japan, Instant.parse("2027-11-02T00:00:00Z")))
                .hasValueSatisfying(w -> assertThat(w).startsWith("published calendar of JAPAN ends on 2027-12-31 (59 days left)"));
        assertThat(markets.publishedDaysLeft(japan, Instant.parse("2026-03-02T03:00:00Z"))).isEqualTo(669.0);
        // a market without dated lists never runs out
        Market demo = new GlobalMarkets(demoProps().markets(), new DefaultResourceLoader(),
                Clock.fixed(Instant.parse("2026-03-02T03:00:00Z"), ZoneOffset.UTC),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).market("DEMO_24X7").orElseThrow();
        assertThat(markets.publishedDaysLeft(demo, Instant.parse("2026-03-02T03:00:00Z"))).isInfinite();
    }

    @Test
    void theHealthComponentListsEachMarketsPublishedEnd() {
        Clock later = Clock.fixed(Instant.parse("2027-01-05T02:00:00Z"), ZoneOffset.UTC);
        GlobalMarkets markets = new GlobalMarkets(TestProperties.thor().markets(), new DefaultResourceLoader(), later,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        org.springframework.boot.actuate.health.Health h =
                new routes.globalmarkets.MarketCalendarHealthIndicator(markets, later).health();
        assertThat(h.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> china = (java.util.Map<String, Object>) h.getDetails().get("CHINA");
        assertThat(china).containsEntry("publishedTo", "2026-12-31").containsEntry("projectedFrom", "2027-01-01")
                .containsEntry("publishedDaysLeft", -5L);
        assertThat((String) china.get("warning")).startsWith("calendar of CHINA is projected since 2027-01-01");
        assertThat(h.getDetails()).hasSize(19);
    }

    @Test
    void thePublishedDaysLeftAreAGaugePerMarket() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new GlobalMarkets(TestProperties.thor().markets(), new DefaultResourceLoader(),
                Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC), meters);
        // 2026-11-30 to 2026-12-31 in Shanghai; to 2027-12-31 in Tokyo
        assertThat(meters.get("thor.market.calendar.published.days.left").tag("market", "CHINA").gauge().value()).isEqualTo(31.0);
        assertThat(meters.get("thor.market.calendar.published.days.left").tag("market", "JAPAN").gauge().value()).isEqualTo(396.0);
        assertThat(meters.get("thor.market.calendar.published.days.left").gauges()).hasSize(19);
    }

    @Test
    void beyondEvenTheProjectionAMarketKeepsItsRegularWeeklyHours() {
        // loaded on 2026-03-02: Tokyo is computed through 2028; Monday 2029-06-04 10:00 Tokyo is past that
        Market japan = markets.market("JAPAN").orElseThrow();
        assertThat(markets.stateAt(japan, Instant.parse("2029-06-04T01:00:00Z")).status()).isEqualTo(MarketStatus.OPEN);
        assertThat(markets.stateAt(japan, Instant.parse("2029-06-04T03:00:00Z")).status()).isEqualTo(MarketStatus.BREAK);
        assertThat(markets.stateAt(japan, Instant.parse("2029-06-09T03:00:00Z")).status()).isEqualTo(MarketStatus.CLOSED);
        assertThat(markets.validityProblems()).containsOnlyKeys("JAPAN");
    }

    private static ThorProperties demoProps() {
        return TestProperties.thor("thor.markets.location=classpath:markets/demo-24x7.yaml");
    }

    @Test
    void holidaysOfAYear() throws Exception {
        mvc.perform(get("/api/markets/USA/holidays").param("year", "2026")).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(12)))
                .andExpect(jsonPath("$[0].date").value("2026-01-01"))
                .andExpect(jsonPath("$[0].kind").value("CLOSED"))
                .andExpect(jsonPath("$[0].provisional").value(false))
                .andExpect(jsonPath("$[10].kind").value("EARLY_CLOSE"))
                .andExpect(jsonPath("$[10].time").value("13:00"));
        // projected: Tokyo's 2028 starts with the Coming of Age Day (the exchange's Jan 1-3 come first)
        mvc.perform(get("/api/markets/JAPAN/holidays").param("year", "2028")).andExpect(status().isOk())
                .andExpect(jsonPath("$[3].date").value("2028-01-10"))
                .andExpect(jsonPath("$[3].provisional").value(true));
        mvc.perform(get("/api/markets/JAPAN/holidays").param("year", "2029"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error", startsWith("market JAPAN: 2029-01-01 is outside")));
    }

    @Test
    void sessionsKeepTheContractShapeAndRefuseRangesBeyondTheProjection() throws Exception {
        mvc.perform(get("/api/markets/JAPAN/sessions").param("from", "2026-03-02").param("to", "2026-03-02"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].date").value("2026-03-02"))
                .andExpect(jsonPath("$[0].open").value("2026-03-02T00:00:00Z"))
                .andExpect(jsonPath("$[0].close").value("2026-03-02T06:30:00Z"))
                .andExpect(jsonPath("$[0].breaks[0].start").value("2026-03-02T02:30:00Z"))
                .andExpect(jsonPath("$[0].provisional").value(false));
        // every built-in market answers for 2027 and 2028; 2028 is projected everywhere but in New York
        for (Market m : markets.markets()) {
            mvc.perform(get("/api/markets/" + m.id() + "/sessions").param("from", "2027-01-01").param("to", "2028-12-31"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[-1:].date").value(org.hamcrest.Matchers.hasItem(startsWith("2028-12-"))));
        }
        mvc.perform(get("/api/markets/JAPAN/sessions").param("from", "2028-01-04").param("to", "2028-01-04"))
                .andExpect(jsonPath("$[0].provisional").value(true));
        mvc.perform(get("/api/markets/JAPAN/sessions").param("from", "2028-12-01").param("to", "2029-01-31"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error", startsWith("market JAPAN: 2029-01-31 is outside")));
    }
}
