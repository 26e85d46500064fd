package routes.livedata.schwab;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.util.Arrays;
import java.util.List;

/**
 * {@code schwab:levelone?equities=AAPL,$SPX&futures=ES&futuresOptions=./OZCZ23C565&chart=true}: Schwab's level-one
 * quotes as exchanges. Each exchange is either the merged quotes of one frame ({@code List<Tick>}, header
 * {@value #KIND} = {@code ticks}), the symbols about to be resent whole after a (re)subscription
 * ({@code List<String>}, {@value #KIND} = {@code baseline}) or, with {@code chart=true}, one CHART_EQUITY /
 * CHART_FUTURES data entry of Schwab's minute bars as sent ({@code JsonNode} with {@code service} and
 * {@code content}, {@value #KIND} = {@code chart}): with it on, every equity and future streamed is subscribed in
 * the chart service too, on every (re)login and with every change of the symbols. The symbols in the options are added to the
 * configured ones ({@code thor.livedata.schwab.*}) when the consumer starts; the control API changes them later.
 * Connection timings, login and tokens are the {@code thor.livedata.schwab.*} properties.
 */
@UriEndpoint(firstVersion = "4.17.0", scheme = "schwab", title = "Schwab level-one stream", syntax = "schwab:service",
        consumerOnly = true, remote = true, category = {Category.MESSAGING})
@ManagedResource(description = "The Schwab level-one stream")
public class SchwabEndpoint extends DefaultEndpoint {

    static final String LEVEL_ONE = "levelone";
    /** The header telling ticks from a baseline. */
    public static final String KIND = "SchwabKind";

    private final SchwabStreamer streamer;
    private final Subscriptions subscriptions;

    @UriPath(enums = LEVEL_ONE, description = "The stream: levelone (LEVELONE_EQUITIES, LEVELONE_FUTURES, "
            + "LEVELONE_FUTURES_OPTIONS)")
    @Metadata(required = true)
    private String service;
    @UriParam(description = "Equity and index keys to stream, comma-separated (AAPL,$SPX)")
    private String equities;
    @UriParam(description = "Futures roots or contracts to stream, comma-separated, slash optional (ES,/CLZ26)")
    private String futures;
    @UriParam(description = "Futures options keys to stream, comma-separated (./OZCZ23C565)")
    private String futuresOptions;
    @UriParam(defaultValue = "false", description = "Also stream Schwab's minute bars of the equities and futures "
            + "(CHART_EQUITY, CHART_FUTURES) as exchanges with SchwabKind=chart")
    private boolean chart;

    SchwabEndpoint(String uri, SchwabComponent component, SchwabStreamer streamer, Subscriptions subscriptions) {
        super(uri, component);
        this.streamer = streamer;
        this.subscriptions = subscriptions;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("schwab: only consumes; send ticks to direct:ticks or the tick sink");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SchwabConsumer consumer = new SchwabConsumer(this, processor, streamer);
        configureConsumer(consumer);
        return consumer;
    }

    /** The symbols of the options join the subscriptions (checked before any is added). */
    void subscribeOptions() {
        List<String> eq = list(equities);
        List<String> fut = list(futures);
        List<String> fop = list(futuresOptions);
        Subscriptions.keys(LevelOne.EQUITIES, eq);
        Subscriptions.keys(LevelOne.FUTURES, fut);
        Subscriptions.keys(LevelOne.FUTURES_OPTIONS, fop);
        subscriptions.add(LevelOne.EQUITIES, eq);
        subscriptions.add(LevelOne.FUTURES, fut);
        subscriptions.add(LevelOne.FUTURES_OPTIONS, fop);
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        subscribeOptions(); // a bad symbol fails the route at startup, naming it
        subscriptions.setCharts(chart);
    }

    // --- options ---

    @ManagedAttribute(description = "The stream")
    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    @ManagedAttribute(description = "Equity and index keys of the endpoint's options")
    public String getEquities() {
        return equities;
    }

    public void setEquities(String equities) {
        this.equities = equities;
    }

    @ManagedAttribute(description = "Futures of the endpoint's options")
    public String getFutures() {
        return futures;
    }

    public void setFutures(String futures) {
        this.futures = futures;
    }

    @ManagedAttribute(description = "Futures options of the endpoint's options")
    public String getFuturesOptions() {
        return futuresOptions;
    }

    public void setFuturesOptions(String futuresOptions) {
        this.futuresOptions = futuresOptions;
    }

    @ManagedAttribute(description = "Whether Schwab's minute bars (CHART_EQUITY, CHART_FUTURES) are streamed too")
    public boolean isChart() {
        return chart;
    }

    public void setChart(boolean chart) {
        this.chart = chart;
    }

    // --- what the stream is doing, for Hawtio ---

    @ManagedAttribute(description = "What the stream is doing")
    public String getStreamState() {
        return streamer.status().state().name();
    }

    @ManagedAttribute(description = "Why")
    public String getStreamDetail() {
        return streamer.status().detail();
    }

    @ManagedAttribute(description = "Whether this instance streams (it leads the cluster's schwab namespace)")
    public boolean isStreamingHere() {
        return streamer.isRunning();
    }

    @ManagedAttribute(description = "Websocket frames received")
    public long getFramesIn() {
        return streamer.status().framesIn();
    }

    @ManagedAttribute(description = "Merged quotes published")
    public long getTicksOut() {
        return streamer.status().ticksOut();
    }

    @ManagedAttribute(description = "Reconnects after a lost or refused connection")
    public long getReconnects() {
        return streamer.status().reconnects();
    }

    @ManagedAttribute(description = "When the last frame arrived")
    public String getLastFrameAt() {
        return String.valueOf(streamer.status().lastFrameAt());
    }

    @ManagedAttribute(description = "The symbols streamed, per service")
    public String getSubscriptions() {
        return subscriptions.view().toString();
    }
}
