-- 1 when the answer came from the durable response cache (its latency is left out of latency statistics).
ALTER TABLE results ADD COLUMN cache_hit INTEGER;
