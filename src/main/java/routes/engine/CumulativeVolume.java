package routes.engine;

/**
 * Turns a feed's cumulative day volume into the volume that moved with each tick, per symbol.
 * An increase is volume; a decrease from a tick that is not older than the last one means the counter
 * was reset (a new trading day), and the new value itself is the increase. A decrease from an older,
 * out-of-order tick is stale information already counted by the newer tick: it moves nothing.
 * The first value ever seen for a symbol is a baseline (what traded before we watched is unknown).
 */
public final class CumulativeVolume {

    private long last = -1;
    private long lastTsMs = Long.MIN_VALUE;

    public CumulativeVolume() {
    }

    public CumulativeVolume(long last, long lastTsMs) {
        this.last = last;
        this.lastTsMs = lastTsMs;
    }

    /** The increase this observation brings; updates the state. */
    public long observe(long cumulative, long tsMs) {
        if (cumulative < 0) {
            return 0;
        }
        if (last < 0) {
            last = cumulative;
            lastTsMs = tsMs;
            return 0;
        }
        if (cumulative >= last) {
            long inc = cumulative - last;
            last = cumulative;
            lastTsMs = Math.max(lastTsMs, tsMs);
            return inc;
        }
        if (tsMs < lastTsMs) {
            return 0; // stale, out of order
        }
        last = cumulative; // reset
        lastTsMs = tsMs;
        return cumulative;
    }

    public long last() { return last; }
    public long lastTsMs() { return lastTsMs; }

    public String encode() {
        return last + ":" + lastTsMs;
    }

    public static CumulativeVolume decode(String s) {
        int i = s.indexOf(':');
        return new CumulativeVolume(Long.parseLong(s.substring(0, i)), Long.parseLong(s.substring(i + 1)));
    }
}
