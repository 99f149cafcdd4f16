import { describe, expect, it } from 'vitest';
import { authorize, effectiveClassification, type Permission, type Subject } from './permissions.js';

const roles = ['admin', 'secretary', 'member'] as const;

describe('authorize', () => {
  it.each([
    ['users:manage', { admin: true, secretary: false, member: false }],
    ['units:manage', { admin: true, secretary: false, member: false }],
    ['audit:read', { admin: true, secretary: false, member: false }],
    ['users:read', { admin: true, secretary: true, member: false }],
    ['units:read', { admin: true, secretary: true, member: true }],
  ] as const)('grants %s by system role only', (permission, expected) => {
    for (const role of roles) {
      expect(authorize({ systemRole: role }, permission), `${role} ${permission}`).toBe(expected[role]);
      // A meeting role never widens an administrative permission.
      expect(authorize({ systemRole: role, meetingRole: 'chair' }, permission)).toBe(expected[role]);
    }
  });

  const meetingCases: [Subject, 'public' | 'internal' | 'confidential', boolean][] = [
    [{ systemRole: 'member', meetingRole: null }, 'public', false],
    [{ systemRole: 'member', meetingRole: 'delegate' }, 'confidential', true],
    [{ systemRole: 'member', meetingRole: 'observer' }, 'internal', true],
    [{ systemRole: 'secretary', meetingRole: null }, 'internal', true],
    [{ systemRole: 'secretary', meetingRole: null }, 'confidential', false],
    [{ systemRole: 'secretary', meetingRole: 'secretary' }, 'confidential', true],
    [{ systemRole: 'admin', meetingRole: null }, 'confidential', true],
  ];
  it.each(meetingCases)('lets %o view and join a %s meeting: %s', (subject, confidentiality, expected) => {
    for (const p of ['meeting:view', 'meeting:join'] as Permission[]) {
      expect(authorize(subject, p, { confidentiality })).toBe(expected);
    }
  });

  it('lets only admins and secretaries create meetings', () => {
    expect(authorize({ systemRole: 'admin' }, 'meeting:create')).toBe(true);
    expect(authorize({ systemRole: 'secretary' }, 'meeting:create')).toBe(true);
    expect(authorize({ systemRole: 'member' }, 'meeting:create')).toBe(false);
    // Chairing one meeting does not let a member create others.
    expect(authorize({ systemRole: 'member', meetingRole: 'chair' }, 'meeting:create')).toBe(false);
  });

  const editCases: [Subject, 'public' | 'internal' | 'confidential', boolean][] = [
    [{ systemRole: 'admin', meetingRole: null }, 'confidential', true],
    [{ systemRole: 'member', meetingRole: 'chair' }, 'confidential', true],
    [{ systemRole: 'member', meetingRole: 'secretary' }, 'internal', true],
    [{ systemRole: 'member', meetingRole: 'delegate' }, 'public', false],
    [{ systemRole: 'member', meetingRole: 'guest' }, 'public', false],
    [{ systemRole: 'member', meetingRole: 'observer' }, 'public', false],
    [{ systemRole: 'member', meetingRole: null }, 'public', false],
    [{ systemRole: 'secretary', meetingRole: null }, 'internal', true],
    [{ systemRole: 'secretary', meetingRole: null }, 'confidential', false],
    [{ systemRole: 'secretary', meetingRole: 'delegate' }, 'confidential', false],
    [{ systemRole: 'secretary', meetingRole: 'secretary' }, 'confidential', true],
  ];
  it.each(editCases)('lets %o edit a %s meeting: %s', (subject, confidentiality, expected) => {
    expect(authorize(subject, 'meeting:edit', { confidentiality })).toBe(expected);
  });

  type Who = [string, Subject];
  const who: Record<string, Subject> = {
    admin: { systemRole: 'admin', meetingRole: null },
    sysSecretary: { systemRole: 'secretary', meetingRole: null },
    chair: { systemRole: 'member', meetingRole: 'chair' },
    meetingSecretary: { systemRole: 'member', meetingRole: 'secretary' },
    voter: { systemRole: 'member', meetingRole: 'delegate', votingRight: true },
    nonVoter: { systemRole: 'member', meetingRole: 'delegate', votingRight: false },
    guest: { systemRole: 'member', meetingRole: 'guest', votingRight: false },
    observer: { systemRole: 'member', meetingRole: 'observer' },
    outsider: { systemRole: 'member', meetingRole: null },
  };
  const openMatrix: Record<'participants' | 'voting' | 'organisers', string[]> = {
    participants: [
      'admin',
      'sysSecretary',
      'chair',
      'meetingSecretary',
      'voter',
      'nonVoter',
      'guest',
      'observer',
    ],
    voting: ['admin', 'sysSecretary', 'chair', 'meetingSecretary', 'voter'],
    organisers: ['admin', 'sysSecretary', 'chair', 'meetingSecretary'],
  };
  it.each(Object.entries(openMatrix))('opens a document for %s: exactly %j', (openBy, allowed) => {
    for (const [name, subject] of Object.entries(who) as Who[]) {
      const resource = {
        confidentiality: 'internal' as const,
        documentAccess: { openBy: openBy as 'participants', download: true },
      };
      expect(authorize(subject, 'document:open', resource), `${name} ${openBy}`).toBe(allowed.includes(name));
      expect(authorize(subject, 'document:download', resource), `${name} ${openBy}`).toBe(
        allowed.includes(name),
      );
    }
  });

  it('lets only organisers download a document whose classification forbids downloads', () => {
    const resource = {
      confidentiality: 'internal' as const,
      documentAccess: { openBy: 'participants' as const, download: false },
    };
    const downloaders = (Object.entries(who) as Who[])
      .filter(([, s]) => authorize(s, 'document:download', resource))
      .map(([n]) => n);
    expect(downloaders).toEqual(['admin', 'sysSecretary', 'chair', 'meetingSecretary']);
    expect(authorize(who.voter!, 'document:open', resource)).toBe(true);
  });

  it('keeps a system secretary outside a confidential meeting away from its documents', () => {
    const resource = {
      confidentiality: 'confidential' as const,
      documentAccess: { openBy: 'participants' as const, download: true },
    };
    expect(authorize(who.sysSecretary!, 'document:open', resource)).toBe(false);
    expect(authorize(who.voter!, 'document:open', resource)).toBe(true);
  });

  describe('annotations', () => {
    type Row = [Subject, { read: boolean; shared: boolean; private: boolean }];
    const internal = { confidentiality: 'internal' as const };
    const matrix: Row[] = [
      [
        { systemRole: 'member', meetingRole: 'chair' },
        { read: true, shared: true, private: true },
      ],
      [
        { systemRole: 'member', meetingRole: 'secretary' },
        { read: true, shared: true, private: true },
      ],
      [
        { systemRole: 'member', meetingRole: 'delegate' },
        { read: true, shared: false, private: true },
      ],
      [
        { systemRole: 'member', meetingRole: 'guest' },
        { read: true, shared: false, private: true },
      ],
      [
        { systemRole: 'member', meetingRole: 'observer' },
        { read: true, shared: false, private: false },
      ],
      [
        { systemRole: 'member', meetingRole: null },
        { read: false, shared: false, private: false },
      ],
      [
        { systemRole: 'secretary', meetingRole: null },
        { read: true, shared: true, private: true },
      ],
      [
        { systemRole: 'admin', meetingRole: 'observer' },
        { read: true, shared: false, private: false },
      ],
      [
        { systemRole: 'admin', meetingRole: null },
        { read: true, shared: true, private: true },
      ],
    ];
    it.each(matrix)('gives %o on an internal meeting: %o', (subject, expected) => {
      expect(authorize(subject, 'annotation:read', internal)).toBe(expected.read);
      expect(authorize(subject, 'annotation:write-shared', internal)).toBe(expected.shared);
      expect(authorize(subject, 'annotation:write-private', internal)).toBe(expected.private);
    });

    it('lets the current presenter mark up the shared layer, but never an observer', () => {
      const delegate: Subject = { systemRole: 'member', meetingRole: 'delegate' };
      expect(authorize(delegate, 'annotation:write-shared', { ...internal, isPresenter: true })).toBe(true);
      const observer: Subject = { systemRole: 'member', meetingRole: 'observer' };
      expect(authorize(observer, 'annotation:write-shared', { ...internal, isPresenter: true })).toBe(false);
    });

    it('opens the shared layer to every participant but observers when the meeting allows it', () => {
      const open = { ...internal, sharedAnnotationsOpen: true };
      expect(
        authorize({ systemRole: 'member', meetingRole: 'delegate' }, 'annotation:write-shared', open),
      ).toBe(true);
      expect(
        authorize({ systemRole: 'member', meetingRole: 'observer' }, 'annotation:write-shared', open),
      ).toBe(false);
      expect(authorize({ systemRole: 'member', meetingRole: null }, 'annotation:write-shared', open)).toBe(
        false,
      );
    });

    it('keeps the layers of a document the caller may not open closed', () => {
      const votersOnly = { ...internal, documentAccess: { openBy: 'voting' as const, download: true } };
      const nonVoter: Subject = { systemRole: 'member', meetingRole: 'delegate', votingRight: false };
      for (const p of ['annotation:read', 'annotation:write-shared', 'annotation:write-private'] as const)
        expect(authorize(nonVoter, p, { ...votersOnly, sharedAnnotationsOpen: true })).toBe(false);
      const outsider: Subject = { systemRole: 'secretary', meetingRole: null };
      expect(authorize(outsider, 'annotation:read', { confidentiality: 'confidential' })).toBe(false);
    });
  });

  describe('drafts', () => {
    const meetingScoped: Permission[] = [
      'meeting:view',
      'meeting:join',
      'document:open',
      'document:download',
      'annotation:read',
      'annotation:write-private',
      'room:speak',
      'room:checkin',
    ];
    // Who sees a draft of an internal meeting: those who prepare it, and nobody else, whatever their role.
    const table: [string, boolean][] = [
      ['admin', true],
      ['sysSecretary', true],
      ['chair', true],
      ['meetingSecretary', true],
      ['voter', false],
      ['nonVoter', false],
      ['guest', false],
      ['observer', false],
      ['outsider', false],
    ];
    it.each(table)('shows a draft to %s: %s', (name, expected) => {
      const subject = who[name]!;
      const draft = { confidentiality: 'internal' as const, status: 'draft' as const };
      const published = { ...draft, status: 'published' as const };
      for (const p of ['meeting:view', 'meeting:join', 'document:open', 'annotation:read'] as Permission[])
        expect(authorize(subject, p, draft), `${name} ${p}`).toBe(expected);
      // Published, every participant sees it again.
      expect(authorize(subject, 'meeting:view', published)).toBe(name !== 'outsider');
      if (!expected)
        for (const p of meetingScoped) expect(authorize(subject, p, draft), `${name} ${p}`).toBe(false);
    });

    it('leaves system permissions alone', () => {
      expect(authorize({ systemRole: 'member' }, 'units:read', { status: 'draft' })).toBe(true);
      expect(authorize({ systemRole: 'secretary' }, 'meeting:create', { status: 'draft' })).toBe(true);
    });
  });

  describe('effective classification: the stricter of the meeting and the document', () => {
    const own = { openBy: 'participants' as const, download: true, watermark: false };
    it.each([
      ['public', false, false],
      ['internal', false, false],
      ['confidential', false, true],
      ['internal', true, true],
      ['confidential', true, true],
    ] as const)(
      'a %s meeting with a document asking watermark=%s stamps downloads: %s',
      (c, wm, expected) => {
        const effective = effectiveClassification(c, { ...own, watermark: wm });
        expect(effective).toEqual({ ...own, watermark: expected });
      },
    );
  });

  describe('showing a document to the room', () => {
    const doc = (openBy: 'participants' | 'voting' | 'organisers') => ({
      confidentiality: 'internal' as const,
      documentAccess: { openBy, download: true },
    });
    type Row = [string, boolean, 'participants' | 'voting' | 'organisers', boolean];
    const rows: Row[] = [
      ['chair', false, 'participants', true],
      ['chair', false, 'voting', false],
      ['chair', false, 'organisers', false],
      ['voter', true, 'participants', true],
      ['voter', true, 'organisers', false],
      ['nonVoter', true, 'voting', false],
      ['voter', false, 'participants', false],
      ['observer', false, 'participants', false],
      ['outsider', true, 'participants', false],
      ['admin', false, 'participants', true],
    ];
    it.each(rows)(
      'lets %s (presenting: %s) show a document open to %s: %s',
      (name, isPresenter, openBy, ok) => {
        expect(authorize(who[name]!, 'room:show-document', { ...doc(openBy), isPresenter })).toBe(ok);
      },
    );

    it('lets only organisers watch invitation replies', () => {
      const watchers = (Object.entries(who) as Who[])
        .filter(([, s]) => authorize(s, 'invitations:watch', { confidentiality: 'internal' }))
        .map(([n]) => n);
      expect(watchers).toEqual(['admin', 'sysSecretary', 'chair', 'meetingSecretary']);
    });
  });

  describe('minutes', () => {
    const internal = { confidentiality: 'internal' as const, status: 'ended' as const };
    it('lets the secretariat and the chair write, and others only when the chair allows it (never observers)', () => {
      const writes = (subject: Subject, extra = {}) =>
        authorize(subject, 'minutes:write', { ...internal, ...extra });
      expect(writes({ systemRole: 'member', meetingRole: 'secretary' })).toBe(true);
      expect(writes({ systemRole: 'member', meetingRole: 'chair' })).toBe(true);
      expect(writes({ systemRole: 'member', meetingRole: 'delegate' })).toBe(false);
      expect(writes({ systemRole: 'member', meetingRole: 'delegate' }, { minutesOthersMayEdit: true })).toBe(
        true,
      );
      expect(writes({ systemRole: 'member', meetingRole: 'observer' }, { minutesOthersMayEdit: true })).toBe(
        false,
      );
      expect(writes({ systemRole: 'member', meetingRole: null }, { minutesOthersMayEdit: true })).toBe(false);
    });

    it('lets participants read the minutes once locked, and only the chair flip the toggle', () => {
      const delegate: Subject = { systemRole: 'member', meetingRole: 'delegate' };
      expect(authorize(delegate, 'minutes:read', internal)).toBe(false);
      expect(authorize(delegate, 'minutes:read', { ...internal, minutesLocked: true })).toBe(true);
      expect(
        authorize({ systemRole: 'member', meetingRole: null }, 'minutes:read', {
          ...internal,
          minutesLocked: true,
        }),
      ).toBe(false);
      expect(
        authorize({ systemRole: 'member', meetingRole: 'chair' }, 'minutes:allow-others', internal),
      ).toBe(true);
      expect(
        authorize({ systemRole: 'secretary', meetingRole: 'secretary' }, 'minutes:allow-others', internal),
      ).toBe(false);
      expect(authorize({ systemRole: 'member', meetingRole: 'secretary' }, 'minutes:lock', internal)).toBe(
        true,
      );
      expect(authorize(delegate, 'minutes:lock', { ...internal, minutesOthersMayEdit: true })).toBe(false);
    });
  });
});
