import type { Resolvers } from '../__generated__/resolvers-types';
import { ManagedAppFlaggedReason, ManagedAppRegistrationCollection, ResultantAppState, ResultantAppStateDetail } from '../normalize/enums';
import { managedAppRegistrationResolvers } from './managed-app-registration';
import { mobileAppInstallStatusResolvers } from './mobile-app-install-status';
import { DateTimeOffset } from './scalars';

/** Every resolver, merged; the enums' internal values are Graph's spellings. */
export const resolvers: Resolvers = {
  ...managedAppRegistrationResolvers,
  ...mobileAppInstallStatusResolvers,
  Query: {
    gatewayInfo: (_parent, _args, ctx) => ctx.info,
    ...managedAppRegistrationResolvers.Query,
    ...mobileAppInstallStatusResolvers.Query,
  },
  Mutation: {
    ...managedAppRegistrationResolvers.Mutation,
    ...mobileAppInstallStatusResolvers.Mutation,
  },
  DateTimeOffset,
  ManagedAppFlaggedReason,
  ManagedAppRegistrationCollection,
  ResultantAppState,
  ResultantAppStateDetail,
};
