import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS_ROOMS_PROCESSING } from '../behaviour/room-calendar-processing.ts';
import type { EventInput } from '../calendar/index.ts';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

// docs/microsoft-graph.md §9.5: Exchange's booking attendant rewrites a room's copy of an invitation.
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z';
let t: TrustedEmulator;
let org: ProvisionedTenant;

const invitation = (subject: string, day: string): EventInput => ({
  subject,
  isOrganizer: false,
  organizer: { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.com' } },
  sensitivity: 'private',
  start: { dateTime: `2030-01-${day}T09:00:00`, timeZone: 'UTC' },
  end: { dateTime: `2030-01-${day}T10:00:00`, timeZone: 'UTC' },
  body: {
    contentType: 'html',
    content: '<p>Join https://teams.microsoft.com/l/meetup-join/19%3ameeting</p>',
  },
  location: { displayName: 'Conf Room Adams' },
  isOnlineMeeting: true,
  onlineMeetingProvider: 'teamsForBusiness',
  onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting' },
});

beforeAll(async () => {
  t = await startTrustedEmulator({
    seed: false,
    now: new Date('2029-12-20T00:00:00Z'),
    behaviour: { roomCalendarProcessing: true },
  });
  org = await provisionTenant(t, 'Contoso', ['Calendars.Read']);
});
afterAll(() => t.stop());

const view = async (mailbox: string): Promise<Array<Record<string, unknown>>> => {
  const res = await t.get(`/v1.0/users/${mailbox}/calendarView?${WINDOW}`, org.token);
  return (res.json as { value: Array<Record<string, unknown>> }).value;
};

describe('room CalendarProcessing (field defaults)', () => {
  it('rewrites an invitation: subject = organizer, empty body, private cleared; the join link survives in onlineMeeting', async () => {
    const created = await t.emu.control.createEvent(org.mailboxes.room, invitation('Board meeting', '07'));
    const [event] = (await view(org.mailboxes.room)).filter((e) => e.id === created.id);
    expect(event).toMatchObject({
      subject: 'Megan Bowen',
      body: { contentType: 'html', content: '' },
      sensitivity: 'normal',
      location: { displayName: 'Conf Room Adams' },
      onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting' },
    });
  });

  it('keeps the subject of an item created in the room calendar directly', async () => {
    const direct = await t.emu.control.createEvent(org.mailboxes.room, {
      ...invitation('Facilities check', '08'),
      isOrganizer: true,
    });
    expect(direct.subject).toBe('Facilities check');
  });

  it('rewrites a later subject change of the invitation too', async () => {
    const created = await t.emu.control.createEvent(org.mailboxes.room, invitation('Offsite', '09'));
    const renamed = await t.emu.control.renameEvent(org.mailboxes.room, created.id, 'Offsite (moved)');
    expect(renamed.subject).toBe('Megan Bowen');
  });

  it('a room set up like Teams Rooms guidance keeps real subjects, bodies and private flags', async () => {
    const room = await t.emu.control.createMailbox({
      tenantId: org.tenantId,
      address: `teamsroom@${org.domain}`,
      displayName: 'Teams Room',
      kind: 'room',
      room: { calendarProcessing: TEAMS_ROOMS_PROCESSING },
    });
    const created = await t.emu.control.createEvent(room.id, invitation('Quarterly review', '10'));
    expect(created).toMatchObject({ subject: 'Quarterly review', sensitivity: 'private' });
  });

  it('the documented switch (roomCalendarProcessing off) leaves rooms without settings untouched', async () => {
    await t.emu.control.setBehaviour({ roomCalendarProcessing: false });
    try {
      const created = await t.emu.control.createEvent(org.mailboxes.room, invitation('Planning', '11'));
      expect(created.subject).toBe('Planning');
    } finally {
      await t.emu.control.setBehaviour({ roomCalendarProcessing: true });
    }
  });
});
