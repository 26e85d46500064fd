package routes.config;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Pipelines are written to the socket once, when they close, not command by command: a tick batch is three
 * commands a tick, and a 5,000-row export is 15,000 of them.
 */
@Configuration
public class RedisConfig {

    @Bean
    static BeanPostProcessor pipelineFlushOnClose() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof LettuceConnectionFactory f) {
                    f.setPipeliningFlushPolicy(LettuceConnection.PipeliningFlushPolicy.flushOnClose());
                }
                return bean;
            }
        };
    }
}
