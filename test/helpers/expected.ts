// Exact values tests compare answers with: Apollo Server's CSRF refusal, and extensions.graph as the gateway builds it
// from an emulator answer (only the ids and dates Graph makes up are checked by shape).

/** Apollo Server's CSRF refusal message, word for word (it ends in a newline). */
export const CSRF_MESSAGE =
  "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header " +
  '(with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value ' +
  'for one of the following headers: authorization, apollo-require-preflight, x-apollo-operation-name\n';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** innerError.date: UTC with no zone and no fraction (graph-facts §4.1). */
export const INNER_ERROR_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
/** The Date header (graph-facts §4.4), which the gateway uses when Graph's body has no innerError.date. */
export const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/** extensions.graph for an error body the emulator sent, to the request that carried `clientRequestId`. */
export function graphDetail(status: number, code: string, message: string, clientRequestId: string): Record<string, unknown> {
  return { status, code, message, requestId: expect.stringMatching(UUID), clientRequestId, date: expect.stringMatching(INNER_ERROR_DATE) };
}
