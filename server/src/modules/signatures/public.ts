/** What tests and benchmarks use of the signing core, without a server. */
export { signPdf } from './sign-pdf.js';
export { p12Credential, ExternalSigner, loadTrustedRoots, CredentialError } from './signers.js';
export { verifyPdf, findSignatures } from './verify.js';
export { addSignaturePlaceholder } from './pdf-increment.js';
export { invitationPdfWithArea, type InvitationContent } from '../official-documents/invitation.pdf.js';
export { minutesPdf, type MinutesContent } from '../official-documents/minutes.pdf.js';
export { readBlocks, writeBlocks, type Block } from '../minutes/minutes.blocks.js';
