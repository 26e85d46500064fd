package routes.livedata.tos;

import routes.livedata.Tick;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One export row as read: the normalized symbol and the fields of CONTRACT §4; an unknown field is null. */
record TosQuote(String symbol, BigDecimal last, BigDecimal bid, BigDecimal ask, Long bidSize, Long askSize,
                Long volume, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal prevClose,
                BigDecimal netChange) {

    boolean hasNoValues() {
        return last == null && bid == null && ask == null && bidSize == null && askSize == null && volume == null
                && open == null && high == null && low == null && prevClose == null && netChange == null;
    }

    /** True when a field this row knows differs from what {@code known} holds (a field gone unknown is no news). */
    boolean differsFrom(TosQuote known) {
        return known == null
                || news(last, known.last) || news(bid, known.bid) || news(ask, known.ask)
                || news(bidSize, known.bidSize) || news(askSize, known.askSize) || news(volume, known.volume)
                || news(open, known.open) || news(high, known.high) || news(low, known.low)
                || news(prevClose, known.prevClose) || news(netChange, known.netChange);
    }

    /** {@code known} with this row's known fields laid over it: what Redis's merged hash now holds. */
    TosQuote over(TosQuote known) {
        if (known == null) {
            return this;
        }
        return new TosQuote(symbol, or(last, known.last), or(bid, known.bid), or(ask, known.ask),
                or(bidSize, known.bidSize), or(askSize, known.askSize), or(volume, known.volume),
                or(open, known.open), or(high, known.high), or(low, known.low), or(prevClose, known.prevClose),
                or(netChange, known.netChange));
    }

    /** The tick for this row: exactly its known fields, at the file's modification time. */
    Tick toTick(Instant fileModified) {
        return new Tick(symbol, fileModified, Tick.SOURCE_TOS, last, bid, ask, bidSize, askSize, volume, open, high,
                low, prevClose, netChange);
    }

    private static boolean news(Object value, Object known) {
        return value != null && !Objects.equals(value, known); // values are canonical, so equals is numeric equality
    }

    private static <T> T or(T value, T known) {
        return value != null ? value : known;
    }
}
