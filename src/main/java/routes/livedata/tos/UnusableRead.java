package routes.livedata.tos;

/** A read of the export from which nothing may be published; the reason is a metric tag. */
final class UnusableRead extends Exception {

    static final String HALF_WRITTEN = "half-written";
    static final String NO_SYMBOL_HEADER = "no-symbol-header";
    static final String NO_SHEET = "no-sheet";
    /** The file is there but cannot be opened: locked by its writer, or no read permission. */
    static final String CANNOT_OPEN = "cannot-open";

    private final String reason;

    UnusableRead(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    static UnusableRead halfWritten(String detail) {
        return new UnusableRead(HALF_WRITTEN, detail);
    }

    String reason() {
        return reason;
    }
}
