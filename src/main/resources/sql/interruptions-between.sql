-- Interruptions overlapping [:from, :to) that concern :symbol (its own, or source-wide ones); :symbol NULL:
-- all of them. An open interruption lasts until now. Cost: the time index; interruptions are few.
SELECT id, source, symbol, started_at, ended_at, reason
  FROM feed_interruption
 WHERE started_at < :to AND (ended_at IS NULL OR ended_at > :from)
   AND (CAST(:symbol AS text) IS NULL OR symbol IS NULL OR symbol = CAST(:symbol AS text))
 ORDER BY started_at, id
