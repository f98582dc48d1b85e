import type { Detector } from '../../detector';
import { authJs } from './auth-js';
import { authPy } from './auth-py';

/** The auth category's code detectors (JS/TS, Python, text). Add each new detector module here. */
export const authDetectors: readonly Detector[] = [authJs, authPy];
