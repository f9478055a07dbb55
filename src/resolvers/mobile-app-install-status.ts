import type { MobileAppInstallStatusCreateItem, Resolvers } from '../__generated__/resolvers-types';
import { readInstallStatus } from '../loaders/read-reply';
import { toGraphMobileAppInstallStatus } from '../normalize/mobile-app-install-status';
import type { GatewayContext } from './context';
import { pageSize, toConnection } from './connection';
import type { MobileAppInstallStatusModel } from '../normalize/models';
import { createInBulk, type BulkPlan } from './bulk-create';
import { createOnce, KEYED_MUTATION } from './idempotent';

/** What one install status create sends: the same arguments give the same idempotency fingerprint, alone or in bulk. */
interface InstallStatusSend {
  readonly mobileAppId: string;
  readonly userAppInstallStatusId: string | null;
  readonly body: Record<string, unknown>;
}

function installStatusSend(args: Pick<MobileAppInstallStatusCreateItem, 'mobileAppId' | 'userAppInstallStatusId' | 'input'>): InstallStatusSend {
  return { mobileAppId: args.mobileAppId, userAppInstallStatusId: args.userAppInstallStatusId ?? null, body: toGraphMobileAppInstallStatus(args.input) };
}

/** contract §9 for install statuses: $batch through ctx.graph, each reply read as a single create's. */
const installStatusesInBulk = (ctx: GatewayContext): BulkPlan<InstallStatusSend, MobileAppInstallStatusModel> => ({
  mutation: KEYED_MUTATION.installStatus,
  send: (items) => ctx.graph.createMobileAppInstallStatuses(items),
  read: (reply, item) => readInstallStatus(reply.body, item.mobileAppId, reply, 'create', ctx.log),
});

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
      const sent = installStatusSend(args);
      return createOnce(ctx, KEYED_MUTATION.installStatus, args.idempotencyKey, sent, async (options) => {
        const reply = await ctx.graph.createMobileAppInstallStatus(sent.mobileAppId, sent.userAppInstallStatusId, sent.body, options);
        return readInstallStatus(reply.body, sent.mobileAppId, reply, 'create', ctx.log);
      });
    },
    async createMobileAppInstallStatuses(_parent, args, ctx) {
      const entries = args.items.map((item) => ({ idempotencyKey: item.idempotencyKey, prepare: () => installStatusSend(item) }));
      const results = await createInBulk(ctx, installStatusesInBulk(ctx), entries);
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
