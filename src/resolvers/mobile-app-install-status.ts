import type { Resolvers } from '../__generated__/resolvers-types';
import { readInstallStatus } from '../loaders/read-reply';
import { toGraphMobileAppInstallStatus } from '../normalize/mobile-app-install-status';
import type { GatewayContext } from './context';
import { pageSize, toConnection } from './connection';

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
    async createMobileAppInstallStatus(_parent, args, ctx) {
      const body = toGraphMobileAppInstallStatus(args.input);
      const reply = await ctx.graph.createMobileAppInstallStatus(args.mobileAppId, args.userAppInstallStatusId, body);
      return readInstallStatus(reply.body, args.mobileAppId, reply, 'create', ctx.log);
    },
  },
  MobileAppInstallStatus: {
    __resolveReference: (ref, ctx) => ctx.loaders.mobileAppInstallStatus.load({ mobileAppId: ref.mobileAppId, id: ref.id }),
  },
  MobileAppInstallStatusConnection: {
    nodes: (connection) => connection.edges.map((edge) => edge.node),
  },
  MobileApp: {
    __resolveReference: (ref) => ({ id: ref.id }),
    deviceStatuses: (app, args, ctx) => installStatusConnection(ctx, app.id, null, args),
  },
};
