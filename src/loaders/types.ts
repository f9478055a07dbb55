import type DataLoader from 'dataloader';
import type { ManagedAppRegistrationModel, MobileAppInstallStatusModel } from '../normalize/models';

export interface InstallStatusKey {
  readonly mobileAppId: string;
  readonly id: string;
}

/**
 * Entity loaders for one GraphQL request. Create them per request: they
 * cache by key for that request only, and the caller's token is bound in
 * `graph` (nothing is shared between callers).
 */
export interface Loaders {
  readonly managedAppRegistration: DataLoader<string, ManagedAppRegistrationModel | null>;
  readonly mobileAppInstallStatus: DataLoader<InstallStatusKey, MobileAppInstallStatusModel | null, string>;
}
