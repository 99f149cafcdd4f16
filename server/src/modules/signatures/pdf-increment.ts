import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { deflateContentStreams, useNativeFlate } from '../official-documents/decree30.pdf.js';
import { subsetFontkit } from '../official-documents/subset-fontkit.js';
import { drawAppearance, type AppearanceContent } from './appearance.js';
import type { SignatureArea } from './signatures.types.js';

/** Bytes reserved for the CMS signature (hex doubles it): room for a chain of four 4096-bit certificates. */
export const SIGNATURE_BYTES = 16_384;

export interface PlaceholderInput {
  area: SignatureArea;
  /** The field's name, unique in the document (`ChuKy1`, `ChuKy2`…). */
  fieldName: string;
  signingTime: Date;
  /** ASCII text for the signature dictionary (/Name, /Reason); the visible block has the Vietnamese. */
  name: string;
  reason: string;
  location: string;
  appearance: AppearanceContent;
}

const enc = (s: string): Buffer => Buffer.from(s, 'latin1');

/** The offset after the last `startxref` of a PDF: where its newest cross-reference section starts. */
function lastStartXref(pdf: Buffer): number {
  const at = pdf.lastIndexOf('startxref');
  const m = at >= 0 ? /^startxref\s+(\d+)/.exec(pdf.subarray(at, at + 40).toString('latin1')) : null;
  if (!m?.[1]) throw new Error('no startxref');
  return Number(m[1]);
}

/** The largest /Size any cross-reference section of the file declares. */
function declaredSize(pdf: Buffer): number {
  let max = 0;
  for (const m of pdf.toString('latin1').matchAll(/\/Size\s+(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * Adds an empty signature field with its visible block to `pdf` as an **incremental update**: the
 * original bytes stay as they are (a signature already in them stays valid), and the new and
 * changed objects (signature dictionary, widget, appearance, the page, the catalog and its form)
 * are appended with a cross-reference section that points back to the previous one. The
 * placeholder is @signpdf's (`pdflibAddPlaceholder`), filled afterwards by `SignPdf.sign`.
 */
export async function addSignaturePlaceholder(pdf: Buffer, input: PlaceholderInput): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.registerFontkit(subsetFontkit);
  const context = doc.context;
  useNativeFlate(context);
  // pdf-lib does not keep the object and cross-reference streams it read, so its largest number
  // may be below theirs: new objects must start above every number the file used (/Size).
  context.largestObjectNumber = Math.max(context.largestObjectNumber, declaredSize(pdf) - 1);
  const before = context.largestObjectNumber;
  const page = doc.getPages()[input.area.page];
  if (!page) throw new Error(`page ${input.area.page} is not in the document`);
  const catalogRef = context.trailerInfo.Root;
  if (!(catalogRef instanceof PDFRef)) throw new Error('the catalog is not an indirect object');

  // An AcroForm whose Fields array is indirect would lose its earlier fields in the placeholder
  // code (it replaces a non-array): inline it first, so every earlier signature stays listed.
  const acroFormEntry = doc.catalog.get(PDFName.of('AcroForm'));
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (acroForm) {
    const fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
    if (fields) acroForm.set(PDFName.of('Fields'), fields);
  }

  const { x, y, width, height } = input.area;
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: page,
    reason: input.reason,
    contactInfo: '',
    name: input.name,
    location: input.location,
    signingTime: input.signingTime,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    widgetRect: [x, y, x + width, y + height],
    appName: 'I-Cabinet',
  });

  // The widget just added is the page's last annotation: give it its own name and the visible block.
  const annots = page.node.lookup(PDFName.of('Annots'), PDFArray);
  const widgetRef = annots.get(annots.size() - 1);
  const widget = context.lookup(widgetRef, PDFDict);
  widget.set(PDFName.of('T'), PDFString.of(input.fieldName));
  const stream = await drawAppearance(doc, { width, height }, input.appearance);
  widget.set(PDFName.of('AP'), context.obj({ N: stream }));
  await doc.flush();
  // The visible block (a new form XObject) compressed natively, as the fonts it embeds.
  deflateContentStreams(context, (ref) => ref.objectNumber > before);

  const changed = new Map<number, PDFRef>();
  const touch = (ref: PDFRef) => changed.set(ref.objectNumber, ref);
  touch(page.ref);
  touch(catalogRef);
  if (acroFormEntry instanceof PDFRef) touch(acroFormEntry);
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (ref.objectNumber > before) touch(ref);
  }

  const parts: Buffer[] = [pdf];
  let offset = pdf.length;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) push(enc('\n'));
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const ref of [...changed.values()].sort((a, b) => a.objectNumber - b.objectNumber)) {
    const obj: PDFObject | undefined = context.lookup(ref);
    if (!obj) continue;
    offsets.set(ref.objectNumber, { offset, gen: ref.generationNumber });
    const body = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    push(enc(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    push(Buffer.from(body));
    push(enc('\nendobj\n'));
  }

  // A classic cross-reference section, one subsection per run of consecutive object numbers.
  const xrefAt = offset;
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  let xref = 'xref\n';
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] ?? 0) + 1) j++;
    xref += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const e = offsets.get(numbers[k] ?? -1);
      if (e) xref += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  const trailer = context.obj({
    Size: context.largestObjectNumber + 1,
    Root: catalogRef,
    Prev: lastStartXref(pdf),
  });
  if (context.trailerInfo.Info) trailer.set(PDFName.of('Info'), context.trailerInfo.Info);
  if (context.trailerInfo.ID) trailer.set(PDFName.of('ID'), context.trailerInfo.ID);
  push(enc(`${xref}trailer\n${trailer.toString()}\nstartxref\n${xrefAt}\n%%EOF\n`));
  return Buffer.concat(parts);
}
