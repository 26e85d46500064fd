package routes.support;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import routes.config.ThorProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code thor.*} settings for tests that build beans by hand: bound and validated the way the app binds them, so
 * the defaults are the records' own and a bad value fails here as it would at startup.
 */
public final class TestProperties {

    private TestProperties() {
    }

    /** The settings with these {@code key=value} pairs (full keys, e.g. {@code thor.engine.batch-size=3}). */
    public static ThorProperties thor(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not key=value: " + kv);
            }
            map.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
            validator.afterPropertiesSet();
            BindHandler validating = new ValidationBindHandler(validator);
            return new Binder(new MapConfigurationPropertySource(map))
                    .bindOrCreate("thor", org.springframework.boot.context.properties.bind.Bindable.of(ThorProperties.class),
                            validating);
        }
    }
}
