// Who is signed in, as the host reads the client certificate (IdentityService.GetCaller): asked once per page
// load. A region's agency lands on its own pages without typing its code.
import { api } from './api.js';

let asked;

/** The caller ({ role, scope, name }), or null when the browser presented no certificate the host accepts. */
export function caller() {
  asked ??= api.caller().catch(() => null);
  return asked;
}

/** The caller's own region code when it is a region's agency; '' otherwise. */
export async function ownRegion() {
  const me = await caller();
  return me?.role === 'ROLE_REGION' ? me.scope : '';
}
