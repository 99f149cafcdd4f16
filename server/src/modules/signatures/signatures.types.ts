/** Where a digital signature's visible block goes, in PDF points (see official-documents). */
export type { SignatureArea } from '../official-documents/invitation.pdf.js';
