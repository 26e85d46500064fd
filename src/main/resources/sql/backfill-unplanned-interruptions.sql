-- Interruptions that ended at or before :settled (their minutes' trade bars are all written by now), no
-- older than :oldest, and not yet turned into backfill requests. Oldest first, a bounded batch.
SELECT id, source, symbol, started_at, ended_at, reason
  FROM feed_interruption
 WHERE backfill_planned_at IS NULL AND ended_at IS NOT NULL AND ended_at <= :settled AND ended_at > :oldest
 ORDER BY ended_at, id
 LIMIT 100
