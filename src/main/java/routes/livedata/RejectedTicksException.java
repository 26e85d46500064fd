package routes.livedata;

import java.util.List;

/**
 * Some ticks sent to {@code direct:ticks} could not be read. The others of the same message were published;
 * the message names each rejected item and why, so the sending route's error handling shows it.
 */
public class RejectedTicksException extends IllegalArgumentException {

    private static final int SHOWN = 5;

    private final int published;
    private final List<String> reasons;

    public RejectedTicksException(int published, List<String> reasons) {
        super(message(published, reasons));
        this.published = published;
        this.reasons = List.copyOf(reasons);
    }

    private static String message(int published, List<String> reasons) {
        StringBuilder sb = new StringBuilder();
        sb.append(reasons.size()).append(reasons.size() == 1 ? " tick" : " ticks").append(" rejected by direct:ticks (")
                .append(published).append(" published): ");
        for (int i = 0; i < Math.min(SHOWN, reasons.size()); i++) {
            sb.append(i == 0 ? "" : "; ").append(reasons.get(i));
        }
        if (reasons.size() > SHOWN) {
            sb.append("; and ").append(reasons.size() - SHOWN).append(" more");
        }
        return sb.toString();
    }

    /** How many ticks of the same message went through. */
    public int published() {
        return published;
    }

    /** Per rejected item: its position and the reason. */
    public List<String> reasons() {
        return reasons;
    }
}
