package routes.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.net.InetAddress;
import java.util.UUID;

/**
 * The cluster service behind the {@code master:} endpoints in the YAML routes (one leader per namespace:
 * {@code engine} for bar building, {@code livedata} for the file poller and the demo feed).
 */
@Configuration
public class ClusterConfig {

    @Bean
    RedisLeaseClusterService redisLeaseClusterService(StringRedisTemplate redis, ClusterProperties cluster)
            throws Exception {
        String memberId = cluster.memberId();
        String id = memberId.isBlank()
                ? InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid() + "-"
                        + UUID.randomUUID().toString().substring(0, 8)
                : memberId;
        return new RedisLeaseClusterService(redis, id, cluster.lease());
    }

    /** Camel finds cluster services among the context's services, not among Spring beans: add it there. */
    @Bean
    CamelContextConfiguration clusterServiceOnCamelContext(RedisLeaseClusterService service) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                try {
                    context.addService(service);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot register the Redis lease cluster service", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // nothing to do after start
            }
        };
    }
}
