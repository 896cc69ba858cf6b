import type { ApiInput, ApiOutputs, Method } from '../common/api';
import { ApiError } from '../common/errors';
import { createDispatcher } from '../core/dispatch';
import { createHandlers } from '../core/service';
import { closeWorkspace, openWorkspaceFile, type Workspace } from '../core/workspace';

export interface OpenedCli {
  ws: Workspace;
  /** Typed call through the same dispatcher the app uses; throws ApiError on failure. */
  call<M extends Method>(method: M, arg: ApiInput<M>): Promise<ApiOutputs[M]>;
  close(): void;
}

/** Open a workspace for a CLI command, whose calls then go through the validated API like the app's. */
export function openForCli(dbFile: string, user: string | null = process.env.USER ?? null): OpenedCli {
  const ws = openWorkspaceFile(dbFile);
  const dispatch = createDispatcher(createHandlers(() => ws), (m) => process.stderr.write(`${m}\n`));
  return {
    ws,
    async call(method, arg) {
      const env = await dispatch(method, arg, { user });
      if (!env.ok) throw new ApiError(env.error.code, env.error.message, env.error.details);
      return env.value as ApiOutputs[typeof method];
    },
    close: () => closeWorkspace(ws),
  };
}
