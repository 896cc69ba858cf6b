/** Short-lived notices in the corner: successes fade quickly, errors stay long enough to read. */

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

let nextId = 1;

export const toasts = $state<{ list: Toast[] }>({ list: [] });

export function dismissToast(id: number): void {
  toasts.list = toasts.list.filter((t) => t.id !== id);
}

export function toast(kind: ToastKind, message: string): void {
  const id = nextId++;
  // Keep the pile short: a burst of errors should not cover the screen.
  toasts.list = [...toasts.list.slice(-3), { id, kind, message }];
  setTimeout(() => dismissToast(id), kind === 'error' ? 9000 : 3500);
}
