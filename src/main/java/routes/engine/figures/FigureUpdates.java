package routes.engine.figures;

import org.apache.camel.Body;
import org.springframework.stereotype.Component;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.TradingSession;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns stored bars, and the app's start, into {@link FigureUpdate}s for route {@code engine-figures}. */
@Component("figureUpdates")
public class FigureUpdates {

    public static final String UPDATE = "figureUpdate";

    private final GlobalMarkets markets;
    private final Clock clock;

    public FigureUpdates(GlobalMarkets markets, Clock clock) {
        this.markets = markets;
        this.clock = clock;
    }

    /**
     * The update for one flush batch (rows of {@code intraday_bar_1m}, all of one market), or null when the
     * market does not capture figures. The session is the one the newest bar traded in, the rolling window
     * ends with the newest bar.
     */
    public FigureUpdate ofStoredBars(@Body List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        Market m = markets.market((String) rows.get(0).get("market")).filter(SessionSupervisor::captures).orElse(null);
        if (m == null) {
            return null;
        }
        Set<String> symbols = new LinkedHashSet<>();
        Map<String, Object> newest = rows.get(0);
        for (Map<String, Object> r : rows) {
            symbols.add((String) r.get("symbol"));
            if (Figures.instant(r.get("bucket_start")).isAfter(Figures.instant(newest.get("bucket_start")))) {
                newest = r;
            }
        }
        // a bar's high_at is a trade time, inside the session even when the session opened mid-minute
        TradingSession session = spanning(m, Figures.instant(newest.get("high_at"))).orElse(null);
        Instant asOf = Figures.instant(newest.get("bucket_start")).plusSeconds(60);
        return new FigureUpdate(m.id(), new ArrayList<>(symbols), session, asOf, rows, FigureUpdate.Week52.RAISE);
    }

    /**
     * At startup, per capturing market: the state of the session in progress and the rolling 24 hours
     * rebuilt from Postgres for every symbol, and the 52-week extremes reseeded from history.
     */
    public List<FigureUpdate> atStartup() {
        Instant now = clock.instant();
        List<FigureUpdate> out = new ArrayList<>();
        for (Market m : markets.markets()) {
            if (SessionSupervisor.captures(m)) {
                out.add(new FigureUpdate(m.id(), m.symbols(), spanning(m, now).orElse(null), Figures.floorMinute(now),
                        List.of(), FigureUpdate.Week52.RECOMPUTE));
            }
        }
        return out;
    }

    private static Optional<TradingSession> spanning(Market m, Instant t) {
        return m.calendar().sessionSpanning(t);
    }
}
