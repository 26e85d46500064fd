-- written_at is when the row was written, not when its transaction began (a flush batch is one transaction):
-- it is what "how late did the bar land" is measured by.
ALTER TABLE intraday_bar_1m ALTER COLUMN written_at SET DEFAULT clock_timestamp();
