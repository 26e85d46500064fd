package routes.livedata.schwab;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import routes.config.CoreConfig;
import routes.config.ThorProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad Schwab setting stops startup with a message that names the key. */
class SchwabPropertiesTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(CoreConfig.class);

    @Test
    void enabledWithoutCredentialsFailsNamingTheKeys() {
        app.withPropertyValues("thor.livedata.schwab.enabled=true").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(messages(ctx.getStartupFailure())).contains("thor.livedata.schwab.app-key");
        });
    }

    @Test
    void aTooShortHeartbeatTimeoutFailsNamingTheKey() {
        app.withPropertyValues("thor.livedata.schwab.heartbeat-timeout=10ms").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(messages(ctx.getStartupFailure())).contains("thor.livedata.schwab").contains("heartbeat");
        });
    }

    @Test
    void theDefaultsAreSchwabsRealEndpointsAndStartFine() {
        app.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            SchwabProperties s = ctx.getBean(ThorProperties.class).livedata().schwab();
            assertThat(s.tokenUrl()).isEqualTo("https://api.schwabapi.com/v1/oauth/token");
            assertThat(s.apiBaseUrl()).isEqualTo("https://api.schwabapi.com");
            assertThat(s.enabled()).isFalse();
        });
    }

    @Test
    void theSecretNeverShowsInToString() {
        SchwabProperties s = routes.support.TestProperties.thor("thor.livedata.schwab.app-key=key-123",
                "thor.livedata.schwab.app-secret=secret-456").livedata().schwab();
        assertThat(s.toString()).doesNotContain("key-123").doesNotContain("secret-456");
        assertThat(new SchwabTokens("at-1", "rt-1", "Bearer", 1800, java.time.Instant.EPOCH, java.time.Instant.EPOCH)
                .toString()).doesNotContain("at-1").doesNotContain("rt-1");
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}
