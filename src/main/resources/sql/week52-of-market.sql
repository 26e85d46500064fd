-- A market's stored 52-week extremes (mirrored to Redis week52:{market}:{symbol}).
SELECT symbol, high, high_at, low, low_at FROM week52_extreme WHERE market = :#market
