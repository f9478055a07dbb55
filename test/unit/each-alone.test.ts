import { ErrorCode } from '../../src/errors/codes';
import { eachAlone } from '../../src/errors/each-alone';
import { GatewayError } from '../../src/errors/gateway-error';

const bad = (what: string) => new GatewayError(ErrorCode.BAD_USER_INPUT, what);

describe('eachAlone', () => {
  it('gives each item its own outcome: a build failure, a send failure, a read failure or the read result', async () => {
    const sent: string[][] = [];
    const outcomes = await eachAlone(
      ['a', '', 'b', 'c', 'd'],
      (id) => {
        if (id === '') throw bad('empty');
        return `/x/${id}`;
      },
      async (paths) => {
        sent.push(paths);
        return paths.map((path) => (path === '/x/b' ? bad('refused b') : path));
      },
      (path, id) => {
        if (id === 'c') throw bad('unreadable c');
        return `${path} read`;
      },
    );
    expect(sent).toEqual([['/x/a', '/x/b', '/x/c', '/x/d']]);
    expect(outcomes.map((o) => (o instanceof GatewayError ? `error: ${o.message}` : o))).toEqual([
      '/x/a read',
      'error: empty',
      'error: refused b',
      'error: unreadable c',
      '/x/d read',
    ]);
  });

  it('still calls send when every item failed to build, with nothing', async () => {
    const sent: string[][] = [];
    const outcomes = await eachAlone(
      [''],
      (): string => {
        throw bad('empty');
      },
      async (built) => {
        sent.push(built);
        return [];
      },
      (result: string) => result,
    );
    expect(sent).toEqual([[]]);
    expect(outcomes).toEqual([bad('empty')]);
  });

  it('rejects the whole on anything but a GatewayError (a bug)', async () => {
    const bug = new TypeError('bug');
    await expect(
      eachAlone(
        ['a'],
        (id) => id,
        async (ids) => ids,
        () => {
          throw bug;
        },
      ),
    ).rejects.toBe(bug);
  });
});
