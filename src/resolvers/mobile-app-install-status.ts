import type { MobileAppInstallStatusCreateItem, Resolvers } from '../__generated__/resolvers-types';
import { createInBulk } from '../creates/bulk';
import { createOne } from '../creates/create';
import { INSTALL_STATUS_CREATE, type InstallStatusSend } from '../creates/kinds';
import { toGraphMobileAppInstallStatus } from '../normalize/mobile-app-install-status';
import { readInstallStatus } from '../replies/read-reply';
import type { GatewayContext } from './context';
import { pageSize, toConnection } from './connection';

/** The arguments of one create as what it sends. */
function installStatusSend(args: Pick<MobileAppInstallStatusCreateItem, 'mobileAppId' | 'userAppInstallStatusId' | 'input'>): InstallStatusSend {
  return { mobileAppId: args.mobileAppId, userAppInstallStatusId: args.userAppInstallStatusId ?? null, body: toGraphMobileAppInstallStatus(args.input) };
}

/** A page of an app's install statuses as a connection. */
export async function installStatusConnection(
  ctx: GatewayContext,
  mobileAppId: string,
  userAppInstallStatusId: string | null | undefined,
  args: { first?: number | null; after?: string | null },
) {
  const page = await ctx.graph.listMobileAppInstallStatuses(mobileAppId, userAppInstallStatusId, pageSize(args.first, ctx.pages), args.after ?? null);
  return toConnection(page, args.after, (body) => readInstallStatus(body, mobileAppId, page.meta, 'read', ctx.log));
}

export const mobileAppInstallStatusResolvers: Resolvers = {
  Query: {
    mobileAppInstallStatus: (_parent, args, ctx) => ctx.loaders.mobileAppInstallStatus.load({ mobileAppId: args.mobileAppId, id: args.id }),
    mobileAppInstallStatuses: (_parent, args, ctx) => installStatusConnection(ctx, args.mobileAppId, args.userAppInstallStatusId, args),
  },
  Mutation: {
    createMobileAppInstallStatus: (_parent, args, ctx) => createOne(ctx, INSTALL_STATUS_CREATE, args.idempotencyKey, installStatusSend(args)),
    async createMobileAppInstallStatuses(_parent, args, ctx) {
      const entries = args.items.map((item) => ({ idempotencyKey: item.idempotencyKey, prepare: () => installStatusSend(item) }));
      const results = await createInBulk(ctx, INSTALL_STATUS_CREATE, entries);
      return results.map((result) => ('entity' in result ? { index: result.index, installStatus: result.entity } : result));
    },
  },
  MobileAppInstallStatus: {
    __resolveReference: (ref, ctx) => ctx.loaders.mobileAppInstallStatus.load({ mobileAppId: ref.mobileAppId, id: ref.id }),
  },
  MobileAppInstallStatusCreateResult: {
    __resolveType: (result) => ('code' in result ? 'CreateFailed' : 'MobileAppInstallStatusCreated'),
  },
  MobileAppInstallStatusConnection: {
    nodes: (connection) => connection.edges.map((edge) => edge.node),
  },
  MobileApp: {
    __resolveReference: (ref) => ({ id: ref.id }),
    deviceStatuses: (app, args, ctx) => installStatusConnection(ctx, app.id, null, args),
  },
};
