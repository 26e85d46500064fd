package routes.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import routes.config.ThorProperties;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.MarketBoard;
import routes.globalmarkets.calendar.Market;

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
        markets = new GlobalMarkets(new ThorProperties(), new DefaultResourceLoader(), clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
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
    void aMarketWhoseCalendarHasRunOutIsFlaggedAndClosedWithoutTakingOthersDown() throws Exception {
        Clock later = Clock.fixed(Instant.parse("2027-01-05T01:00:00Z"), ZoneOffset.UTC);
        GlobalMarkets markets = new GlobalMarkets(new ThorProperties(), new DefaultResourceLoader(), later, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        MockMvc mvc2 = MockMvcBuilders.standaloneSetup(
                new MarketsApi(markets, new MarketBoard(markets, null, later), later)).build();
        mvc2.perform(get("/api/markets/JAPAN")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CLOSED"))
                .andExpect(jsonPath("$.validityWarning", startsWith("calendar of JAPAN covers 2025-01-01 .. 2026-12-31")));
        mvc2.perform(get("/api/markets/USA")).andExpect(status().isOk())
                .andExpect(jsonPath("$.validityWarning").doesNotExist())
                .andExpect(jsonPath("$.nextOpen").value("2027-01-05T14:30:00Z"));
    }

    @Test
    void holidaysOfAYear() throws Exception {
        mvc.perform(get("/api/markets/USA/holidays").param("year", "2026")).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(12)))
                .andExpect(jsonPath("$[0].date").value("2026-01-01"))
                .andExpect(jsonPath("$[0].kind").value("CLOSED"))
                .andExpect(jsonPath("$[10].kind").value("EARLY_CLOSE"))
                .andExpect(jsonPath("$[10].time").value("13:00"));
        mvc.perform(get("/api/markets/JAPAN/holidays").param("year", "2027"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error", startsWith("market JAPAN: 2027-01-01 is outside")));
    }

    @Test
    void sessionsKeepTheContractShapeAndRefuseRangesBeyondTheValidity() throws Exception {
        mvc.perform(get("/api/markets/JAPAN/sessions").param("from", "2026-03-02").param("to", "2026-03-02"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].date").value("2026-03-02"))
                .andExpect(jsonPath("$[0].open").value("2026-03-02T00:00:00Z"))
                .andExpect(jsonPath("$[0].close").value("2026-03-02T06:30:00Z"))
                .andExpect(jsonPath("$[0].breaks[0].start").value("2026-03-02T02:30:00Z"));
        mvc.perform(get("/api/markets/JAPAN/sessions").param("from", "2026-12-01").param("to", "2027-01-31"))
                .andExpect(status().isUnprocessableEntity());
    }
}
