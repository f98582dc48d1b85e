import type { Detector } from '../detector';
import { corsJs } from './cors/cors-js';

/**
 * Every built-in code detector. A detector is one module plus its rule entries in `rules/`
 * and their fixtures; `test/rules/conventions.test.ts` checks the three agree.
 */
export const DETECTORS: readonly Detector[] = [corsJs];
