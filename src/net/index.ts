/** Outbound requests to caller-supplied URLs (remote assets, webhooks) under an SSRF guard. */
export { AddressBlockedError, assertAddressAllowed, DEFAULT_ADDRESS_POLICY, nonPublicReason } from './address-policy.ts';
export type { AddressPolicy } from './address-policy.ts';
export { FetchError, guardedLookup, guardedRequest } from './guarded-request.ts';
export type { FetchFailureReason, GuardedRequestOptions, GuardedResponse } from './guarded-request.ts';
export { fetchToFile } from './fetch-to-file.ts';
export type { FetchedFile } from './fetch-to-file.ts';
export { resolvePinnedTarget, systemResolver } from './pinned-target.ts';
export type { PinnedTarget, ResolvedAddress, Resolver } from './pinned-target.ts';
