package routes.config;

import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads the user routes: every {@code *.camel.yaml} in {@code thor.routes.directory}, in name order, after the
 * built-in routes and before Camel starts. A file that cannot be loaded, or that reuses a route id, stops the
 * startup with a message naming the file; a missing folder names the key. A user route that names no route
 * configuration gets the shared {@code thor-errors}, as the built-in routes name it.
 */
@Configuration
public class UserRoutes {

    private static final Logger log = LoggerFactory.getLogger(UserRoutes.class);
    static final String SUFFIX = ".camel.yaml";
    /** The route configuration of every route (route-errors.camel.yaml); a user route naming none gets it. */
    public static final String SHARED_ERRORS = "thor-errors";

    @Bean
    CamelContextConfiguration userRoutesLoader(RoutesProperties props) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                load(camel, props.directory());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // the routes started with the context
            }
        };
    }

    /** Loads the folder's route files; returns the ids of the routes they added. */
    static List<String> load(CamelContext camel, String directory) {
        if (directory == null || directory.isBlank()) {
            return List.of();
        }
        Path dir = Path.of(directory.trim());
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("thor.routes.directory: " + dir.toAbsolutePath() + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("thor.routes.directory: " + dir.toAbsolutePath() + " cannot be read: " + e, e);
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> added = new ArrayList<>();
        for (Path file : files) {
            Set<String> before = ids(model);
            Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file.toAbsolutePath());
            try {
                // as RoutesLoader.loadRoutes does, but the ids are checked first: Camel would silently replace a
                // route of the same id
                var builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource);
                for (var b : builders) {
                    if (b instanceof RouteBuilder rb) {
                        for (RouteDefinition r : rb.configureRoutes(camel).getRoutes()) {
                            if (r.getId() != null && before.contains(r.getId())) {
                                throw new IllegalArgumentException("route id '" + r.getId()
                                        + "' is already used by another route");
                            }
                            if (r.getRouteConfigurationId() == null || r.getRouteConfigurationId().isBlank()) {
                                r.setRouteConfigurationId(SHARED_ERRORS); // counted, logged, paused like every route
                            }
                        }
                    }
                }
                for (var b : builders) {
                    if (b instanceof RouteConfigurationsBuilder c) {
                        c.addRouteConfigurationsToCamelContext(camel);
                    }
                }
                for (var b : builders) {
                    b.addRoutesToCamelContext(camel);
                }
            } catch (Exception e) {
                throw new IllegalStateException("User route file " + file.toAbsolutePath() + " (thor.routes.directory) "
                        + "cannot be loaded: " + rootMessage(e), e);
            }
            List<String> now = new ArrayList<>(ids(model));
            now.removeAll(before);
            log.info("User routes: {} added {}", file.toAbsolutePath(), now);
            added.addAll(now);
        }
        if (files.isEmpty()) {
            log.info("User routes: no *{} file in {}", SUFFIX, dir.toAbsolutePath());
        }
        return added;
    }

    private static Set<String> ids(Model model) {
        Set<String> ids = new HashSet<>();
        for (RouteDefinition r : model.getRouteDefinitions()) {
            ids.add(r.getId());
        }
        return ids;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
