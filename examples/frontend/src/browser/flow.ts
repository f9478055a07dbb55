// The page's flow, written once against a small interface that Apollo Client
// (apollo.ts) and urql (urql.ts) each implement: create a registration and an
// install status, read both back, page the list, and provoke two typed errors.
// No DOM here, so the gateway's own tsconfig (no DOM lib) type-checks it too.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CreateManagedAppRegistrationDocument,
  CreateMobileAppInstallStatusDocument,
  GetManagedAppRegistrationDocument,
  GetMobileAppInstallStatusDocument,
  ListManagedAppRegistrationsDocument,
  type CreateManagedAppRegistrationMutation,
  type CreateMobileAppInstallStatusMutation,
  type GetManagedAppRegistrationQuery,
  type GetMobileAppInstallStatusQuery,
  type ListManagedAppRegistrationsQuery,
} from '../gql/graphql';
import { DEMO_INSTALL_STATUS, DEMO_REGISTRATION, PAGE_SIZE, SEEDED_MOBILE_APP_ID } from '../demo-data';
import { notInManifestDocument } from './persisted';

export type ClientName = 'apollo' | 'urql';

/** One GraphQL error as the page shows it: `extensions.code` is the gateway's error code. */
export interface PageGraphQLError {
  readonly message: string;
  readonly code: string | null;
  readonly path: ReadonlyArray<string | number> | null;
}

/**
 * Why an operation failed. `graphql`: the gateway answered with `errors`
 * (`status` is the HTTP status when the client exposes it). `network`: no
 * readable answer, e.g. Chromium's `TypeError: Failed to fetch` when CORS
 * blocks the request. `other`: anything else the client threw.
 */
export type PageError =
  | { readonly kind: 'graphql'; readonly errors: readonly PageGraphQLError[] }
  | { readonly kind: 'network'; readonly name: string; readonly message: string }
  | { readonly kind: 'other'; readonly name: string; readonly message: string };

export type Outcome<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: PageError };

/** What each client adapter provides: one call per operation kind, errors returned rather than thrown. */
export interface PageClient {
  readonly name: ClientName;
  query<TResult, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Outcome<TResult>>;
  mutate<TResult, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Outcome<TResult>>;
}

