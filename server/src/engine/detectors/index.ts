import type { Detector } from '../detector';
import { authDetectors } from './auth';
import { corsDetectors } from './cors';
import { secretDetectors } from './secret';
import { sqlDetectors } from './sql';

/**
 * Every built-in code detector, by category. A detector is one module plus its rule entries in
 * `rules/` and their fixtures; `test/rules/conventions.test.ts` checks the three agree.
 */
export const DETECTORS: readonly Detector[] = [...secretDetectors, ...sqlDetectors, ...corsDetectors, ...authDetectors];
