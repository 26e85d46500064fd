-- Session figures are built from bars: they need when each bar's high and low were reached, and the exact
-- parts of its VWAP (Σ last × volume increase, and that volume), so a session's VWAP sums without rounding.
ALTER TABLE intraday_bar_1m
    ADD COLUMN high_at      timestamptz,
    ADD COLUMN low_at       timestamptz,
    ADD COLUMN price_volume numeric NOT NULL DEFAULT 0,
    ADD COLUMN vwap_volume  bigint  NOT NULL DEFAULT 0;
