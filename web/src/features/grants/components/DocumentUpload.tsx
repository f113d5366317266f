import '@mantine/dropzone/styles.css';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { problemText } from '../../../lib/problem-text';
import { grantKeys, useUploadRules } from '../api/grants';
import { uploadDocument, type UploadHandle, type UploadTarget } from '../api/upload';
import { checkFile, formatBytes, uploadPercent } from '../upload-check';

type Item =
  | { key: number; name: string; size: number; state: 'sending'; percent: number; handle: UploadHandle }
  | { key: number; name: string; size: number; state: 'done' }
  | { key: number; name: string; size: number; state: 'refused'; message: string }
  | { key: number; name: string; size: number; state: 'stopped' };

let sequence = 0;

/**
 * Supporting documents dropped on the area or picked with its button, each sent on its own
 * with its progress. A file of the wrong type or above the service's limit is refused at once,
 * at that file, without being sent; a refusal by the service (e.g. content that is not what its
 * name says) shows its problem at that file. A stopped or refused upload leaves nothing behind:
 * the service keeps only a file that arrived whole and passed its checks.
 */
export function DocumentUpload({ target, label }: { target: UploadTarget; label: string }) {
  const { t } = useTranslation('grants');
  const { t: tAll } = useTranslation();
  const rules = useUploadRules();
  const client = useQueryClient();
  const openRef = useRef<() => void>(null);
  const [items, setItems] = useState<Item[]>([]);
  const live = useRef(new Set<UploadHandle>());
  useEffect(() => () => live.current.forEach((h) => h.abort()), []);

  const update = (key: number, next: Item) => setItems((all) => all.map((i) => (i.key === key ? next : i)));
  const limits = rules.data;

  const send = (files: File[]) => {
    if (!limits) return;
    for (const file of files) {
      const key = ++sequence;
      const base = { key, name: file.name, size: file.size };
      const check = checkFile(file, limits);
      if (!check.ok) {
        const message = t(`upload.refused.${check.code}`, { max: formatBytes(limits.maxBytes) });
        setItems((all) => [...all, { ...base, state: 'refused', message }]);
        continue;
      }
      const handle = uploadDocument(target, file, (loaded, total) =>
        setItems((all) => all.map((i) => (i.key === key && i.state === 'sending' ? { ...i, percent: uploadPercent(loaded, total) } : i))),
      );
      live.current.add(handle);
      setItems((all) => [...all, { ...base, state: 'sending', percent: 0, handle }]);
      handle.done
        .then(() => {
          update(key, { ...base, state: 'done' });
          void client.invalidateQueries({ queryKey: target.kind === 'statement' ? grantKeys.statement(target.id) : grantKeys.report(target.id) });
        })
        .catch((error: unknown) => {
          if (isProblem(error) && error.code === 'UPLOAD_ABORTED') update(key, { ...base, state: 'stopped' });
          else update(key, { ...base, state: 'refused', message: refusal(error) });
        })
        .finally(() => live.current.delete(handle));
    }
  };

  const refusal = (error: unknown): string => {
    if (!isProblem(error)) return tAll('pageError.body');
    const p: ApiProblem = error;
    if (p.code === 'DOCUMENT_TOO_LARGE' && limits) return t('upload.refused.TOO_LARGE', { max: formatBytes(limits.maxBytes) });
    return t(`upload.service.${p.code}`, { defaultValue: '' }) || problemText(tAll, p);
  };

  const hintId = `${label.replace(/\W+/g, '-')}-hint`;
  return (
    <Stack gap="xs">
      <Dropzone
        onDrop={send}
        openRef={openRef}
        activateOnClick={false}
        activateOnKeyboard={false}
        // The button inside must take clicks; the inner area ignores pointer events by default.
        enablePointerEvents
        disabled={!limits}
        p="sm"
      >
        <Group gap="sm" wrap="wrap">
          <Button variant="light" size="xs" onClick={() => openRef.current?.()} aria-label={`${t('upload.pick')}: ${label}`} aria-describedby={hintId} disabled={!limits}>
            {t('upload.pick')}
          </Button>
          <Text size="sm" id={hintId}>
            {t('upload.hint', { max: limits ? formatBytes(limits.maxBytes) : '…' })}
          </Text>
        </Group>
      </Dropzone>
      {items.length > 0 && (
        <ul aria-label={t('upload.listLabel', { label })} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((item) => (
            <li key={item.key} style={{ marginBottom: 6 }}>
              <Group gap="xs" wrap="nowrap" align="center">
                <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
                  {item.name}
                </Text>
                <Text size="xs" c="dimmed">
                  ({formatBytes(item.size)})
                </Text>
                {item.state === 'sending' && (
                  <>
                    <Progress value={item.percent} w={120} aria-label={t('upload.progress', { name: item.name })} />
                    <Text size="xs">{item.percent} %</Text>
                    <Button size="compact-xs" variant="subtle" onClick={() => item.handle.abort()} aria-label={`${t('upload.stop')}: ${item.name}`}>
                      {t('upload.stop')}
                    </Button>
                  </>
                )}
                {item.state === 'done' && (
                  <Text size="sm" fw={600} role="status">
                    ✓ {t('upload.done')}
                  </Text>
                )}
                {item.state === 'stopped' && (
                  <Text size="sm" role="status">
                    {t('upload.stopped')}
                  </Text>
                )}
              </Group>
              {item.state === 'refused' && (
                <Text size="sm" c="red.9" role="alert">
                  ✕ {t('upload.refusedAt', { name: item.name, message: item.message })}
                </Text>
              )}
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
