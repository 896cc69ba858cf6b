import type { ApiInput, ApiOutputs, Method } from '../../src-main/common/api';
import { ApiError, type Envelope } from '../../src-main/common/errors';
import { createDispatcher } from '../../src-main/core/dispatch';
import { createHandlers, type HandlerDeps } from '../../src-main/core/service';
import type { Workspace } from '../../src-main/core/workspace';

/** The API over a workspace, as a transport would call it: raw envelopes, and a typed call that throws. */
export function apiFor(ws: Workspace, deps: HandlerDeps = {}) {
  const dispatch = createDispatcher(createHandlers(() => ws, deps));
  return {
    raw: (method: string, arg: unknown): Promise<Envelope<unknown>> => dispatch(method, arg, { user: 'tester' }),
    async call<M extends Method>(method: M, arg: ApiInput<M>): Promise<ApiOutputs[M]> {
      const env = await dispatch(method, arg, { user: 'tester' });
      if (!env.ok) throw new ApiError(env.error.code, env.error.message, env.error.details);
      return env.value as ApiOutputs[M];
    },
  };
}

