package routes.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable the app still starts, keeps running, and its health says DOWN. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"thor.markets.location=classpath:markets/always-open.yaml",
                "spring.data.redis.port=1", "spring.data.redis.connect-timeout=500ms",
                "spring.data.redis.timeout=500ms"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class RedisDownHealthTest {

    @Autowired TestRestTemplate http;

    @Test
    void healthIsDownWhileRedisIsUnreachable() {
        ResponseEntity<String> r = http.getForEntity("/actuator/health", String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(503);
        assertThat(r.getBody()).contains("\"status\":\"DOWN\"");
        ResponseEntity<String> detail = http.withBasicAuth("operator", "test-operator-secret")
                .getForEntity("/actuator/health", String.class);
        assertThat(detail.getBody()).contains("\"redis\":{\"status\":\"DOWN\"");
    }
}