export interface ClientFactoryOptions {
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`; null sends no Authorization header at all. */
  readonly token: string | null;
  /**
   * Send each operation's trusted-document id (src/gql/persisted-documents.json) instead of its text, for a gateway
   * with TRUSTED_DOCUMENTS in enforce (see persisted.ts).
   */
  readonly trusted: boolean;
}

export type ClientFactory = (options: ClientFactoryOptions) => PageClient;

export interface FlowResult {
  readonly created: CreateManagedAppRegistrationMutation['createManagedAppRegistration'];
  readonly readBack: GetManagedAppRegistrationQuery['managedAppRegistration'];
  readonly pages: ReadonlyArray<ListManagedAppRegistrationsQuery['managedAppRegistrations']>;
  readonly installStatus: CreateMobileAppInstallStatusMutation['createMobileAppInstallStatus'];
  readonly installStatusReadBack: GetMobileAppInstallStatusQuery['mobileAppInstallStatus'];
  /** An install status under an app Graph does not have: expected to fail with NOT_FOUND. */
  readonly unknownApp: Outcome<CreateMobileAppInstallStatusMutation>;
  /** A read with no Authorization header, as a query (urql: GET): expected to fail. */
  readonly anonymousQuery: Outcome<GetManagedAppRegistrationQuery>;
  /** A create with no Authorization header (both clients: POST): expected to fail with UNAUTHENTICATED. */
  readonly anonymousMutation: Outcome<CreateManagedAppRegistrationMutation>;
  /** Only with `trusted`: a query whose id is not in the manifest, expected to fail with PERSISTED_QUERY_NOT_IN_LIST. */
  readonly notInManifest?: Outcome<unknown>;
}

/** The whole flow ran (`result`), or it stopped at the first step that failed. */
export type FlowRun =
  | { readonly client: ClientName; readonly ok: true; readonly result: FlowResult }
  | { readonly client: ClientName; readonly ok: false; readonly failedStep: string; readonly error: PageError };

/** What the page leaves on `globalThis` (window) for a test to read through page.evaluate. */
export interface PageGlobals {
  /** Set once every requested client has run, in the order asked for. */
  __results?: FlowRun[];
  /** Set instead when the page itself failed (a bad query string, a bug). */
  __pageError?: string;
}

/** An app id the emulator (and Graph) does not have. */
export const UNKNOWN_MOBILE_APP_ID = 'no-such-app';

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly error: PageError,
  ) {
    super(`${step} failed`);
  }
}

function need<T>(step: string, outcome: Outcome<T>): T {
  if (!outcome.ok) throw new StepFailed(step, outcome.error);
  return outcome.data;
}

/** Runs the flow with one client library; `createClient` is called once with the token and once without. */
export async function runFlow(name: ClientName, createClient: ClientFactory, options: { url: string; token: string; trusted: boolean }): Promise<FlowRun> {
  const client = createClient({ url: options.url, token: options.token, trusted: options.trusted });
  const anonymous = createClient({ url: options.url, token: null, trusted: options.trusted });
  try {
    const { createManagedAppRegistration: created } = need(
      'createManagedAppRegistration',
      await client.mutate(CreateManagedAppRegistrationDocument, { input: DEMO_REGISTRATION }),
    );
    const { managedAppRegistration: readBack } = need('managedAppRegistration', await client.query(GetManagedAppRegistrationDocument, { id: created.id }));

    const first = need('managedAppRegistrations(first)', await client.query(ListManagedAppRegistrationsDocument, { first: PAGE_SIZE }));
    const pages = [first.managedAppRegistrations];
    const after = first.managedAppRegistrations.pageInfo.endCursor;
    if (first.managedAppRegistrations.pageInfo.hasNextPage && after !== null) {
      const second = need('managedAppRegistrations(after)', await client.query(ListManagedAppRegistrationsDocument, { first: PAGE_SIZE, after }));
      pages.push(second.managedAppRegistrations);
    }

    const { createMobileAppInstallStatus: installStatus } = need(
      'createMobileAppInstallStatus',
      await client.mutate(CreateMobileAppInstallStatusDocument, { mobileAppId: SEEDED_MOBILE_APP_ID, input: DEMO_INSTALL_STATUS }),
    );
    const { mobileAppInstallStatus: installStatusReadBack } = need(
      'mobileAppInstallStatus',
      await client.query(GetMobileAppInstallStatusDocument, { mobileAppId: SEEDED_MOBILE_APP_ID, id: installStatus.id }),
    );

    const unknownApp = await client.mutate(CreateMobileAppInstallStatusDocument, { mobileAppId: UNKNOWN_MOBILE_APP_ID, input: DEMO_INSTALL_STATUS });
    const anonymousQuery = await anonymous.query(GetManagedAppRegistrationDocument, { id: created.id });
    const anonymousMutation = await anonymous.mutate(CreateManagedAppRegistrationDocument, { input: DEMO_REGISTRATION });
    const notInManifest = options.trusted ? { notInManifest: await client.query(await notInManifestDocument(), { first: 1 }) } : {};

    return {
      client: name,
      ok: true,
      result: { created, readBack, pages, installStatus, installStatusReadBack, unknownApp, anonymousQuery, anonymousMutation, ...notInManifest },
    };
  } catch (error) {
    if (error instanceof StepFailed) return { client: name, ok: false, failedStep: error.step, error: error.error };
    throw error;
  }
}

/** Reads `errors[i]` of a GraphQL response into the page's shape (the clients type `extensions` loosely). */
export function pageGraphQLError(error: { message: string; path?: ReadonlyArray<string | number> | undefined; extensions?: Record<string, unknown> | undefined }): PageGraphQLError {
  const code = error.extensions?.code;
  return { message: error.message, code: typeof code === 'string' ? code : null, path: error.path ?? null };
}

/** A thrown value as a PageError of the given kind (Chromium's fetch failure is a TypeError). */
export function thrownError(kind: 'network' | 'other', error: unknown): PageError {
  if (error instanceof Error) return { kind, name: error.name, message: error.message };
  return { kind, name: typeof error, message: String(error) };
}
