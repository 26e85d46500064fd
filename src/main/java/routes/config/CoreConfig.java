package routes.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import routes.backfill.BackfillProperties;
import routes.cluster.ClusterProperties;
import routes.coverage.CoverageProperties;
import routes.crosscheck.CrossCheckProperties;
import routes.engine.EngineProperties;
import routes.globalmarkets.MarketsProperties;
import routes.livedata.LiveDataProperties;

import java.time.Clock;

/**
 * Shared beans: the one {@link Clock} every time decision goes through, so tests can drive it, and each role's
 * settings from the one bound {@link ThorProperties}.
 */
@Configuration
@EnableConfigurationProperties(ThorProperties.class)
public class CoreConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MarketsProperties marketsProperties(ThorProperties thor) {
        return thor.markets();
    }

    @Bean
    LiveDataProperties liveDataProperties(ThorProperties thor) {
        return thor.livedata();
    }

    @Bean
    BackfillProperties backfillProperties(ThorProperties thor) {
        return thor.livedata().schwab().backfill();
    }

    @Bean
    EngineProperties engineProperties(ThorProperties thor) {
        return thor.engine();
    }

    @Bean
    CoverageProperties coverageProperties(ThorProperties thor) {
        return thor.coverage();
    }

    @Bean
    CrossCheckProperties crossCheckProperties(ThorProperties thor) {
        return thor.crosscheck();
    }

    @Bean
    ClusterProperties clusterProperties(ThorProperties thor) {
        return thor.cluster();
    }

    @Bean
    RoutesProperties routesProperties(ThorProperties thor) {
        return thor.routes();
    }
}
