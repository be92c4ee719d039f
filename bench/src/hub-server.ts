/**
 * The hub under test, as its own process: this wrapper starts the event-loop probe (the hub has no
 * metrics endpoint yet) and then imports the hub's real entry, apps/hub/src/index.ts, configured
 * only through the environment the parent sets. It changes nothing in the hub.
 */
import { startServerProbe } from './server-probe';

startServerProbe();
void import('../../apps/hub/src/index');
