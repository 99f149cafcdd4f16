import type { Messages } from '../vi';

/** The desktop shell (Electron) on the meeting room's tablets: first-run server address screen. */
export const kiosk: Pick<Messages, 'kioskSetup' | 'pairing' | 'tablet' | 'fleet' | 'pin' | 'wipe'> = {
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
  pairing: {
    title: 'Pair this tablet',
    subtitle:
      'The secretariat enters the code below on the "Meeting-room tablets" page (or scans the QR code) to assign this tablet to a room and seat.',
    codeLabel: 'Pairing code',
    qrAlt: 'QR code of the pairing code {{code}}',
    waiting: 'Waiting for the secretariat to pair it…',
    asking: 'Getting a pairing code…',
    expires: 'The code is valid until {{time}}; the tablet gets a new one when it expires.',
    storeFailed:
      'Paired, but this tablet cannot keep its device credential safely (the operating system has no encrypted key store). Tell the system administrator, then reload the page to pair again.',
  },
  tablet: {
    title: 'Meeting-room tablet',
    loading: 'Loading the meeting room…',
    place: '{{room}} · {{seat}}',
    when: 'Starts at {{time}}',
    pin: 'PIN',
    pinHint: '4 to 8 digits, set under "My account".',
    pinFormat: 'A PIN has 4 to 8 digits.',
    signIn: 'Sign in',
    noPin: 'You have not set a PIN: sign in with your password, then set one under "My account".',
    noDelegate: 'No delegate is seated here in this meeting. Please ask the secretariat.',
    noMeeting: 'There is no meeting in this room yet.',
    withPassword: 'Sign in with username and password',
    revokedTitle: 'Pairing needed',
    pairAgain: 'Pair again',
  },
  fleet: {
    title: 'Meeting-room tablets',
    subtitle: 'Tablets paired to a meeting room and seat, updated live.',
    pairTitle: 'Pair a new tablet',
    pairHint:
      'Open the app on the tablet to see its pairing code (6 characters). The room is the meeting location; the seat is the seat label given to the participant (e.g. "Ghế 05").',
    code: 'Pairing code',
    room: 'Meeting room',
    seat: 'Seat',
    pair: 'Pair',
    paired: 'Paired the tablet to {{room}} · {{seat}}.',
    listTitle: 'Tablets',
    loading: 'Loading the tablets…',
    empty: 'No tablet yet',
    emptyHint: 'Pair the first tablet with the code it shows.',
    columns: {
      room: 'Meeting room',
      seat: 'Seat',
      delegate: 'Delegate',
      state: 'State',
      lastSeen: 'Last contact',
      report: 'Reported',
    },
    revoked: 'Revoked',
    notPickedUp: 'Waiting for the tablet',
    online: 'Connected',
    offline: 'Disconnected',
    never: 'Never',
    noReport: 'No report yet',
    noDelegate: 'No delegate seated',
    noMeeting: 'No meeting',
    version: 'Version {{version}}',
    battery: 'Battery {{level}}%',
    batteryCharging: 'Battery {{level}}% (charging)',
    batteryUnknown: 'Battery: unknown',
    network: 'Network: {{type}}',
    networkUnknown: 'yes',
    networkOff: 'Offline',
    pack: {
      none: 'Offline pack not downloaded',
      downloading: 'Downloading pack {{percent}}%',
      ready: 'Ready offline',
      error: 'Offline pack failed',
    },
    revoke: 'Revoke',
    revokeTitle: 'Revoke this tablet?',
    revokeText:
      'The tablet at {{room}} · {{seat}} is disconnected at once, its sign-in ends and it must be paired again.',
  },
  pin: {
    title: 'Quick sign-in PIN',
    hint: 'Signs you in on the meeting-room tablet at your seat. A PIN has 4 to 8 digits; confirm with your current password.',
    pin: 'New PIN',
    currentPassword: 'Current password',
    save: 'Save PIN',
    clear: 'Remove PIN',
    saved: 'PIN saved.',
    cleared: 'PIN removed.',
  },
  wipe: {
    ended: 'The meeting has ended. The tablet is clearing its data as the meeting requires…',
    waiting_one:
      '{{count}} private notes layer has not reached the server yet. The tablet keeps the notes and waits for them to sync before clearing.',
    waiting_other:
      '{{count}} private notes layers have not reached the server yet. The tablet keeps the notes and waits for them to sync before clearing.',
    done: "The meeting's data has been cleared from this tablet.",
  },
};
