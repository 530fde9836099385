-- Each model call of an example, priced at its own model's price (SQLite migration 0011): a JSON array beside the
-- row's totals. Rows recorded before keep NULL.
ALTER TABLE results ADD COLUMN model_calls text;
