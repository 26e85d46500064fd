-- A source (or some of its symbols) delivers again: its open interruptions end. :symbol NULL ends every open
-- one of the source, the source-wide one and each symbol's. Ending twice changes nothing (only open rows).
UPDATE feed_interruption
   SET ended_at = GREATEST(started_at, CAST(:at AS timestamptz))
 WHERE source = :source AND ended_at IS NULL
   AND (CAST(:symbol AS text) IS NULL OR symbol = CAST(:symbol AS text))
