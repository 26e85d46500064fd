-- Bars without holes (issue 15): where a bar came from, when a source was not delivering, what the backfill
-- asked Schwab and found, and which final session rows a backfill made it write again.

-- TRADES: built from trades by the engine. SCHWAB_HISTORY: Schwab's 1-minute candle, stored only where no
-- bar existed (sql/insert-history-bars.sql); a bar built from trades always replaces it (sql/upsert-bars-1m.sql).
ALTER TABLE intraday_bar_1m
    ADD COLUMN origin text NOT NULL DEFAULT 'TRADES' CHECK (origin IN ('TRADES', 'SCHWAB_HISTORY'));

-- A stretch of time in which a source was not delivering: the app down, the Schwab stream disconnected or
-- not logged in, the TOS export missing / unreadable / frozen. symbol NULL: every symbol of the source.
-- ended_at NULL: still going on.
CREATE TABLE feed_interruption (
    id          bigserial   PRIMARY KEY,
    source      text        NOT NULL,
    symbol      text,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    reason      text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    backfill_planned_at timestamptz,               -- when its backfill requests were made (once)
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- begin() is idempotent: one open interruption per source and symbol, and the same start recorded once.
CREATE UNIQUE INDEX feed_interruption_open_idx ON feed_interruption (source, COALESCE(symbol, '')) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX feed_interruption_start_idx ON feed_interruption (source, COALESCE(symbol, ''), started_at);
-- "which interruptions touch [from, to)" (coverage, backfill planning)
CREATE INDEX feed_interruption_time_idx ON feed_interruption (started_at, ended_at);

-- One backfill of one bar symbol over one UTC range [range_from, range_to), from an interruption or from an
-- operator's request. The worker takes PENDING rows whose next_attempt_at has come.
CREATE TABLE backfill_request (
    id              bigserial   PRIMARY KEY,
    symbol          text        NOT NULL,
    range_from      timestamptz NOT NULL,
    range_to        timestamptz NOT NULL,
    scope           text        NOT NULL CHECK (scope IN ('INTERRUPTED', 'ALL')),
    interruption_id bigint      REFERENCES feed_interruption (id) ON DELETE SET NULL,
    requested_by    text        NOT NULL,
    state           text        NOT NULL DEFAULT 'PENDING'
                                CHECK (state IN ('PENDING', 'DONE', 'FAILED', 'UNSUPPORTED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    bars_filled     integer     NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (range_to > range_from)
);
CREATE INDEX backfill_request_due_idx ON backfill_request (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX backfill_request_symbol_idx ON backfill_request (symbol, range_from);
-- an interruption is planned once per symbol
CREATE UNIQUE INDEX backfill_request_interruption_idx ON backfill_request (interruption_id, symbol)
    WHERE interruption_id IS NOT NULL;

-- Symbols whose history Schwab does not serve: reported once, then no longer asked for automatically.
CREATE TABLE backfill_unsupported (
    symbol        text        PRIMARY KEY,
    schwab_symbol text        NOT NULL,
    reason        text        NOT NULL,
    found_at      timestamptz NOT NULL
);

-- A final session row a backfill changed is written again: revision counts the rewrites (0: as finalized).
ALTER TABLE market_session ADD COLUMN revision integer NOT NULL DEFAULT 0;

-- Cross-check: a Schwab CHART_EQUITY / CHART_FUTURES minute bar that disagrees with ours (or that we lack).
CREATE TABLE bar_mismatch (
    market        text        NOT NULL,
    symbol        text        NOT NULL,
    bucket_start  timestamptz NOT NULL,
    fields        text        NOT NULL,          -- which of open, high, low, close, volume, bar disagreed
    ours          jsonb,                          -- our bar's O/H/L/C/V (null: we have no bar)
    theirs        jsonb       NOT NULL,           -- Schwab's chart bar
    found_at      timestamptz NOT NULL,
    PRIMARY KEY (market, symbol, bucket_start)
);
-- Every chart bar compared, agreeing or not, so an agreement rate per symbol and day can be given.
CREATE TABLE bar_check (
    market        text        NOT NULL,
    symbol        text        NOT NULL,
    bucket_start  timestamptz NOT NULL,
    agrees        boolean     NOT NULL,
    checked_at    timestamptz NOT NULL,
    PRIMARY KEY (market, symbol, bucket_start)
);
