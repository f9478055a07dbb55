// src/normalize/reader.ts as tables: each JSON value Graph could send for a property, and exactly what the reader
// makes of it — the value, null, or the UPSTREAM_BAD_RESPONSE message that makes the whole answer unreadable.
import type { CallKind } from '../../src/errors/from-graph';
import type { GatewayError } from '../../src/errors/gateway-error';
import { badResponseError } from '../../src/graph/envelope';
import { ManagedAppFlaggedReason } from '../../src/normalize/enums';
import { GraphObjectReader, knownValues, UnreadableBodyError } from '../../src/normalize/reader';

const META = { status: 201, headers: { 'request-id': 'rid-1', date: 'Wed, 02 Dec 2026 10:00:00 GMT' }, clientRequestId: 'crid-1' };
const FLAGGED = knownValues(ManagedAppFlaggedReason);

/** Every unknown enum value the reader reported, in order (the loaders log each once per process). */
const reported: Array<{ enum: string; value: string }> = [];

function reader(body: unknown): GraphObjectReader {
  return GraphObjectReader.of(body, (enumName, value) => reported.push({ enum: enumName, value }), 'registration');
}

/** The gateway error the caller makes of what `read` throws, as the loaders do (undefined when it throws none). */
function thrown(read: () => unknown, kind: CallKind = 'read'): GatewayError | undefined {
  try {
    read();
    return undefined;
  } catch (error) {
    if (!(error instanceof UnreadableBodyError)) throw error;
    return badResponseError(META, META.clientRequestId, kind, error.what);
  }
}

/** What reading gives: the value, or the refusal's code and message. */
function outcome(read: () => unknown): unknown {
  let result: unknown;
  const error = thrown(() => (result = read()));
  return error === undefined ? { value: result } : { code: error.code, message: error.message };
}

const value = (v: unknown) => ({ value: v });
const unreadable = (what: string, where = 'registration') => ({
  code: 'UPSTREAM_BAD_RESPONSE',
  message: `Microsoft Graph answered 201 with ${what} (${where}).`,
});

describe('GraphObjectReader.of', () => {
  test.each<[string, unknown]>([
    ['null', null],
    ['an array', [{ id: 'a' }]],
    ['a string', '{"id":"a"}'],
    ['a number', 201],
    ['undefined', undefined],
  ])('refuses a body that is %s', (_what, body) => {
    expect(outcome(() => reader(body))).toEqual(unreadable('a body that is not a JSON object'));
  });

  test('says, for a create, that the record exists, and carries what is known of the answer', () => {
    const error = thrown(() => reader([]), 'create');
    expect(error?.message).toBe(
      'Microsoft Graph answered 201 with a body that is not a JSON object (registration). Graph accepted the create, so the record exists.',
    );
    expect({ code: error?.code, graph: error?.graph }).toEqual({
      code: 'UPSTREAM_BAD_RESPONSE',
      graph: { status: 201, code: null, message: null, requestId: 'rid-1', clientRequestId: 'crid-1', date: 'Wed, 02 Dec 2026 10:00:00 GMT' },
    });
  });
});

describe('string', () => {
  test.each<[string, Record<string, unknown>, unknown]>([
    ['a string', { k: 'Pixel 8' }, value('Pixel 8')],
    ['an empty string', { k: '' }, value('')],
    ['null', { k: null }, value(null)],
    ['missing', {}, value(null)],
    ['a number', { k: 5 }, unreadable('a non-string "k"')],
    ['a boolean', { k: false }, unreadable('a non-string "k"')],
    ['an object', { k: { v: 'x' } }, unreadable('a non-string "k"')],
    ['a list', { k: ['x'] }, unreadable('a non-string "k"')],
  ])('%s', (_what, body, expected) => {
    expect(outcome(() => reader(body).string('k'))).toEqual(expected);
  });
});

describe('requiredString', () => {
  test.each<[string, Record<string, unknown>, unknown]>([
    ['an id', { id: 'b7a1c0de' }, value('b7a1c0de')],
    ['an empty string', { id: '' }, unreadable('no "id"')],
    ['null', { id: null }, unreadable('no "id"')],
    ['missing', {}, unreadable('no "id"')],
    ['a number', { id: 7 }, unreadable('a non-string "id"')],
  ])('%s', (_what, body, expected) => {
    expect(outcome(() => reader(body).requiredString('id'))).toEqual(expected);
  });
});

describe('int32', () => {
  const notInt32 = unreadable('a "errorCode" that is not a 32-bit integer');
  test.each<[string, unknown, unknown]>([
    ['0', 0, value(0)],
    ['9', 9, value(9)],
    ['the smallest Int32', -2147483648, value(-2147483648)],
    ['the largest Int32', 2147483647, value(2147483647)],
    ['a whole float', 3.0, value(3)],
    ['null', null, value(null)],
    ['one past the largest', 2147483648, notInt32],
    ['one below the smallest', -2147483649, notInt32],
    ['a fraction', 1.5, notInt32],
    ['a numeric string', '9', notInt32],
    ['NaN', NaN, notInt32],
    ['Infinity', Infinity, notInt32],
    ['a boolean', true, notInt32],
  ])('%s', (_what, v, expected) => {
    expect(outcome(() => reader({ errorCode: v }).int32('errorCode'))).toEqual(expected);
  });

  test('missing is null', () => {
    expect(reader({}).int32('errorCode')).toBeNull();
  });
});

