package routes.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Shared beans: the one {@link Clock} every time decision goes through, so tests can drive it. */
@Configuration
@EnableConfigurationProperties(ThorProperties.class)
public class CoreConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
