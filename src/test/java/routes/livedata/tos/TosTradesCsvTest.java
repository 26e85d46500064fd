package routes.livedata.tos;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link TosTradesScenario} through the CSV export. */
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/tos-trades.yaml",
        "thor.engine.bar-grace=2s",
        "thor.livedata.tos.enabled=true",
        "thor.livedata.tos.poll-interval=200ms",
        "thor.livedata.tos.settle-time=50ms"})
@ActiveProfiles("test")
@Import(TosTradesScenario.Clocks.class)
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class TosTradesCsvTest extends TosTradesScenario {

    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("tos-trades-csv");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void file(DynamicPropertyRegistry registry) {
        registry.add("thor.livedata.tos.file", () -> DIR.resolve("export.csv").toString());
    }

    @AfterAll
    static void removeFolder() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
    }

    @Override
    Path file() {
        return DIR.resolve("export.csv");
    }

    @Override
    byte[] render(List<String[]> sheet) {
        return ExcelLikeFiles.csv(sheet.stream().map(r -> String.join(",", java.util.Arrays.stream(r).map(c -> c.contains(",") ? "\"" + c + "\"" : c).toList())).toArray(String[]::new));
    }
}
