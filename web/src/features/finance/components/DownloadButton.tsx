import { Button, Group, Progress, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { fetchWithProgress, saveBlob, type DownloadProgress } from '../download';
import { FinanceProblem } from './FinanceProblem';

function kib(bytes: number): string {
  return (bytes / 1024).toLocaleString('nl-BE', { maximumFractionDigits: 1 });
}

/**
 * Downloads a file the service streams, showing the bytes as they arrive (a bar when the length
 * is known), then saves it from a Blob. A refusal is shown as the service's problem.
 */
export function DownloadButton({ url, label, fallbackName, disabled }: { url: string; label: string; fallbackName: string; disabled?: boolean }) {
  const { t } = useTranslation('finance');
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const abort = useRef<AbortController | null>(null);
  const busy = progress !== null;

  const start = async () => {
    setProblem(null);
    setDone(null);
    abort.current = new AbortController();
    setProgress({ received: 0, total: null });
    try {
      const { blob, fileName } = await fetchWithProgress(url, setProgress, abort.current.signal);
      const name = fileName ?? fallbackName;
      saveBlob(blob, name);
      setDone(t('download.done', { name, size: kib(blob.size) }));
    } catch (error) {
      // A download the user cancelled is not a problem to report.
      if (!abort.current.signal.aborted && isProblem(error)) setProblem(error);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div>
      <Group gap="sm">
        <Button onClick={() => void start()} loading={busy} disabled={disabled}>
          {label}
        </Button>
        {busy && (
          <Button variant="default" onClick={() => abort.current?.abort()}>
            {t('download.cancel')}
          </Button>
        )}
      </Group>
      <div role="status" aria-live="polite" style={{ marginTop: 8 }}>
        {progress && (
          <>
            <Text size="sm">{progress.total ? t('download.progressOf', { received: kib(progress.received), total: kib(progress.total) }) : t('download.progress', { received: kib(progress.received) })}</Text>
            {progress.total ? <Progress value={(100 * progress.received) / progress.total} aria-label={label} mt={4} /> : <Progress value={100} striped animated aria-label={label} mt={4} />}
          </>
        )}
        {done && <Text size="sm">{done}</Text>}
      </div>
      <FinanceProblem problem={problem} />
    </div>
  );
}
