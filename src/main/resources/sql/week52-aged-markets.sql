-- Markets holding an extreme set before the 52-week window's start: they are recomputed from history.
SELECT DISTINCT market FROM week52_extreme WHERE high_at < :#from OR low_at < :#from
