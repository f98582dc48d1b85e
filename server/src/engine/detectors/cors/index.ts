import type { Detector } from '../../detector';
import { corsJs } from './cors-js';
import { corsPy } from './cors-py';
import { corsServerless } from './cors-serverless';

/** The cors category's code detectors (JS/TS, Python, text). Add each new detector module here. */
export const corsDetectors: readonly Detector[] = [corsJs, corsPy, corsServerless];
