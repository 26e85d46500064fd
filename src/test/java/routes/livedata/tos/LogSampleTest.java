package routes.livedata.tos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** File text that reaches a log line can neither forge a line of its own nor flood the log. */
class LogSampleTest {

    @Test
    void controlCharactersAreEscapedAndLongTextCut() {
        assertThat(TosExportPoller.sample("/ES\r\n2026-11-24 ERROR forged"))
                .isEqualTo("/ES\\u000D\\u000A2026-11-24 ERROR forged");
        assertThat(TosExportPoller.sample("東京\u0000")).isEqualTo("東京\\u0000");
        String longCell = "9".repeat(5_000);
        assertThat(TosExportPoller.sample(longCell)).startsWith("9".repeat(200) + "...").endsWith("(5000 characters)")
                .hasSizeLessThan(240);
    }
}
