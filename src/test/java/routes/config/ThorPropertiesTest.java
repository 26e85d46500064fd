package routes.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import routes.backfill.BackfillProperties;
import routes.cluster.ClusterProperties;
import routes.coverage.CoverageProperties;
import routes.crosscheck.CrossCheckProperties;
import routes.engine.EngineProperties;
import routes.globalmarkets.MarketsProperties;
import routes.livedata.LiveDataProperties;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The one bound tree of thor.* settings, its role records as beans, and bad values that name their key. */
class ThorPropertiesTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(CoreConfig.class);

    @Test
    void eachRoleSeesItsPartOfTheOneBoundTree() {
        app.withPropertyValues("thor.cluster.lease=3s", "thor.cluster.member-id=box-1", "thor.routes.exit-queue-size=7",
                "thor.engine.rolling-24h.snapshot-interval=30m", "thor.livedata.schwab.backfill.max-attempts=3",
                "thor.crosscheck.price-tolerance-pct=0.5", "thor.coverage.down-after=20s",
                "thor.markets.additional-locations=classpath:a.yaml,classpath:b.yaml").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            ThorProperties thor = ctx.getBean(ThorProperties.class);
            assertThat(ctx.getBean(ClusterProperties.class)).isSameAs(thor.cluster())
                    .isEqualTo(new ClusterProperties(Duration.ofSeconds(3), "box-1"));
            assertThat(ctx.getBean(RoutesProperties.class).exitQueueSize()).isEqualTo(7);
            assertThat(ctx.getBean(EngineProperties.class).rolling24h().snapshotInterval()).hasMinutes(30);
            assertThat(ctx.getBean(BackfillProperties.class)).isSameAs(thor.livedata().schwab().backfill());
            assertThat(ctx.getBean(BackfillProperties.class).maxAttempts()).isEqualTo(3);
            assertThat(ctx.getBean(CrossCheckProperties.class).priceTolerancePct()).isEqualByComparingTo("0.5");
            assertThat(ctx.getBean(CoverageProperties.class).downAfter()).hasSeconds(20);
            assertThat(ctx.getBean(MarketsProperties.class).additionalLocations())
                    .containsExactly("classpath:a.yaml", "classpath:b.yaml");
            assertThat(ctx.getBean(LiveDataProperties.class)).isSameAs(thor.livedata());
        });
    }

    @Test
    void withNothingSetEveryRoleHasItsDefaults() {
        app.run(ctx -> {
            ThorProperties thor = ctx.getBean(ThorProperties.class);
            assertThat(thor.cluster().lease()).hasSeconds(10);
            assertThat(thor.cluster().memberId()).isEmpty();
            assertThat(thor.routes().directory()).isEmpty();
            assertThat(thor.engine().barGrace()).hasSeconds(2);
            assertThat(thor.engine().week52().checkpointCron()).isEqualTo("0 30 0 * * ?");
            assertThat(thor.livedata().publish().scriptBatch()).isEqualTo(250);
            assertThat(thor.livedata().schwab().tokenFile()).endsWith("/.thor/schwab-token.json");
            assertThat(thor.livedata().schwab().backfill().enabled()).isFalse();
            assertThat(thor.markets().location()).isEqualTo("classpath:markets/markets.yaml");
        });
    }

    @Test
    void aBadValueInAnyRoleStopsStartupNamingItsKey() {
        for (String[] bad : new String[][]{
                {"thor.cluster.lease=5ms", "thor.cluster.lease"},
                {"thor.routes.exit-queue-size=0", "thor.routes.exitQueueSize"},
                {"thor.engine.rolling-24h.snapshot-interval=7m", "thor.engine.rolling-24h.snapshot-interval"},
                {"thor.engine.batch-size=0", "thor.engine.batchSize"},
                {"thor.engine.bar-grace=soon", "thor.engine.bar-grace"},
                {"thor.coverage.down-after=100ms", "thor.coverage.downAfter"},
                {"thor.crosscheck.max-pending=0", "thor.crosscheck.maxPending"},
                {"thor.markets.clock-cron=", "thor.markets.clockCron"},
                {"thor.livedata.publish.stream-max-len=10", "thor.livedata.publish.streamMaxLen"},
                {"thor.livedata.demo.ticks-per-second=0", "thor.livedata.demo.ticksPerSecond"},
                {"thor.livedata.tos.frozen-after=10ms", "thor.livedata.tos.frozenAfter"},
                {"thor.livedata.schwab.backfill.equity-history-hours=7-20", "thor.livedata.schwab.backfill.equityHistoryHours"},
                {"thor.livedata.schwab.backfill.equity-history-hours=20:00-07:00",
                        "thor.livedata.schwab.backfill.equity-history-hours must end after it begins"}}) {
            app.withPropertyValues(bad[0]).run(ctx -> assertThat(ctx).hasFailed()
                    .getFailure().satisfies(f -> assertThat(messages(f)).as(bad[0]).contains(bad[1])));
        }
        app.withPropertyValues("thor.livedata.schwab.backfill.backoff-min=1m", "thor.livedata.schwab.backfill.backoff-max=10s")
                .run(ctx -> assertThat(messages(ctx.getStartupFailure()))
                        .contains("thor.livedata.schwab.backfill.backoff-min must not exceed backoff-max"));
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}
