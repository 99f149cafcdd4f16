import type { ReactElement } from 'react';

/**
 * The viewer's name and unit repeated diagonally over a page, so a photo of the screen shows who
 * was looking. Purely visual (the downloaded copy is stamped by the server).
 */
export function Watermark({ text }: { text: string }): ReactElement {
  const lines = Array.from({ length: 8 }, (_, i) => i);
  return (
    <div className="watermark" aria-hidden="true" data-watermark={text}>
      {lines.map((i) => (
        <span key={i} className="watermark__line" style={{ top: `${i * 14 - 10}%` }}>
          {`${text}     ${text}     ${text}`}
        </span>
      ))}
    </div>
  );
}
