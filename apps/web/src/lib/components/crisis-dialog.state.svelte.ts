/**
 * Opens the crisis card from anywhere (header link, Alt+S, the room's support button). One
 * instance per app through Svelte context. It must never report that someone opened it.
 */
import { getContext, setContext } from 'svelte';

export class CrisisDialogState {
  open = $state(false);
  show = () => {
    this.open = true;
  };
  hide = () => {
    this.open = false;
  };
}

const CRISIS_KEY = Symbol('respite-crisis');

export function provideCrisisDialog(): CrisisDialogState {
  return setContext(CRISIS_KEY, new CrisisDialogState());
}

export function useCrisisDialog(): CrisisDialogState {
  const state = getContext<CrisisDialogState | undefined>(CRISIS_KEY);
  if (!state) throw new Error('useCrisisDialog() needs the root layout to call provideCrisisDialog()');
  return state;
}
