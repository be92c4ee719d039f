/**
 * Opens the crisis card from anywhere (header link, Alt+S, the room's support button). One
 * instance per app through Svelte context. Outside a live room it reports to nobody that someone
 * opened it. Inside one, every support control does the same thing, as the group norms say: the
 * card opens at once and the room tells its facilitators (the room registers `whileInRoom`).
 */
import { getContext, setContext } from 'svelte';

export class CrisisDialogState {
  open = $state(false);
  #askRoom: (() => void) | null = null;
  /** Every support control: the card at once, and in a live room the facilitators are told. */
  show = () => {
    this.open = true;
    this.#askRoom?.();
  };
  /** The card alone, for a second look at support already asked for. */
  showCard = () => {
    this.open = true;
  };
  /** A live room page: every support control, while it is shown, also alerts its facilitators. Answers the undo. */
  whileInRoom = (askForSupport: () => void): (() => void) => {
    this.#askRoom = askForSupport;
    return () => {
      if (this.#askRoom === askForSupport) this.#askRoom = null;
    };
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
