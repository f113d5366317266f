import { Anchor, Button, Group, Loader, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import type { SupportingDocument } from '../api/finance';
import { fetchWithProgress } from '../download';
import { FinanceProblem } from './FinanceProblem';

/**
 * A supporting document shown in the page: the service sends documents as attachments and
 * forbids framing them, so the bytes are fetched with the session and shown from a blob: URL
 * (the page's CSP allows blob: frames and images), PDFs in a frame, images as images.
 */
export function DocumentViewer({ document }: { document: SupportingDocument }) {
  const { t } = useTranslation('finance');
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    let created: string | null = null;
    setProblem(null);
    fetchWithProgress(document.contentUrl, () => undefined, abort.signal)
      .then(({ blob }) => {
        created = URL.createObjectURL(blob);
        setUrl(created);
      })
      .catch((error: unknown) => {
        if (isProblem(error)) setProblem(error);
      });
    return () => {
      abort.abort();
      if (created) URL.revokeObjectURL(created);
      setUrl(null);
    };
  }, [open, document.contentUrl]);

  // The beneficiary's upload sends the file name as the description; saying it twice helps no one.
  const label = document.description && document.description !== document.fileName ? `${document.fileName} (${document.description})` : document.fileName;
  return (
    <div>
      <Group gap="sm">
        <Button variant="light" size="xs" aria-expanded={open} onClick={() => setOpen((o) => !o)} aria-label={`${open ? t('documents.hide') : t('documents.show')}: ${label}`}>
          {open ? t('documents.hide') : t('documents.show')}
        </Button>
        <Text size="sm">{label}</Text>
        <Anchor size="sm" href={document.contentUrl} aria-label={`${t('documents.download')}: ${document.fileName}`}>
          {t('documents.download')}
        </Anchor>
      </Group>
      {open && (
        <div style={{ marginTop: 8 }}>
          <FinanceProblem problem={problem} />
          {!url && !problem && <Loader size="sm" aria-label={t('documents.loading')} />}
          {url &&
            (document.contentType === 'application/pdf' ? (
              <iframe src={url} title={t('documents.frameTitle', { name: document.fileName })} style={{ width: '100%', height: 480, border: '1px solid #868e96' }} />
            ) : (
              <img src={url} alt={t('documents.imageAlt', { name: label })} style={{ maxWidth: '100%', maxHeight: 480, border: '1px solid #868e96' }} />
            ))}
        </div>
      )}
    </div>
  );
}
