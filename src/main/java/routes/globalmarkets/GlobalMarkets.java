package routes.globalmarkets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import routes.config.ThorProperties;
import routes.globalmarkets.calendar.CatalogException;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketCatalog;
import routes.globalmarkets.calendar.MarketState;
import routes.globalmarkets.calendar.MarketStatus;
import routes.globalmarkets.calendar.OutsideValidityException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single source of truth for which markets exist and whether they are open. Loads the catalog at
 * startup (a bad catalog stops the app, naming the key); answers "what is market X doing at instant t".
 * A market asked about beyond its calendar's validity answers CLOSED with one warning, and never takes
 * the other markets down.
 */
@Component("globalMarkets")
public class GlobalMarkets {

    private static final Logger log = LoggerFactory.getLogger(GlobalMarkets.class);
    /** How early an operator hears that a market's calendar runs out. */
    static final int VALIDITY_NOTICE_DAYS = 60;

    private final MarketCatalog catalog;
    private final String source;
    private final Set<String> warnedOutsideValidity = ConcurrentHashMap.newKeySet();
    private final Map<String, String> validityProblems = new ConcurrentHashMap<>();

    public GlobalMarkets(ThorProperties props, ResourceLoader resources, java.time.Clock clock,
                         io.micrometer.core.instrument.MeterRegistry meters) {
        this.source = props.getMarkets().getLocation();
        MarketCatalog main = load(resources.getResource(source), source);
        for (String extra : props.getMarkets().getAdditionalLocations()) {
            main = main.with(load(resources.getResource(extra), extra), "thor.markets.additional-locations " + extra);
        }
        this.catalog = main;
        io.micrometer.core.instrument.Gauge.builder("thor.markets.open", this,
                        g -> g.markets().stream().filter(m -> m.enabled() && g.stateAt(m, clock.instant()).isOpen()).count())
                .description("Enabled markets open now").register(meters);
        log.info("Market catalog {}: {} markets ({} enabled)", source, catalog.markets().size(),
                catalog.markets().stream().filter(Market::enabled).count());
    }

    static MarketCatalog load(Resource resource, String source) {
        if (!resource.exists()) {
            throw new CatalogException("thor.markets.location: market catalog " + source + " does not exist");
        }
        try (InputStream in = resource.getInputStream()) {
            return MarketCatalog.load(in, source);
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
     * The market's state at {@code t}; outside the calendar's validity it is CLOSED with no known change,
     * reported once in the log and kept as a health detail.
     */
    public MarketState stateAt(Market market, Instant t) {
        try {
            return market.calendar().stateAt(t);
        } catch (OutsideValidityException e) {
            if (warnedOutsideValidity.add(market.id())) {
                log.warn("{} - treated as CLOSED; extend the catalog's holidays and valid-to", e.getMessage());
            }
            validityProblems.put(market.id(), e.getMessage());
            return new MarketState(market.id(), MarketStatus.CLOSED, null, null, null);
        }
    }

    /**
     * What an operator should be told about a market's calendar at {@code t}: that it has run out (the
     * market is treated as CLOSED) or runs out within {@link #VALIDITY_NOTICE_DAYS} days.
     */
    public Optional<String> validityWarning(Market market, Instant t) {
        LocalDate today = LocalDate.ofInstant(t, market.calendar().zone());
        LocalDate end = market.calendar().validTo();
        if (!market.calendar().isValid(today)) {
            return Optional.of("calendar of " + market.id() + " covers " + market.calendar().validFrom() + " .. " + end
                    + " only; treated as CLOSED until its holidays are extended");
        }
        long left = ChronoUnit.DAYS.between(today, end);
        if (left < VALIDITY_NOTICE_DAYS) {
            return Optional.of("calendar of " + market.id() + " ends on " + end + " (" + left + " days left)");
        }
        return Optional.empty();
    }

    /** Markets whose calendar could not answer, with the reason (a health detail). */
    public Map<String, String> validityProblems() {
        return Map.copyOf(validityProblems);
    }

    public String source() {
        return source;
    }
}
