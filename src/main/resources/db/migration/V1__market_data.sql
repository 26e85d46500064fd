-- The durable record of the pipeline (CONTRACT §6). Keys are the natural ones, so every writer can
-- upsert and a replay or a second instance never makes a duplicate. Prices are exact numerics.

-- One row per market, symbol and UTC minute [bucket_start, bucket_start + 60 s).
CREATE TABLE intraday_bar_1m (
    market        text        NOT NULL,
    symbol        text        NOT NULL,
    bucket_start  timestamptz NOT NULL,
    open          numeric     NOT NULL,
    high          numeric     NOT NULL,
    low           numeric     NOT NULL,
    close         numeric     NOT NULL,
    volume        bigint      NOT NULL DEFAULT 0,
    tick_count    integer     NOT NULL,
    vwap          numeric,
    revision      integer     NOT NULL DEFAULT 0,   -- 0 when first written, +1 per late-tick revision
    written_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (market, symbol, bucket_start)
);
-- "what traded in this minute, across symbols" (the key serves market + symbol + time range)
CREATE INDEX intraday_bar_1m_bucket_idx ON intraday_bar_1m (bucket_start);

-- One final row per market, symbol and local session date, written at the close.
CREATE TABLE market_session (
    market        text        NOT NULL,
    symbol        text        NOT NULL,
    session_date  date        NOT NULL,
    opened_at     timestamptz NOT NULL,
    closed_at     timestamptz NOT NULL,
    open          numeric,
    high          numeric,
    low           numeric,
    close         numeric,
    volume        bigint      NOT NULL DEFAULT 0,
    vwap          numeric,
    prev_close    numeric,
    change        numeric,
    change_pct    numeric,
    range         numeric,
    high_at       timestamptz,
    low_at        timestamptz,
    tick_count    integer     NOT NULL DEFAULT 0,
    written_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (market, symbol, session_date)
);

-- Rolling 24-hour figures, one row per market, symbol and snapshot instant.
CREATE TABLE rolling_24h (
    market      text        NOT NULL,
    symbol      text        NOT NULL,
    as_of       timestamptz NOT NULL,
    open        numeric,
    high        numeric,
    low         numeric,
    close       numeric,
    volume      bigint      NOT NULL DEFAULT 0,
    change      numeric,
    change_pct  numeric,
    PRIMARY KEY (market, symbol, as_of)
);

-- The 52-week high and low per market and symbol, with when each was set.
CREATE TABLE week52_extreme (
    market      text        NOT NULL,
    symbol      text        NOT NULL,
    high        numeric,
    high_at     timestamptz,
    low         numeric,
    low_at      timestamptz,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (market, symbol)
);

-- Market clock events; (market, type, at) is unique so restarts and second instances write once.
CREATE TABLE market_event (
    id            bigserial   PRIMARY KEY,
    market        text        NOT NULL,
    type          text        NOT NULL CHECK (type IN ('MARKET_OPENED', 'MARKET_CLOSED')),
    at            timestamptz NOT NULL,
    session_date  date        NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (market, type, at)
);
CREATE INDEX market_event_market_at_idx ON market_event (market, at);
