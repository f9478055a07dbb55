import type { Resolvers } from '../__generated__/resolvers-types';
import { fromGraphMobileAppInstallStatus, toGraphMobileAppInstallStatus } from '../normalize/mobile-app-install-status';

export const mobileAppInstallStatusResolvers: Resolvers = {
  Mutation: {
    async createMobileAppInstallStatus(_parent, args, ctx) {
      const body = toGraphMobileAppInstallStatus(args.input);
      const reply = await ctx.graph.createMobileAppInstallStatus(args.mobileAppId, args.userAppInstallStatusId, body);
      return fromGraphMobileAppInstallStatus(reply.body, args.mobileAppId, reply, 'create', ctx.log);
    },
  },
};
