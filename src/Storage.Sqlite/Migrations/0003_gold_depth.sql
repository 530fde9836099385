-- Where the first gold document sits in the corpus (0 = first, 1 = last), for lost-in-the-middle and depth charts.
ALTER TABLE results ADD COLUMN gold_depth REAL;
