import { GatewayError } from './gateway-error';

/** A GatewayError thrown for one item is that item's outcome; anything else is a bug and is thrown on. */
function itsOwn(error: unknown): GatewayError {
  if (!(error instanceof GatewayError)) throw error;
  return error;
}

/**
 * Many items, one call, and each item fails alone (contract §9; DataLoader's per-key results): `build` runs
 * for every item, and an item it throws a GatewayError for has that error as its outcome; the others go to
 * `send` together, in item order, and each result `send` gives back (a GatewayError is that item's) is `read`
 * for its item, a GatewayError thrown there again that item's alone. Anything else thrown rejects the whole.
 * `send` is called even with nothing left, so that what it checks first (the caller's token) still comes
 * first; it answers an empty list as it likes.
 */
export async function eachAlone<I, B, R, O>(
  items: readonly I[],
  build: (item: I) => B,
  send: (built: B[]) => Promise<ReadonlyArray<R | GatewayError>>,
  read: (result: R, item: I) => O,
): Promise<Array<O | GatewayError>> {
  const outcomes = new Array<O | GatewayError>(items.length);
  const built: B[] = [];
  const at: number[] = [];
  items.forEach((item, index) => {
    try {
      built.push(build(item));
      at.push(index);
    } catch (error) {
      outcomes[index] = itsOwn(error);
    }
  });
  (await send(built)).forEach((result, i) => {
    const index = at[i]!;
    try {
      outcomes[index] = result instanceof GatewayError ? result : read(result, items[index]!);
    } catch (error) {
      outcomes[index] = itsOwn(error);
    }
  });
  return outcomes;
}
