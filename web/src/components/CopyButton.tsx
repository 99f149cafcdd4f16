import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The Clipboard API needs a secure context; on plain http inside the city network fall back.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Copies a value (a temporary password) and confirms it in place. */
export function CopyButton({ text }: { text: string }): ReactElement {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      icon={copied ? 'check' : 'copy'}
      onClick={() => {
        void copyText(text).then((ok) => {
          setCopied(ok);
          if (ok) setTimeout(() => setCopied(false), 2500);
        });
      }}
    >
      {copied ? t('common.copied') : t('common.copy')}
    </Button>
  );
}
