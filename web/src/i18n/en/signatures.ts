import type { Messages } from '../vi';

/** Digital signatures: the verification page. */
export const signatures: Pick<Messages, 'signatures'> = {
  signatures: {
    title: 'Check digital signatures',
    subtitle: 'Choose a signed PDF (from I-Cabinet or another agency) to check each of its signatures.',
    choose: 'Choose a PDF…',
    empty: 'No file chosen yet.',
    checking: 'Checking "{{name}}"…',
    allValid_one: '"{{name}}": the digital signature is valid.',
    allValid_other: '"{{name}}": all {{count}} digital signatures are valid.',
    notAllValid_one: '"{{name}}": the digital signature is not valid — see the details below.',
    notAllValid_other:
      '"{{name}}": not every one of the {{count}} signatures is valid — see the details below.',
    noRoots:
      'No trusted root certificate is configured on the server (TRUSTED_ROOTS_DIR), so no signature can be trusted.',
    number: 'Signature {{index}}',
    unknownSigner: 'unknown signer',
    valid: '— valid',
    invalid: '— not valid',
    issuer: 'Certificate issuer',
    validity: 'Certificate validity',
    validityRange: 'from {{from}} to {{to}}',
    validAtSigning: '(valid when signed)',
    notValidAtSigning: '(not valid when signed)',
    signingTime: 'Signing time',
    noTime: 'no signing time recorded',
    changes: 'Changed after signing',
    unchanged: 'No: the document is as it was signed.',
    laterSignatures: 'Only later signers’ signatures were added.',
    changed: 'Yes: the document was changed after signing.',
    trust: 'Certificate chain',
    trusted: 'Leads to a trusted root certificate.',
    untrusted: 'Leads to none of the configured trusted roots.',
    sign: {
      title: 'Sign the invitation',
      subtitle:
        'The chair or a secretary signs the invitation with a certificate file (.p12/.pfx). The password is used for this signature only and never stored.',
      loading: 'Loading…',
      none: 'The invitation has not been signed yet.',
      signedBy: 'Signed by',
      signer: '{{name}} ({{role}}), at {{at}}',
      download: 'Download the signed invitation (PDF)',
      done: 'The invitation is signed.',
      chooseP12: 'Choose the certificate file…',
      noP12: 'No certificate file chosen.',
      password: 'Certificate password',
      submit: 'Sign',
      link: 'Sign the invitation',
    },
    signNotice: {
      title: 'Sign the conclusion notice',
      subtitle:
        'The chair signs the approved conclusion notice with a certificate file (.p12/.pfx). The office then issues exactly the signed copy. The password is used for this signature only and never stored.',
      none: 'The conclusion notice has not been signed yet.',
      download: 'Download the signed conclusion notice (PDF)',
      done: 'The conclusion notice is signed. The office can issue it.',
      notApproved:
        'The conclusion notice has not been approved by the chair (or is already signed or issued), so it cannot be signed.',
      back: 'Back to the meeting',
    },
    signMinutes: {
      title: 'Sign the minutes',
      subtitle:
        'The secretary and the chair each sign the approved minutes with a certificate file (.p12/.pfx); the later signature is added without invalidating the earlier one. The password is used for this signature only and never stored.',
      none: 'The minutes have not been signed yet.',
      download: 'Download the signed minutes (PDF)',
      done: 'The minutes are signed.',
      notApproved:
        'The minutes have not been approved by the chair (or are fully signed or issued), so they cannot be signed.',
    },
    problems: {
      byte_range_invalid: 'The signed byte range (ByteRange) is not valid.',
      cms_unreadable: 'The signature data (CMS) cannot be read.',
      digest_mismatch: 'The content digest does not match: the content was changed.',
      signature_invalid: 'The signature value does not match the certificate.',
      signer_certificate_missing: 'The signature does not carry the signer’s certificate.',
      certificate_expired_at_signing: 'The certificate had expired when the document was signed.',
      certificate_not_yet_valid_at_signing: 'The certificate was not yet valid when the document was signed.',
      changed_after_signing: 'The document was changed after signing.',
      untrusted_chain: 'The certificate was not issued by a trusted certification authority.',
      unsupported_algorithm: 'The signature algorithm is not supported.',
    },
  },
};
