package routes.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything but /actuator/health needs the operator login; health is UP while Redis and Postgres answer. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"thor.markets.location=classpath:markets/always-open.yaml", "thor.engine.enabled=false"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class SecurityAndHealthTest {

    @Autowired TestRestTemplate http;

    @Test
    void healthIsOpenAndUpWithBothStoresAnswering() {
        ResponseEntity<String> r = http.getForEntity("/actuator/health", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getBody()).contains("\"status\":\"UP\"");
    }

    @Test
    void everythingElseRefusesAnonymousRequests() {
        for (String path : new String[]{"/api/markets", "/api/bars/ALWAYS/ES?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
                "/actuator/jolokia/version", "/actuator/hawtio/jolokia/version", "/actuator/prometheus"}) {
            ResponseEntity<String> r = http.getForEntity(path, String.class);
            assertThat(r.getStatusCode().value()).as(path).isEqualTo(401);
        }
        // A browser asking for the console is sent to the login form, never shown the console.
        ResponseEntity<String> console = http.getForEntity("/actuator/hawtio/", String.class);
        assertThat(console.getBody()).contains("Please sign in").doesNotContain("hawtio-");
    }

    @Test
    void theOperatorGetsInAndSeesEveryRouteById() {
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");
        ResponseEntity<String> markets = op.getForEntity("/api/markets", String.class);
        assertThat(markets.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(markets.getBody()).contains("\"id\":\"ALWAYS\"").contains("\"status\":\"OPEN\"");
        ResponseEntity<String> hawtio = op.getForEntity("/actuator/hawtio/", String.class);
        assertThat(hawtio.getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> routes = op.getForEntity(
                "/actuator/jolokia/search/org.apache.camel:type=routes,*", String.class);
        assertThat(routes.getBody()).contains("engine-tick-batches", "engine-bar-close", "engine-bar-flush",
                "livedata-demo-feed", "globalmarkets-status-board");
        // Jolokia allows what Hawtio needs, not the JVM's diagnostics: no heap dump (with its secrets) to disk.
        ResponseEntity<String> heapDump = op.getForEntity(
                "/actuator/jolokia/exec/com.sun.management:type=HotSpotDiagnostic/dumpHeap/!/tmp!/thor-heap.hprof/true",
                String.class);
        assertThat(heapDump.getBody()).contains("\"status\":403");
        assertThat(new java.io.File("/tmp/thor-heap.hprof")).doesNotExist();
        ResponseEntity<String> routeState = op.getForEntity(
                "/actuator/jolokia/read/org.apache.camel:context=*,type=routes,name=\"engine-bar-flush\"/State", String.class);
        assertThat(routeState.getBody()).contains("\"status\":200");
        ResponseEntity<String> prom = op.getForEntity("/actuator/prometheus", String.class);
        assertThat(prom.getBody()).contains("thor_engine_bar_queue_depth");
    }
}
