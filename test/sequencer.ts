// Test order for a 2-core machine: the browser suites (each a whole stack plus Chromium) never run
// side by side. The first starts at once, next to the other files; the rest start only once every
// other file has been handed out, so two browsers never compete for the CPU and time out.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const BROWSER = /[\\/]apps[\\/]web[\\/]test[\\/]e2e[\\/]/;

export default class BrowserSuitesApart extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = sorted.filter((f) => BROWSER.test(f.moduleId));
    const rest = sorted.filter((f) => !BROWSER.test(f.moduleId));
    const [first, ...later] = browser;
    return [...(first ? [first] : []), ...rest, ...later];
  }
}
