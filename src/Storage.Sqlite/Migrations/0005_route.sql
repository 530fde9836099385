-- Self-Route: which pipeline answered each example (rag, or long-context after the reader declined).
ALTER TABLE results ADD COLUMN route TEXT;
