import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';

/**
 * Refuses an explicit `null` for a property Graph declares `Nullable="false"`
 * (contract §2, "Beyond the seeds"): Graph would refuse the whole create, so
 * the gateway says so first, naming the argument, and sends nothing.
 */
export function refuseExplicitNulls<T extends object>(input: T, keys: readonly (keyof T & string)[], graphType: string): void {
  for (const key of keys) {
    if (input[key] === null) {
      throw new GatewayError(
        ErrorCode.BAD_USER_INPUT,
        `Argument "input.${key}" cannot be null: Graph declares ${graphType}.${key} non-nullable. Leave it out instead.`,
      );
    }
  }
}

/** Refuses `UNKNOWN_FUTURE_VALUE` as an input value: it only stands for values Graph adds later (contract §3). */
export function refuseUnknownFutureValue(key: string, value: unknown, sentinel: string): void {
  if (value === sentinel) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "input.${key}" cannot be UNKNOWN_FUTURE_VALUE: it only stands for values Graph adds later.`);
  }
}
