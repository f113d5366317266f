import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { formatInstant } from '../../../lib/format';
import { applicationKeys } from '../api/applications';

/**
 * The save state of one section: the last problem (kept until the next attempt), when it was
 * last saved, and `reload`, which fetches what the server has now after a stale save.
 */
export function useSectionSave(id: string) {
  const client = useQueryClient();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const run = useCallback(async <T,>(save: () => Promise<T>): Promise<T | undefined> => {
    setProblem(null);
    try {
      const result = await save();
      setSavedAt(formatInstant(new Date()).slice(11));
      return result;
    } catch (error) {
      setProblem(isProblem(error) ? error : null);
      if (!isProblem(error)) throw error;
      return undefined;
    }
  }, []);
  const reload = useCallback(async () => {
    // The proposal, its budget and its summary share one version: refetch them all. The
    // problem stays shown until the fresh version is in, so its going means the form has it.
    await client.refetchQueries({ queryKey: applicationKeys.one(id) });
    setProblem(null);
  }, [client, id]);
  /** The version the next save is based on: the latest the client has seen. */
  const version = useCallback(() => client.getQueryData<{ version: number }>(applicationKeys.one(id))?.version ?? 0, [client, id]);
  return { problem, setProblem, savedAt, run, reload, version };
}
