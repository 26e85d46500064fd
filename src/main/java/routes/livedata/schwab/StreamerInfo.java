package routes.livedata.schwab;

/** The streamer bootstrap from the user-preference call (reference A1.2); fixed for one connection. */
record StreamerInfo(String socketUrl, String customerId, String correlId, String channel, String functionId) {
}
