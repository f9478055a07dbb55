import type { ManagedAppRegistrationCreateItem, MutationCreateManagedAppRegistrationArgs, Resolvers } from '../__generated__/resolvers-types';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { RegistrationTarget } from '../graph/endpoints/managed-app-registrations';
import { createInBulk } from '../creates/bulk';
import { createOne } from '../creates/create';
import { REGISTRATION_CREATE, type RegistrationSend } from '../creates/kinds';
import { ManagedAppRegistrationCollection } from '../normalize/enums';
import { toGraphManagedAppRegistration } from '../normalize/managed-app-registration';
import type { ManagedAppRegistrationModel } from '../normalize/models';
import { readRegistration } from '../replies/read-reply';
import type { GatewayContext } from './context';
import { pageSize, toConnection } from './connection';

/** The arguments of one create as what it sends. */
function registrationSend(args: Pick<ManagedAppRegistrationCreateItem, 'input' | 'userId' | 'collection'>): RegistrationSend {
  return { target: registrationTarget(args), body: toGraphManagedAppRegistration(args.input) };
}

/** Where the arguments say to create the registration (contract §2). */
export function registrationTarget(args: Pick<MutationCreateManagedAppRegistrationArgs, 'userId' | 'collection'>): RegistrationTarget {
  const { userId, collection } = args;
  if (userId !== null && userId !== undefined) {
    if (collection !== null && collection !== undefined) {
      throw new GatewayError(
        ErrorCode.BAD_USER_INPUT,
        'Arguments "userId" and "collection" cannot be combined: a registration is created either under a user or in a top-level collection.',
      );
    }
    return { userId };
  }
  return { collection: collection === ManagedAppRegistrationCollection.ROOT ? 'root' : 'deviceAppManagement' };
}

/** A page of registrations (all, or one user's) as a connection. */
export async function registrationConnection(
  ctx: GatewayContext,
  userId: string | null | undefined,
  args: { first?: number | null; after?: string | null },
) {
  const page = await ctx.graph.listManagedAppRegistrations(userId, pageSize(args.first, ctx.pages), args.after ?? null);
  return toConnection(page, args.after, (body) => readRegistration(body, page.meta, 'read', ctx.log));
}

/** Federation: a registration by its key, through the request's loader. */
const resolveReference = (ref: { id: string }, ctx: GatewayContext): Promise<ManagedAppRegistrationModel | null> =>
  ctx.loaders.managedAppRegistration.load(ref.id);

/**
 * A reference that names a concrete type resolves only to a registration of
 * that type: @apollo/subgraph would otherwise label whatever Graph holds
 * with the type the caller named.
 */
const resolveReferenceOf =
  (typename: ManagedAppRegistrationModel['__typename']) =>
  async (ref: { id: string }, ctx: GatewayContext): Promise<ManagedAppRegistrationModel | null> => {
    const registration = await resolveReference(ref, ctx);
    return registration?.__typename === typename ? registration : null;
  };

export const managedAppRegistrationResolvers: Resolvers = {
  Query: {
    managedAppRegistration: (_parent, args, ctx) => ctx.loaders.managedAppRegistration.load(args.id),
    managedAppRegistrations: (_parent, args, ctx) => registrationConnection(ctx, args.userId, args),
  },
  Mutation: {
    createManagedAppRegistration: (_parent, args, ctx) => createOne(ctx, REGISTRATION_CREATE, args.idempotencyKey, registrationSend(args)),
    async createManagedAppRegistrations(_parent, args, ctx) {
      const entries = args.items.map((item) => ({ idempotencyKey: item.idempotencyKey, prepare: () => registrationSend(item) }));
      const results = await createInBulk(ctx, REGISTRATION_CREATE, entries);
      return results.map((result) => ('entity' in result ? { index: result.index, registration: result.entity } : result));
    },
  },
  ManagedAppRegistration: {
    __resolveType: (registration) => registration.__typename,
    __resolveReference: resolveReference,
  },
  AndroidManagedAppRegistration: { __resolveReference: resolveReferenceOf('AndroidManagedAppRegistration') },
  IosManagedAppRegistration: { __resolveReference: resolveReferenceOf('IosManagedAppRegistration') },
  WindowsManagedAppRegistration: { __resolveReference: resolveReferenceOf('WindowsManagedAppRegistration') },
  GenericManagedAppRegistration: { __resolveReference: resolveReferenceOf('GenericManagedAppRegistration') },
  ManagedAppRegistrationConnection: {
    nodes: (connection) => connection.edges.map((edge) => edge.node),
  },
  MobileAppIdentifier: {
    __resolveType: (identifier) => identifier.__typename,
  },
  ManagedAppRegistrationCreateResult: {
    __resolveType: (result) => ('code' in result ? 'CreateFailed' : 'ManagedAppRegistrationCreated'),
  },
  User: {
    __resolveReference: (ref) => ({ id: ref.id }),
    managedAppRegistrations: (user, args, ctx) => registrationConnection(ctx, user.id, args),
  },
};
