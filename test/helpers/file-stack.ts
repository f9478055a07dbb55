import { startStack, type Stack, type StackOptions } from './stack';

/**
 * One stack for a whole test file: started before its tests (`onStart` receives it), closed after them, and before
 * each test its emulator emptied of recorded requests, stored records and fault rules.
 */
export function fileStack(options: StackOptions, onStart: (stack: Stack) => void): void {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
    onStart(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack!.emulator.clearRequests();
    stack!.emulator.store.reset();
    stack!.emulator.faults.clear();
  });
}
