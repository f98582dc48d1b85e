import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point that VS Code's extension host calls (`--extensionTestsPath`): runs the suite with
 * mocha and rejects when a test fails.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.addFile(join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
