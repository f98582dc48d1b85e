import type { Detector } from '../../detector';

/** The auth category's code detectors (JS/TS, Python, text). Add each new detector module here. */
export const authDetectors: readonly Detector[] = [];
