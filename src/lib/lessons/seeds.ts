// The seeds a lesson is measured on. The first is every preset's own seed (what the lab runs), so the
// report's first column is what a user sees; the others are fixed so that a rerun picks the same ones.
export const LESSON_SEEDS: readonly number[] = [1234, 1, 2, 3, 4];
