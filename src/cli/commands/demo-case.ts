/**
 * Demo case: a pelvis phantom from the test seed range (never seen in training) at twice the default voxel
 * pitch (4 × 4 × 5 mm) and a 4 mm dose grid, which keeps the whole run well under 30 s on two cores.
 * Its own module because both the descriptor (help text) and the implementation read it.
 */
export const DEMO_SEED = 7;
export const DEMO_SCALE = 2;
export const DEMO_DOSE_GRID_MM = 4;
