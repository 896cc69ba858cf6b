/**
 * Saving an edit form: the one place that decides where a refusal is shown. Problems the server ties to a field
 * go next to that field; anything else becomes a single toast, so nothing is reported twice or not at all.
 */
import { ApiClientError, errorMessage } from './api';
import { issuesByField } from './fields';
import { toast } from './toasts.svelte';

/**
 * Run `send`; on success toast `saved(value)` and return the value. On failure hand the field issues to
 * `setIssues` (an empty object when there are none) and return null.
 */
export async function submitForm<T>(
  send: () => Promise<T>,
  setIssues: (issues: Record<string, string>) => void,
  saved: (value: T) => string,
): Promise<T | null> {
  try {
    const value = await send();
    toast('success', saved(value));
    return value;
  } catch (e) {
    const issues = e instanceof ApiClientError ? issuesByField(e.issues, null) : {};
    setIssues(issues);
    if (!Object.keys(issues).length) toast('error', `Could not save: ${errorMessage(e)}`);
    return null;
  }
}
