package routes.engine.figures;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The arithmetic and value conversions every figure shares. */
final class Figures {

    /** The same precision as a bar's VWAP: a session's VWAP from the bars' exact parts matches it digit for digit. */
    static final MathContext PRECISION = new MathContext(20, RoundingMode.HALF_EVEN);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Figures() {
    }

    /** {@code part / whole}, or null when nothing was traded. */
    static BigDecimal ratio(BigDecimal part, long whole) {
        if (part == null || whole == 0) {
            return null;
        }
        return part.divide(BigDecimal.valueOf(whole), PRECISION).stripTrailingZeros();
    }

    /** {@code change / base × 100}, or null without a (non-zero) base. */
    static BigDecimal percent(BigDecimal change, BigDecimal base) {
        if (change == null || base == null || base.signum() == 0) {
            return null;
        }
        return change.multiply(HUNDRED).divide(base, PRECISION).stripTrailingZeros();
    }

    static BigDecimal decimal(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
    }

    static long whole(Object v) {
        return v == null ? 0L : ((Number) v).longValue();
    }

    /** A timestamptz as JDBC returns it (or as a row built in Java holds it) as an instant. */
    static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        throw new IllegalArgumentException("not a timestamp: " + v.getClass().getName());
    }

    static LocalDate date(Object v) {
        return v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
    }

    /** camel-sql binds timestamptz as OffsetDateTime, not Instant. */
    static OffsetDateTime timestamp(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static String text(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    static Instant floorMinute(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), 60_000L) * 60_000L);
    }

    static Instant ceilMinute(Instant t) {
        Instant f = floorMinute(t);
        return f.equals(t) ? t : f.plusSeconds(60);
    }

    /**
     * Replaces whole hashes in one MULTI/EXEC and deletes {@code gone}: every key is deleted before it is
     * written, so a field the new figures no longer know (a vwap, a change_pct) never lingers from before.
     */
    static void replaceHashes(StringRedisTemplate redis, Map<String, Map<String, String>> hashes,
                              Collection<String> gone) {
        if (hashes.isEmpty() && gone.isEmpty()) {
            return;
        }
        redis.execute(new SessionCallback<List<Object>>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public List<Object> execute(RedisOperations ops) throws DataAccessException {
                ops.multi();
                if (!gone.isEmpty()) {
                    ops.delete(gone);
                }
                if (!hashes.isEmpty()) {
                    ops.delete(hashes.keySet());
                }
                hashes.forEach((k, v) -> ops.opsForHash().putAll(k, v));
                return ops.exec();
            }
        });
    }
}
