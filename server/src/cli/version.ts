import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare const __REDLINE_VERSION__: string | undefined;

/** Redline's version: injected by the bundler, else read from package.json (running from sources). */
export function toolVersion(): string {
  if (typeof __REDLINE_VERSION__ === 'string') return __REDLINE_VERSION__;
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
