package routes.cluster;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Leader election for Camel's {@code master:} endpoints on the Redis every Thor instance already shares: per
 * namespace one key {@code cluster:leader:{namespace}} holds the leader's id with a lease. The leader renews it
 * every third of the lease; the others try to take it. A leader that dies is replaced within one lease; a
 * leader that cannot renew (Redis away, a long pause) steps down as soon as its lease may have run out, so two
 * leaders never both believe they lead past one lease. (Work that must never overlap is fenced on top of
 * this: the engine's checkpoint commits only under its own epoch.)
 *
 * <p>Why Redis and not ZooKeeper, Consul or a Kubernetes lease: a Thor deployment is one Redis and one
 * Postgres; this adds no new moving part. The file cluster service needs a shared filesystem with reliable
 * locks, which a multi-host deployment rarely has.
 */
public class RedisLeaseClusterService extends AbstractCamelClusterService<RedisLeaseClusterService.LeaseView> {

    private static final Logger log = LoggerFactory.getLogger(RedisLeaseClusterService.class);

    private static final DefaultRedisScript<Long> RENEW = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """, Long.class);
    private static final DefaultRedisScript<Long> RELEASE = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    /** When a lost lead is said again (see {@code stillNotLeader}): past the 1 s start delay, and past its 5 s budget. */
    private static final long[] LOST_AGAIN_AFTER_MS = {1_500, 3_000, 6_500};

    private final StringRedisTemplate redis;
    private final String memberId;
    private final Duration lease;
    private ScheduledExecutorService timer;

    public RedisLeaseClusterService(StringRedisTemplate redis, String memberId, Duration lease) {
        super("redis-lease");
        this.redis = redis;
        this.memberId = memberId;
        this.lease = lease;
    }

    public String memberId() {
        return memberId;
    }

    @Override
    protected void doStart() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-lease");
            t.setDaemon(true);
            return t;
        });
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    protected LeaseView createView(String namespace) {
        return new LeaseView(this, namespace);
    }

    /** One namespace's election. */
    public final class LeaseView extends AbstractCamelClusterView {

        private final String key;
        private final Member local = new Member(memberId, true);
        private volatile boolean leader;
        private volatile long leaseEndsNanos;
        private ScheduledFuture<?> task;

        LeaseView(CamelClusterService service, String namespace) {
            super(service, namespace);
            this.key = "cluster:leader:" + namespace;
        }

        @Override
        protected void doStart() {
            long period = Math.max(100, lease.toMillis() / 3);
            task = timer.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() {
            if (task != null) {
                task.cancel(false);
            }
            if (leader) {
                try {
                    redis.execute(RELEASE, List.of(key), memberId);
                } catch (RuntimeException e) {
                    log.warn("Cluster {}: could not release leadership ({}); it lapses with the lease", getNamespace(),
                            e.getMessage());
                }
                setLeader(false);
            }
        }

        private void tick() {
            try {
                long start = System.nanoTime();
                if (leader) {
                    Long ok = redis.execute(RENEW, List.of(key), memberId, Long.toString(lease.toMillis()));
                    if (ok != null && ok == 1) {
                        leaseEndsNanos = start + lease.toNanos();
                    } else if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, memberId, lease))) {
                        // the key was gone (Redis restarted empty) and nobody else took it: still the leader
                        leaseEndsNanos = start + lease.toNanos();
                    } else {
                        setLeader(false);
                    }
                } else {
                    Boolean got = redis.opsForValue().setIfAbsent(key, memberId, lease);
                    if (Boolean.TRUE.equals(got)) {
                        leaseEndsNanos = start + lease.toNanos();
                        setLeader(true);
                    }
                }
            } catch (RuntimeException e) {
                log.debug("Cluster {}: lease check failed: {}", getNamespace(), e.getMessage());
            }
            // Cannot renew (Redis away): step down before the lease may have passed to someone else.
            if (leader && System.nanoTime() > leaseEndsNanos - lease.toNanos() / 3) {
                setLeader(false);
            }
        }

        private void setLeader(boolean now) {
            if (leader == now) {
                return;
            }
            leader = now;
            log.info("Cluster {}: this instance ({}) {} the leader", getNamespace(), memberId, now ? "is now" : "is no longer");
            fireLeadershipChangedEvent(now ? Optional.of(local) : getLeader());
            if (!now) {
                try {
                    for (long after : LOST_AGAIN_AFTER_MS) {
                        timer.schedule(this::stillNotLeader, after, TimeUnit.MILLISECONDS);
                    }
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the service is stopping: nothing runs here any more
                }
            }
        }

        /**
         * Says "lost" again while it is still true. Camel 4.17's {@code master:} consumer starts its consumer 1 s
         * after the lead was taken and ignores a loss that comes before that start (CAMEL-24583): without this,
         * a lead lost within that second would leave the consumer running on an instance that does not lead. A
         * loss said again after the start stops it; the start task gives up after its 5 s budget.
         */
        private void stillNotLeader() {
            if (!leader && isRunAllowed()) {
                fireLeadershipChangedEvent(getLeader());
            }
        }

        public boolean isLeader() {
            return leader;
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            if (leader) {
                return Optional.of(local);
            }
            try {
                String id = redis.opsForValue().get(key);
                return id == null ? Optional.empty() : Optional.of(new Member(id, false));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            List<CamelClusterMember> members = new ArrayList<>();
            members.add(local);
            getLeader().filter(m -> !m.isLocal()).ifPresent(members::add);
            return members;
        }

        private final class Member implements CamelClusterMember {
            private final String id;
            private final boolean isLocal;

            Member(String id, boolean isLocal) {
                this.id = id;
                this.isLocal = isLocal;
            }

            @Override
            public boolean isLeader() {
                return isLocal ? leader : id.equals(getLeader().map(CamelClusterMember::getId).orElse(null));
            }

            @Override
            public boolean isLocal() {
                return isLocal;
            }

            @Override
            public String getId() {
                return id;
            }
        }
    }
}
