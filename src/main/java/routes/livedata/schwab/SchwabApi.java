package routes.livedata.schwab;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import routes.livedata.LiveDataProperties;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The operator's handle on the Schwab streamer (under /api, so it needs the operator login): status,
 * the symbols streamed (changes go to Schwab as ADD / UNSUBS while running), and the browser login.
 */
@RestController
@RequestMapping("/api/livedata/schwab")
public class SchwabApi {

    /** Symbols to add, in either list. */
    public record SymbolsRequest(List<String> equities, List<String> futures, List<String> futuresOptions) {
    }

    public record LoginComplete(String redirectUrl) {
    }

    private final SchwabStreamer streamer;
    private final SchwabLogin login;
    private final Subscriptions subscriptions;
    private final SchwabProperties config;

    public SchwabApi(SchwabStreamer streamer, SchwabLogin login, Subscriptions subscriptions, LiveDataProperties props) {
        this.streamer = streamer;
        this.login = login;
        this.subscriptions = subscriptions;
        this.config = props.schwab();
    }

    @GetMapping("/status")
    public SchwabStreamer.Status status() {
        return streamer.status();
    }

    @GetMapping("/subscriptions")
    public Map<String, List<String>> subscriptions() {
        return subscriptions.view();
    }

    @PostMapping("/subscriptions")
    public Map<String, List<String>> add(@RequestBody SymbolsRequest body) {
        // check both lists first, so a bad symbol changes nothing
        Subscriptions.keys(LevelOne.EQUITIES, body.equities());
        Subscriptions.keys(LevelOne.FUTURES, body.futures());
        Subscriptions.keys(LevelOne.FUTURES_OPTIONS, body.futuresOptions());
        subscriptions.add(LevelOne.EQUITIES, orEmpty(body.equities()));
        subscriptions.add(LevelOne.FUTURES, orEmpty(body.futures()));
        subscriptions.add(LevelOne.FUTURES_OPTIONS, orEmpty(body.futuresOptions()));
        return subscriptions.view();
    }

    /** {@code DELETE /api/livedata/schwab/subscriptions?equities=AAPL&futures=ES} */
    @DeleteMapping("/subscriptions")
    public Map<String, List<String>> remove(@RequestParam(required = false) List<String> equities,
                                            @RequestParam(required = false) List<String> futures,
                                            @RequestParam(required = false) List<String> futuresOptions) {
        subscriptions.remove(LevelOne.EQUITIES, orEmpty(equities));
        subscriptions.remove(LevelOne.FUTURES, orEmpty(futures));
        subscriptions.remove(LevelOne.FUTURES_OPTIONS, orEmpty(futuresOptions));
        return subscriptions.view();
    }

    /** Step 1 of the browser login: open {@code authorizeUrl}, log in at Schwab, copy the address you land on. */
    @PostMapping("/login")
    public Map<String, String> startLogin() {
        requireCredentials();
        return Map.of("authorizeUrl", login.authorizeUrl(),
                "next", "POST {\"redirectUrl\": \"<the address the browser landed on>\"} to /api/livedata/schwab/login/complete "
                        + "within about 30 seconds (the code is short-lived)");
    }

    /** Step 2: the address the browser landed on; its code is exchanged for tokens and streaming resumes. */
    @PostMapping("/login/complete")
    public Map<String, Object> completeLogin(@RequestBody LoginComplete body) throws IOException, SchwabAuthException {
        requireCredentials();
        login.completeLogin(body.redirectUrl());
        streamer.wake();
        return Map.of("loggedIn", true, "refreshTokenExpiresAt", String.valueOf(login.refreshTokenExpiresAt().orElse(null)));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, String>> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(SchwabAuthException.class)
    ResponseEntity<Map<String, String>> refused(SchwabAuthException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", "Schwab refused the login: "
                + e.getMessage() + " (the code lives about 30 s; start again with POST /api/livedata/schwab/login)"));
    }

    @ExceptionHandler(IOException.class)
    ResponseEntity<Map<String, String>> unreachable(IOException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", "Schwab could not be reached: "
                + e.getMessage()));
    }

    private void requireCredentials() {
        if (config.appKey() == null || config.appKey().isBlank()
                || config.appSecret() == null || config.appSecret().isBlank()) {
            throw new IllegalStateException("set thor.livedata.schwab.app-key and app-secret "
                    + "(SCHWAB_APP_KEY / SCHWAB_APP_SECRET) first");
        }
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
