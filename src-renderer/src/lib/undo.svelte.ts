/**
 * Undo and redo of data changes, kept as pairs of inverse operations against the API (not as snapshots): an
 * edit is undone by writing the old values back, a delete by restoring the deleted ids, a pasted batch by deleting
 * what it added and writing back what it changed. Views register a listener to reload what they show afterwards.
 */
import { errorMessage } from './api';
import { toast } from './toasts.svelte';

export interface UndoEntry {
  /** What the change was, e.g. "Edit score of GPT-4 on MMLU". */
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

const LIMIT = 200;

class UndoStack {
  done = $state.raw<UndoEntry[]>([]);
  undone = $state.raw<UndoEntry[]>([]);
  busy = $state(false);
  private listeners = new Set<() => void>();

  get canUndo(): boolean {
    return this.done.length > 0 && !this.busy;
  }
  get canRedo(): boolean {
    return this.undone.length > 0 && !this.busy;
  }
  get undoLabel(): string | null {
    return this.done.at(-1)?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.undone.at(-1)?.label ?? null;
  }

  /** Record a change that has just been made; a new change makes the redo branch unreachable, so it is dropped. */
  push(entry: UndoEntry): void {
    this.done = [...this.done.slice(-(LIMIT - 1)), entry];
    this.undone = [];
  }

  /** Called after every undo or redo so views can reload. Returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async undo(): Promise<void> {
    const entry = this.done.at(-1);
    if (!entry || this.busy) return;
    this.busy = true;
    try {
      await entry.undo();
      this.done = this.done.slice(0, -1);
      this.undone = [...this.undone, entry];
      toast('success', `Undone: ${entry.label}`);
    } catch (e) {
      toast('error', `Could not undo "${entry.label}": ${errorMessage(e)}`);
    } finally {
      this.busy = false;
      this.listeners.forEach((fn) => fn());
    }
  }

  async redo(): Promise<void> {
    const entry = this.undone.at(-1);
    if (!entry || this.busy) return;
    this.busy = true;
    try {
      await entry.redo();
      this.undone = this.undone.slice(0, -1);
      this.done = [...this.done, entry];
      toast('success', `Redone: ${entry.label}`);
    } catch (e) {
      toast('error', `Could not redo "${entry.label}": ${errorMessage(e)}`);
    } finally {
      this.busy = false;
      this.listeners.forEach((fn) => fn());
    }
  }
}

export const undoStack = new UndoStack();
