package routes.globalmarkets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import routes.globalmarkets.calendar.CatalogException;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketCatalog;
import routes.globalmarkets.calendar.MarketCalendar;
import routes.globalmarkets.calendar.MarketState;
import routes.globalmarkets.calendar.OutsideValidityException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single source of truth for which markets exist and whether they are open. Loads the catalog at
 * startup (a bad catalog stops the app, naming the key); answers "what is market X doing at instant t".
 * A projected day counts like a published one; an instant beyond even the projection falls back to the
 * market's regular weekly hours with one warning, so capture never stops for lack of calendar data.
 */
@Component("globalMarkets")
public class GlobalMarkets {

    private static final Logger log = LoggerFactory.getLogger(GlobalMarkets.class);
    /** How early an operator hears that a market's published calendar data runs out. */
    public static final int PUBLISHED_NOTICE_DAYS = 60;

    private final MarketCatalog catalog;
    private final String source;
    private final Set<String> warnedRegularHours = ConcurrentHashMap.newKeySet();
    private final Map<String, String> regularHoursFallbacks = new ConcurrentHashMap<>();
    /** The last day a market's "published data ends soon" warning was logged, so it is logged once a day. */
    private final Map<String, LocalDate> warnedPublishedEnd = new ConcurrentHashMap<>();

    public GlobalMarkets(MarketsProperties props, ResourceLoader resources, Clock clock, MeterRegistry meters) {
        this.source = props.location();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        MarketCatalog main = load(resources.getResource(source), source, today);
        for (String extra : props.additionalLocations()) {
            main = main.with(load(resources.getResource(extra), extra, today), "thor.markets.additional-locations " + extra);
        }
        this.catalog = main;
        Gauge.builder("thor.markets.open", this,
                        g -> g.markets().stream().filter(m -> m.enabled() && g.stateAt(m, clock.instant()).isOpen()).count())
                .description("Enabled markets open now").register(meters);
        for (Market m : catalog.markets()) {
            Gauge.builder("thor.market.calendar.published.days.left", m, x -> publishedDaysLeft(x, clock.instant()))
                    .tag("market", m.id())
                    .description("Days until the market's published calendar data ends (negative: projected since; "
                            + "+Inf: no dated lists)")
                    .register(meters);
        }
        log.info("Market catalog {}: {} markets ({} enabled)", source, catalog.markets().size(),
                catalog.markets().stream().filter(Market::enabled).count());
        warnPublishedEnds(clock.instant());
    }

    static MarketCatalog load(Resource resource, String source, LocalDate today) {
        if (!resource.exists()) {
            throw new CatalogException("thor.markets.location: market catalog " + source + " does not exist");
        }
        try (InputStream in = resource.getInputStream()) {
            return MarketCatalog.load(in, source, today);
        } catch (IOException e) {
            throw new CatalogException("thor.markets.location: cannot read market catalog " + source + ": "
                    + e.getMessage(), e);
        }
    }

    public MarketCatalog catalog() {
        return catalog;
    }

    public List<Market> markets() {
        return catalog.markets();
    }

    public Optional<Market> market(String id) {
        return catalog.find(id);
    }

    /**
     * The market's state at {@code t}. Published and projected days answer from the calendar; beyond what it
     * computes ahead the market keeps its regular weekly hours (no holidays), reported once in the log and kept
     * as a health detail. Never CLOSED for lack of data.
     */
    public MarketState stateAt(Market market, Instant t) {
        try {
            return market.calendar().stateAt(t);
        } catch (OutsideValidityException e) {
            if (warnedRegularHours.add(market.id())) {
                log.warn("{} - {} keeps its regular weekly hours there, without holidays; restart (the projection "
                        + "reaches the end of the year after next) or add the exchange's published list",
                        e.getMessage(), market.id());
            }
            regularHoursFallbacks.put(market.id(), e.getMessage());
            return market.calendar().regularStateAt(t);
        }
    }

    /** Days from the market's local today to the last day of its published lists; +Inf without dated lists. */
    public double publishedDaysLeft(Market market, Instant now) {
        LocalDate end = market.calendar().publishedTo();
        if (end == null) {
            return Double.POSITIVE_INFINITY;
        }
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(now, market.calendar().zone()), end);
    }

    /**
     * What an operator should be told about a market's calendar at {@code t}: that it is projected (its published
     * lists have ended) or that its published lists end within {@link #PUBLISHED_NOTICE_DAYS} days.
     */
    public Optional<String> validityWarning(Market market, Instant t) {
        MarketCalendar c = market.calendar();
        LocalDate end = c.publishedTo();
        if (end == null) {
            return Optional.empty();
        }
        long left = (long) publishedDaysLeft(market, t);
        if (left < 0) {
            return Optional.of("calendar of " + market.id() + " is projected since " + c.projectedFrom()
                    + " (published lists end " + end + "): sessions are provisional until next year's list is added");
        }
        if (left < PUBLISHED_NOTICE_DAYS) {
            return Optional.of("published calendar of " + market.id() + " ends on " + end + " (" + left
                    + " days left); later days are projected until the exchange's list is added");
        }
        return Optional.empty();
    }

    /** Logs each market's calendar warning, at most once a day per market (the status board calls this). */
    public void warnPublishedEnds(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (Market m : catalog.markets()) {
            validityWarning(m, now).ifPresent(w -> {
                if (!today.equals(warnedPublishedEnd.put(m.id(), today))) {
                    log.warn(w);
                }
            });
        }
    }

    /** Markets that answered by their regular weekly hours beyond their calendar, with the reason (a health detail). */
    public Map<String, String> validityProblems() {
        return Map.copyOf(regularHoursFallbacks);
    }

    public String source() {
        return source;
    }
}
