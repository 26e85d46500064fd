-- The interruption's backfill requests are made (or there was nothing to ask for): it is not planned again.
UPDATE feed_interruption SET backfill_planned_at = :at WHERE id = :id AND backfill_planned_at IS NULL
