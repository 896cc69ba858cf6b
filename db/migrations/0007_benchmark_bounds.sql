-- Benchmarks without an upper bound, version 7.
-- An Elo rating, a time horizon in minutes or a count of solved tasks has a floor but no ceiling: there is no
-- "headroom" to forecast. bounded = 0 marks such a benchmark; its ceiling column then holds a placeholder
-- (floor + 1, since the column is NOT NULL and must differ from the floor) that no analysis reads: saturation,
-- headroom and the range checks look at bounded first. Every existing benchmark keeps its ceiling (bounded = 1).
ALTER TABLE benchmarks ADD COLUMN bounded INTEGER NOT NULL DEFAULT 1 CHECK (bounded IN (0, 1));
