/**
 * Crisis alerts that reach a facilitator of the group, or the on-call role, outside the room: the
 * hub sends `crisis:escalated` when no facilitator of the session is in it. Listening here is what
 * tells the hub this screen shows the alert (the `seen` answer), so only a page that renders the
 * list may listen. Holds aliases and group names only, in memory, never stored.
 */
import type { EscalatedAlertView } from '@respite/protocol';
import type { RespiteSocket } from '$lib/realtime/socket-client';
import { playAlertChime } from './alert-sound';

export class EscalatedAlerts {
  alerts = $state<EscalatedAlertView[]>([]);

  /** Starts showing this socket's escalated alerts; answers the function that stops. */
  listen(socket: RespiteSocket): () => void {
    const onEscalated = (alert: EscalatedAlertView, seen: (shown: true) => void) => {
      if (!this.alerts.some((open) => open.alertId === alert.alertId)) {
        this.alerts = [alert, ...this.alerts];
        playAlertChime();
      }
      seen(true);
    };
    socket.on('crisis:escalated', onEscalated);
    return () => socket.off('crisis:escalated', onEscalated);
  }

  dismiss = (alertId: string) => {
    this.alerts = this.alerts.filter((alert) => alert.alertId !== alertId);
  };
}
