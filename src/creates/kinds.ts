import type { GraphPath, GraphReply } from '../graph/client';
import { registrationsPath, type RegistrationTarget } from '../graph/endpoints/managed-app-registrations';
import { deviceStatusesPath } from '../graph/endpoints/mobile-app-install-statuses';
import type { ManagedAppRegistrationModel, MobileAppInstallStatusModel } from '../normalize/models';
import type { Logger } from '../observability/logger';
import { readInstallStatus, readRegistration } from '../replies/read-reply';

/** What one create sends: its target and its Graph body. Equal sends are the same arguments (contract §10's fingerprint), alone or in bulk. */
export interface CreateSend {
  readonly body: Record<string, unknown>;
}

/** What tells the creates of one entity apart, as data: createOne and createInBulk read nothing else. */
export interface CreateKind<S extends CreateSend, M> {
  /**
   * The single create's mutation: its idempotency scope (contract §10). A bulk item shares it: a key names one
   * record whichever mutation sends it, so an item repeated alone after a failed bulk create (or the other way
   * round) cannot make a second record.
   */
  readonly mutation: string;
  /** Where `sent` is POSTed; throws BAD_USER_INPUT for an id that cannot be a path segment. */
  readonly path: (sent: S) => GraphPath;
  /** The entity of a 2xx reply (throws UPSTREAM_BAD_RESPONSE when it cannot be read). */
  readonly read: (reply: GraphReply, sent: S, log: Logger) => M;
}

export interface RegistrationSend extends CreateSend {
  readonly target: RegistrationTarget;
}

export interface InstallStatusSend extends CreateSend {
  readonly mobileAppId: string;
  readonly userAppInstallStatusId: string | null;
}

export const REGISTRATION_CREATE: CreateKind<RegistrationSend, ManagedAppRegistrationModel> = {
  mutation: 'createManagedAppRegistration',
  path: (sent) => registrationsPath(sent.target),
  read: (reply, _sent, log) => readRegistration(reply.body, reply, 'create', log),
};

export const INSTALL_STATUS_CREATE: CreateKind<InstallStatusSend, MobileAppInstallStatusModel> = {
  mutation: 'createMobileAppInstallStatus',
  path: (sent) => deviceStatusesPath(sent.mobileAppId, sent.userAppInstallStatusId),
  read: (reply, sent, log) => readInstallStatus(reply.body, sent.mobileAppId, reply, 'create', log),
};
