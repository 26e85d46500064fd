package routes.backfill;

import org.springframework.stereotype.Component;
import routes.livedata.schwab.SchwabLogin;

import java.io.IOException;
import java.util.Optional;

/**
 * The backfill's only use of the Schwab login (read-only: the streamer owns it): a bearer token for the
 * market-data call, and a forced refresh when Schwab answers 401. One small adapter, so a change in the
 * streamer's classes touches one file here.
 */
@Component
public class SchwabAccess {

    private final SchwabLogin login;

    public SchwabAccess(SchwabLogin login) {
        this.login = login;
    }

    /** A usable access token, or empty when a person must log in again (why: {@link #loginRequired()}). */
    public Optional<String> accessToken() throws IOException {
        return login.accessToken();
    }

    public boolean forceRefresh() throws IOException {
        return login.forceRefresh();
    }

    public String loginRequired() {
        return login.loginRequired();
    }
}
