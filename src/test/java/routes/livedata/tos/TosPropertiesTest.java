package routes.livedata.tos;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import routes.config.CoreConfig;
import routes.config.ThorProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad thor.livedata.tos.* value stops startup with a message that names the key. */
class TosPropertiesTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner().withUserConfiguration(CoreConfig.class);

    @Test
    void defaults() {
        app.run(ctx -> {
            TosProperties tos = ctx.getBean(ThorProperties.class).livedata().tos();
            assertThat(tos.enabled()).isFalse();
            assertThat(tos.pollInterval()).hasSeconds(1);
            assertThat(tos.aliases()).containsEntry("RT", "RTY").containsEntry("30YRBOND", "ZB")
                    .containsEntry("DXY", "DX").containsEntry("USDX", "DX");
        });
    }

    @Test
    void aConfiguredAliasIsAddedToTheDefaults() {
        app.withPropertyValues("thor.livedata.tos.aliases.BIGDOW=YM").run(ctx -> assertThat(
                ctx.getBean(ThorProperties.class).livedata().tos().aliases())
                .containsEntry("BIGDOW", "YM").containsEntry("RT", "RTY"));
    }

    @Test
    void badValuesNameTheirKey() {
        for (String[] bad : new String[][]{
                {"thor.livedata.tos.poll-interval=10ms", "thor.livedata.tos.pollInterval"},
                {"thor.livedata.tos.settle-time=0s", "thor.livedata.tos.settleTime"},
                {"thor.livedata.tos.file=/data/export.txt", "thor.livedata.tos.file"},
                {"thor.livedata.tos.aliases.RT=R T Y", "thor.livedata.tos.aliases"}}) {
            app.withPropertyValues(bad[0]).run(ctx -> assertThat(ctx).hasFailed()
                    .getFailure().rootCause().hasMessageContaining(bad[1]));
        }
    }
}
