-- Streaming measurements and usage detail: time to first token, our token count beside a server-reported one, and
-- how the context was cut to fit a model's window.
ALTER TABLE results ADD COLUMN ttft_ms REAL;
ALTER TABLE results ADD COLUMN tokenizer_input_tokens INTEGER;
ALTER TABLE results ADD COLUMN context_note TEXT;
