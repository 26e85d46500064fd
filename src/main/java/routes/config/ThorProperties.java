package routes.config;

import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import routes.cluster.ClusterProperties;
import routes.coverage.CoverageProperties;
import routes.crosscheck.CrossCheckProperties;
import routes.engine.EngineProperties;
import routes.globalmarkets.MarketsProperties;
import routes.livedata.LiveDataProperties;

/**
 * Every {@code thor.*} property, one record per role (README "Properties" lists them with their defaults).
 * Bound once and validated at startup: a bad value stops the app with a message that names the key. Each role's
 * record is also a bean of its own ({@link CoreConfig}), so a bean sees only the settings of its role.
 *
 * @param markets    {@code thor.markets.*}: GlobalMarkets, the clock
 * @param livedata   {@code thor.livedata.*}: ingestion (publish, demo, schwab with its backfill, tos)
 * @param engine     {@code thor.engine.*}: ThorTrading, bars and figures
 * @param coverage   {@code thor.coverage.*}: the heartbeat and the coverage API
 * @param crosscheck {@code thor.crosscheck.*}: Schwab's minute bars compared with ours
 * @param cluster    {@code thor.cluster.*}: the leases behind the {@code master:} endpoints
 * @param routes     {@code thor.routes.*}: user routes and what every route shares
 */
@Validated
@ConfigurationProperties(prefix = "thor")
public record ThorProperties(
        @Valid @DefaultValue MarketsProperties markets,
        @Valid @DefaultValue LiveDataProperties livedata,
        @Valid @DefaultValue EngineProperties engine,
        @Valid @DefaultValue CoverageProperties coverage,
        @Valid @DefaultValue CrossCheckProperties crosscheck,
        @Valid @DefaultValue ClusterProperties cluster,
        @Valid @DefaultValue RoutesProperties routes) {
}
