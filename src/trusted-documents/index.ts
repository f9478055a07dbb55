/**
 * Trusted documents (api-contract.md §13): an operation allow-list read from
 * manifest files and prepared once at start, and the per-request decision.
 * This module knows config, errors and graphql; the server passes in the
 * schema and its query limits, and acts on each Decision.
 */
export { type Carrier, CARRIER_MESSAGES, carrierFromBody, carrierFromSearchParams } from './carrier';
export { type AuditRecord, apqAllowed, BYPASS_HEADER, bypassGranted, type Decision, decide, type TrustedDocumentsOutcome, type TrustedRequest } from './decide';
export { loadTrustedDocuments, type TrustedDocumentList } from './list';
export { type PrepareOptions, type TrustedDocument } from './prepare';
export { isRouterOperation } from './router';
