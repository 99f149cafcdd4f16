import type { Messages } from '../vi';

/** The desktop shell (Electron) on the meeting room's tablets: first-run server address screen. */
export const kiosk: Pick<Messages, 'kioskSetup'> = {
  kioskSetup: {
    tagline: 'Meeting room tablet',
    title: 'Connect to the server',
    subtitleFirst:
      "First use: enter the address of your organisation's I-Cabinet server. It is checked before it is saved.",
    subtitleChange: 'This tablet uses the address below. Change it if the server has moved.',
    address: 'Server address',
    hint: 'For example http://192.168.1.10:8080 or https://hop.hanoi.gov.vn — ask your system administrator.',
    submit: 'Check and save',
    checking: 'Checking the server…',
    connected: 'Connected to I-Cabinet (version {{version}}). Saving…',
    opening: 'Saved. Opening the I-Cabinet server (version {{version}})…',
    about: 'I-Cabinet app {{version}} · {{platform}}',
    noShell:
      'This page is only used in the I-Cabinet app installed on the meeting room tablets. In a browser you are already using this server directly.',
    change: 'Change the server address',
    toApp: 'Go to the home page',
    errors: {
      empty: 'Please enter the server address.',
      invalid:
        'This address is not valid. Enter it like http://192.168.1.10:8080 or https://hop.hanoi.gov.vn (without a user name or password).',
      unreachable:
        "Cannot reach the server {{address}}. Check the address, the port and the tablet's Wi-Fi, then try again.",
      notIcabinet:
        'The server {{address}} answers but is not an I-Cabinet server. Check the address and the port.',
      httpError:
        'The server {{address}} reports an error (code {{status}}). Try again in a few minutes or tell your system administrator.',
      notSaved:
        'The server address could not be saved on this tablet. Try again or tell your system administrator.',
    },
  },
};
