import type { Detector } from '../../detector';

/** The secret category's code detectors (JS/TS, Python, text). Add each new detector module here. */
export const secretDetectors: readonly Detector[] = [];
