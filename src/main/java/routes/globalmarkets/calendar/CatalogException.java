package routes.globalmarkets.calendar;

/** A market catalog that cannot be used; the message names the source, the market and the key. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
