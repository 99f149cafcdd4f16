import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { toDataURL } from 'qrcode';

/** A QR code of an address, drawn in the browser (nothing leaves the device). */
export function ViewerQr({ address, size = 240 }: { address: string; size?: number }): ReactElement {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    toDataURL(address, { margin: 1, width: size, errorCorrectionLevel: 'M' }).then(
      (url) => !gone && setSrc(url),
      () => !gone && setSrc(null),
    );
    return () => {
      gone = true;
    };
  }, [address, size]);
  return src ? (
    <img className="viewer-qr" src={src} width={size} height={size} alt={t('viewers.qrAlt')} />
  ) : (
    <span className="viewer-qr viewer-qr--empty" style={{ width: size, height: size }} />
  );
}
