/**
 * State shared by every view: which view is shown, the workspace, and the model and benchmark lists that
 * selects and grids need. Lists are refreshed after writes that change them, never polled.
 */
import type { Benchmark, Model, WorkspaceInfo } from '../../../src-main/common/domain';
import { call, errorMessage } from './api';
import { dropDashboardPrefetch } from './prefetch';
import { toast } from './toasts.svelte';

export const VIEWS = [
  { id: 'overview', label: 'Dashboard' },
  { id: 'results', label: 'Results' },
  { id: 'log', label: 'Log release' },
  { id: 'benchmarks', label: 'Benchmarks' },
  { id: 'models', label: 'Models' },
  { id: 'import', label: 'Import/Export' },
  { id: 'compare', label: 'Compare' },
  { id: 'reports', label: 'Reports' },
  { id: 'flags', label: 'Flags' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export const app = $state<{
  view: ViewId;
  info: WorkspaceInfo | null;
  loadError: string | null;
  /** The analyst chose "Start empty" (or left the welcome screen some other way) for this workspace. */
  welcomeDismissed: boolean;
  showShortcuts: boolean;
  /** Filter the Results view should open with (set by "View in Results" links), consumed once. */
  resultsFilter: { modelId?: number; benchmarkId?: number } | null;
}>({ view: 'overview', info: null, loadError: null, welcomeDismissed: false, showShortcuts: false, resultsFilter: null });

/** Model and benchmark lists; $state.raw because they are replaced whole on refresh and can be long. */
class Lists {
  models = $state.raw<Model[]>([]);
  benchmarks = $state.raw<Benchmark[]>([]);
  /** False until the first refresh answers (views that must not wait for the lists can tell "empty" from "not yet"). */
  loaded = $state(false);
}
export const lists = new Lists();

export function isEmptyWorkspace(info: WorkspaceInfo | null): boolean {
  if (!info) return false;
  const c = info.counts;
  return c.models === 0 && c.benchmarks === 0 && c.results === 0 && c.organizations === 0 && c.subtasks === 0;
}

let infoLoads = 0;

export async function refreshInfo(): Promise<void> {
  // The first load is the app's start; any later one follows a write or a switch of workspace.
  if (infoLoads++ > 0) dropDashboardPrefetch();
  try {
    app.info = await call('workspace/info', {});
    app.loadError = null;
  } catch (e) {
    app.loadError = errorMessage(e);
  }
}

export async function refreshLists(): Promise<void> {
  try {
    const [m, b] = await Promise.all([call('models/list', {}), call('benchmarks/list', {})]);
    lists.models = m;
    lists.benchmarks = b;
    lists.loaded = true;
  } catch (e) {
    toast('error', `Could not load models and benchmarks: ${errorMessage(e)}`);
  }
}

/** After any write: counts on the top bar and the lists used by selects. */
export async function refreshAll(): Promise<void> {
  await Promise.all([refreshInfo(), refreshLists()]);
}

export function go(view: ViewId): void {
  app.view = view;
  app.welcomeDismissed = true;
}
