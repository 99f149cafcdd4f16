import { useEffect, useState, type ReactElement } from 'react';
import { toDataURL } from 'qrcode';

/** A QR code drawn in the browser (nothing leaves the device). */
export function CodeQr({
  text,
  alt,
  size = 200,
}: {
  text: string;
  alt: string;
  size?: number;
}): ReactElement {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    toDataURL(text, { margin: 1, width: size, errorCorrectionLevel: 'M' }).then(
      (url) => !gone && setSrc(url),
      () => !gone && setSrc(null),
    );
    return () => {
      gone = true;
    };
  }, [text, size]);
  return src ? (
    <img className="pair__qr" src={src} width={size} height={size} alt={alt} />
  ) : (
    <span className="pair__qr" style={{ width: size, height: size }} />
  );
}
