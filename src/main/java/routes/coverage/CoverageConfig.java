package routes.coverage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import routes.backfill.BackfillProperties;
import routes.crosscheck.CrossCheckProperties;

/**
 * The properties of coverage ({@code thor.coverage.*}), backfill ({@code thor.livedata.schwab.backfill.*}) and the
 * cross-check ({@code thor.crosscheck.*}).
 */
@Configuration
@EnableConfigurationProperties({CoverageProperties.class, BackfillProperties.class, CrossCheckProperties.class})
public class CoverageConfig {
}
