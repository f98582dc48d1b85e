import type { Detector } from '../../detector';

/** The sql category's code detectors (JS/TS, Python, text). Add each new detector module here. */
export const sqlDetectors: readonly Detector[] = [];
