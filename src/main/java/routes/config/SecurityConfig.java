package routes.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Everything but {@code /actuator/health} needs the operator login ({@code spring.security.user.*}).
 * Browsers get a login form (Hawtio), scripts use HTTP Basic. With no password configured Spring Boot
 * generates one at startup and logs it once ("Using generated security password").
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain operatorLogin(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                // Machines (the API, Jolokia, Prometheus) get a plain 401; people on Hawtio get the login form.
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        new OrRequestMatcher(new AntPathRequestMatcher("/api/**"),
                                new AntPathRequestMatcher("/actuator/jolokia/**"),
                                new AntPathRequestMatcher("/actuator/hawtio/jolokia/**"),
                                new AntPathRequestMatcher("/actuator/prometheus"))))
                .httpBasic(Customizer.withDefaults())
                // Jolokia and the JSON API are called by Hawtio's script and by tools with Basic auth.
                .csrf(c -> c.ignoringRequestMatchers("/actuator/jolokia/**", "/actuator/hawtio/jolokia/**",
                        "/api/**"));
        return http.build();
    }
}
