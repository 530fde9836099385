-- Each model call of an example, priced at its own model's price (Self-Route's reader call and its long-context
-- fallback are two): a JSON array beside the row's totals. Rows recorded before keep NULL.
ALTER TABLE results ADD COLUMN model_calls TEXT;
