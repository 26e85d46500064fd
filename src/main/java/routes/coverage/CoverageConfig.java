package routes.coverage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import routes.backfill.BackfillProperties;

/** The properties of coverage ({@code thor.coverage.*}) and backfill ({@code thor.livedata.schwab.backfill.*}). */
@Configuration
@EnableConfigurationProperties({CoverageProperties.class, BackfillProperties.class})
public class CoverageConfig {
}
