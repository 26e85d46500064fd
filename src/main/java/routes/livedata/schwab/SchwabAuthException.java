package routes.livedata.schwab;

/**
 * Schwab refused the login itself (HTTP 400/401 on the token endpoint): retrying will not help, a person
 * has to log in through the browser again. Network trouble and 5xx are plain IOExceptions instead.
 */
public class SchwabAuthException extends Exception {

    public SchwabAuthException(String message) {
        super(message);
    }
}
