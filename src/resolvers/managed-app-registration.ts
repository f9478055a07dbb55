import type { MutationCreateManagedAppRegistrationArgs, Resolvers } from '../__generated__/resolvers-types';
import { BadUserInputError } from '../errors/gateway-error';
import type { RegistrationTarget } from '../graph/endpoints/managed-app-registrations';
import { ManagedAppRegistrationCollection } from '../normalize/enums';
import { fromGraphManagedAppRegistration, toGraphManagedAppRegistration } from '../normalize/managed-app-registration';

/** Where the arguments say to create the registration (contract §2). */
export function registrationTarget(args: Pick<MutationCreateManagedAppRegistrationArgs, 'userId' | 'collection'>): RegistrationTarget {
  const { userId, collection } = args;
  if (userId !== null && userId !== undefined) {
    if (collection !== null && collection !== undefined) {
      throw new BadUserInputError(
        'Arguments "userId" and "collection" cannot be combined: a registration is created either under a user or in a top-level collection.',
      );
    }
    return { userId };
  }
  return { collection: collection === ManagedAppRegistrationCollection.ROOT ? 'root' : 'deviceAppManagement' };
}

export const managedAppRegistrationResolvers: Resolvers = {
  Mutation: {
    async createManagedAppRegistration(_parent, args, ctx) {
      const target = registrationTarget(args);
      const reply = await ctx.graph.createManagedAppRegistration(target, toGraphManagedAppRegistration(args.input));
      return fromGraphManagedAppRegistration(reply.body, reply, 'create', ctx.log);
    },
  },
  ManagedAppRegistration: {
    __resolveType: (registration) => registration.__typename,
  },
  MobileAppIdentifier: {
    __resolveType: (identifier) => identifier.__typename,
  },
};