describe('enumValue and enumList', () => {
  beforeEach(() => {
    reported.length = 0;
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    ['a known value', { r: 'rootedDevice' }, value('rootedDevice')],
    ['null', { r: null }, value(null)],
    ['missing', {}, value(null)],
    ['the GraphQL spelling, which Graph never sends', { r: 'ROOTED_DEVICE' }, value('unknownFutureValue')],
    ['the sentinel itself, which is no Graph member here', { r: 'unknownFutureValue' }, value('unknownFutureValue')],
    ['a number', { r: 1 }, unreadable('a non-string "r"')],
  ])('enumValue: %s', (_what, body, expected) => {
    expect(outcome(() => reader(body).enumValue('r', FLAGGED, 'managedAppFlaggedReason'))).toEqual(expected);
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    ['missing', {}, value([])],
    ['null', { r: null }, value([])],
    ['empty', { r: [] }, value([])],
    ['known values, in order, repeats kept', { r: ['androidFactoryRomModified', 'none', 'none'] }, value(['androidFactoryRomModified', 'none', 'none'])],
    ['an unknown value among known ones', { r: ['rootedDevice', 'tamperedClock'] }, value(['rootedDevice', 'unknownFutureValue'])],
    ['a single string', { r: 'rootedDevice' }, unreadable('a "r" that is not a list of strings')],
    ['a list with a number', { r: ['none', 2] }, unreadable('a "r" that is not a list of strings')],
    ['a list with null', { r: [null] }, unreadable('a "r" that is not a list of strings')],
    ['an object', { r: { 0: 'none' } }, unreadable('a "r" that is not a list of strings')],
  ])('enumList: %s', (_what, body, expected) => {
    expect(outcome(() => reader(body).enumList('r', FLAGGED, 'managedAppFlaggedReason'))).toEqual(expected);
  });

  test('each unknown value is reported with its enum, every time it is read', () => {
    const r = reader({ a: 'jailbreakDetected', b: 'jailbreakDetected', c: 'clockSkew', list: ['jailbreakDetected', 'clockSkew'] });
    r.enumValue('a', FLAGGED, 'managedAppFlaggedReason');
    r.enumValue('b', FLAGGED, 'managedAppFlaggedReason');
    r.enumValue('a', FLAGGED, 'otherEnum');
    r.enumList('list', FLAGGED, 'managedAppFlaggedReason');
    r.enumValue('c', FLAGGED, 'managedAppFlaggedReason');
    expect(reported).toEqual([
      { enum: 'managedAppFlaggedReason', value: 'jailbreakDetected' },
      { enum: 'managedAppFlaggedReason', value: 'jailbreakDetected' },
      { enum: 'otherEnum', value: 'jailbreakDetected' },
      { enum: 'managedAppFlaggedReason', value: 'jailbreakDetected' },
      { enum: 'managedAppFlaggedReason', value: 'clockSkew' },
      { enum: 'managedAppFlaggedReason', value: 'clockSkew' },
    ]);
  });
});

describe('object_', () => {
  test.each<[string, Record<string, unknown>, unknown]>([
    ['null', { appIdentifier: null }, value(null)],
    ['missing', {}, value(null)],
    ['a list', { appIdentifier: [{ packageId: 'p' }] }, unreadable('a "appIdentifier" that is not an object')],
    ['a string', { appIdentifier: 'com.contoso.app' }, unreadable('a "appIdentifier" that is not an object')],
    ['a number', { appIdentifier: 1 }, unreadable('a "appIdentifier" that is not an object')],
  ])('%s', (_what, body, expected) => {
    expect(outcome(() => reader(body).object_('appIdentifier'))).toEqual(expected);
  });

  test('reads a nested object, and names where a bad value was', () => {
    const nested = reader({ appIdentifier: { packageId: 'com.contoso.app', version: 3 } }).object_('appIdentifier');
    expect(outcome(() => nested?.string('packageId'))).toEqual(value('com.contoso.app'));
    expect(outcome(() => nested?.string('version'))).toEqual(unreadable('a non-string "version"', 'registration.appIdentifier'));
    expect(outcome(() => nested?.raw('absent'))).toEqual(value(undefined));
  });
});

describe('knownValues', () => {
  test('is every Graph spelling of the enum, without the sentinel', () => {
    expect([...FLAGGED]).toEqual(['none', 'rootedDevice', 'androidBootloaderUnlocked', 'androidFactoryRomModified']);
    expect([...knownValues({ A: 'a', B: 'unknownFutureValue', C: 'c' })]).toEqual(['a', 'c']);
  });
});
