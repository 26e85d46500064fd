package routes.support;

import routes.livedata.Tick;

import java.util.HashMap;
import java.util.Map;

/**
 * The volume each tick of a tape moved, by CONTRACT §6, computed independently of the engine: increases of the
 * cumulative day volume per symbol, in arrival order; a drop from a tick not older than the previous one is a
 * reset (the new value is the increase), a drop from an older tick is stale (nothing); the first value is the
 * baseline.
 */
public final class ReferenceVolume {

    private final Map<String, long[]> last = new HashMap<>(); // symbol -> {cumulative, its time}

    /** The increase this tick brings (0 for a tick without volume). */
    public long increase(Tick t) {
        if (t.volume() == null) {
            return 0;
        }
        long ts = t.ts().toEpochMilli();
        long[] c = last.get(t.symbol());
        if (c == null) {
            last.put(t.symbol(), new long[]{t.volume(), ts});
            return 0;
        }
        if (t.volume() >= c[0]) {
            long inc = t.volume() - c[0];
            c[0] = t.volume();
            c[1] = Math.max(c[1], ts);
            return inc;
        }
        if (ts >= c[1]) {
            c[0] = t.volume();
            c[1] = ts;
            return t.volume();
        }
        return 0;
    }
}
