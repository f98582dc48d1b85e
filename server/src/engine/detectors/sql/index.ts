import type { Detector } from '../../detector';
import { sqlJs } from './sql-js';
import { sqlPy } from './sql-py';
import { sqlText } from './sql-text';

/** The sql category's code detectors (JS/TS, Python, text). Add each new detector module here. */
export const sqlDetectors: readonly Detector[] = [sqlJs, sqlPy, sqlText];
