import type { Detector } from '../../detector';
import { connectionStringCredential } from './connection-string';
import { hardcodedJs } from './hardcoded-js';
import { hardcodedPy } from './hardcoded-py';
import { hardcodedText } from './hardcoded-text';
import { providerCredential } from './provider-credential';

/**
 * The secret category's code detectors (JS/TS, Python, text). Add each new detector module here.
 *
 * Order matters within a run: the JS/TS and Python detectors run in their family's walk first
 * and hand their trees to the raw-text detectors (provider patterns, connection strings), which
 * run afterwards and need the trees to build syntax-aware fixes. All of them share one raw-text
 * scan per run (`scan.ts`).
 */
export const secretDetectors: readonly Detector[] = [hardcodedJs, hardcodedPy, providerCredential, connectionStringCredential, hardcodedText];
