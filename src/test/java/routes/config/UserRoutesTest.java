package routes.config;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading thor.routes.directory on a plain Camel context: what is loaded, and how a bad folder or file fails. */
class UserRoutesTest {

    @TempDir Path dir;

    @Test
    void everyRouteFileOfTheFolderIsLoadedInNameOrderAndOtherFilesAreNot() throws Exception {
        Files.writeString(dir.resolve("b.camel.yaml"), route("second", "direct:b"));
        Files.writeString(dir.resolve("a.camel.yaml"), route("first", "direct:a"));
        Files.writeString(dir.resolve("notes.yaml"), route("not-a-route-file", "direct:c"));
        try (var camel = new DefaultCamelContext()) {
            assertThat(UserRoutes.load(camel, dir.toString())).containsExactly("first", "second");
            assertThat(camel.getRouteDefinition("first").getRouteConfigurationId())
                    .as("a user route naming none gets the shared error handling").isEqualTo("thor-errors");
            assertThat(camel.getRouteDefinition("not-a-route-file")).isNull();
        }
    }

    @Test
    void anUnsetFolderLoadsNothing() throws Exception {
        try (var camel = new DefaultCamelContext()) {
            assertThat(UserRoutes.load(camel, "")).isEmpty();
            assertThat(UserRoutes.load(camel, null)).isEmpty();
        }
    }

    @Test
    void aBrokenFileStopsTheLoadNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("ok.camel.yaml"), route("fine", "direct:ok"));
        Path broken = dir.resolve("broken.camel.yaml");
        Files.writeString(broken, "- route:\n    id: broken\n    from:\n      uri: direct:x\n      steps:\n        - nosuchstep: {}\n");
        try (var camel = new DefaultCamelContext()) {
            assertThatThrownBy(() -> UserRoutes.load(camel, dir.toString()))
                    .hasMessageContaining(broken.toAbsolutePath().toString())
                    .hasMessageContaining("thor.routes.directory");
        }
    }

    @Test
    void aRouteIdAlreadyTakenIsRefusedNotSilentlyReplaced() throws Exception {
        Path clash = dir.resolve("clash.camel.yaml");
        Files.writeString(clash, route("engine-bar-flush", "direct:clash"));
        try (var camel = new DefaultCamelContext()) {
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:builtin").routeId("engine-bar-flush").log("built-in");
                }
            });
            assertThatThrownBy(() -> UserRoutes.load(camel, dir.toString()))
                    .hasMessageContaining(clash.toAbsolutePath().toString())
                    .hasMessageContaining("route id 'engine-bar-flush' is already used");
            assertThat(camel.getRouteDefinition("engine-bar-flush").getInput().getEndpointUri()).isEqualTo("direct:builtin");
        }
    }

    @Test
    void aFolderThatIsNotThereNamesTheKey() throws Exception {
        try (var camel = new DefaultCamelContext()) {
            assertThatThrownBy(() -> UserRoutes.load(camel, dir.resolve("missing").toString()))
                    .hasMessageStartingWith("thor.routes.directory: ").hasMessageContaining("is not a folder");
        }
    }

    private static String route(String id, String from) {
        return "- route:\n    id: " + id + "\n    from:\n      uri: " + from + "\n      steps:\n        - log: \"hi\"\n";
    }
}
