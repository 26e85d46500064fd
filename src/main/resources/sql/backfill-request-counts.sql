-- The backfill's progress for health and metrics: requests waiting, requests given up, unsupported symbols.
SELECT (SELECT count(*) FROM backfill_request WHERE state = 'PENDING') AS pending,
       (SELECT count(*) FROM backfill_request WHERE state = 'FAILED')  AS failed,
       (SELECT count(*) FROM backfill_unsupported)                       AS unsupported
